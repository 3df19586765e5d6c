/**
 * The command line's finish: --quiet, --print-config, --init, --color, --max-warnings -1,
 * usage errors that are one line, suggestions, counts in words, and --help's defaults.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../helpers/cli.js';
import { loadConfigFile } from '../../src/node/config-load.js';
import { builtinRules } from '../../rules/index.js';

/** FDL001 (error) on line 2, FDL004 (warning) on line 3. */
const MIXED = 'FROM python:3.13\nCMD fastapi run main.py\nRUN pip install "fastapi[standard]==0.115.0"\n';
/** One warning (FDL004), no error. */
const ONE_WARNING = 'FROM python:3.13\nRUN pip install "fastapi[standard]==0.115.0"\nCMD ["fastapi", "run", "main.py"]\nUSER 10001\n';

describe('--quiet', () => {
  it('reports errors only; warnings still decide the exit code', () => {
    const cwd = scratchDir({ Dockerfile: MIXED });
    const loud = runCli(['Dockerfile'], { cwd });
    expect(loud.stdout).toContain('FDL004');
    const quiet = runCli(['--quiet', 'Dockerfile'], { cwd });
    expect(quiet.status).toBe(1);
    expect(quiet.stdout).toContain('FDL001');
    expect(quiet.stdout).not.toContain('FDL004');
    expect(quiet.stdout).toContain('1 problem (1 error, 0 warnings, 0 info)');
    // Only a warning: nothing printed, and the threshold still counts it.
    const warnOnly = scratchDir({ Dockerfile: ONE_WARNING });
    expect(runCli(['-q', '--failure-threshold', 'warning', 'Dockerfile'], { cwd: warnOnly })).toMatchObject({ status: 1, stdout: '' });
    expect(runCli(['-q', '--format', 'json', 'Dockerfile'], { cwd: warnOnly }).stdout).not.toContain('FDL004');
  });
});

describe('--print-config', () => {
  it('prints the merged config, the options and the build context as JSON, and exits 0', () => {
    const cwd = scratchDir({
      // A repository: Compose files are looked for up to its root.
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.fastapi-docker-lint.yaml': 'rules:\n  FDL004: error\nfailure-threshold: warning\n',
      'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: services/api/Dockerfile\n',
      'services/api/Dockerfile': MIXED,
    });
    const run = runCli(['--print-config', 'services/api/Dockerfile', '--rule', 'FDL001=off', '--behind-proxy'], { cwd });
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({
      file: 'services/api/Dockerfile',
      configFile: '.fastapi-docker-lint.yaml',
      config: { rules: { FDL004: 'error' }, failureThreshold: 'warning' },
      options: { rules: { FDL004: 'error', FDL001: 'off' }, behindProxy: true, failureThreshold: 'warning' },
      // The Compose file's context: the working directory.
      buildContext: { root: '.', origin: 'compose', compose: { file: 'compose.yaml', service: 'api' } },
    });
    // No config, --no-context: both null.
    const bare = scratchDir({ Dockerfile: MIXED });
    expect(JSON.parse(runCli(['--print-config', 'Dockerfile', '--no-context'], { cwd: bare }).stdout)).toMatchObject({
      configFile: null,
      buildContext: null,
      options: { failureThreshold: 'error' },
    });
  });

  it('exits 2 with one line on a broken config', () => {
    const cwd = scratchDir({ '.fastapi-docker-lint.yaml': 'rules:\n  FDL004: warn\n', Dockerfile: MIXED });
    const run = runCli(['--print-config', 'Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--init', () => {
  it('writes a starter config that our loader accepts and that changes nothing, and refuses to overwrite it', () => {
    const cwd = scratchDir({ Dockerfile: MIXED });
    const run = runCli(['--init'], { cwd });
    expect(run.status, run.stderr).toBe(0);
    const file = path.join(cwd, '.fastapi-docker-lint.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# /);
    expect(loadConfigFile(file, (name) => name, builtinRules).config).toEqual({ rules: {}, ignore: [], failureThreshold: 'error' });
    // Linting with it reports what linting without it does.
    expect(runCli(['Dockerfile'], { cwd }).stdout).toBe(runCli(['--no-config', 'Dockerfile'], { cwd }).stdout);

    writeFileSync(file, 'ignore: [FDL004]\n');
    const again = runCli(['--init'], { cwd });
    expect(again.status).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('.fastapi-docker-lint.yaml already exists');
    expect(readFileSync(file, 'utf8')).toBe('ignore: [FDL004]\n');
  });
});

describe('--color and --no-color', () => {
  it('--color forces colour into a pipe; --no-color wins over FORCE_COLOR', () => {
    const cwd = scratchDir({ Dockerfile: MIXED });
    expect(runCli(['Dockerfile'], { cwd }).stdout).not.toContain('\u001b[');
    expect(runCli(['--color', 'Dockerfile'], { cwd }).stdout).toContain('\u001b[');
    expect(runCli(['--color', 'Dockerfile'], { cwd, env: { NO_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(runCli(['--no-color', 'Dockerfile'], { cwd, env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(runCli(['Dockerfile'], { cwd, env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
  });
});

describe('--max-warnings', () => {
  it('-1 means no limit; a count of one is "1 warning"', () => {
    const cwd = scratchDir({ Dockerfile: ONE_WARNING });
    expect(runCli(['--max-warnings', '-1', 'Dockerfile'], { cwd }).status).toBe(0);
    const over = runCli(['--max-warnings', '0', 'Dockerfile'], { cwd });
    expect(over.status).toBe(1);
    expect(over.stderr).toContain('fastapi-docker-lint: 1 warning, more than --max-warnings 0');
    const bad = runCli(['--max-warnings', '-2', 'Dockerfile'], { cwd });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('-1 for no limit');
  });

  it('stylish counts in the singular and plural', () => {
    const cwd = scratchDir({ Dockerfile: ONE_WARNING });
    expect(runCli(['Dockerfile'], { cwd }).stdout).toContain('✖ 1 problem (0 errors, 1 warning, 0 info)');
  });
});

describe('usage errors', () => {
  it('--fix with --fix-dry-run is one line and exit 2, and touches nothing', () => {
    const cwd = scratchDir({ Dockerfile: MIXED });
    const run = runCli(['--fix', '--fix-dry-run', 'Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--fix and --fix-dry-run cannot be used together');
    expect(readFileSync(path.join(cwd, 'Dockerfile'), 'utf8')).toBe(MIXED);
  });

  it("--rule FDL001=warn suggests 'warning'", () => {
    const run = runCli(['--rule', 'FDL001=warn', '-'], { input: MIXED });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("did you mean 'warning'?");
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(runCli(['--rule', 'FDL001=xyzzy', '-'], { input: MIXED }).stderr).not.toContain('did you mean');
  });
});

describe('--help', () => {
  it('states each default once, and never an empty list', () => {
    const help = runCli(['--help']).stdout.replace(/\s+/g, ' ');
    expect(help).not.toContain('(default: [])');
    // Every "(default: …)" belongs to a different option or argument.
    const entries = help.split(/ (?=-{1,2}[a-z]|paths )/);
    for (const entry of entries) expect(entry.match(/\(default/g)?.length ?? 0, entry).toBeLessThanOrEqual(1);
    expect(help).toContain('--quiet');
    expect(help).toContain('--print-config <file>');
    expect(help).toContain('sonarqube');
    expect(help).toContain('codeclimate');
  });
});
