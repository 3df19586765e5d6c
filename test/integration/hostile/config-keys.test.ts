/**
 * Config keys named after Object's builtins (`constructor`, `toString`, `__proto__`,
 * `hasOwnProperty`) are unknown keys like any other, with the usual one-line error, in every
 * config format; as rule names they are unknown rules.
 */
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../../helpers/cli.js';

const BUILTINS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

function lintWith(configName: string, configText: string) {
  return runCli(['--no-context', 'Dockerfile'], { cwd: scratchDir({ Dockerfile: 'FROM python:3.13\n', [configName]: configText }) });
}

describe('config keys named after Object builtins', () => {
  for (const key of BUILTINS) {
    it(`'${key}' at the top level is an unknown key (JSON and YAML)`, () => {
      for (const [name, text] of [
        ['.fastapi-docker-lint.json', `{ ${JSON.stringify(key)}: "error" }`],
        ['.fastapi-docker-lint.yaml', `${key}: error\n`],
      ]) {
        const run = lintWith(name, text);
        expect(run.status, run.stderr).toBe(2);
        expect(run.stderr.startsWith(`fastapi-docker-lint: ${name}: unknown key '${key}'`), run.stderr).toBe(true);
        expect(run.stderr).toMatch(
          /; allowed: rules, ignore, extends, failure-threshold, behind-proxy, deploy-target, context, report-unused-ignores, max-file-size, overrides\n$/,
        );
        expect(run.stderr).not.toContain('internal error');
      }
    });

    it(`'${key}' as a rule name is an unknown rule`, () => {
      const run = lintWith('.fastapi-docker-lint.json', JSON.stringify({ rules: JSON.parse(`{ ${JSON.stringify(key)}: "off" }`), ignore: [] }));
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^fastapi-docker-lint: \\.fastapi-docker-lint\\.json: rules: .*${key.replace(/\$/g, '\\$')}.*\\n$`));
      expect(run.stderr).not.toContain('internal error');
    });
  }

  it("'constructor' in pyproject.toml is an unknown key", () => {
    const run = lintWith('pyproject.toml', '[tool.fastapi-docker-lint]\nconstructor = "x"\n');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^fastapi-docker-lint: pyproject\.toml \[tool\.fastapi-docker-lint\]: unknown key 'constructor'/);
  });

  it('--rule and --ignore with a builtin name are usage errors', () => {
    for (const args of [
      ['--rule', 'constructor=off'],
      ['--ignore', 'toString'],
      ['--explain', '__proto__'],
    ]) {
      const run = runCli([...args, 'Dockerfile'], { cwd: scratchDir({ Dockerfile: 'FROM python:3.13\n' }) });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).not.toContain('internal error');
    }
  });
});
