#!/usr/bin/env node
/**
 * The `fastapi-docker-lint` executable: a launcher for the bundled CLI (dist/bundle/main.cjs).
 *
 * Start-up time is mostly V8 compiling the bundle. The launcher compiles it with a V8 code cache
 * kept per user (`$XDG_CACHE_HOME` or `~/.cache`, never a shared directory: the cache holds
 * code), so every run after the first skips most of that work on any Node version.
 * FASTAPI_DOCKER_LINT_NO_CACHE=1 turns it off.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.cjs');

function cacheFileFor(file: string): string | undefined {
  if (process.env.FASTAPI_DOCKER_LINT_NO_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || (homedir() ? path.join(homedir(), '.cache') : '');
  if (!base) return undefined;
  const { size, mtimeMs } = statSync(file);
  // V8 also checks the source and its own version and flags, and rejects a cache that differs.
  return path.join(base, 'fastapi-docker-lint', `${process.versions.v8}-${size}-${Math.round(mtimeMs)}.cache`);
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

const source = readFileSync(bundle, 'utf8');
const cacheFile = cacheFileFor(bundle);
const cachedData = readCache(cacheFile);
const script = new Script(wrap(source), { filename: bundle, cachedData });
if (cacheFile && (!cachedData || script.cachedDataRejected)) {
  // Written at exit, so the functions this run compiled lazily are in the cache too.
  process.once('exit', () => {
    try {
      mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
      renameSync(temporary, cacheFile);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  });
}
const module = { exports: {} };
const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
run(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
