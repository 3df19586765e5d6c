/** Which files a run lints, and the flags that shape its exit: --max-warnings, -o, --explain. */
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../helpers/cli.js';

// Both run as a user, on the last line: the findings are about the lines above.
const WARNS = 'FROM python:3.13\nRUN pip install fastapi==0.115.0\nCMD ["python", "-m", "http.server"]\nUSER 10001\n';
const CLEAN = 'FROM python:3.13\nCMD ["python", "-m", "http.server"]\nUSER 10001\n';

function linted(cwd: string, args: string[]): string[] {
  const run = runCli(['--format', 'json', ...args], { cwd });
  return (JSON.parse(run.stdout) as { filePath: string }[]).map((result) => result.filePath);
}

describe('discovery', () => {
  const files = {
    Dockerfile: CLEAN,
    'Dockerfile.dev': CLEAN,
    'api.Dockerfile': CLEAN,
    'services/worker/worker.dockerfile': CLEAN,
    'services/web/Containerfile': CLEAN,
    'services/web/Dockerfile.dockerignore': '.env\n',
    'node_modules/pkg/Dockerfile': CLEAN,
    '.venv/lib/Dockerfile': CLEAN,
    'build/Dockerfile': CLEAN,
    '.gitignore': 'build/\n*.generated.Dockerfile\n',
    'x.generated.Dockerfile': CLEAN,
    'README.md': '# not a Dockerfile\n',
  };

  it('lints every Dockerfile below the working directory when no path is given, as `.` does', () => {
    const expected = ['Dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'services/web/Containerfile', 'services/worker/worker.dockerfile'];
    expect(linted(scratchDir(files), [])).toEqual(expected);
    expect(linted(scratchDir(files), ['.'])).toEqual(expected);
  });

  it('finds names in any case and with `-` or `_`, and leaves out notes and templates of that shape', () => {
    const cwd = scratchDir({
      dockerfile: CLEAN,
      'nginx/DOCKERFILE': CLEAN,
      'Dockerfile-consumer': CLEAN,
      Dockerfile_worker: CLEAN,
      'docs/dockerfile.md': '# notes\n',
      'Dockerfile.j2': 'FROM {{ image }}\n',
      'deploy/Dockerfile.template': 'FROM ${BASE}\n',
    });
    expect(linted(cwd, [])).toEqual(['Dockerfile-consumer', 'Dockerfile_worker', 'dockerfile', 'nginx/DOCKERFILE']);
  });

  it('lints what a Compose file names as build.dockerfile, whatever it is called', () => {
    const cwd = scratchDir({
      'docker-compose.dev.yml':
        'services:\n  auth:\n    build:\n      context: auth\n      dockerfile: AuthDockerfile\n  queue:\n    build: {context: ., dockerfile: backend/queue.dockerfile.prod}\n  gone:\n    build: {context: ., dockerfile: missing/Dockerfile.x}\n',
      'auth/AuthDockerfile': CLEAN,
      'backend/queue.dockerfile.prod': CLEAN,
      'backend/notes.txt': '',
    });
    expect(linted(cwd, [])).toEqual(['auth/AuthDockerfile', 'backend/queue.dockerfile.prod']);
  });

  it('skips a virtual environment whatever its name, by its pyvenv.cfg', () => {
    const cwd = scratchDir({ 'api/Dockerfile': CLEAN, 'env311/pyvenv.cfg': 'home = /usr/bin\n', 'env311/lib/pkg/Dockerfile': CLEAN });
    expect(linted(cwd, [])).toEqual(['api/Dockerfile']);
  });

  it("honours a parent's .gitignore when run from a repository's subfolder", () => {
    const root = scratchDir({ '.gitignore': 'generated/\n', 'svc/Dockerfile': CLEAN, 'svc/generated/Dockerfile': CLEAN });
    mkdirSync(path.join(root, '.git'));
    expect(linted(path.join(root, 'svc'), [])).toEqual(['Dockerfile']);
  });

  it('walks directories, skipping .git, node_modules, virtualenvs and what .gitignore ignores', () => {
    expect(linted(scratchDir(files), ['.'])).toEqual([
      'Dockerfile',
      'Dockerfile.dev',
      'api.Dockerfile',
      'services/web/Containerfile',
      'services/worker/worker.dockerfile',
    ]);
  });

  it('expands globs, keeping only Dockerfiles', () => {
    expect(linted(scratchDir(files), ['services/**/*'])).toEqual(['services/web/Containerfile', 'services/worker/worker.dockerfile']);
  });

  it('lints a file given by name whatever it is called', () => {
    expect(linted(scratchDir({ 'odd-name.txt': CLEAN }), ['odd-name.txt'])).toEqual(['odd-name.txt']);
  });

  it('survives a symlink loop', () => {
    const root = scratchDir({ 'a/Dockerfile': CLEAN });
    symlinkSync(path.join(root, 'a'), path.join(root, 'a/loop'));
    const run = runCli(['--format', 'json', '.'], { cwd: root });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).map((result: { filePath: string }) => result.filePath)).toEqual(['a/Dockerfile']);
  });

  it('says so in one line when nothing matches', () => {
    const empty = scratchDir({ 'README.md': '' });
    expect(runCli([], { cwd: empty })).toMatchObject({
      status: 2,
      stderr:
        'fastapi-docker-lint: no Dockerfile here: looked for `Dockerfile`, `Dockerfile.*`, `Dockerfile-*`, `Dockerfile_*`, `*.Dockerfile` and `Containerfile` in any case, and the files Compose files name; pass a Dockerfile, a directory or a glob (see --help)\n',
    });
    expect(runCli(['*.Dockerfile'], { cwd: empty })).toMatchObject({
      status: 2,
      stderr: 'fastapi-docker-lint: *.Dockerfile: no Dockerfile matches this pattern\n',
    });
  });
});

