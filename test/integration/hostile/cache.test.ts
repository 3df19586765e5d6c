/**
 * The launcher's V8 code cache on a hostile machine: a cache is code, so one planted by someone
 * else, or left by an older bundle of the same size and mtime, must never run.
 *
 * Each test copies the built launcher and bundle to a scratch directory and makes a second
 * bundle of exactly the same length that prints a marker: a cache compiled for it is accepted
 * by V8 for the real bundle (V8 checks only the length), so it is the planted cache.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, scratchDir } from '../../helpers/cli.js';

const BUNDLE = path.join(path.dirname(CLI), 'main.cjs');
const MARKER = 'PLANTED CODE RAN';

/** A copy of the launcher and bundle, and an evil bundle of the same length. */
function installation() {
  const root = scratchDir();
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  copyFileSync(CLI, path.join(bin, 'cli.cjs'));
  copyFileSync(BUNDLE, path.join(bin, 'main.cjs'));
  const genuine = readFileSync(BUNDLE);
  const evilCode = Buffer.from(`process.stdout.write(${JSON.stringify(MARKER)} + '\\n');/*`);
  const evil = Buffer.concat([evilCode, Buffer.alloc(genuine.length - evilCode.length - 2, ' '), Buffer.from('*/')]);
  expect(evil.length).toBe(genuine.length);
  return { root, bin, genuine, evil };
}

function launch(bin: string, cacheHome: string, options: { cwd?: string; home?: string } = {}) {
  return spawnSync(process.execPath, [path.join(bin, 'cli.cjs'), '--version'], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, FASTAPI_DOCKER_LINT_NO_CACHE: '', ...(options.home ? { HOME: options.home } : {}) },
    timeout: 20_000,
  });
}

/** The cache files the launcher left in a cache home. */
function cacheFiles(cacheHome: string): string[] {
  try {
    return readdirSync(path.join(cacheHome, 'fastapi-docker-lint')).filter((name) => !name.endsWith('.tmp'));
  } catch {
    return [];
  }
}

/** Compiles the evil bundle once, and returns its cache files' contents by name. */
function plantedCaches(bin: string, root: string, evil: Buffer, genuine: Buffer): Map<string, Buffer> {
  const evilHome = path.join(root, 'evil-cache');
  writeFileSync(path.join(bin, 'main.cjs'), evil);
  expect(launch(bin, evilHome).stdout).toContain(MARKER);
  writeFileSync(path.join(bin, 'main.cjs'), genuine);
  const directory = path.join(evilHome, 'fastapi-docker-lint');
  return new Map(cacheFiles(evilHome).map((name) => [name, readFileSync(path.join(directory, name))]));
}

