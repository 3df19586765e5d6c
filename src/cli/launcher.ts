#!/usr/bin/env node
/**
 * The `fastapi-docker-lint` executable: a launcher for the bundled CLI (dist/bundle/main.cjs).
 *
 * Start-up time is mostly V8 compiling the bundle. The launcher compiles it with a V8 code cache
 * kept per user (`$XDG_CACHE_HOME` or `~/.cache`), so every run after the first skips most of
 * that work on any Node version. FASTAPI_DOCKER_LINT_NO_CACHE=1 turns it off.
 *
 * A code cache is code: V8 checks only the source's length, its own version and its flags, so a
 * cache made for other code of the same length runs that other code. Hence:
 * - the cache is keyed on the bundle file's stat signature (device, inode, size, modification and
 *   change times, from the open file it is read from), V8's version and the flags, and the file
 *   starts with that key, so an upgrade (a new file, or new bytes: the change time
 *   moves on even when the size and mtime are put back), or an old cache renamed, never runs old
 *   code; hashing the 0.6 MB bundle itself each run is not needed;
 * - it is used only from a directory that is ours (src/node/user-cache.ts): owned by this user, not
 *   a symbolic link, not writable by group or others, and not in the repository being linted (a
 *   pull request can commit `.cache/fastapi-docker-lint/`, and CI may set XDG_CACHE_HOME inside
 *   the checkout); the file itself must be ours too, a regular file with one link and not
 *   writable by group or others. Anything else (a shared XDG_CACHE_HOME, HOME=/tmp, a cache
 *   restored by CI from someone else's run) is ignored and never written to;
 * - entries of other bundles are pruned when a new one is written.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import nodeModule, { createRequire, wrap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { privateDirectory, readPrivateFile, userCacheDirectory } from '../node/user-cache.js';
import { replay } from './warm.js';

const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.cjs');
const CACHE_SUFFIX = '.v8cache';
/** Entries kept besides the current one (other installed versions, other Node versions). */
const KEEP_OTHER_ENTRIES = 4;

function cacheDirectory(): string | undefined {
  return process.env.FASTAPI_DOCKER_LINT_NO_CACHE ? undefined : userCacheDirectory();
}

/** The directory when it is safe to read from and write to; `create` makes it when missing. */
function safeDirectory(directory: string, create: boolean): boolean {
  return 'directory' in privateDirectory(directory, process.cwd(), create);
}

/** The cache's bytes after its header (the key), when the file is ours and made for this exact bundle file. */
function readCache(file: string, digest: Buffer): Buffer | undefined {
  const data = readPrivateFile(file, 64 * 1024 * 1024);
  return data?.subarray(0, digest.length).equals(digest) ? data.subarray(digest.length) : undefined;
}

/** Removes stale temporary files and all but the newest few entries of other bundles. */
function prune(directory: string, current: string): void {
  const entries = readdirSync(directory)
    .filter((name) => name !== current && (name.endsWith(CACHE_SUFFIX) || name.endsWith('.tmp') || name.endsWith('.cache')))
    .map((name) => ({ name, mtime: lstatSync(path.join(directory, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  let kept = 0;
  for (const entry of entries) {
    const keep = entry.name.endsWith(CACHE_SUFFIX) && kept < KEEP_OTHER_ENTRIES;
    if (keep) kept++;
    else if (!entry.name.endsWith('.tmp') || Date.now() - entry.mtime > 60_000) rmSync(path.join(directory, entry.name), { force: true });
  }
}

/** A 32-bit FNV-1a hash in hex: a file name for a key (the file's header holds the key itself). */
function fnv1a(text: string, seed: number): string {
  let hash = seed;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Node 22.1 and later have a compile cache of their own (`module.enableCompileCache`): kept in our
 * directory, it is used instead, and the bundle is a plain require. (Ours does not hold there:
 * V8 rejects a cache once a flag changed during the run, and the CLI sizes the young
 * generation per file; measured on Node 22, one file: 160 ms of CPU with Node's cache, 200 ms
 * with ours, 190 ms with none.)
 */
function startWithNodeCache(): boolean {
  const enable = (nodeModule as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache;
  const directory = cacheDirectory();
  if (enable === undefined || directory === undefined || !safeDirectory(directory, true)) return false;
  enable(path.join(directory, 'node-compile-cache'));
  createRequire(bundle)(bundle);
  return true;
}

/** Compiles the bundle with the code cache, and runs it. */
function start(): void {
  if (startWithNodeCache()) return;
  const descriptor = openSync(bundle, 'r');
  const stats = fstatSync(descriptor);
  const source = readFileSync(descriptor, 'utf8');
  closeSync(descriptor);
  const directory = cacheDirectory();
  let cacheFile: string | undefined;
  let digest: Buffer | undefined;
  let cachedData: Buffer | undefined;
  if (directory) {
    // V8's version and flags are in the key too: V8 would reject the cache anyway, and entries for
    // two Node versions used side by side do not overwrite each other.
    const key = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}\0${process.versions.v8}\0${process.execArgv.join(' ')}`;
    digest = Buffer.from(`fastapi-docker-lint code cache\0${key}\n`);
    cacheFile = path.join(directory, `${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x050c5d1f)}${CACHE_SUFFIX}`);
    if (safeDirectory(directory, false)) cachedData = readCache(cacheFile, digest);
  }
  const script = new Script(wrap(source), { filename: bundle, cachedData });
  if (directory && cacheFile && digest && (!cachedData || script.cachedDataRejected)) {
    const [file, header] = [cacheFile, digest];
    // Written at exit, so the functions this run compiled lazily are in the cache too.
    process.once('exit', () => {
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        if (!safeDirectory(directory, true)) return;
        writeFileSync(temporary, Buffer.concat([header, script.createCachedData()]), { mode: 0o600, flag: 'wx' });
        renameSync(temporary, file);
        prune(directory, path.basename(file));
      } catch {
        // A cache that cannot be written only costs speed.
        try {
          rmSync(temporary, { force: true });
        } catch {
          // Nothing to remove.
        }
      }
    });
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  run(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

// `--cache` over unchanged files: the output of last time, without loading the linter (src/cli/warm.ts).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});
const replayed = replay(process.argv.slice(2), process.cwd(), process.env, process);
if (replayed === undefined) start();
else process.exitCode = replayed;
