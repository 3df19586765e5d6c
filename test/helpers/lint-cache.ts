/** The lint cache as a test sees it: where a run keeps it, and its signed document read and written back. */
import { createHash, createHmac } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scratchDir } from './cli.js';

const TAG = 'fastapi-docker-lint-cache 2';

/** A fresh XDG_CACHE_HOME: the user's cache directory of one test. */
export function cacheHome(): string {
  return scratchDir();
}

/** Where a run in `cwd` keeps its cache by default (src/node/cache.ts's openLintCache). */
export function defaultCacheFile(home: string, cwd: string): string {
  return path.join(home, 'fastapi-docker-lint', `lint-${createHash('sha256').update(realpathSync(cwd)).digest('hex').slice(0, 32)}.json`);
}

/** The user's signing key in a cache home. */
export function signingKey(home: string): Buffer {
  return readFileSync(path.join(home, 'fastapi-docker-lint', 'key'));
}

/** The document of a signed cache file (its first line is the signature). */
export function readCache(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  return JSON.parse(text.slice(text.indexOf('\n') + 1));
}

/** Writes a cache document signed with `key`, as a run of ours would (or with someone else's key). */
export function writeSignedCache(file: string, document: unknown, key: Buffer): void {
  const body = Buffer.from(typeof document === 'string' ? document : JSON.stringify(document));
  const mac = createHmac('sha256', key).update(TAG).update('\n').update(body).digest('hex');
  writeFileSync(file, Buffer.concat([Buffer.from(`${TAG} ${mac}\n`), body]));
}

/**
 * Sets the modification time of every file and folder below `dir` (and of `dir`) an hour back:
 * the cache trusts a stat signature only for what was last modified more than 2 s before.
 */
export function age(dir: string): void {
  const past = new Date(Date.now() - 3600_000);
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) utimesSync(path.join(dir, entry), past, past);
  utimesSync(dir, past, past);
}
