/**
 * The Node-free pre-commit hook (`fastapi-docker-lint-python`, `language: python`), run by the real
 * pre-commit with no `node` on PATH: pre-commit installs this repository as a Python package
 * (pyproject.toml, whose in-tree backend needs nothing downloaded), which requires the wheel of the
 * same version; pip finds it in dist/python instead of PyPI (PIP_FIND_LINKS, PIP_NO_INDEX), so
 * nothing is downloaded. As test/pre-commit.test.ts does for the Node hook: a bad Dockerfile fails
 * naming FDL001, every file name is read as a path, and a good Dockerfile passes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';
import { ensureWheel, envWithoutNode, ROOT } from './artifacts.js';

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

describeHook('pre-commit hook without Node.js (language: python)', () => {
  const home = scratchDir();
  let env: NodeJS.ProcessEnv = {};
  beforeAll(() => {
    const wheel = ensureWheel();
    env = { ...envWithoutNode(), PRE_COMMIT_HOME: home, PIP_NO_INDEX: '1', PIP_FIND_LINKS: path.dirname(wheel), PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  }, 900_000);

  const tryRepo = (repo: string) =>
    spawnSync('pre-commit', ['try-repo', ROOT, 'fastapi-docker-lint-python', '--all-files'], { cwd: repo, encoding: 'utf8', env, timeout: 300_000 });
  const app = { 'requirements.txt': 'fastapi[standard]>=0.113.0,<0.114.0\n', 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' };
  const good =
    'FROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]\n';

  it('fails on a bad Dockerfile and shows FDL001, reading every file name as a path', () => {
    const shellForm = 'FROM python:3.13\nCMD fastapi run main.py\n';
    const repo = gitRepository({
      ...app,
      'services/api/Dockerfile': good.replace('CMD ["fastapi", "run", "app/main.py", "--port", "80"]', 'CMD fastapi run app/main.py'),
      'x.Dockerfile': good,
      '--output-file=x.Dockerfile': shellForm,
      'foo.Dockerfile': 'rules: {FDL001: off}\n',
      '-cfoo.Dockerfile': shellForm,
    });
    const run = tryRepo(repo);
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('- hook id: fastapi-docker-lint-python');
    expect(run.stdout).toContain('Failed');
    expect(run.stdout.match(/FDL001 cmd-exec-form/g)).toHaveLength(3);
    expect(readFileSync(path.join(repo, 'x.Dockerfile'), 'utf8')).toBe(good);
  }, 300_000);

  it('passes on a good Dockerfile', () => {
    const repo = gitRepository({ ...app, Dockerfile: good, 'Dockerfile.dockerignore': '.env\n' });
    const run = tryRepo(repo);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/fastapi-docker-lint\.+Passed/);
  }, 300_000);
});
