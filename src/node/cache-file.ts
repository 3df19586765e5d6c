/**
 * The lint cache's file, and what can be checked of it without the linter (src/cli/warm.ts does,
 * before the linter is loaded; src/node/cache.ts before it lints).
 *
 * - Where: `--cache-location`, else the user's cache directory, one file per working directory.
 * - Trust: it is signed with the user's key (src/node/signed-file.ts), read only as a regular
 *   file (never through a link) of at most 32 MiB holding at most 3 million JSON items (counted
 *   before it is parsed), and written to a temporary file renamed over it, never through a folder
 *   that links out of the repository.
 * - Stat signatures (`s:PATH` facts): a directory listed or a file read is unchanged when its
 *   device, inode, size, modification and change times are, unless it was modified within 2 s of
 *   when the signature was taken (git's rule for "racily clean" files): then it is read again.
 * - Replays: a whole run's output, kept beside the cache (`<cache>.replay`) under a key of its
 *   invocation (argv, working directory, environment, build, day), given back when every file it
 *   linted is unchanged (src/cli/warm.ts).
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { seal, unseal } from './signed-file.js';
import { privateDirectory, signingKey, userCacheDirectory } from './user-cache.js';
import { refusedWritePlace } from './write-place.js';
import { replaceAtomically } from './atomic-write.js';
import { VERSION } from '../core/version.js';
import { sha256 } from './sha256.js';

/** The cache's name in a `--cache-location` directory. */
export const CACHE_FILE_NAME = '.fdlcache';
/** A cache file larger than this is not read (and is rewritten). */
export const MAX_CACHE_BYTES = 32 * 1024 * 1024;
/** The most `{`, `[`, `,` and `:` a cache may hold: at least as many as its objects, arrays, members and elements. */
export const MAX_CACHE_TOKENS = 3_000_000;
/** A signature taken within this many milliseconds of the file's modification is not trusted. */
export const RACY_MS = 2000;

declare const __FDL_BUILD__: string | undefined;
/** This build of the linter (the bundle's build id; the version when run from the compiled modules). */
export const BUILD = typeof __FDL_BUILD__ === 'string' ? __FDL_BUILD__ : VERSION;

/** The cache file and the key it is signed with, or why there is no cache. */
export function cacheLocation(
  location: string | undefined,
  cwd: string,
  env: Record<string, string | undefined>,
): { file: string; key: Buffer } | { refused: string } {
  const directory = userCacheDirectory(env);
  if (directory === undefined) return { refused: 'no cache directory (set HOME or XDG_CACHE_HOME)' };
  const own = privateDirectory(directory, cwd, true);
  if ('refused' in own) return own;
  const key = signingKey(directory);
  if ('refused' in key) return key;
  if (location === undefined) return { file: path.join(directory, `lint-${sha256(cwd).slice(0, 32)}.json`), key: key.key };
  // A directory (existing, or written with a trailing slash) holds `.fdlcache`.
  const resolved = path.resolve(cwd, location);
  let isDirectory = /[\\/]$/.test(location);
  try {
    isDirectory ||= statSync(resolved).isDirectory();
  } catch {
    // Not there yet: a file.
  }
  return { file: isDirectory ? path.join(resolved, CACHE_FILE_NAME) : resolved, key: key.key };
}

/** The bytes `{`, `[`, `,` and `:` in a text, up to `limit` + 1 (searched natively: few where the text is mostly strings). */
function countTokens(body: Buffer, limit: number): number {
  let count = 0;
  for (const byte of [0x7b, 0x5b, 0x2c, 0x3a]) for (let at = body.indexOf(byte); at !== -1 && count <= limit; at = body.indexOf(byte, at + 1)) count++;
  return count;
}

export type SealedRead = { body: Buffer } | { absent: true } | { unusable: string } | { invalid: string };

/**
 * A signed file's body: absent, unusable (a link, not a regular file: left alone; the message
 * follows the file's name), invalid (to be rewritten), or the bytes its signature covers.
 */
