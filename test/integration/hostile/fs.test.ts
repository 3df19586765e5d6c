/**
 * A hostile repository, read safely: nothing outside the repository or the build context is
 * read (symbolic links, Compose and config contexts), no file can make a run hang or fill the
 * memory (FIFOs, /dev/zero, endless stdin), and context files that are too large, UTF-16 or
 * carry patterns Docker rejects get a one-line note, never an internal error. Each case runs the
 * built CLI in a process with a timeout.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, scratchDir, type CliRun } from '../../helpers/cli.js';

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; message: string }[];
}

function report(run: CliRun): JsonFile[] {
  return JSON.parse(run.stdout) as JsonFile[];
}

function ruleIds(run: CliRun): string[] {
  return report(run).flatMap((file) => file.messages.map((message) => message.ruleId));
}

/** A repository (it has `.git`) with the given files, beside a directory outside it. */
function repositoryAndOutside(files: Record<string, string>, outsideFiles: Record<string, string> = {}): { repo: string; outside: string } {
  const parent = scratchDir();
  const repo = path.join(parent, 'repo');
  const outside = path.join(parent, 'outside');
  mkdirSync(path.join(repo, '.git'), { recursive: true });
  mkdirSync(outside);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    writeFileSync(path.join(repo, name), content);
  }
  for (const [name, content] of Object.entries(outsideFiles)) writeFileSync(path.join(outside, name), content);
  return { repo, outside };
}

function expectNoStackTrace(run: CliRun): void {
  expect(run.status).not.toBeNull(); // null: killed by the timeout, i.e. it hung
  expect(run.stderr).not.toMatch(/^\s+at |internal error/m);
}

/** The guide's app, running as a user (FDL014 has nothing to say: these tests are about the files read). */
const APP =
  'FROM python:3.13\nWORKDIR /code\nCOPY requirements.txt /code/\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py"]\nUSER 10001\n';
const UNPINNED = 'fastapi[standard]>=0.100\n';

