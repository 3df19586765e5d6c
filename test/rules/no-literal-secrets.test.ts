import { noLiteralSecrets } from '../../rules/no-literal-secrets.js';
import { lint } from '../../src/core/lint.js';
import { expect, it } from 'vitest';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\n';

ruleTester(noLiteralSecrets, {
  valid: [
    { name: 'empty', code: `${FROM}ENV SECRET_KEY=""` },
    { name: 'from a variable', code: `${FROM}ARG DB_PASSWORD\nENV DB_PASSWORD=\${DB_PASSWORD}` },
    { name: 'ARG without a default', code: `${FROM}ARG GITHUB_TOKEN` },
    { name: 'changeme', code: `${FROM}ENV SECRET_KEY=changeme` },
    { name: 'change-me in a dev stage', code: `FROM python:3.13 AS dev\nENV SECRET_KEY=change-me-in-production\nFROM python:3.13-slim` },
    { name: 'xxx', code: `${FROM}ENV OPENAI_API_KEY=xxxxxxxx` },
    { name: 'angle brackets', code: `${FROM}ENV STRIPE_API_KEY=<your key>` },
    { name: 'your-...', code: `${FROM}ENV JWT_SECRET=your-secret-here` },
    { name: 'example', code: `${FROM}ENV AWS_SECRET_ACCESS_KEY=example` },
    { name: 'dummy', code: `${FROM}ARG API_TOKEN=dummy` },
    { name: 'a path to a secret file', code: `${FROM}ENV DB_PASSWORD=/run/secrets/db_password` },
    { name: 'not a secret name', code: `${FROM}ENV ACCESS_TOKEN_EXPIRE_MINUTES=30 TOKEN_URL=/token API_KEY_HEADER=X-API-Key` },
    { name: 'URL without credentials', code: `${FROM}ENV DATABASE_URL=postgresql://db:5432/app` },
    { name: 'URL with a user only', code: `${FROM}ENV DATABASE_URL=postgresql://app@db:5432/app` },
    { name: 'URL built from variables', code: `${FROM}ARG DB_PASS\nENV DATABASE_URL=postgresql://app:\${DB_PASS}@db/app` },
    { name: 'URL with a placeholder password', code: `${FROM}ENV DATABASE_URL=postgresql://user:password@localhost/db` },
    { name: 'a boolean flag', code: `${FROM}ENV USE_TOKEN=true` },
  ],
  invalid: [
    { name: 'SECRET_KEY', code: `${FROM}ENV SECRET_KEY=9f2c4e7a1b8d3f60`, errors: [{ line: 2, column: 5, endColumn: 15, message: '`SECRET_KEY` is set to a literal secret' }] },
    { name: 'legacy ENV syntax', code: `${FROM}ENV SECRET_KEY 9f2c4e7a1b8d3f60`, errors: [{ line: 2, column: 5 }] },
    { name: 'ARG default', code: `${FROM}ARG GITHUB_TOKEN=ghp_abcdefghijklmnop1234`, errors: [{ line: 2, column: 5, endColumn: 17 }] },
    { name: 'global ARG', code: `ARG PYPI_TOKEN=pypi-AgEIcHlwaS5vcmc\n${FROM}`, errors: [{ line: 1 }] },
    { name: 'quoted', code: `${FROM}ENV OPENAI_API_KEY="sk-proj-abc123def456"`, errors: [{ line: 2 }] },
    { name: 'several on one line', code: `${FROM}ENV APP_ENV=prod DB_PASSWORD=s3cr3t-Pa55 REDIS_PASSWORD=hunter22`, errors: [{ line: 2, column: 18 }, { line: 2, column: 42 }] },
    { name: 'a builder stage is in the Dockerfile, and in git', code: `FROM python:3.13 AS build\nARG PIP_TOKEN=glpat-1234567890abcdef\nFROM python:3.13-slim`, errors: [{ line: 2 }] },
    {
      name: 'DATABASE_URL with a password',
      code: `${FROM}ENV DATABASE_URL=postgresql://app:Tr0ub4dor@db:5432/app`,
      errors: [{ line: 2, column: 5, endColumn: 17, message: '`DATABASE_URL` holds a password in its URL' }],
    },
    { name: 'a DSN', code: `${FROM}ENV SENTRY_DSN=https://public:9a8b7c6d@sentry.example.com/1`, errors: [{ line: 2 }] },
    { name: 'an index URL', code: `${FROM}ARG PIP_EXTRA_INDEX_URL=https://__token__:glpat-xyz123@gitlab.com/api/v4/simple`, errors: [{ line: 2 }] },
  ],
});

it('never puts the value in the message', () => {
  const findings = lint(`${FROM}ENV SECRET_KEY=9f2c4e7a1b8d3f60 DATABASE_URL=postgresql://app:Tr0ub4dor@db/app`).filter((finding) => finding.ruleId === 'FDL017');
  expect(findings).toHaveLength(2);
  for (const finding of findings) {
    expect(finding.message).not.toContain('9f2c4e7a1b8d3f60');
    expect(finding.message).not.toContain('Tr0ub4dor');
  }
});
