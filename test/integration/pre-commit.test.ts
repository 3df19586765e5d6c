/**
 * The pre-commit hook, run by the real pre-commit (Debian's package; `.ci/run` installs it):
 * `pre-commit try-repo <this repo> fastapi-docker-lint --all-files` in a scratch git repository
 * fails on a bad Dockerfile, naming FDL001, and passes on a good one. The hook installs from
 * this repository as pre-commit does it: `npm install`, `npm pack` (which builds: `prepack`), global install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
// On a developer machine without pre-commit the test says why it is skipped; CI always runs it.
const describeHook = hasPreCommit || process.env.CI ? describe : describe.skip;

function gitRepository(files: Record<string, string>): string {
  const repo = scratchDir(files);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: repo });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'fixture');
  return repo;
}

function tryRepo(repo: string, home: string) {
  return spawnSync('pre-commit', ['try-repo', ROOT, 'fastapi-docker-lint', '--all-files'], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1', FORCE_COLOR: undefined },
    timeout: 300_000,
  });
}

describeHook('pre-commit hook (pre-commit try-repo)', () => {
  const home = scratchDir();
  const app = { 'requirements.txt': 'fastapi[standard]>=0.113.0,<0.114.0\n', 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' };
  const good =
    'FROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]\n';

  it('fails on a bad Dockerfile and shows FDL001, reading every file name as a path', () => {
    // Without `--` before the file names, the last two are options: the first empties
    // x.Dockerfile (the report goes there), the second loads foo.Dockerfile as a config that turns
    // FDL001 off. (One repository for both cases: each try-repo installs the hook afresh.)
    const shellForm = 'FROM python:3.13\nCMD fastapi run main.py\n';
    const repo = gitRepository({
      ...app,
      'services/api/Dockerfile': good.replace('CMD ["fastapi", "run", "app/main.py", "--port", "80"]', 'CMD fastapi run app/main.py'),
      'README.md': '# x\n',
      'x.Dockerfile': good,
      '--output-file=x.Dockerfile': shellForm,
      '-cfoo.Dockerfile': shellForm,
      'foo.Dockerfile': 'rules: {FDL001: off}\n',
    });
    const run = tryRepo(repo, home);
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('fastapi-docker-lint');
    expect(run.stdout).toContain('Failed');
    expect(run.stdout).toContain('FDL001 cmd-exec-form');
    expect(readFileSync(path.join(repo, 'x.Dockerfile'), 'utf8')).toBe(good);
    expect(run.stdout).toContain('--output-file=x.Dockerfile');
    expect(run.stdout).toContain('-cfoo.Dockerfile');
    expect(run.stdout.match(/FDL001 cmd-exec-form/g)).toHaveLength(3);
  }, 300_000);

  it('passes on a good Dockerfile', () => {
    const repo = gitRepository({ ...app, Dockerfile: good, 'Dockerfile.dockerignore': '.env\n' });
    const run = tryRepo(repo, home);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/fastapi-docker-lint\.+Passed/);
  }, 300_000);
});
