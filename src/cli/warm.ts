/**
 * The warm path of `--cache`: a run whose every file is unchanged gives back the output that the
 * same invocation printed last time, from the launcher, before the linter is loaded.
 *
 * The CLI records a run's stdout and stderr (src/cli/run.ts) when its files are named one by one
 * (or `./Dockerfile` is found) and nothing else is written (no --fix, no --output-file, no -c),
 * and keeps it beside the cache (`<cache>.replay`, signed) under the invocation's key
 * (src/node/cache-file.ts's replayKey), with what its files' entries rest on: stat signatures
 * (kept only when trusted), repository roots and real paths, exactly what src/node/cache.ts's
 * fast path checks. `replay` gives it back only when every one of them still holds. Anything
 * else, and the linter runs as usual.
 */
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheLocation, readSealed, replayKey, writeSealed } from '../node/cache-file.js';

interface Io {
  stdout: { write(text: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

/** The cache file named by `--cache-location` (or `--cache-location=`), the default with `--cache`, or none. */
function locationIn(argv: readonly string[]): string | undefined | false {
  let cache = false;
  for (let index = 0; index < argv.length && argv[index] !== '--'; index++) {
    if (argv[index] === '--cache-location') return argv[index + 1] ?? false;
    if (argv[index].startsWith('--cache-location=')) return argv[index].slice('--cache-location='.length);
    cache ||= argv[index] === '--cache';
  }
  return cache ? undefined : false;
}

/** Prints the recorded output of this invocation and returns its exit status, when it holds; else `undefined`. */
export function replay(argv: readonly string[], cwd: string, env: Record<string, string | undefined>, io: Io): number | undefined {
  const location = locationIn(argv);
  if (location === false) return undefined;
  const place = cacheLocation(location, cwd, env);
  if ('refused' in place) return undefined;
  const read = readSealed(`${place.file}.replay`, place.key);
  if (!('body' in read)) return undefined;
  // A line of JSON, then stdout and stderr as they were written.
  const newline = read.body.indexOf(0x0a);
  let recorded: { format: string; key: string; files: number; stdout: number; status: number; stat: string[]; signatures: number[]; answers: string[] };
  try {
    recorded = JSON.parse(read.body.toString('utf8', 0, newline));
  } catch {
    return undefined;
  }
  if (recorded?.format !== 'fastapi-docker-lint-cache-replay' || recorded.key !== replayKey(argv, cwd, env, io.stdout.isTTY === true)) return undefined;
  const { stat, signatures, answers } = recorded;
  if (!Number.isSafeInteger(recorded.files) || !Number.isSafeInteger(recorded.stdout) || (recorded.status !== 0 && recorded.status !== 1)) return undefined;
  if (!Array.isArray(stat) || !Array.isArray(signatures) || !Array.isArray(answers) || signatures.length !== stat.length * 5 || answers.length % 2 !== 0)
    return undefined;
  // Every file and directory the run listed or read, unchanged (src/node/session.ts's statSignature, as numbers).
  for (let index = 0; index < stat.length; index++) {
    const now = statSync(stat[index], { throwIfNoEntry: false });
    const at = index * 5;
    if (
      now === undefined ||
      now.dev !== signatures[at] ||
      now.ino !== signatures[at + 1] ||
      now.size !== signatures[at + 2] ||
      now.mtimeMs !== signatures[at + 3] ||
      now.ctimeMs !== signatures[at + 4]
    )
      return undefined;
  }
  // Repository roots (`g:`) and real paths (`p:`) as they were. A directory whose listing is
  // unchanged (above) still has no `.git` if it had none: only the directories above it are asked.
  const listed = new Set(stat);
  const roots = new Map<string, string>();
  const reals = new Map<string, string | undefined>();
  for (let index = 0; index < answers.length; index += 2) {
    const [fact, expected] = [String(answers[index]), answers[index + 1]];
    const target = fact.slice(2);
    const found =
      fact[0] === 'g'
        ? listed.has(target) && expected !== target
          ? gitRoot(path.dirname(target), roots)
          : gitRoot(target, roots)
        : fact[0] === 'p'
          ? (realPath(target, reals) ?? 'absent')
          : undefined;
    if (found !== expected) return undefined;
  }
  const output = read.body.subarray(newline + 1);
  io.stdout.write(output.subarray(0, recorded.stdout));
  io.stderr.write(`${output.subarray(recorded.stdout).toString('utf8')}fastapi-docker-lint: cache: ${recorded.files} from the cache, 0 linted\n`);
  return recorded.status;
}

/** The repository root above a directory, as src/node/repository.ts finds it (`g:` facts), each directory looked at once. */
function gitRoot(directory: string, known: Map<string, string>): string {
  let found = known.get(directory);
  if (found === undefined) {
    const parent = path.dirname(directory);
    found = existsSync(path.join(directory, '.git')) ? directory : parent === directory ? '' : gitRoot(parent, known);
    known.set(directory, found);
  }
  return found;
}

/** A real path as NodeSession.realPath resolves it (`p:` facts): one component at a time on its parent's. */
function realPath(file: string, known: Map<string, string | undefined>): string | undefined {
  if (known.has(file)) return known.get(file);
  const parent = path.dirname(file);
  let real: string | undefined = file;
  if (parent !== file) {
    const parentReal = realPath(parent, known);
    try {
      real = parentReal === undefined ? undefined : lstatSync(file).isSymbolicLink() ? realpathSync.native(file) : path.join(parentReal, path.basename(file));
    } catch {
      real = undefined;
    }
  }
  known.set(file, real);
  return real;
}

/** A run's output, to be given back under its invocation's key. */
export interface Replay {
  key: string;
  files: readonly string[];
  stdout: string;
  stderr: string;
  status: number;
}

/** A run's output larger than this is not kept for a replay. */
export const MAX_REPLAY_BYTES = 8 * 1024 * 1024;

/**
 * Keeps a run's output beside the cache (`<cache>.replay`, signed as the cache is) with what
 * `replay` must check (LintCache.replayChecks): a line of JSON (the signatures as numbers, in
 * flat lists, so little is parsed), then stdout and stderr as they were written. One replay,
 * the last run's; why it was not written (after the file's name), if it was not.
 */
export function keepReplay(cacheFile: string, key: Buffer, replay: Replay, checks: ReadonlyMap<string, string>, cwd: string): string | undefined {
  const head = {
    format: 'fastapi-docker-lint-cache-replay',
    key: replay.key,
    files: replay.files.length,
    status: replay.status,
    stdout: 0,
    stat: [] as string[],
    signatures: [] as number[],
    answers: [] as string[],
  };
  for (const [fact, value] of checks) {
    if (fact[0] !== 's') head.answers.push(fact, value);
    else {
      head.stat.push(fact.slice(2));
      head.signatures.push(...value.split(':').map(Number));
    }
  }
  const output = [Buffer.from(replay.stdout), Buffer.from(replay.stderr)];
  head.stdout = output[0].length;
  const body = Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`), ...output]);
  const known = readSealed(`${cacheFile}.replay`, key);
  return 'body' in known && known.body.equals(body) ? undefined : writeSealed(`${cacheFile}.replay`, key, body, cwd);
}

/**
 * Whether a run's output can be replayed: it writes nothing but stdout and stderr, reads no
 * standard input and no -c file, and its files are named one by one (the Dockerfile here,
 * without paths), each a regular file, so that finding them again needs no walk.
 */
export function replayable(
  options: { outputFile?: string; fix?: boolean; fixDryRun?: boolean; config?: string | false },
  paths: readonly string[],
  cwd: string,
): boolean {
  if (options.outputFile !== undefined || options.fix || options.fixDryRun || typeof options.config === 'string') return false;
  return (paths.length === 0 ? ['Dockerfile'] : paths).every(
    (given) => given !== '-' && lstatSync(path.resolve(cwd, given), { throwIfNoEntry: false })?.isFile() === true,
  );
}

/** An io whose stdout and stderr are also kept (up to `limit` characters), for a replay. */
export function recordOutput<T extends Io>(io: T, limit: number): { io: T; output(): { stdout: string; stderr: string } | undefined } {
  const kept = { stdout: '', stderr: '' };
  const tee = (name: 'stdout' | 'stderr') => ({
    isTTY: name === 'stdout' ? io.stdout.isTTY : undefined,
    write: (text: string) => {
      if (kept.stdout.length + kept.stderr.length <= limit) kept[name] += text;
      return io[name].write(text);
    },
  });
  return { io: { ...io, stdout: tee('stdout'), stderr: tee('stderr') }, output: () => (kept.stdout.length + kept.stderr.length <= limit ? kept : undefined) };
}
