/**
 * The user's own cache directory, `$XDG_CACHE_HOME/fastapi-docker-lint` (else
 * `~/.cache/fastapi-docker-lint`): the launcher's V8 code cache, the lint cache's signing key and,
 * by default, the lint caches themselves.
 *
 * What is read from it is trusted (code, a key), so it is used only when nobody else can have
 * written it: the directory is ours (owned by this user, not a symbolic link, not writable by
 * group or others), and it does not lie in the repository being linted — a pull request could
 * commit `.cache/fastapi-docker-lint/` with files of any mode, and a CI job may point
 * XDG_CACHE_HOME into its checkout. A file read from it is opened without following a link,
 * must be a regular file with one link, ours, and not writable by group or others.
 */
import { closeSync, constants, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, writeSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { nodeCrypto } from './sha256.js';
import { isInside } from './is-inside.js';

/** Owned by the user running us, and nobody else can write to it. */
export function isOurs(stats: Stats): boolean {
  const uid = process.getuid?.();
  return (uid === undefined || stats.uid === uid) && (stats.mode & 0o022) === 0;
}

/** `$XDG_CACHE_HOME/fastapi-docker-lint` or `~/.cache/fastapi-docker-lint`; a relative XDG_CACHE_HOME is invalid (XDG spec) and ignored. */
export function userCacheDirectory(env: Record<string, string | undefined> = process.env): string | undefined {
  let home = '';
  try {
    home = homedir();
  } catch {
    // No home directory (no HOME, no passwd entry): no cache.
  }
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : home && path.isAbsolute(home) ? path.join(home, '.cache') : '';
  return base ? path.join(base, 'fastapi-docker-lint') : undefined;
}

/** The nearest directory at or above `cwd` holding `.git`, else `cwd`: what a checkout can hold. */
function checkoutOf(cwd: string): string {
  for (let current = cwd; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return cwd;
  }
}

/**
 * The directory, when it is safe to read trusted data from and write to (`create`: made, mode
 * 0700, when missing); otherwise why not. `cwd` is the run's working directory: the directory
 * may not lie in its repository (or in it, outside any repository).
 */
export function privateDirectory(directory: string, cwd: string, create: boolean): { directory: string } | { refused: string } {
  try {
    if (create) mkdirSync(directory, { recursive: true, mode: 0o700 });
    const stats = lstatSync(directory);
    if (!stats.isDirectory()) return { refused: `${directory} is not a directory` };
    if (!isOurs(stats)) return { refused: `${directory} is not private (owned by another user, or writable by others)` };
    if (isInside(realpathSync.native(directory), realpathSync.native(checkoutOf(cwd)))) return { refused: `${directory} lies in the repository being linted` };
    return { directory };
  } catch (error) {
    return { refused: `${directory}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

/** A file of ours (see the module's comment), whole, up to `limit` bytes; `undefined` when absent, unsafe or larger. */
export function readPrivateFile(file: string, limit: number, { secret = false } = {}): Buffer | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(descriptor);
    // A secret may not be readable by others either.
    if (!stats.isFile() || stats.nlink !== 1 || !isOurs(stats) || (secret && (stats.mode & 0o077) !== 0) || stats.size > limit) return undefined;
    const data = Buffer.allocUnsafe(stats.size);
    let total = 0;
    for (let count = 1; count > 0 && total < data.length; total += count) count = readSync(descriptor, data, total, data.length - total, null);
    return data.subarray(0, total);
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

const KEY_BYTES = 32;

/**
 * The lint cache's signing key: 32 random bytes in `key`, mode 0600, made on first use. A key
 * file that is not ours or readable by others is not used (nor replaced): the reason is returned.
 */
export function signingKey(directory: string): { key: Buffer } | { refused: string } {
  const file = path.join(directory, 'key');
  let key = readPrivateFile(file, KEY_BYTES, { secret: true });
  if (key === undefined && !existsSync(file)) {
    try {
      const descriptor = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        writeSync(descriptor, nodeCrypto().randomBytes(KEY_BYTES));
      } finally {
        closeSync(descriptor);
      }
    } catch {
      // Made by a run beside us: read theirs.
    }
    key = readPrivateFile(file, KEY_BYTES, { secret: true });
  }
  return key?.length === KEY_BYTES ? { key } : { refused: `${file} is not a private key of ${KEY_BYTES} bytes (mode 0600, owned by this user)` };
}