describe('the V8 code cache', () => {
  it('is written on the first run and used on the next, in a directory only the user can write', () => {
    const { root, bin } = installation();
    const home = path.join(root, 'cache');
    expect(launch(bin, home).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const [entry] = cacheFiles(home);
    expect(entry).toBeDefined();
    const directory = path.join(home, 'fastapi-docker-lint');
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(directory, entry)).mode & 0o777).toBe(0o600);
    const before = statSync(path.join(directory, entry)).mtimeMs;
    expect(launch(bin, home).stdout).toMatch(/^\d+\.\d+\.\d+/);
    // A hit is not rewritten.
    expect(statSync(path.join(directory, entry)).mtimeMs).toBe(before);
  });

  it('does not run an older bundle of the same size and mtime after an upgrade', () => {
    const { root, bin, genuine, evil } = installation();
    const home = path.join(root, 'cache');
    const mainFile = path.join(bin, 'main.cjs');
    const { atime, mtime } = statSync(mainFile);
    // "Version 1" is the marker bundle: run it so its cache is written.
    writeFileSync(mainFile, evil);
    utimesSync(mainFile, atime, mtime);
    expect(launch(bin, home).stdout).toContain(MARKER);
    // The upgrade: same length, same mtime, different code.
    writeFileSync(mainFile, genuine);
    utimesSync(mainFile, atime, mtime);
    const run = launch(bin, home);
    expect(run.stdout).not.toContain(MARKER);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('does not run a cache planted under the name the genuine bundle would use', () => {
    const { root, bin, genuine, evil } = installation();
    const planted = plantedCaches(bin, root, evil, genuine);
    // Whatever name the genuine bundle uses, give the planted content that name: the directory
    // below is writable by others, as a shared XDG_CACHE_HOME or HOME=/tmp would be.
    const home = path.join(root, 'shared');
    const probe = path.join(root, 'probe');
    launch(bin, probe);
    const names = cacheFiles(probe);
    expect(names.length).toBe(1);
    const directory = path.join(home, 'fastapi-docker-lint');
    mkdirSync(directory, { recursive: true });
    for (const content of planted.values()) writeFileSync(path.join(directory, names[0]), content, { mode: 0o600 });
    chmodSync(directory, 0o777);
    const run = launch(bin, home);
    expect(run.stdout).not.toContain(MARKER);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('does not run a planted cache whose header names the genuine bundle (the file is not ours)', () => {
    const { root, bin, genuine, evil } = installation();
    const home = path.join(root, 'cache');
    launch(bin, home);
    const [name] = cacheFiles(home);
    const genuineCache = readFileSync(path.join(home, 'fastapi-docker-lint', name));
    const [evilCache] = plantedCaches(bin, root, evil, genuine).values();
    // A forged file: the genuine header (anyone can stat the bundle) in front of the evil code.
    const header = genuineCache.indexOf(0x0a) + 1;
    const forged = Buffer.concat([genuineCache.subarray(0, header), evilCache.subarray(evilCache.indexOf(0x0a) + 1)]);
    const target = path.join(home, 'fastapi-docker-lint', name);
    writeFileSync(target, forged);
    // Owned by someone else (root runs the tests: chown works) ...
    chownSync(target, 65534, 65534);
    expect(launch(bin, home).stdout).not.toContain(MARKER);
    // ... or ours but writable by others.
    writeFileSync(target, forged);
    chownSync(target, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
    chmodSync(target, 0o666);
    expect(launch(bin, home).stdout).not.toContain(MARKER);
    // A directory owned by someone else, or a symbolic link to one, is not used either.
    writeFileSync(target, forged);
    chmodSync(target, 0o600);
    chownSync(path.join(home, 'fastapi-docker-lint'), 65534, 65534);
    expect(launch(bin, home).stdout).not.toContain(MARKER);
    const linked = path.join(root, 'linked');
    mkdirSync(linked);
    symlinkSync(path.join(home, 'fastapi-docker-lint'), path.join(linked, 'fastapi-docker-lint'));
    chownSync(path.join(home, 'fastapi-docker-lint'), process.getuid?.() ?? 0, process.getgid?.() ?? 0);
    expect(launch(bin, linked).stdout).not.toContain(MARKER);
  });

  it('ignores a relative XDG_CACHE_HOME, which would put the cache in the repository', () => {
    const { root, bin } = installation();
    const repository = path.join(root, 'repository');
    const home = path.join(root, 'home');
    mkdirSync(repository);
    mkdirSync(home);
    expect(launch(bin, 'cache', { cwd: repository, home }).status).toBe(0);
    expect(readdirSync(repository)).toEqual([]);
    expect(cacheFiles(path.join(home, '.cache'))).toHaveLength(1);
  });

  it('prunes the entries of other bundles', () => {
    const { root, bin, genuine } = installation();
    const home = path.join(root, 'cache');
    const mainFile = path.join(bin, 'main.cjs');
    for (let version = 0; version < 8; version++) {
      writeFileSync(mainFile, Buffer.concat([genuine, Buffer.from(`\n// build ${version}\n`)]));
      expect(launch(bin, home).status).toBe(0);
    }
    expect(cacheFiles(home).length).toBeLessThanOrEqual(5);
  });
});

describe('the V8 code cache and the checkout', () => {
  it('is neither read nor written in the repository being linted, even when private (XDG_CACHE_HOME in the checkout, umask 077)', () => {
    const { root, bin, genuine, evil } = installation();
    const [evilCache] = plantedCaches(bin, root, evil, genuine).values();
    const probe = path.join(root, 'probe');
    launch(bin, probe);
    const [name] = cacheFiles(probe);
    const checkout = path.join(root, 'checkout');
    const directory = path.join(checkout, '.cache', 'fastapi-docker-lint');
    mkdirSync(path.join(checkout, '.git'), { recursive: true });
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    // Nothing is written there.
    expect(launch(bin, path.join(checkout, '.cache'), { cwd: checkout }).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(readdirSync(directory)).toEqual([]);
    // A committed cache (the genuine header, which anyone can compute, before other code),
    // checked out under umask 077 (0700, 0600, ours): not read, not replaced.
    const genuineCache = readFileSync(path.join(probe, 'fastapi-docker-lint', name));
    const forged = Buffer.concat([genuineCache.subarray(0, genuineCache.indexOf(0x0a) + 1), evilCache.subarray(evilCache.indexOf(0x0a) + 1)]);
    writeFileSync(path.join(directory, name), forged, { mode: 0o600 });
    const run = launch(bin, path.join(checkout, '.cache'), { cwd: checkout });
    expect(run.stdout).not.toContain(MARKER);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(readdirSync(directory)).toEqual([name]);
    expect(readFileSync(path.join(directory, name)).equals(forged)).toBe(true);
  });
});
