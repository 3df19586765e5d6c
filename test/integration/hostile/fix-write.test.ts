/**
 * What `--fix` and `--output-file` write on a hostile repository: no byte lost outside the fix,
 * no write through a link out of the project, no split hard link, owner and mode kept, read-only
 * files left alone, no lost update, and write errors that name the file as the user knows it.
 * Root runs these tests (owner changes need it); they are skipped otherwise.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, writeFixedFile } from '../../../src/cli/files.js';
import { runCli, scratchDir } from '../../helpers/cli.js';

const isRoot = process.getuid?.() === 0;
const BAD = 'FROM python:3.13\nCMD fastapi run main.py\n';
const GOOD = 'FROM python:3.13\nCMD ["fastapi", "run", "main.py"]\n';
const NOBODY = 65534;

/** Runs --fix on one file and expects it untouched with a one-line reason. */
function expectNotFixed(cwd: string, file: string, reason: RegExp) {
  const before = readFileSync(path.join(cwd, file));
  const run = runCli(['--no-context', '--fix', file], { cwd });
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toMatch(reason);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(readFileSync(path.join(cwd, file))).toEqual(before);
  // The report shows the file as it is, unfixed.
  expect(run.stdout).toContain('FDL001');
  return run;
}

function leftovers(directory: string): string[] {
  return readdirSync(directory).filter((name) => name.endsWith('.tmp'));
}

describe('--fix keeps every byte outside the fix', () => {
  it('refuses a file that is not valid UTF-8, and says so in one line', () => {
    const bytes = Buffer.concat([Buffer.from('FROM python:3.13\n# caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\nCMD fastapi run main.py\n')]);
    const cwd = scratchDir({ Dockerfile: bytes });
    expectNotFixed(cwd, 'Dockerfile', /^fastapi-docker-lint: Dockerfile: is not valid UTF-8; not fixed/);
    expect(readFileSync(path.join(cwd, 'Dockerfile'))).toEqual(bytes);
  });

  it('keeps a BOM, CRLF line ends, other characters and a missing final newline', () => {
    const before = '\ufeffFROM python:3.13\r\n# é ✓ \u2028\r\nCMD fastapi run main.py\r\nLABEL x=y';
    const cwd = scratchDir({ Dockerfile: before });
    const run = runCli(['--no-context', '--fix', 'Dockerfile'], { cwd });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'Dockerfile'))).toEqual(
      Buffer.from(before.replace('CMD fastapi run main.py', 'CMD ["fastapi", "run", "main.py"]'), 'utf8'),
    );
  });
});