describe('nothing outside the build context or the repository is read', () => {
  it('a symlinked folder in the context is not followed out of it, at any depth', () => {
    const { repo, outside } = repositoryAndOutside(
      {
        Dockerfile:
          'FROM python:3.13\nWORKDIR /code\nCOPY lnk/requirements.txt /code/\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app/nested/x/requirements.txt /code/r2.txt\nCOPY app /code/app\nUSER 10001\n',
        'app/main.py': '',
      },
      { 'requirements.txt': UNPINNED },
    );
    symlinkSync(outside, path.join(repo, 'lnk'));
    mkdirSync(path.join(repo, 'app/nested'), { recursive: true });
    symlinkSync(outside, path.join(repo, 'app/nested/x'));
    const run = runCli(['--format', 'json', 'Dockerfile'], { cwd: repo });
    expectNoStackTrace(run);
    expect(run.stdout).not.toContain(outside);
    expect(report(run).map((file) => file.filePath)).toEqual(['Dockerfile']);
    expect(report(run)[0].messages.map((message) => [message.ruleId, message.message.includes('symbolic link')])).toEqual([
      ['FDL021', true],
      ['FDL021', true],
    ]);
  });

  it('a symlinked folder that stays inside the context is followed', () => {
    const { repo } = repositoryAndOutside({ Dockerfile: APP, 'real/requirements.txt': UNPINNED, 'app/main.py': '' });
    symlinkSync(path.join(repo, 'real/requirements.txt'), path.join(repo, 'requirements.txt'));
    expect(ruleIds(runCli(['--format', 'json', 'Dockerfile'], { cwd: repo }))).toEqual(['FDL024']);
  });

  it.each([
    ['a relative path', '../outside', '../repo/Dockerfile'],
    ['a symlinked directory', './ctx-link', '../Dockerfile'],
  ])('a Compose build.context outside the repository (%s) is not read, and that is said once', (_name, context, dockerfile) => {
    const { repo, outside } = repositoryAndOutside({ Dockerfile: APP }, { 'requirements.txt': UNPINNED });
    mkdirSync(path.join(outside, 'app'));
    writeFileSync(path.join(outside, 'app/main.py'), '');
    symlinkSync(outside, path.join(repo, 'ctx-link'));
    writeFileSync(path.join(repo, 'compose.yaml'), `services:\n  api:\n    build:\n      context: ${context}\n      dockerfile: ${dockerfile}\n`);
    const run = runCli(['--format', 'json', 'Dockerfile'], { cwd: repo });
    expectNoStackTrace(run);
    expect(ruleIds(run)).toEqual([]);
    expect(run.stdout).not.toContain(outside);
    expect(run.stderr).toBe(
      'fastapi-docker-lint: compose.yaml: the build context of service `api` is outside the repository, so it is not read: the checks against the project (FDL020-FDL025) are skipped\n',
    );
  });

  it("a config `context` outside the repository is not read; --context, the user's own choice, is", () => {
    const { repo, outside } = repositoryAndOutside({ Dockerfile: APP, '.fastapi-docker-lint.yaml': 'context: ../outside\n' }, { 'requirements.txt': UNPINNED });
    mkdirSync(path.join(outside, 'app'));
    writeFileSync(path.join(outside, 'app/main.py'), '');
    const run = runCli(['--format', 'json', 'Dockerfile'], { cwd: repo });
    expectNoStackTrace(run);
    expect(ruleIds(run)).toEqual([]);
    expect(run.stderr).toBe(
      "fastapi-docker-lint: .fastapi-docker-lint.yaml: context '../outside' is outside the repository, so it is not read: the checks against the project (FDL020-FDL025) are skipped; pass --context to choose it\n",
    );
    const chosen = runCli(['--format', 'json', '--context', '../outside', 'Dockerfile'], { cwd: repo });
    expect(chosen.stderr).toBe('');
    expect(ruleIds(chosen)).toEqual(['FDL024']);
  });

  it('a config `context` inside the repository, even above the config, is read', () => {
    const { repo } = repositoryAndOutside({
      'docker/Dockerfile': APP,
      'docker/.fastapi-docker-lint.yaml': 'context: ..\n',
      'requirements.txt': UNPINNED,
      'app/main.py': '',
    });
    const run = runCli(['--format', 'json', 'docker/Dockerfile'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(ruleIds(run)).toEqual(['FDL024']);
  });

  it('a config file found by the search that links out of the repository is not read (its parse error would quote it)', () => {
    const { repo, outside } = repositoryAndOutside({ Dockerfile: 'FROM python:3.13\n' }, { '.env': 'SECRET_KEY=hunter2\n' });
    symlinkSync(path.join(outside, '.env'), path.join(repo, '.fastapi-docker-lint.json'));
    const run = runCli(['--no-context', 'Dockerfile'], { cwd: repo });
    expect(run.stdout + run.stderr).not.toContain('hunter2');
    expect(run).toMatchObject({
      status: 2,
      stderr: 'fastapi-docker-lint: .fastapi-docker-lint.json: a symbolic link to a file outside the repository, not read; pass it with -c to use it\n',
    });
  });

  describe('a Dockerfile that is a symbolic link out of the repository is never read', () => {
    function linkedDockerfile(): { repo: string; outside: string } {
      const { repo, outside } = repositoryAndOutside(
        { 'api/Dockerfile.real': 'FROM python:3.13\nCMD ["python", "-m", "http.server"]\n' },
        { '.env': 'SECRET_KEY=hunter2\nDATABASE_URL=postgres://u:p@db/x\n' },
      );
      symlinkSync(path.join(outside, '.env'), path.join(repo, 'Dockerfile'));
      return { repo, outside };
    }

    it('when found by walking a directory: skipped', () => {
      const { repo } = linkedDockerfile();
      symlinkSync('Dockerfile.real', path.join(repo, 'api/Dockerfile'));
      const run = runCli(['--no-context', '--format', 'json', '.'], { cwd: repo });
      expectNoStackTrace(run);
      expect(run.stdout + run.stderr).not.toContain('hunter2');
      // The link that stays inside the repository is linted.
      expect(report(run).map((file) => file.filePath)).toEqual(['api/Dockerfile', 'api/Dockerfile.real']);
    });

    it('when the run is given no path (a walk of the working directory): skipped, in one line', () => {
      const { repo } = linkedDockerfile();
      const run = runCli(['--no-context', '--format', 'json'], { cwd: repo });
      expect(run.stdout + run.stderr).not.toContain('hunter2');
      expect(run.stderr).toBe('fastapi-docker-lint: Dockerfile: a symbolic link to a file outside the repository, skipped\n');
      expect(report(run).map((file) => file.filePath)).toEqual(['api/Dockerfile.real']);
    });

    it.each([['when named', ['Dockerfile']]])('%s: refused in one line', (_name, args) => {
      const { repo } = linkedDockerfile();
      const run = runCli(['--no-context', ...args], { cwd: repo });
      expect(run.stdout + run.stderr).not.toContain('hunter2');
      expect(run).toMatchObject({
        status: 2,
        stderr: 'fastapi-docker-lint: Dockerfile: a symbolic link to a file outside the repository, not read; name the file it points to instead\n',
      });
    });

    it('naming the target itself lints it (the user chose it)', () => {
      const { repo, outside } = linkedDockerfile();
      writeFileSync(path.join(outside, 'Dockerfile'), 'FROM python:3.13\nCMD ["python", "-m", "http.server"]\n');
      expect(runCli(['--no-context', path.join(outside, 'Dockerfile')], { cwd: repo }).status).toBe(0);
    });
  });
});

describe('no file makes a run hang or fill the memory', () => {
  const hasMkfifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).error === undefined;

  function fifo(file: string): void {
    mkdirSync(path.dirname(file), { recursive: true });
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
  }

  it.runIf(hasMkfifo)('a Dockerfile that is a FIFO is skipped, not waited on', () => {
    const cwd = scratchDir();
    fifo(path.join(cwd, 'Dockerfile'));
    const run = runCli(['Dockerfile'], { cwd });
    expect(run).toMatchObject({ status: 2, stderr: 'fastapi-docker-lint: Dockerfile: not a regular file (a FIFO, a device or a socket), skipped\n' });
  });

  it.runIf(hasMkfifo).each(['compose.yaml', '.gitignore', '.dockerignore', 'requirements.txt', 'pyproject.toml', '.fastapi-docker-lint.yaml'])(
    'a FIFO named %s reads as absent',
    (name) => {
      const { repo } = repositoryAndOutside({ 'svc/Dockerfile': APP, 'svc/app/main.py': '' });
      fifo(path.join(repo, name === 'compose.yaml' || name === '.gitignore' ? name : `svc/${name}`));
      const run = runCli(['--format', 'json', '.'], { cwd: repo });
      expectNoStackTrace(run);
      expect(run.stderr).toBe('');
      expect(report(run).map((file) => file.filePath)).toEqual(['svc/Dockerfile']);
    },
  );

  it('links to /dev/zero as compose.yaml, .gitignore and requirements.txt read as absent; /dev/zero named is skipped', () => {
    const { repo } = repositoryAndOutside({ 'svc/Dockerfile': APP, 'svc/app/main.py': '' });
    for (const name of ['compose.yaml', '.gitignore', 'svc/requirements.txt', 'svc/.dockerignore']) symlinkSync('/dev/zero', path.join(repo, name));
    const run = runCli(['--format', 'json', '.'], { cwd: repo });
    expectNoStackTrace(run);
    expect(report(run).map((file) => file.filePath)).toEqual(['svc/Dockerfile']);
    const zero = runCli(['/dev/zero'], { cwd: repo });
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/^fastapi-docker-lint: [./]*dev\/zero: not a regular file \(a FIFO, a device or a socket\), skipped\n$/);
  });

  const hasTimeout = process.platform !== 'win32' && spawnSync('timeout', ['--version']).status === 0;

  it.runIf(hasTimeout)('endless standard input stops at the size limit', () => {
    const cwd = scratchDir({ '.fastapi-docker-lint.yaml': 'max-file-size: 100000\n' });
    // `timeout` kills the CLI itself if it keeps reading: spawnSync's timeout would only kill sh.
    const run = spawnSync('sh', ['-c', `yes 'RUN echo hello' | timeout -s KILL 20 "${process.execPath}" "${CLI}" --no-context -`], {
      cwd,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('fastapi-docker-lint: <stdin>: larger than 100000 bytes (max-file-size), skipped\n');
  });

  it('a context file over the limit is skipped with a note, not an error', () => {
    const { repo } = repositoryAndOutside({
      Dockerfile: APP,
      'app/main.py': '',
      'requirements.txt': `fastapi[standard]>=0.100\n${'# padding line for a large file\n'.repeat(200_000)}`,
    });
    const run = runCli(['--format', 'json', 'Dockerfile'], { cwd: repo });
    expect(run.status).toBe(0);
    expect(ruleIds(run)).toEqual([]);
    expect(run.stderr).toBe('fastapi-docker-lint: requirements.txt: larger than 5 MiB, not read: the checks that need it are skipped\n');
  });
});

describe('UTF-16', () => {
  const text = 'FROM python:3.13\nCMD ["python", "-m", "http.server"]\n';
  it.each([
    ['with a little-endian BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['with a big-endian BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ['without a BOM', Buffer.from(text, 'utf16le')],
  ])('a UTF-16 Dockerfile %s: "save it as UTF-8"', (_name, content) => {
    const cwd = scratchDir({ Dockerfile: content });
    expect(runCli(['--no-context', 'Dockerfile'], { cwd })).toMatchObject({
      status: 2,
      stderr: 'fastapi-docker-lint: Dockerfile: UTF-16 is not supported, save it as UTF-8; skipped\n',
    });
    expect(runCli(['--no-context', '-'], { cwd, input: content as unknown as string })).toMatchObject({
      status: 2,
      stderr: 'fastapi-docker-lint: <stdin>: UTF-16 is not supported, save it as UTF-8; skipped\n',
    });
  });

  it.each([
    ['little-endian', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`# web\n${UNPINNED}`, 'utf16le')])],
    ['big-endian', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`# web\n${UNPINNED}`, 'utf16le').swap16()])],
  ])('a %s UTF-16 requirements file with a BOM is read, as pip reads it', (_name, content) => {
    const { repo } = repositoryAndOutside({ Dockerfile: APP, 'app/main.py': '' });
    writeFileSync(path.join(repo, 'requirements.txt'), content);
    const run = runCli(['--format', 'json', 'Dockerfile'], { cwd: repo });
    expect(run.stderr).toBe('');
    const requirements = (JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[]).find(
      (file) => file.filePath === 'requirements.txt',
    );
    expect(requirements?.messages.map((message) => `${message.ruleId}@${message.line}:${message.column}`)).toEqual(['FDL024@2:1']);
  });

  it('a UTF-16 requirements file without a BOM (pip cannot read it) gets a note', () => {
    const { repo } = repositoryAndOutside({ Dockerfile: APP, 'app/main.py': '' });
    writeFileSync(path.join(repo, 'requirements.txt'), Buffer.from(UNPINNED, 'utf16le'));
    const run = runCli(['--format', 'json', 'Dockerfile'], { cwd: repo });
    expect(run.stderr).toBe(
      'fastapi-docker-lint: requirements.txt: UTF-16 is not supported, save it as UTF-8; not read: the checks that need it are skipped\n',
    );
  });
});

