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
    { name: 'a placeholder in an ARG does not reach the app', code: `${FROM}ARG SECRET_KEY=changeme` },
    { name: 'a placeholder for a token of another service only fails to log in', code: `${FROM}ENV GITHUB_TOKEN=changeme` },
    { name: "the shell's PWD is the working directory", code: `${FROM}ENV PWD=/app` },
    { name: 'a password file', code: `${FROM}ENV DB_PASSWORD_FILE=/run/secrets/db` },
    { name: 'a credentials file', code: `${FROM}ENV GOOGLE_APPLICATION_CREDENTIALS=service-account.json AWS_CREDENTIALS=./aws.ini` },
    { name: 'an auth mode', code: `${FROM}ENV HTTP_AUTH=basic API_AUTH=jwt ENABLE_AUTH=true DISABLE_AUTH=yes` },
    { name: 'a switch', code: `${FROM}ENV REQUIRE_PASSWORD=false USE_PASS=on` },
    { name: 'BYPASS is no pass', code: `${FROM}ENV CACHE_BYPASS=x7Yt9qPzLm2` },
    { name: 'an ARG with no default flows into ENV', code: `${FROM}ARG HASH_KEY\nENV SECRET_KEY=\${HASH_KEY}` },
    { name: 'an ARG given at build time, with a default from a variable', code: `${FROM}ARG HASH_KEY=\${SEED}\nENV SECRET_KEY=\${HASH_KEY}` },
    { name: 'the same secret is reported once, where it is written', code: `${FROM}ARG OTHER=1\nENV SECRET_KEY=\${UNSET:-}` },
    {
      name: 'an ARG of another stage does not flow here',
      code: `FROM python:3.13 AS a\nARG HASH_KEY=9f2c4e7a1b8d3f60\nFROM python:3.13-slim\nENV SECRET_KEY=\${HASH_KEY}`,
    },
    { name: 'change-me in a dev stage', code: `FROM python:3.13 AS dev\nENV SECRET_KEY=change-me-in-production\nFROM python:3.13-slim` },
    { name: 'xxx', code: `${FROM}ENV OPENAI_API_KEY=xxxxxxxx` },
    { name: 'angle brackets', code: `${FROM}ENV STRIPE_API_KEY=<your key>` },
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
    {
      name: 'changeme in SECRET_KEY: the app signs with it unless the deployment sets it',
      code: `${FROM}ENV SECRET_KEY=changeme`,
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 15,
          messageId: 'placeholder',
          message: '`SECRET_KEY` is a placeholder that the app uses as its secret unless the deployment sets another. Set it at run time only.',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'your-... in JWT_SECRET',
      code: `${FROM}ENV JWT_SECRET=your-secret-here`,
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'placeholder',
          message: '`JWT_SECRET` is a placeholder that the app uses as its secret unless the deployment sets another. Set it at run time only.',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'a placeholder password',
      code: `${FROM}ENV ADMIN_PASSWORD=changeme DB_PWD=password`,
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'placeholder',
          message: '`ADMIN_PASSWORD` is a placeholder that the app uses as its password unless the deployment sets another. Set it at run time only.',
          severity: 'warning',
        },
        { line: 2, column: 29, messageId: 'placeholder', severity: 'warning' },
      ],
    },
    {
      name: 'a placeholder default of a variable',
      code: `${FROM}ENV SECRET_KEY=\${SECRET_KEY:-insecure-dev-key}`,
      errors: [{ line: 2, column: 5, messageId: 'placeholder', severity: 'warning' }],
    },
    {
      name: 'a placeholder from an ARG default',
      code: `${FROM}ARG KEY=changeme\nENV SECRET_KEY=$KEY`,
      errors: [{ line: 3, column: 5, messageId: 'placeholder', severity: 'warning' }],
    },
    {
      name: 'a placeholder in a base stage the image builds on',
      code: 'FROM python:3.13 AS base\nENV SECRET_KEY=changeme\nFROM base\nCMD ["fastapi", "run"]',
      errors: [{ line: 2, column: 5, messageId: 'placeholder', severity: 'warning' }],
    },
    {
      name: 'an ARG default flows into a secret ENV',
      code: `${FROM}ARG HASH_KEY=9f2c4e7a1b8d3f60\nENV SECRET_KEY=\${HASH_KEY}`,
      errors: [
        {
          line: 3,
          column: 5,
          endColumn: 15,
          messageId: 'secretFromDefault',
          message: '`SECRET_KEY` gets the literal value of `HASH_KEY` (line 2), which stays in the image and its history. Pass it at run time instead.',
        },
      ],
    },
    {
      name: 'a global ARG default, brought into the stage',
      code: `ARG HASH_KEY=9f2c4e7a1b8d3f60\n${FROM}ARG HASH_KEY\nENV SECRET_KEY=$HASH_KEY`,
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'secretFromDefault',
          message: '`SECRET_KEY` gets the literal value of `HASH_KEY` (line 1), which stays in the image and its history. Pass it at run time instead.',
        },
      ],
    },
    {
      name: 'an ENV of the base stage',
      code: 'FROM python:3.13 AS base\nENV SEED=9f2c4e7a1b8d3f60\nFROM base\nENV APP_SECRET=prefix-$SEED',
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'secretFromDefault',
          message: '`APP_SECRET` gets the literal value of `SEED` (line 2), which stays in the image and its history. Pass it at run time instead.',
        },
      ],
    },
    {
      name: 'a secret ARG copied into ENV: reported once, at the ARG',
      code: `${FROM}ARG SECRET_KEY=9f2c4e7a1b8d3f60\nENV SECRET_KEY=\${SECRET_KEY}`,
      errors: [{ line: 2, column: 5, messageId: 'secret' }],
    },
    {
      name: 'a literal default written in the ENV itself',
      code: `${FROM}ENV SECRET_KEY=\${SECRET_KEY:-9f2c4e7a1b8d3f60}`,
      errors: [{ line: 2, column: 5, messageId: 'secret' }],
    },
    { name: 'PASSWD', code: `${FROM}ARG PASSWD=hunter2hunter2`, errors: [{ line: 2, column: 5, messageId: 'secret' }] },
    {
      name: 'PASS and *_PASS',
      code: `${FROM}ENV PASS=Tr0ub4dor DB_PASS=Tr0ub4dor`,
      errors: [
        { line: 2, column: 5, messageId: 'secret' },
        { line: 2, column: 20, messageId: 'secret' },
      ],
    },
    { name: '*_PWD', code: `${FROM}ENV MYSQL_PWD=Tr0ub4dor`, errors: [{ line: 2, column: 5, messageId: 'secret' }] },
    { name: '*_PASSPHRASE', code: `${FROM}ENV GPG_PASSPHRASE=correct-horse-battery`, errors: [{ line: 2, column: 5, messageId: 'secret' }] },
    { name: '*_CREDENTIALS', code: `${FROM}ENV GCP_CREDENTIALS='{"private_key": "abc"}'`, errors: [{ line: 2, column: 5, messageId: 'secret' }] },
    { name: '*_AUTH', code: `${FROM}ENV REGISTRY_AUTH=admin:hunter2`, errors: [{ line: 2, column: 5, messageId: 'secret' }] },
    {
      name: 'SECRET_KEY',
      code: `${FROM}ENV SECRET_KEY=9f2c4e7a1b8d3f60`,
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 15,
          messageId: 'secret',
          message:
            '`SECRET_KEY` is set to a literal secret, which stays in the image and its history. Pass it at run time, or use `RUN --mount=type=secret` to build with it.',
        },
      ],
    },
    { name: 'legacy ENV syntax', code: `${FROM}ENV SECRET_KEY 9f2c4e7a1b8d3f60`, errors: [{ line: 2, column: 5, messageId: 'secret' }] },
    { name: 'ARG default', code: `${FROM}ARG GITHUB_TOKEN=ghp_abcdefghijklmnop1234`, errors: [{ line: 2, column: 5, endColumn: 17, messageId: 'secret' }] },
    { name: 'global ARG', code: `ARG PYPI_TOKEN=pypi-AgEIcHlwaS5vcmc\n${FROM}`, errors: [{ line: 1, column: 5, messageId: 'secret' }] },
    { name: 'quoted', code: `${FROM}ENV OPENAI_API_KEY="sk-proj-abc123def456"`, errors: [{ line: 2, column: 5, messageId: 'secret' }] },
    {
      name: 'several on one line',
      code: `${FROM}ENV APP_ENV=prod DB_PASSWORD=s3cr3t-Pa55 REDIS_PASSWORD=hunter22`,
      errors: [
        { line: 2, column: 18, messageId: 'secret' },
        { line: 2, column: 42, messageId: 'secret' },
      ],
    },
    {
      name: 'a builder stage is in the Dockerfile, and in git',
      code: `FROM python:3.13 AS build\nARG PIP_TOKEN=glpat-1234567890abcdef\nFROM python:3.13-slim`,
      errors: [{ line: 2, column: 5, messageId: 'secret' }],
    },
    {
      name: 'DATABASE_URL with a password',
      code: `${FROM}ENV DATABASE_URL=postgresql://app:Tr0ub4dor@db:5432/app`,
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 17,
          messageId: 'credentials',
          message:
            '`DATABASE_URL` holds a password in its URL, which stays in the image and its history. Pass the URL at run time, or use `RUN --mount=type=secret`.',
        },
      ],
    },
    { name: 'a DSN', code: `${FROM}ENV SENTRY_DSN=https://public:9a8b7c6d@sentry.example.com/1`, errors: [{ line: 2, column: 5, messageId: 'credentials' }] },
    {
      name: 'an index URL',
      code: `${FROM}ARG PIP_EXTRA_INDEX_URL=https://__token__:glpat-xyz123@gitlab.com/api/v4/simple`,
      errors: [{ line: 2, column: 5, messageId: 'credentials' }],
    },
  ],
});

it('never puts the value in the message', () => {
  const findings = lint(`${FROM}ENV SECRET_KEY=9f2c4e7a1b8d3f60 DATABASE_URL=postgresql://app:Tr0ub4dor@db/app`).filter(
    (finding) => finding.ruleId === 'FDL017',
  );
  expect(findings).toHaveLength(2);
  for (const finding of findings) {
    expect(finding.message).not.toContain('9f2c4e7a1b8d3f60');
    expect(finding.message).not.toContain('Tr0ub4dor');
  }
});
