/** Configuration files, environment variables and flags, as a user meets them through the CLI. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinRules } from '../../rules/index.js';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import { configJsonSchema, readConfig } from '../../src/core/config/schema.js';
import { runCli, scratchDir } from '../helpers/cli.js';

/** pip without --no-cache-dir (FDL004, warning) and an unpinned base (FDL011, warning). */
/** Runs as a user (the last line, so the findings' lines stay put): FDL014 has nothing to say. */
const DOCKERFILE = 'FROM python\nRUN pip install fastapi==0.115.0\nCMD ["python", "-m", "http.server"]\nUSER 10001\n';

function ruleIds(cwd: string, args: string[] = [], env: Record<string, string> = {}): string[] {
  const run = runCli(['--format', 'json', ...args], { cwd, env });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { messages: { ruleId: string; severity: string }[] }[]).flatMap((file) =>
    file.messages.map((message) => `${message.ruleId}:${message.severity}`),
  );
}

/** A repository (it has `.git`) holding the given files. */
function project(files: Record<string, string>): string {
  return scratchDir({ '.git/HEAD': '', ...files });
}

describe('configuration', () => {
  it('applies a YAML config', () => {
    const cwd = project({ Dockerfile: DOCKERFILE, '.fastapi-docker-lint.yaml': 'rules:\n  FDL004: error\n  pin-base-image: off\n' });
    expect(ruleIds(cwd, ['Dockerfile'])).toEqual(['FDL004:error']);
    expect(runCli(['Dockerfile'], { cwd }).status).toBe(1);
  });

  it('applies [tool.fastapi-docker-lint] in pyproject.toml', () => {
    const cwd = project({
      Dockerfile: DOCKERFILE,
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.fastapi-docker-lint]\nignore = ["FDL011"]\nfailure-threshold = "warning"\n',
    });
    expect(ruleIds(cwd, ['Dockerfile'])).toEqual(['FDL004:warning']);
    expect(runCli(['Dockerfile'], { cwd }).status).toBe(1);
  });

  it('applies JSON, found from a subdirectory up to the repository root; the nearest wins', () => {
    const cwd = project({
      'services/api/Dockerfile': DOCKERFILE,
      'services/worker/Dockerfile': DOCKERFILE,
      '.fastapi-docker-lint.json': '{"ignore": ["FDL011"]}',
      'services/worker/.fastapi-docker-lint.yml': 'ignore: [FDL004]\n',
    });
    const run = runCli(['--format', 'json', 'services'], { cwd });
    const byFile = Object.fromEntries(
      (JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string }[] }[]).map((file) => [
        file.filePath,
        file.messages.map((message) => message.ruleId),
      ]),
    );
    expect(byFile).toEqual({ 'services/api/Dockerfile': ['FDL004'], 'services/worker/Dockerfile': ['FDL011'] });
  });

  it('ignores a pyproject.toml without our table, and stops at the repository root', () => {
    const outer = scratchDir({ '.fastapi-docker-lint.yaml': 'ignore: [FDL004, FDL011]\n' });
    const cwd = path.join(outer, 'repo');
    mkdirSync(path.join(cwd, '.git'), { recursive: true });
    writeFileSync(path.join(cwd, 'Dockerfile'), DOCKERFILE);
    writeFileSync(path.join(cwd, 'pyproject.toml'), '[tool.ruff]\nline-length = 100\n');
    expect(ruleIds(cwd, ['Dockerfile'])).toEqual(['FDL011:warning', 'FDL004:warning']);
  });

  it('takes -c FILE and --no-config', () => {
    const cwd = project({ Dockerfile: DOCKERFILE, '.fastapi-docker-lint.yaml': 'ignore: [FDL004]\n', 'ci/strict.yaml': 'rules: {FDL011: error}\n' });
    expect(ruleIds(cwd, ['-c', 'ci/strict.yaml', 'Dockerfile'])).toEqual(['FDL011:error', 'FDL004:warning']);
    expect(ruleIds(cwd, ['--no-config', 'Dockerfile'])).toEqual(['FDL011:warning', 'FDL004:warning']);
  });

  it('lets flags win over config: --rule and --ignore', () => {
    const cwd = project({ Dockerfile: DOCKERFILE, '.fastapi-docker-lint.yaml': 'rules:\n  FDL004: error\n' });
    expect(ruleIds(cwd, ['--rule', 'FDL004=off', 'Dockerfile'])).toEqual(['FDL011:warning']);
    expect(ruleIds(cwd, ['--ignore', 'pip-no-cache-dir,FDL011', 'Dockerfile'])).toEqual([]);
    expect(ruleIds(cwd, ['--rule', 'FDL011=info', '--rule', 'FDL004=warning', 'Dockerfile'])).toEqual(['FDL011:info', 'FDL004:warning']);
  });

  it('reads the environment: FASTAPI_DOCKER_LINT_IGNORE, _FAILURE_THRESHOLD and _FORMAT', () => {
    const cwd = project({ Dockerfile: DOCKERFILE });
    expect(ruleIds(cwd, ['Dockerfile'], { FASTAPI_DOCKER_LINT_IGNORE: 'FDL011' })).toEqual(['FDL004:warning']);
    expect(runCli(['Dockerfile'], { cwd, env: { FASTAPI_DOCKER_LINT_FAILURE_THRESHOLD: 'warning' } }).status).toBe(1);
    expect(runCli(['--failure-threshold', 'error', 'Dockerfile'], { cwd, env: { FASTAPI_DOCKER_LINT_FAILURE_THRESHOLD: 'warning' } }).status).toBe(0);
    expect(runCli(['Dockerfile'], { cwd, env: { FASTAPI_DOCKER_LINT_FORMAT: 'compact' } }).stdout).toMatch(/^Dockerfile:1:6: warning: /);
    expect(runCli(['Dockerfile'], { cwd, env: { GITHUB_ACTIONS: 'true' } }).stdout).toMatch(/^::warning file=Dockerfile,line=1/);
  });

  it('resolves the config context against the config file', () => {
    const cwd = project({
      'docker/Dockerfile': 'FROM python:3.13\nCOPY ./missing.txt /x\nCOPY app /app\nUSER 10001\n',
      'app/main.py': '',
      '.fastapi-docker-lint.yaml': 'context: .\n',
    });
    expect(ruleIds(path.join(cwd, 'docker'), ['Dockerfile'])).toEqual(['FDL021:error']);
  });

  it.each([
    [
      '.fastapi-docker-lint.yaml',
      'rules:\n  FDL04: off\n',
      ".fastapi-docker-lint.yaml: rules: unknown rule 'FDL04' (did you mean FDL004?); run --list-rules to see them",
    ],
    [
      '.fastapi-docker-lint.yaml',
      'rules:\n  FDL004: warn\n',
      ".fastapi-docker-lint.yaml: rules.FDL004: 'warn' is not allowed (did you mean 'warning'?); use error, warning, info, off",
    ],
    [
      '.fastapi-docker-lint.yaml',
      'ignores: [FDL004]\n',
      ".fastapi-docker-lint.yaml: unknown key 'ignores' (did you mean 'ignore'?); allowed: rules, ignore, extends, failure-threshold, behind-proxy, deploy-target, context, report-unused-ignores, max-file-size, overrides",
    ],
    ['.fastapi-docker-lint.yaml', 'behind-proxy: yes please\n', ".fastapi-docker-lint.yaml: behind-proxy: expected true or false, got 'yes please'"],
    ['.fastapi-docker-lint.yaml', 'deploy-target: k8s\n', ".fastapi-docker-lint.yaml: deploy-target: 'k8s' is not allowed; use kubernetes, compose, server"],
    ['.fastapi-docker-lint.yaml', 'rules: [\n', '.fastapi-docker-lint.yaml: not valid YAML: '],
    ['.fastapi-docker-lint.json', '{"ignore": [FDL004]}', '.fastapi-docker-lint.json: not valid JSON: '],
    ['pyproject.toml', '[tool.fastapi-docker-lint\nignore = 1\n', 'pyproject.toml: not valid TOML: '],
    [
      'pyproject.toml',
      '[tool.fastapi-docker-lint]\nfailure-threshold = "warnings"\n',
      "pyproject.toml [tool.fastapi-docker-lint]: failure-threshold: 'warnings' is not allowed (did you mean 'warning'?); use error, warning, info, none",
    ],
  ])('exits 2 with one precise line for a bad %s', (name, content, message) => {
    const cwd = project({ Dockerfile: DOCKERFILE, [name]: content });
    const run = runCli(['Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stderr.startsWith(`fastapi-docker-lint: ${message}`)).toBe(true);
  });

  it('loads YAML as data only: custom tags do nothing', () => {
    const cwd = project({ Dockerfile: DOCKERFILE, '.fastapi-docker-lint.yaml': 'ignore: !!js/function "function () { process.exit(9) }"\n' });
    const run = runCli(['Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('ignore: expected a list of rules');
  });

  it('rejects bad flags and environment values with one line', () => {
    const cwd = project({ Dockerfile: DOCKERFILE });
    expect(runCli(['--rule', 'FDL004', 'Dockerfile'], { cwd }).stderr).toBe(
      'fastapi-docker-lint: --rule FDL004: write it as CODE=SEVERITY, e.g. --rule FDL004=off\n',
    );
    expect(runCli(['--ignore', 'FDL04', 'Dockerfile'], { cwd }).stderr).toBe(
      "fastapi-docker-lint: --ignore: unknown rule 'FDL04' (did you mean FDL004?); run --list-rules to see them\n",
    );
    expect(runCli(['Dockerfile'], { cwd, env: { FASTAPI_DOCKER_LINT_FORMAT: 'xml' } }).status).toBe(2);
    expect(runCli(['-c', 'nope.yaml', 'Dockerfile'], { cwd }).stderr).toContain('nope.yaml: no such config file');
  });
});

describe('the config JSON Schema', () => {
  const validate = new Ajv2020.default({ strict: false }).compile(configJsonSchema(builtinRules));
  it('accepts what the loader accepts', () => {
    const config = {
      rules: { FDL004: 'off', 'pin-base-image': 'error' },
      ignore: ['FDL011'],
      'failure-threshold': 'warning',
      'behind-proxy': true,
      'deploy-target': 'kubernetes',
      context: '..',
      'report-unused-ignores': true,
      'max-file-size': 1000,
    };
    expect(() => readConfig(config, builtinRules)).not.toThrow();
    expect(validate(config)).toBe(true);
  });
  it.each([{ rules: { FDL04: 'off' } }, { ignores: [] }, { 'failure-threshold': 'warnings' }, { 'behind-proxy': 'yes' }])(
    'rejects what the loader rejects: %j',
    (config) => {
      expect(() => readConfig(config, builtinRules)).toThrow();
      expect(validate(config)).toBe(false);
    },
  );
});
