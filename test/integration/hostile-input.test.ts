/**
 * Whatever a repository holds, the CLI gives a clear answer: exit 0, 1 or 2, a one-line message
 * for what it cannot lint, never a stack trace, never a damaged file. Each case runs the real
 * CLI in a process; vitest's timeout bounds it (speed is measured in bench/, not here).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, scratchDir } from '../helpers/cli.js';

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

function lintText(content: string | Buffer, args: string[] = [], name = 'Dockerfile'): Outcome {
  const cwd = scratchDir();
  writeFileSync(path.join(cwd, name), content);
  return runCli(['--no-context', '--format', 'json', ...args, name], { cwd });
}

function ruleIdsOf(outcome: Outcome): string[] {
  return (JSON.parse(outcome.stdout) as { messages: { ruleId: string }[] }[]).flatMap((file) => file.messages.map((message) => message.ruleId));
}

function expectClean(outcome: Outcome): void {
  expect([0, 1, 2]).toContain(outcome.status);
  expect(outcome.stderr).not.toMatch(/^\s+at /m);
  expect(outcome.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
}

describe('hostile input', () => {
  it.each([
    ['an empty file', '', ['FDL000']],
    ['comments only', '# nothing\n# here\n', ['FDL000']],
    ['FROM with no image', 'FROM\n', ['FDL000']],
    ['a UTF-8 BOM', '\uFEFFFROM python:3.13\nCMD fastapi run main.py\n', ['FDL014', 'FDL001']],
    ['CRLF line endings', 'FROM python:3.13\r\nCMD fastapi run main.py\r\n', ['FDL014', 'FDL001']],
    ['mixed line endings', 'FROM python:3.13\r\nRUN pip install x\nCMD fastapi run main.py\r', ['FDL014', 'FDL004', 'FDL001']],
    ['an unusual escape character', '# escape=!\nFROM python:3.13\n', ['FDL000', 'FDL014']],
    ['unterminated JSON in CMD', 'FROM python:3.13\nCMD ["fastapi", "run"\n', ['FDL014', 'FDL001']],
    ['an unterminated heredoc', 'FROM python:3.13\nRUN <<EOF\npip install --no-cache-dir x\n', ['FDL014', 'FDL000']],
    ['a trailing line continuation', 'FROM python:3.13\nRUN echo hi \\', ['FDL014']],
    ['ARGs that refer to each other in a loop', 'ARG A=$B\nARG B=$A\nFROM python:${A}\n', []],
    [
      'JSON arrays with numbers, nulls and nested arrays',
      'FROM python:3.13\nCMD ["fastapi", 1]\nENTRYPOINT [null]\nRUN [["pip"]]\n',
      ['FDL014', 'FDL001', 'FDL001'],
    ],
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from('FROM python:3.13\nRUN echo '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\nCMD ["fastapi", "run"]\n')]),
      ['FDL014'],
    ],
  ])('%s', (_name, content, expected) => {
    const outcome = lintText(content as string | Buffer);
    expectClean(outcome);
    expect(ruleIdsOf(outcome)).toEqual(expected);
  });

  it('a 200,000-character line', () => {
    const outcome = lintText(`FROM python:3.13\nRUN echo ${'a'.repeat(200_000)}\n`);
    expectClean(outcome);
    expect(ruleIdsOf(outcome)).toEqual(['FDL014']);
  });

  it('20,000 continuation lines', () => {
    const outcome = lintText(`FROM python:3.13\nRUN pip install \\\n${'    package \\\n'.repeat(20_000)}    last\n`);
    expectClean(outcome);
    expect(ruleIdsOf(outcome)).toEqual(['FDL014', 'FDL004']);
  });

  it('3,000 stages', () => {
    const stages = Array.from({ length: 3000 }, (_, index) => `FROM python:3.13 AS s${index}\nRUN echo ${index}\n`).join('');
    const outcome = lintText(stages);
    expectClean(outcome);
    expect(ruleIdsOf(outcome)).toEqual(['FDL014']);
  });

  it('a 6 MB file is skipped at the 5 MiB limit, which max-file-size changes', () => {
    const big = `FROM python:3.13\n${'RUN echo hello world from a generated file\n'.repeat(150_000)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(6_000_000);
    const outcome = lintText(big);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toBe('fastapi-docker-lint: Dockerfile: larger than 5 MiB (max-file-size), skipped\n');
    const cwd = scratchDir({ Dockerfile: 'FROM python:3.13\nCMD ["python", "-m", "http.server"]\n', '.fastapi-docker-lint.yaml': 'max-file-size: 20\n' });
    expect(runCli(['--no-context', 'Dockerfile'], { cwd })).toMatchObject({
      status: 2,
      stderr: 'fastapi-docker-lint: Dockerfile: larger than 20 bytes (max-file-size), skipped\n',
    });
  });

  it('a binary file is "not a text file", skipped; exit 2 only if nothing else was linted', () => {
    const cwd = scratchDir({ Dockerfile: 'FROM python:3.13\nCMD ["python", "-m", "http.server"]\n' });
    writeFileSync(path.join(cwd, 'Dockerfile.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]));
    const alone = runCli(['--no-context', 'Dockerfile.bin'], { cwd });
    expect(alone).toMatchObject({ status: 2, stderr: 'fastapi-docker-lint: Dockerfile.bin: not a text file (it contains NUL bytes), skipped\n' });
    const withOthers = runCli(['--no-context', 'Dockerfile.bin', 'Dockerfile'], { cwd });
    expect(withOthers).toMatchObject({ status: 0, stderr: 'fastapi-docker-lint: Dockerfile.bin: not a text file (it contains NUL bytes), skipped\n' });
  });

  it('a directory without Dockerfiles, and a missing file', () => {
    const cwd = scratchDir();
    mkdirSync(path.join(cwd, 'empty'));
    expect(runCli(['empty'], { cwd })).toMatchObject({ status: 2, stderr: 'fastapi-docker-lint: empty: no Dockerfile in this directory\n' });
    expect(runCli(['nope/Dockerfile'], { cwd })).toMatchObject({ status: 2, stderr: 'fastapi-docker-lint: nope/Dockerfile: no such file\n' });
  });

  it('an unreadable file (permission denied)', (context) => {
    const cwd = scratchDir({ Dockerfile: 'FROM python:3.13\n' });
    chmodSync(path.join(cwd, 'Dockerfile'), 0o000);
    let outcome: Outcome;
    if (process.getuid?.() !== 0) {
      outcome = runCli(['Dockerfile'], { cwd });
    } else {
      // root reads anything: run the CLI as an unprivileged user, when this checkout lets one in.
      chmodSync(cwd, 0o755);
      const nobody = { uid: 65534, gid: 65534 };
      const probe = spawnSync(process.execPath, [CLI, '--version'], { ...nobody, encoding: 'utf8' });
      if (probe.status !== 0) {
        context.skip();
        return;
      }
      const run = spawnSync(process.execPath, [CLI, 'Dockerfile'], { ...nobody, cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });
      outcome = { status: run.status, stdout: run.stdout, stderr: run.stderr };
    }
    expect(outcome).toMatchObject({ status: 2, stderr: 'fastapi-docker-lint: Dockerfile: permission denied\n' });
  });

  it('a parse problem in one file does not stop the others', () => {
    const cwd = scratchDir({ 'a.Dockerfile': 'FORM python\n', 'b.Dockerfile': 'FROM python:3.13\nCMD fastapi run main.py\n' });
    const outcome = runCli(['--no-context', '--format', 'json', 'a.Dockerfile', 'b.Dockerfile'], { cwd });
    expect(outcome.status).toBe(1);
    expect(
      (JSON.parse(outcome.stdout) as { filePath: string; messages: { ruleId: string }[] }[]).map((file) => [
        file.filePath,
        file.messages.map((message) => message.ruleId),
      ]),
    ).toEqual([
      ['a.Dockerfile', ['FDL000']],
      ['b.Dockerfile', ['FDL014', 'FDL001']],
    ]);
  });
});

describe('safe writes', () => {
  it('--fix keeps CRLF, the BOM and the file mode, and touches only what it fixes', () => {
    const original = '\uFEFFFROM python:3.13\r\n# keep me   \r\nRUN pip install x\r\nCMD fastapi run main.py\r\n';
    const cwd = scratchDir({ Dockerfile: original });
    chmodSync(path.join(cwd, 'Dockerfile'), 0o600);
    expect(runCli(['--no-context', '--fix', 'Dockerfile'], { cwd }).status).toBe(0);
    expect(readFileSync(path.join(cwd, 'Dockerfile'), 'utf8')).toBe(
      '\uFEFFFROM python:3.13\r\n# keep me   \r\nRUN pip install --no-cache-dir x\r\nCMD ["fastapi", "run", "main.py"]\r\n',
    );
    expect(statSync(path.join(cwd, 'Dockerfile')).mode & 0o777).toBe(0o600);
  });

  it('--fix leaves the original untouched when it cannot write, and says so in one line', (context) => {
    if (process.getuid?.() === 0) {
      // root can write into a read-only directory; a read-only file system is not at hand either.
      const cwd = scratchDir({ Dockerfile: 'FROM python:3.13\nCMD fastapi run main.py\n' });
      chmodSync(cwd, 0o555);
      const nobody = { uid: 65534, gid: 65534 };
      const probe = spawnSync(process.execPath, [CLI, '--version'], { ...nobody });
      if (probe.status !== 0) {
        context.skip();
        return;
      }
      chmodSync(path.join(cwd, 'Dockerfile'), 0o666);
      const run = spawnSync(process.execPath, [CLI, '--no-context', '--fix', 'Dockerfile'], {
        ...nobody,
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^fastapi-docker-lint: .*Dockerfile: could not write the fixed file \(permission denied\); the original is unchanged\n$/);
      expect(readFileSync(path.join(cwd, 'Dockerfile'), 'utf8')).toBe('FROM python:3.13\nCMD fastapi run main.py\n');
      return;
    }
    const cwd = scratchDir({ Dockerfile: 'FROM python:3.13\nCMD fastapi run main.py\n' });
    chmodSync(cwd, 0o555);
    const run = runCli(['--no-context', '--fix', 'Dockerfile'], { cwd });
    chmodSync(cwd, 0o755);
    expect(run.status).toBe(2);
    expect(readFileSync(path.join(cwd, 'Dockerfile'), 'utf8')).toBe('FROM python:3.13\nCMD fastapi run main.py\n');
  });

  it('--fix-dry-run prints a unified diff and writes nothing', () => {
    const cwd = scratchDir({ Dockerfile: 'FROM python:3.13\nCMD fastapi run main.py\n' });
    const run = runCli(['--no-context', '--fix-dry-run', 'Dockerfile'], { cwd });
    expect(run.stdout).toBe(
      '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n FROM python:3.13\n-CMD fastapi run main.py\n+CMD ["fastapi", "run", "main.py"]\n',
    );
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(cwd, 'Dockerfile'), 'utf8')).toBe('FROM python:3.13\nCMD fastapi run main.py\n');
  });
});