export function readSealed(file: string, key: Buffer): SealedRead {
  let descriptor: number | undefined;
  try {
    try {
      descriptor = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { absent: true };
      if (code === 'ELOOP' || code === 'EMLINK')
        return { unusable: ' is a symbolic link: the cache is not used (remove it or choose another --cache-location)' };
      return { unusable: `: the cache cannot be read (${code ?? (error as Error).message}), so it is not used` };
    }
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return { unusable: ' is not a regular file: the cache is not used' };
    if (stats.size > MAX_CACHE_BYTES) return { invalid: 'it is larger than 32 MiB' };
    // The placeholder of a first run (see placeholder), or of one that was interrupted.
    if (stats.size === 0) return { absent: true };
    const data = Buffer.allocUnsafe(stats.size);
    let total = 0;
    for (let count = 1; count > 0 && total < data.length; total += count) count = readSync(descriptor, data, total, data.length - total, null);
    // Only a file this user's runs signed is looked at at all.
    const body = unseal(key, data.subarray(0, total));
    return body === undefined ? { invalid: "it is not signed with this user's key" } : { body };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** The cache's document (see readSealed), its items counted before it is parsed. */
export function readCacheFile(file: string, key: Buffer): { document: unknown } | Exclude<SealedRead, { body: Buffer }> {
  const read = readSealed(file, key);
  if (!('body' in read)) return read;
  if (countTokens(read.body, MAX_CACHE_TOKENS) > MAX_CACHE_TOKENS) return { invalid: 'it holds too many items' };
  try {
    return { document: JSON.parse(read.body.toString('utf8')) };
  } catch {
    return { invalid: 'not JSON' };
  }
}

/** Writes a body signed, through a temporary file and a rename; why it was not written (after the file's name), if it was not. */
export function writeSealed(file: string, key: Buffer, body: Buffer, cwd: string): string | undefined {
  const refused = refusedWritePlace(file, cwd);
  if (refused !== undefined) return `: the cache is not written: ${refused}`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    replaceAtomically(file, seal(key, body), undefined, undefined, () => {
      // A link (or directory) put in the cache's place since it was read is not replaced.
      if (lstatSync(file, { throwIfNoEntry: false })?.isFile() === false) throw new Error('not a regular file');
    });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? ' is not a regular file: the cache is not written' : `: the cache could not be written (${code})`;
  }
}

/**
 * A first run creates an empty cache file before it lints: a cache kept in a build context (with
 * --cache-location) is then listed the same by the next run. Nothing when it may not be written.
 */
export function placeholder(file: string, cwd: string): void {
  if (refusedWritePlace(file, cwd) !== undefined) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644));
  } catch {
    // Not possible here: saving says why.
  }
}

/** Whether a signature can stand for the file's contents: taken when it was last modified more than RACY_MS before `at`. */
export function trusted(signature: string, at: number): boolean {
  const modified = Number(signature.split(':')[3]);
  return Number.isFinite(modified) && modified < at - RACY_MS;
}

/**
 * Whether every `s:PATH` fact of an entry still holds and can be trusted, so that what was read
 * there need not be read again (`current` memoises the signatures taken this run).
 */
export function signaturesHold(facts: Record<string, string>, at: number, current: Map<string, string>, sign: (file: string) => string): boolean {
  for (const fact in facts) {
    if (!fact.startsWith('s:')) continue;
    const file = fact.slice(2);
    let now = current.get(file);
    if (now === undefined) current.set(file, (now = sign(file)));
    if (now !== facts[fact] || !trusted(now, at)) return false;
  }
  return true;
}

/**
 * The key of a whole run's replay: everything the CLI reads besides the disk (its arguments,
 * working directory, environment, whether stdout is a terminal), this build, and the day (the
 * support-window rules judge by it).
 */
export function replayKey(argv: readonly string[], cwd: string, env: Record<string, string | undefined>, tty: boolean): string {
  const read = Object.keys(env)
    .filter((name) => name.startsWith('FASTAPI_DOCKER_LINT_') || ['GITHUB_ACTIONS', 'NO_COLOR', 'FORCE_COLOR', 'TERM'].includes(name))
    .sort()
    .map((name) => [name, env[name]]);
  return sha256(JSON.stringify([BUILD, cwd, argv, read, tty, new Date().toISOString().slice(0, 10)]));
}
