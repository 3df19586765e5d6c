/** `--statistics` and the quiet line of a clean run (issue 24.6). */
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

/** FDL004 twice (fixable), FDL001 once (fixable), FDL014 once. */
const MIXED = 'FROM python:3.13\nRUN pip install fastapi\nRUN pip install uvicorn\nCMD fastapi run app/main.py\n';
const SECOND = 'FROM python:3.13\nRUN pip install httpx\nUSER 10001\nCMD ["fastapi", "run", "app/main.py"]\n';
const CLEAN = 'FROM python:3.13\nUSER 10001\nCMD ["fastapi", "run", "app/main.py"]\n';

describe('--statistics', () => {
  const files = { '.git/HEAD': '', 'a/Dockerfile': MIXED, 'b/Dockerfile': SECOND };
  const args = ['--statistics', '--no-context', '--today', '2026-12-05', 'a/Dockerfile', 'b/Dockerfile'];

  it('prints a count per rule instead of the findings, most first, then by code; [*] where --fix can fix them', async () => {
    const run = await runInProcess(args, { cwd: scratchDir(files) });
    expect(run.stdout).toBe(['3  FDL004  [*] pip-no-cache-dir', '1  FDL001  [*] cmd-exec-form', '1  FDL014      non-root-user', ''].join('\n'));
    // The exit code is the lint's: FDL001 is an error.
    expect(run.status).toBe(1);
  });

  it('as JSON with --format json', async () => {
    const run = await runInProcess(['--format', 'json', ...args], { cwd: scratchDir(files) });
    expect(JSON.parse(run.stdout)).toEqual([
      { code: 'FDL004', name: 'pip-no-cache-dir', count: 3, fixable: true },
      { code: 'FDL001', name: 'cmd-exec-form', count: 1, fixable: true },
      { code: 'FDL014', name: 'non-root-user', count: 1, fixable: false },
    ]);
  });

  it('counts what the report shows: --quiet counts the errors', async () => {
    expect((await runInProcess(['--quiet', ...args], { cwd: scratchDir(files) })).stdout).toBe('1  FDL001  [*] cmd-exec-form\n');
  });

  it('prints nothing for a clean run (and [] as JSON), and refuses a format that is neither text nor JSON', async () => {
    const cwd = scratchDir({ Dockerfile: CLEAN });
    expect(await runInProcess(['--statistics', '--no-context', 'Dockerfile'], { cwd, tty: true })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect((await runInProcess(['--statistics', '--format', 'json', '--no-context', 'Dockerfile'], { cwd })).stdout).toBe('[]\n');
    expect(await runInProcess(['--statistics', '--format', 'sarif', 'Dockerfile'], { cwd })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'fastapi-docker-lint: --statistics prints text (stylish, compact) or json, not --format sarif\n',
    });
    // Under GitHub Actions the format is chosen for the user: statistics are text.
    expect(
      (await runInProcess(['--statistics', '--no-context', 'Dockerfile'], { cwd: scratchDir({ Dockerfile: MIXED }), env: { GITHUB_ACTIONS: 'true' } })).stdout,
    ).toContain('FDL001  [*] cmd-exec-form');
  });
});

describe('a clean run in stylish format', () => {
  it('says "No problems in N Dockerfiles." on a terminal, in the singular for one', async () => {
    const cwd = scratchDir({ 'a/Dockerfile': CLEAN, 'b/Dockerfile': CLEAN });
    expect(await runInProcess(['--no-context', 'a/Dockerfile', 'b/Dockerfile'], { cwd, tty: true })).toEqual({
      status: 0,
      stdout: 'No problems in 2 Dockerfiles.\n',
      stderr: '',
    });
    expect((await runInProcess(['--no-context', 'a/Dockerfile'], { cwd, tty: true })).stdout).toBe('No problems in 1 Dockerfile.\n');
  });

  it('stays silent into a pipe, in other formats, and when --quiet hid findings', async () => {
    const cwd = scratchDir({ Dockerfile: CLEAN, 'warn/Dockerfile': SECOND });
    expect((await runInProcess(['--no-context', 'Dockerfile'], { cwd })).stdout).toBe('');
    expect((await runInProcess(['--no-context', '--format', 'compact', 'Dockerfile'], { cwd, tty: true })).stdout).toBe('');
    expect((await runInProcess(['--no-context', '--quiet', 'warn/Dockerfile'], { cwd, tty: true })).stdout).toBe('');
  });
});