describe('patterns from the repository: no ReDoS, no internal error', () => {
  it('.dockerignore lines that backtrack a regular expression, and a COPY wildcard against a long name, finish', () => {
    const { repo } = repositoryAndOutside({
      Dockerfile: `FROM python:3.13\nWORKDIR /code\nCOPY ${'a*'.repeat(12)}b /code/\nCOPY . .\nCMD ["python", "-m", "http.server"]\nUSER 10001\n`,
      '.dockerignore': `(a+)+b\n${'**/'.repeat(12)}x\n${'*a'.repeat(15)}*b\n`,
      [`${'a'.repeat(40)}c`]: '',
      [`${'a/'.repeat(30)}${'a'.repeat(40)}`]: '',
      // A project file marks the folder as the build context (else FDL025 alone would speak).
      'requirements.txt': '',
      // A Git project: `.git` must be in .dockerignore.
      '.gitignore': '.venv\n',
    });
    const run = runCli(['--format', 'json', 'Dockerfile'], { cwd: repo });
    expectNoStackTrace(run);
    // The wildcard matches nothing, and BuildKit copies nothing and goes on: only FDL022.
    expect(ruleIds(run)).toEqual(['FDL022']);
  });

  it('a .dockerignore line Docker rejects is a one-line note naming the line, and the others still apply', () => {
    const { repo } = repositoryAndOutside({
      Dockerfile:
        'FROM python:3.13\nWORKDIR /code\nCOPY foo[ /code/\nCOPY [z-a] /code/\nCOPY secrets /code/secrets\nCMD ["python", "-m", "http.server"]\nUSER 10001\n',
      '.dockerignore': 'foo(\nfoo[\n[z-a]\n!\nsecrets\n',
      'secrets/key': '',
      'foo(': '',
    });
    const run = runCli(['--format', 'json', 'Dockerfile'], { cwd: repo });
    expectNoStackTrace(run);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'fastapi-docker-lint: .dockerignore: line 2: `foo[` is not a valid pattern, and Docker stops the build on it (`syntax error in pattern`); the line is skipped here',
      'fastapi-docker-lint: .dockerignore: line 3: `[z-a]` is not a valid pattern, and Docker stops the build on it (`syntax error in pattern`); the line is skipped here',
      'fastapi-docker-lint: .dockerignore: line 4: `!` is not a valid pattern, and Docker stops the build on it (`illegal exclusion pattern: "!"`); the line is skipped here',
    ]);
    // `foo[` is no pattern (BuildKit stops); `[z-a]` is one that matches nothing (BuildKit copies
    // nothing); `secrets` is excluded.
    expect(ruleIds(run)).toEqual(['FDL021', 'FDL021']);
  });
});
