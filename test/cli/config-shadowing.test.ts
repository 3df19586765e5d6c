/**
 * A config that shadows another (issue 24.1): the nearest config file wins, as in ruff; in one
 * directory the first of .yaml, .yml, .json, pyproject.toml wins, settings are never merged, and
 * the run says once, on stderr, which file was ignored for which. --print-config names every
 * config file the search came upon.
 */
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

const DOCKERFILE = 'FROM python:3.13\nWORKDIR /code\nRUN pip install fastapi\nCMD ["fastapi", "run", "app/main.py"]\n';
const PYPROJECT_IGNORING_FDL004 = '[project]\nname = "app"\n\n[tool.fastapi-docker-lint]\nignore = ["FDL004"]\n';
const NOTE =
  'fastapi-docker-lint: pyproject.toml: [tool.fastapi-docker-lint] is ignored: .fastapi-docker-lint.yaml beside it is the config used (in one directory the first of .fastapi-docker-lint.yaml, .fastapi-docker-lint.yml, .fastapi-docker-lint.json, pyproject.toml wins, and settings are not merged)\n';

describe('two config files in one directory', () => {
  it('the .yaml wins, the pyproject table is not merged, and stderr says so once for the run', async () => {
    const cwd = scratchDir({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.fastapi-docker-lint.yaml': 'rules:\n  FDL014: off\n',
      'pyproject.toml': PYPROJECT_IGNORING_FDL004,
      Dockerfile: DOCKERFILE,
      'Dockerfile.worker': DOCKERFILE,
    });
    const run = await runInProcess(['--format', 'json', 'Dockerfile', 'Dockerfile.worker'], { cwd });
    const findings = (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((file) => file.messages);
    // The pyproject's `ignore = ["FDL004"]` has no effect; the .yaml's `FDL014: off` has.
    expect(findings.filter((finding) => finding.ruleId === 'FDL004')).toHaveLength(2);
    expect(findings.filter((finding) => finding.ruleId === 'FDL014')).toEqual([]);
    expect(run.stderr).toBe(NOTE);
  });

  it('a result from --cache says it too', async () => {
    const cwd = scratchDir({ '.git/HEAD': '', '.fastapi-docker-lint.yaml': '{}\n', 'pyproject.toml': PYPROJECT_IGNORING_FDL004, Dockerfile: DOCKERFILE });
    const cacheDir = scratchDir();
    const env = { XDG_CACHE_HOME: cacheDir, HOME: cacheDir };
    const first = await runInProcess(['--cache', 'Dockerfile'], { cwd, env });
    const second = await runInProcess(['--cache', 'Dockerfile'], { cwd, env });
    expect(first.stderr).toBe(`${NOTE}fastapi-docker-lint: cache: 0 from the cache, 1 linted\n`);
    expect(second.stderr).toBe(`${NOTE}fastapi-docker-lint: cache: 1 from the cache, 0 linted\n`);
  });

  it('a pyproject.toml without our table shadows nothing, and nothing is said', async () => {
    const cwd = scratchDir({
      '.git/HEAD': '',
      '.fastapi-docker-lint.yaml': 'rules:\n  FDL014: off\n',
      'pyproject.toml': '[project]\nname = "app"\n',
      Dockerfile: DOCKERFILE,
    });
    const run = await runInProcess(['--format', 'json', 'Dockerfile'], { cwd });
    expect(run.stderr).toBe('');
  });

  it('--print-config names the config used, the one it shadows, a pyproject.toml on the way without our table, and a farther one', async () => {
    const cwd = scratchDir({
      '.git/HEAD': '',
      '.fastapi-docker-lint.json': '{}\n',
      'services/.fastapi-docker-lint.yaml': 'rules:\n  FDL014: off\n',
      'services/pyproject.toml': PYPROJECT_IGNORING_FDL004,
      'services/api/pyproject.toml': '[project]\nname = "api"\n',
      'services/api/Dockerfile': DOCKERFILE,
    });
    const run = await runInProcess(['--print-config', 'services/api/Dockerfile'], { cwd });
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed.configFile).toBe('services/.fastapi-docker-lint.yaml');
    expect(printed.configFiles).toEqual([
      { file: 'services/api/pyproject.toml', skipped: 'no [tool.fastapi-docker-lint] table' },
      { file: 'services/.fastapi-docker-lint.yaml', used: true },
      { file: 'services/pyproject.toml', skipped: 'shadowed by services/.fastapi-docker-lint.yaml beside it' },
      { file: '.fastapi-docker-lint.json', skipped: 'a nearer config file wins: services/.fastapi-docker-lint.yaml' },
    ]);
    expect(printed.notes).toEqual([
      NOTE.replace('fastapi-docker-lint: pyproject.toml', 'services/pyproject.toml')
        .replace('.fastapi-docker-lint.yaml beside', 'services/.fastapi-docker-lint.yaml beside')
        .trimEnd(),
    ]);
  });

  it('--print-config with -c names that file alone, and with --no-config none', async () => {
    const cwd = scratchDir({ '.git/HEAD': '', 'lint.yaml': 'ignore: [FDL004]\n', '.fastapi-docker-lint.yaml': '{}\n', Dockerfile: DOCKERFILE });
    expect(JSON.parse((await runInProcess(['--print-config', 'Dockerfile', '-c', 'lint.yaml'], { cwd })).stdout).configFiles).toEqual([
      { file: 'lint.yaml', used: true },
    ]);
    expect(JSON.parse((await runInProcess(['--print-config', 'Dockerfile', '--no-config'], { cwd })).stdout).configFiles).toEqual([]);
  });
});
