import { builtinRules } from '../../rules/index.js';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import { PRESETS } from '../../src/core/config/presets.js';
import { configJsonSchema, ConfigError, readConfig } from '../../src/core/config/schema.js';
import { findRule } from '../../rules/index.js';
import { runCli, scratchDir } from '../helpers/cli.js';

const DOCKERFILE = 'FROM python:latest\nWORKDIR /code\nRUN pip install fastapi\nUSER 10001\nCMD fastapi run main.py --port 8000\n';

function ruleIds(cwd: string): string[] {
  const run = runCli(['--format', 'json', 'Dockerfile'], { cwd });
  return (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((file) => file.messages.map((message) => message.ruleId));
}

describe('config presets', () => {
  it('name only existing rules', () => {
    for (const preset of Object.values(PRESETS)) {
      for (const code of Object.keys(preset.rules)) expect(findRule(code)?.code, code).toBe(code);
    }
  });

  it('extends: with-hadolint turns off the rules hadolint duplicates', () => {
    expect(readConfig({ extends: 'with-hadolint' }, builtinRules).rules).toEqual({ FDL001: 'off', FDL004: 'off', FDL011: 'off' });
    expect(readConfig({ extends: ['with-hadolint'] }, builtinRules).rules).toEqual({ FDL001: 'off', FDL004: 'off', FDL011: 'off' });
  });

  it("lets the config's own rules win over the preset", () => {
    expect(readConfig({ rules: { 'cmd-exec-form': 'error' }, extends: 'with-hadolint' }, builtinRules).rules).toEqual({
      FDL001: 'error',
      FDL004: 'off',
      FDL011: 'off',
    });
  });

  it('rejects an unknown preset with one line and a suggestion', () => {
    expect(() => readConfig({ extends: 'with-hadolnt' }, builtinRules)).toThrow(ConfigError);
    expect(() => readConfig({ extends: 'with-hadolnt' }, builtinRules)).toThrow(
      "extends: 'with-hadolnt' is not allowed (did you mean 'with-hadolint'?); use with-hadolint",
    );
    expect(() => readConfig({ extends: ['with-hadolint', 7] }, builtinRules)).toThrow('extends[1]: 7 is not allowed');
    expect(() => readConfig({ extends: { a: 1 } }, builtinRules)).toThrow('extends: expected a preset name or a list of them');
  });

  it('is in the JSON Schema', () => {
    const validate = new Ajv2020.default({ strict: false }).compile(configJsonSchema(builtinRules));
    expect(validate({ extends: 'with-hadolint' })).toBe(true);
    expect(validate({ extends: ['with-hadolint'] })).toBe(true);
    expect(validate({ extends: 'with-trivy' })).toBe(false);
  });

  it('applies from a config file on the command line', () => {
    const plain = scratchDir({ Dockerfile: DOCKERFILE });
    expect(ruleIds(plain)).toEqual(expect.arrayContaining(['FDL001', 'FDL004', 'FDL011']));
    const withPreset = scratchDir({ Dockerfile: DOCKERFILE, '.fastapi-docker-lint.yaml': 'extends: with-hadolint\nrules:\n  FDL004: warning\n' });
    const found = ruleIds(withPreset);
    expect(found).not.toContain('FDL001');
    expect(found).not.toContain('FDL011');
    expect(found).toContain('FDL004');
  });
});
