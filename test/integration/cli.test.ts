import { chmodSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { runCli, scratchDir } from '../helpers/cli.js';

const makeDirectory = (directory: string) => mkdirSync(directory, { recursive: true });

/** A scratch copy of the guide's project around a Dockerfile: its requirements and its app. */
function guideProject(files: Record<string, string>): string {
  const cwd = scratchDir({ 'requirements.txt': 'fastapi[standard]>=0.113.0,<0.114.0\n', ...files });
  makeDirectory(path.join(cwd, 'app'));
  writeFileSync(path.join(cwd, 'app/main.py'), '');
  return cwd;
}

const GUIDE = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/guide/guide.Dockerfile'), 'utf8');
/** The guide's Dockerfile on a supported Python, running as a user (after CMD, which keeps its line), which lints clean. */
const CURRENT = `${GUIDE.replace('python:3.9', 'python:3.13')}USER 10001\n`;
const SHELL_FORM = CURRENT.replace('CMD ["fastapi", "run", "app/main.py", "--port", "80"]', 'CMD fastapi run app/main.py --port 80');

describe('the command line', () => {
  it("exits 0 for the guide's Dockerfile, whose findings are its end-of-life Python and, as info, that it runs as root", () => {
    const cwd = guideProject({ Dockerfile: GUIDE });
    const run = runCli(['--format', 'json', '--today', '2026-11-26', 'Dockerfile'], { cwd });
    expect(run.status).toBe(0);
    const messages = JSON.parse(run.stdout)[0].messages as { ruleId: string; severity: string }[];
    expect(messages.map((message) => `${message.ruleId} ${message.severity}`)).toEqual(['FDL010 warning', 'FDL014 info']);
  });

  it('prints nothing for a clean Dockerfile', () => {
    const cwd = guideProject({ Dockerfile: CURRENT });
    expect(runCli(['Dockerfile'], { cwd })).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  it('lints ./Dockerfile when no path is given', () => {
    const cwd = guideProject({ Dockerfile: SHELL_FORM });
    const run = runCli([], { cwd });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('FDL001');
  });

  it('exits 1 naming FDL001 for a shell-form CMD, and --fix restores the exec form', () => {
    const cwd = guideProject({ Dockerfile: SHELL_FORM });
    const run = runCli(['Dockerfile'], { cwd });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^Dockerfile$/m);
    expect(run.stdout).toMatch(/14:5 +error +CMD in shell form.*FDL001 cmd-exec-form/);
    expect(run.stdout).toContain('1 problem (1 error, 0 warnings, 0 info)');
    expect(run.stdout).toContain('can be fixed with the `--fix` option');

    const fixed = runCli(['--fix', 'Dockerfile'], { cwd });
    expect(fixed).toMatchObject({ status: 0, stdout: '' });
    expect(readFileSync(path.join(cwd, 'Dockerfile'), 'utf8')).toBe(CURRENT);
  });

  it('keeps the file mode when fixing and writes nothing when there is nothing to fix', () => {
    const cwd = guideProject({ Dockerfile: SHELL_FORM, 'Clean.Dockerfile': CURRENT });
    chmodSync(path.join(cwd, 'Dockerfile'), 0o640);
    runCli(['--fix', 'Dockerfile'], { cwd });
    expect(statSync(path.join(cwd, 'Dockerfile')).mode & 0o777).toBe(0o640);
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(path.join(cwd, 'Clean.Dockerfile'), past, past);
    runCli(['--fix', 'Clean.Dockerfile'], { cwd });
    expect(Math.round(statSync(path.join(cwd, 'Clean.Dockerfile')).mtimeMs)).toBe(past.getTime());
  });

  it('prints the JSON shape', () => {
    const cwd = guideProject({ Dockerfile: SHELL_FORM });
    const run = runCli(['--format', 'json', 'Dockerfile'], { cwd });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        filePath: 'Dockerfile',
        messages: [
          {
            ruleId: 'FDL001',
            ruleName: 'cmd-exec-form',
            severity: 'error',
            message: expect.stringContaining('CMD in shell form'),
            line: 14,
            column: 5,
            endLine: 14,
            endColumn: 38,
            fixable: true,
          },
        ],
        errorCount: 1,
        warningCount: 0,
        infoCount: 0,
      },
    ]);
  });

  it('reads standard input with -, named by --stdin-filename', () => {
    const run = runCli(['--format', 'json', '--stdin-filename', 'services/api/Dockerfile', '-'], { input: SHELL_FORM });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)[0].filePath).toBe('services/api/Dockerfile');
  });

  it('prints the fixed text for --fix on standard input, and the report on stderr', () => {
    const run = runCli(['--fix', '-'], { input: SHELL_FORM.replace('--no-cache-dir ', '') });
    expect(run.stdout).toBe(CURRENT);
    expect(run.status).toBe(0);
  });

  it('exits 2 with one line for a missing file, and still lints the others', () => {
    const cwd = guideProject({ Dockerfile: SHELL_FORM });
    const run = runCli(['missing.Dockerfile', 'Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('fastapi-docker-lint: missing.Dockerfile: no such file\n');
    expect(run.stdout).toContain('FDL001');
  });

  it('exits 2 with one line for a directory', () => {
    const cwd = scratchDir();
    const run = runCli(['.'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 with one line for an unknown option or format', () => {
    const unknown = runCli(['--frmat', 'json']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^fastapi-docker-lint: unknown option '--frmat'.*\n$/);
    const format = runCli(['--format', 'xml', 'Dockerfile']);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("'xml'");
  });

  it('exits 2 for a bad --today', () => {
    const cwd = guideProject({ Dockerfile: GUIDE });
    const run = runCli(['--today', '2026-13-01'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("fastapi-docker-lint: '2026-13-01' is not a date (use YYYY-MM-DD)\n");
  });

  it('lists every rule', () => {
    const run = runCli(['--list-rules']);
    expect(run.status).toBe(0);
    for (const rule of rules) expect(run.stdout).toMatch(new RegExp(`^${rule.code}\\s+${rule.name}\\s+${rule.severity}`, 'm'));
    // A level that follows the deploy target is marked and spelt out under the table.
    expect(run.stdout).toMatch(/^FDL014\s+non-root-user\s+info\*\s/m);
    expect(run.stdout).toContain('\n* FDL014: info (warning with a deploy target, error on kubernetes)\n');
  });

  it('prints its version and help', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(runCli(['--version']).stdout.trim()).toBe(pkg.version);
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--behind-proxy');
  });

  it('colours only on request or a terminal, and never with NO_COLOR', () => {
    const cwd = guideProject({ Dockerfile: SHELL_FORM });
    expect(runCli(['Dockerfile'], { cwd }).stdout).not.toContain('\u001b[');
    expect(runCli(['Dockerfile'], { cwd, env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(runCli(['Dockerfile'], { cwd, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(runCli(['--no-color', 'Dockerfile'], { cwd, env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('fails on warnings with --failure-threshold warning, never with none', () => {
    const cwd = guideProject({ Dockerfile: CURRENT.replace('--no-cache-dir ', '') });
    expect(runCli(['Dockerfile'], { cwd }).status).toBe(0);
    expect(runCli(['--failure-threshold', 'warning', 'Dockerfile'], { cwd }).status).toBe(1);
    writeFileSync(path.join(cwd, 'Dockerfile'), SHELL_FORM);
    expect(runCli(['--failure-threshold', 'none', 'Dockerfile'], { cwd }).status).toBe(0);
  });

  it('takes --behind-proxy', () => {
    const cwd = guideProject({ Dockerfile: CURRENT });
    const run = runCli(['--behind-proxy', 'Dockerfile'], { cwd });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('FDL005');
  });

  describe('with the build context', () => {
    const files = {
      Dockerfile: CURRENT.replace('./app /code/app', './app /code/app'),
      'requirements.txt': 'fastapi>=0.100\n',
    };

    it('reads requirements through the context it finds', () => {
      const cwd = scratchDir({ ...files });
      const app = path.join(cwd, 'app');
      makeDirectory(app);
      writeFileSync(path.join(app, 'main.py'), '');
      const run = runCli(['--format', 'json', 'Dockerfile'], { cwd });
      const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
      expect(results.map((result) => [result.filePath, result.messages.map((message) => `${message.ruleId}@${message.line}`)])).toEqual([
        ['Dockerfile', ['FDL020@14']],
        ['requirements.txt', ['FDL024@1']],
      ]);
      expect(run.status).toBe(1);
      const compact = runCli(['--no-context', '--format', 'json', 'Dockerfile'], { cwd });
      expect(JSON.parse(compact.stdout)[0].messages).toEqual([]);
    });

    it('takes --context for a Dockerfile kept elsewhere, and for standard input', () => {
      const cwd = scratchDir({ 'requirements.txt': 'fastapi[standard]>=0.115,<0.116\n' });
      makeDirectory(path.join(cwd, 'app'));
      writeFileSync(path.join(cwd, 'app/main.py'), '');
      makeDirectory(path.join(cwd, 'docker'));
      writeFileSync(path.join(cwd, 'docker/Dockerfile'), CURRENT);
      expect(JSON.parse(runCli(['--format', 'json', 'docker/Dockerfile'], { cwd }).stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual([
        'FDL025',
      ]);
      expect(runCli(['--context', '.', 'docker/Dockerfile'], { cwd })).toMatchObject({ status: 0, stdout: '' });
      const stdin = runCli(['--context', '.', '--format', 'json', '-'], { cwd, input: CURRENT.replace('app/main.py', 'main.py') });
      expect(JSON.parse(stdin.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['FDL023']);
      const noContext = runCli(['--format', 'json', '-'], { cwd, input: CURRENT.replace('app/main.py', 'main.py') });
      expect(JSON.parse(noContext.stdout)[0].messages).toEqual([]);
    });
  });
});