describe('--fix and links', () => {
  it('writes through a symbolic link to its target inside the project; the link stays a link', () => {
    const cwd = scratchDir({ 'docker/api.Dockerfile': BAD });
    symlinkSync('docker/api.Dockerfile', path.join(cwd, 'Dockerfile'));
    const run = runCli(['--no-context', '--fix', 'Dockerfile'], { cwd });
    expect(run.status, run.stderr).toBe(0);
    expect(lstatSync(path.join(cwd, 'Dockerfile')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(cwd, 'Dockerfile'))).toBe('docker/api.Dockerfile');
    expect(readFileSync(path.join(cwd, 'docker/api.Dockerfile'), 'utf8')).toBe(GOOD);
    expect(leftovers(path.join(cwd, 'docker'))).toEqual([]);
  });

  it('does not write through a symbolic link that leaves the project', () => {
    const outside = scratchDir({ 'victim.Dockerfile': BAD });
    const cwd = scratchDir();
    symlinkSync(path.join(outside, 'victim.Dockerfile'), path.join(cwd, 'Dockerfile'));
    // Such a link is not even read (test/integration/hostile/fs.test.ts), so it is never written either.
    const run = runCli(['--no-context', '--fix', 'Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^fastapi-docker-lint: Dockerfile: a symbolic link to a file outside the repository, not read/);
    expect(readFileSync(path.join(outside, 'victim.Dockerfile'), 'utf8')).toBe(BAD);
    expect(lstatSync(path.join(cwd, 'Dockerfile')).isSymbolicLink()).toBe(true);
  });

  it('does not split a hard link', () => {
    const cwd = scratchDir({ Dockerfile: BAD });
    linkSync(path.join(cwd, 'Dockerfile'), path.join(cwd, 'other.Dockerfile'));
    const inode = statSync(path.join(cwd, 'Dockerfile')).ino;
    expectNotFixed(cwd, 'Dockerfile', /^fastapi-docker-lint: Dockerfile: has 2 hard links; not fixed/);
    expect(statSync(path.join(cwd, 'Dockerfile')).ino).toBe(inode);
    expect(statSync(path.join(cwd, 'other.Dockerfile')).ino).toBe(inode);
  });
});

describe('--fix keeps owner and permissions', () => {
  it.runIf(isRoot)("keeps another user's file theirs, with its mode", () => {
    const cwd = scratchDir({ Dockerfile: BAD });
    const file = path.join(cwd, 'Dockerfile');
    chownSync(file, NOBODY, NOBODY);
    chmodSync(file, 0o2664);
    const run = runCli(['--no-context', '--fix', 'Dockerfile'], { cwd });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(GOOD);
    expect(statSync(file)).toMatchObject({ uid: NOBODY, gid: NOBODY });
    expect(statSync(file).mode & 0o7777).toBe(0o2664);
  });

  it('leaves a read-only file alone', () => {
    const cwd = scratchDir({ Dockerfile: BAD });
    chmodSync(path.join(cwd, 'Dockerfile'), 0o444);
    expectNotFixed(cwd, 'Dockerfile', /^fastapi-docker-lint: Dockerfile: is read-only; not fixed/);
    expect(statSync(path.join(cwd, 'Dockerfile')).mode & 0o777).toBe(0o444);
  });

  it('fixes the other files when one is not fixed', () => {
    const cwd = scratchDir({ 'a.Dockerfile': BAD, 'b.Dockerfile': BAD });
    chmodSync(path.join(cwd, 'a.Dockerfile'), 0o444);
    const run = runCli(['--no-context', '--fix', 'a.Dockerfile', 'b.Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(readFileSync(path.join(cwd, 'a.Dockerfile'), 'utf8')).toBe(BAD);
    expect(readFileSync(path.join(cwd, 'b.Dockerfile'), 'utf8')).toBe(GOOD);
  });
});

describe('--fix never loses an edit made while it lints', () => {
  it('does not overwrite a file whose bytes changed since they were linted', () => {
    const cwd = scratchDir({ Dockerfile: BAD });
    const file = path.join(cwd, 'Dockerfile');
    // What the user saved while the lint ran.
    writeFileSync(file, `${BAD}# my edit\n`);
    expect(() => writeFixedFile(file, 'Dockerfile', BAD, GOOD, [cwd])).toThrow(
      new InputError('Dockerfile: changed while it was being linted; not fixed (run again)'),
    );
    expect(readFileSync(file, 'utf8')).toBe(`${BAD}# my edit\n`);
    expect(leftovers(cwd)).toEqual([]);
  });

  it('writes when the bytes are those that were linted', () => {
    const cwd = scratchDir({ Dockerfile: BAD });
    writeFixedFile(path.join(cwd, 'Dockerfile'), 'Dockerfile', BAD, GOOD, [cwd]);
    expect(readFileSync(path.join(cwd, 'Dockerfile'), 'utf8')).toBe(GOOD);
  });
});

describe('--output-file', () => {
  it('refuses to write through a symbolic link, in one line, exit 2', () => {
    const victim = scratchDir({ 'precious.txt': 'keep me\n' });
    const cwd = scratchDir({ Dockerfile: BAD });
    symlinkSync(path.join(victim, 'precious.txt'), path.join(cwd, 'fastapi-docker-lint.sarif'));
    const run = runCli(['--no-context', '--format', 'sarif', '--output-file', 'fastapi-docker-lint.sarif', 'Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'fastapi-docker-lint: fastapi-docker-lint.sarif: is a symbolic link; the report is not written through it (remove it or choose another --output-file)\n',
    );
    expect(readFileSync(path.join(victim, 'precious.txt'), 'utf8')).toBe('keep me\n');
  });

  it('refuses a target that is not a regular file', () => {
    const cwd = scratchDir({ Dockerfile: BAD });
    mkdirSync(path.join(cwd, 'report.json'));
    const run = runCli(['--no-context', '--format', 'json', '-o', 'report.json', 'Dockerfile'], { cwd });
    expect(run).toMatchObject({ status: 2, stderr: 'fastapi-docker-lint: report.json: not a regular file; the report is not written to it\n' });
  });

  it('replaces an existing report through a temporary file and a rename, keeping its mode', () => {
    const cwd = scratchDir({ Dockerfile: BAD, 'report.json': 'old' });
    chmodSync(path.join(cwd, 'report.json'), 0o640);
    const inode = statSync(path.join(cwd, 'report.json')).ino;
    const run = runCli(['--no-context', '--format', 'json', '-o', 'report.json', 'Dockerfile'], { cwd });
    expect(run.status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8'))[0].filePath).toBe('Dockerfile');
    expect(statSync(path.join(cwd, 'report.json')).ino).not.toBe(inode);
    expect(statSync(path.join(cwd, 'report.json')).mode & 0o777).toBe(0o640);
    expect(leftovers(cwd)).toEqual([]);
  });
});

describe.runIf(isRoot)('a full disk', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const mount of mounts) spawnSync('umount', [mount]);
  });

  /** A tiny tmpfs, filled up once the files are in place. */
  function fullDisk(files: Record<string, string>): string | undefined {
    const cwd = scratchDir();
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', cwd]).status !== 0) return undefined;
    mounts.push(cwd);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(cwd, name), text);
    spawnSync('dd', ['if=/dev/zero', `of=${path.join(cwd, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
    return cwd;
  }

  it('--fix names the file, not a temporary path, and leaves the original and no debris', (context) => {
    const cwd = fullDisk({ Dockerfile: `${BAD.padEnd(6000, '#')}\n` });
    if (!cwd) return context.skip();
    const before = readFileSync(path.join(cwd, 'Dockerfile'));
    const run = runCli(['--no-context', '--fix', 'Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('fastapi-docker-lint: Dockerfile: could not write the fixed file (no space left on device); the original is unchanged\n');
    expect(readFileSync(path.join(cwd, 'Dockerfile'))).toEqual(before);
    expect(leftovers(cwd)).toEqual([]);
  });

  it('--output-file names the report as given', (context) => {
    const cwd = fullDisk({ Dockerfile: BAD });
    if (!cwd) return context.skip();
    const run = runCli(['--no-context', '--format', 'sarif', '-o', './out.sarif', 'Dockerfile'], { cwd });
    expect(run).toMatchObject({ status: 2, stderr: 'fastapi-docker-lint: ./out.sarif: cannot write the report (no space left on device)\n' });
    expect(leftovers(cwd)).toEqual([]);
  });
});
