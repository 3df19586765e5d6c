/**
 * Per-path settings (issue 24.6): `overrides` entries with globs relative to the config file, as
 * ESLint's overrides and ruff's per-file-ignores, for monorepos whose services differ.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { configJsonSchema, ConfigError, readConfig } from '../../src/core/config/schema.js';
import { scratchDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

const DEV = 'FROM python:3.9\nWORKDIR /code\nCOPY . .\nCMD ["uvicorn", "main:app", "--reload", "--host", "0.0.0.0"]\n';
const CONFIG = [
  'overrides:',
  '  - files: ["services/dev/**"]',
  '    rules: { no-dev-server: off }',
  '  - files: ["legacy/Dockerfile"]',
  '    ignore: [python-eol]',
  '  - files: ["Dockerfile.dev"]',
  '    rules: { FDL007: info }',
  '',
].join('\n');

/** `file: code` for each finding of a json report. */
async function codes(cwd: string, args: string[]): Promise<string[]> {
  const run = await runInProcess(['--format', 'json', '--today', '2026-12-05', '--no-context', ...args], { cwd });
  const report = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; severity: string }[] }[];
  return report.flatMap((file) =>
    file.messages
      .filter((finding) => finding.ruleId === 'FDL007' || finding.ruleId === 'FDL010')
      .map((finding) => `${file.filePath}: ${finding.ruleId} ${finding.severity}`),
  );
}

describe('overrides', () => {
  const files = {
    '.git/HEAD': '',
    '.fastapi-docker-lint.yaml': CONFIG,
    'services/dev/Dockerfile': DEV,
    'services/api/Dockerfile': DEV,
    'legacy/Dockerfile': DEV,
    'tools/Dockerfile.dev': DEV,
  };

  it('a dev/ Dockerfile may use --reload, a legacy service may keep an EOL Python, a pattern without / matches the file name anywhere', async () => {
    const cwd = scratchDir(files);
    expect(await codes(cwd, ['services/dev/Dockerfile', 'services/api/Dockerfile', 'legacy/Dockerfile', 'tools/Dockerfile.dev'])).toEqual([
      'services/dev/Dockerfile: FDL010 warning',
      'services/api/Dockerfile: FDL010 warning',
      'services/api/Dockerfile: FDL007 error',
      'legacy/Dockerfile: FDL007 error',
      'tools/Dockerfile.dev: FDL010 warning',
      'tools/Dockerfile.dev: FDL007 info',
    ]);
  });

  it('globs are relative to the config file that holds them', async () => {
    const cwd = scratchDir({
      '.git/HEAD': '',
      'services/.fastapi-docker-lint.yaml': 'overrides:\n  - files: ["dev/**"]\n    ignore: [FDL007]\n',
      'services/dev/Dockerfile': DEV,
      'dev/Dockerfile': DEV,
    });
    expect(await codes(cwd, ['services/dev/Dockerfile'])).toEqual(['services/dev/Dockerfile: FDL010 warning']);
  });

  it('later entries win, and an entry turns on again a rule the file ignores', async () => {
    const config =
      'ignore: [FDL007]\noverrides:\n  - files: ["**/Dockerfile"]\n    rules: { FDL007: warning }\n  - files: ["b/**"]\n    rules: { FDL007: info }\n';
    const cwd = scratchDir({ '.git/HEAD': '', '.fastapi-docker-lint.yaml': config, 'a/Dockerfile': DEV, 'b/Dockerfile': DEV, 'c/Dockerfile.x': DEV });
    expect((await codes(cwd, ['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile.x'])).filter((line) => line.includes('FDL007'))).toEqual([
      'a/Dockerfile: FDL007 warning',
      'b/Dockerfile: FDL007 info',
    ]);
  });

  it("an entry's failure-threshold decides the exit code for its files", async () => {
    const config = 'overrides:\n  - files: ["dev/**"]\n    failure-threshold: none\n';
    const cwd = scratchDir({ '.git/HEAD': '', '.fastapi-docker-lint.yaml': config, 'dev/Dockerfile': DEV, 'api/Dockerfile': DEV });
    expect((await runInProcess(['--no-context', 'dev/Dockerfile'], { cwd })).status).toBe(0);
    expect((await runInProcess(['--no-context', 'api/Dockerfile'], { cwd })).status).toBe(1);
  });

  it('--print-config shows the options after the entries that match', async () => {
    const cwd = scratchDir(files);
    const printed = JSON.parse((await runInProcess(['--print-config', 'services/dev/Dockerfile'], { cwd })).stdout);
    expect(printed.options.rules).toEqual({ FDL007: 'off' });
    expect(printed.config.overrides).toHaveLength(3);
  });

  it.each([
    [{ overrides: {} }, 'overrides: expected a list of { files, ... } entries, got {}'],
    [{ overrides: [{ rules: {} }] }, 'overrides[0].files: expected a list of globs (relative to this file), got undefined'],
    [
      { overrides: [{ files: ['a/**'], context: '.' }] },
      "overrides[0].'context' cannot be set in an overrides entry; allowed: files, rules, ignore, extends, failure-threshold, behind-proxy, deploy-target, report-unused-ignores",
    ],
    [
      { overrides: [{ files: ['a/**'], rulez: {} }] },
      "overrides[0].unknown key 'rulez' (did you mean 'rules'?); allowed: files, rules, ignore, extends, failure-threshold, behind-proxy, deploy-target, report-unused-ignores",
    ],
    [
      { overrides: [{ files: ['a/**'], rules: { FDL007: 'warn' } }] },
      "overrides[0].rules.FDL007: 'warn' is not allowed (did you mean 'warning'?); use error, warning, info, off",
    ],
  ])('a wrong entry is one line naming where: %j', (config, message) => {
    expect(() => readConfig(config, builtinRules)).toThrow(new ConfigError(message));
  });

  it('the JSON Schema accepts what the loader accepts, and rejects what it rejects', () => {
    const validate = new Ajv2020({ strict: false }).compile(configJsonSchema(builtinRules));
    const good = { overrides: [{ files: ['services/dev/**'], rules: { 'no-dev-server': 'off' }, ignore: ['FDL010'], 'failure-threshold': 'none' }] };
    expect(() => readConfig(good, builtinRules)).not.toThrow();
    expect(validate(good)).toBe(true);
    for (const bad of [{ overrides: [{ rules: {} }] }, { overrides: [{ files: ['a'], context: '.' }] }, { overrides: [{ files: [] }] }]) {
      expect(() => readConfig(bad, builtinRules)).toThrow(ConfigError);
      expect(validate(bad)).toBe(false);
    }
  });
});
