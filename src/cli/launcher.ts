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
 * - the cache is keyed on a SHA-256 of the bundle's bytes (about 1 ms for the 0.5 MB bundle), and
 *   the file starts with that hash, so an upgrade, or an old cache renamed, never runs old code;
 * - it is used only from a directory that is ours (src/node/user-cache.ts): owned by this user, not
 *   a symbolic link, not writable by group or others, and not in the repository being linted (a
 *   pull request can commit `.cache/fastapi-docker-lint/`, and CI may set XDG_CACHE_HOME inside
 *   the checkout); the file itself must be ours too, a regular file with one link and not
 *   writable by group or others. Anything else (a shared XDG_CACHE_HOME, HOME=/tmp, a cache
 *   restored by CI from someone else's run) is ignored and never written to;
 * - entries of other bundles are pruned when a new one is written.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
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

/** The cache's bytes after its header, when the file is ours and made for this exact bundle. */
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

/** Compiles the bundle with the code cache, and runs it. */
function start(): void {
  const sourceBytes = readFileSync(bundle);
  const source = sourceBytes.toString('utf8');
  const directory = cacheDirectory();
  let cacheFile: string | undefined;
  let digest: Buffer | undefined;
  let cachedData: Buffer | undefined;
  if (directory) {
    // V8's version and flags are in the key too: V8 would reject the cache anyway, and entries for
    // two Node versions used side by side do not overwrite each other.
    digest = createHash('sha256').update(sourceBytes).update(`\0${process.versions.v8}\0${process.execArgv.join(' ')}`).digest();
    cacheFile = path.join(directory, `${digest.toString('hex').slice(0, 32)}${CACHE_SUFFIX}`);
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
