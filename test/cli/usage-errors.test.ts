/** Usage errors that help (issue 24.3): one line, exit 2, a suggestion where one is near. */
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

const DOCKERFILE = 'FROM python:3.13\nCMD fastapi run app/main.py\n';

describe('flags with a closed set of values', () => {
  it.each([
    [
      ['--failure-threshold', 'warn'],
      "fastapi-docker-lint: --failure-threshold warn: 'warn' is not allowed; did you mean 'warning'? use error, warning, info, none\n",
    ],
    [['--format', 'jsn'], "fastapi-docker-lint: --format jsn: 'jsn' is not allowed; did you mean 'json'?"],
    [['--deploy-target', 'k8s'], "fastapi-docker-lint: --deploy-target k8s: 'k8s' is not allowed; use kubernetes, compose, server\n"],
  ])('%j is a usage error that suggests the value meant', async (args, expected) => {
    const cwd = scratchDir({ Dockerfile: DOCKERFILE });
    const run = await runInProcess([...args, 'Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr.startsWith(expected.trimEnd())).toBe(true);
  });

  it('a right value is taken as before', async () => {
    const cwd = scratchDir({ Dockerfile: DOCKERFILE });
    const run = await runInProcess(['--failure-threshold', 'none', '--format', 'json', 'Dockerfile'], { cwd });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expect.any(Array));
  });
});

describe('--print-config', () => {
  it('a file that is not there is a usage error (exit 2), not a config printed for it', async () => {
    const cwd = scratchDir({ Dockerfile: DOCKERFILE });
    const run = await runInProcess(['--print-config', 'nothere/Dockerfile'], { cwd });
    expect(run).toEqual({ status: 2, stdout: '', stderr: 'fastapi-docker-lint: --print-config nothere/Dockerfile: no such file; name a Dockerfile\n' });
  });

  it('a directory is a usage error too', async () => {
    const cwd = scratchDir({ 'services/api/Dockerfile': DOCKERFILE });
    const run = await runInProcess(['--print-config', 'services/api'], { cwd });
    expect(run).toEqual({ status: 2, stdout: '', stderr: 'fastapi-docker-lint: --print-config services/api: not a file; name a Dockerfile\n' });
  });
});