describe('exit behaviour and reports', () => {
  it('--max-warnings fails on more warnings than allowed', () => {
    const cwd = scratchDir({ Dockerfile: WARNS });
    expect(runCli(['Dockerfile'], { cwd }).status).toBe(0);
    expect(runCli(['--max-warnings', '1', 'Dockerfile'], { cwd }).status).toBe(0);
    const over = runCli(['--max-warnings', '0', 'Dockerfile'], { cwd });
    expect(over.status).toBe(1);
    expect(over.stderr).toBe('fastapi-docker-lint: 1 warning, more than --max-warnings 0\n');
    expect(runCli(['--max-warnings', 'many', 'Dockerfile'], { cwd }).status).toBe(2);
  });

  it('-o writes the report to a file', () => {
    const cwd = scratchDir({ Dockerfile: WARNS });
    const run = runCli(['--format', 'sarif', '-o', 'report.sarif', 'Dockerfile'], { cwd });
    expect(run).toMatchObject({ status: 0, stdout: '' });
    expect(JSON.parse(readFileSync(path.join(cwd, 'report.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
    expect(runCli(['-o', 'missing-dir/report.txt', 'Dockerfile'], { cwd })).toMatchObject({ status: 2 });
  });

  it('--report-unused-ignores reports an ignore comment that silences nothing', () => {
    const cwd = scratchDir({ Dockerfile: `# fastapi-docker-lint ignore=FDL001\n${CLEAN}` });
    expect(runCli(['--format', 'compact', '--report-unused-ignores', 'Dockerfile'], { cwd }).stdout).toMatch(
      /^Dockerfile:1:30: warning: .*silences `FDL001`.* \[FDL090\]\n$/,
    );
  });

  it("--explain prints a rule's documentation, and exits 2 for an unknown rule", () => {
    const run = runCli(['--explain', 'pip-no-cache-dir']);
    expect(run.status).toBe(0);
    for (const heading of [
      '# FDL004 pip-no-cache-dir',
      '## What it does',
      '## Why is this bad?',
      '## Example',
      '## Use instead',
      '## Fix safety',
      '## References',
    ]) {
      expect(run.stdout).toContain(heading);
    }
    expect(run.stdout).not.toContain('<!--');
    expect(runCli(['--explain', 'FDL04'])).toMatchObject({
      status: 2,
      stderr: "fastapi-docker-lint: unknown rule 'FDL04' (did you mean FDL004?); run --list-rules to see them\n",
    });
  });
});
