/** Reading Dockerfiles and writing fixed ones back without ever leaving a file half-written. */
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { decodeUtf8, describeSize, readTextLimited } from '../node/read-limited.js';
import { replaceAtomically, temporaryNameFor } from '../node/atomic-write.js';
import { refusedWritePlace } from '../node/write-place.js';

export class InputError extends Error {
  /**
   * `skipped`: the file is not something to lint (binary, too large); the run fails only if
   * nothing else was linted. `error`: the file could not be read at all.
   */
  constructor(
    message: string,
    readonly kind: 'skipped' | 'error' = 'error',
  ) {
    super(message);
  }
}

/** The one-line reason a file is skipped, for the kinds of read that give no text. */
function skipReason(kind: 'too-large' | 'not-a-file' | 'binary' | 'utf16', maxBytes: number): string {
  switch (kind) {
    case 'too-large':
      return `larger than ${describeSize(maxBytes)} (max-file-size), skipped`;
    case 'not-a-file':
      return 'not a regular file (a FIFO, a device or a socket), skipped';
    case 'utf16':
      return 'UTF-16 is not supported, save it as UTF-8; skipped';
    default:
      return 'not a text file (it contains NUL bytes), skipped';
  }
}

/**
 * Reads a file as UTF-8 text; a one-line InputError says why it cannot be read. Only regular
 * files are read (a FIFO cannot block us, a link to /dev/zero cannot fill the memory), and
 * never more than `maxBytes`. Synchronous on purpose: files are read one after another anyway,
 * and fs/promises costs start-up time.
 */
export function readTextFile(filePath: string, maxBytes: number): string {
  const read = readTextLimited(filePath, maxBytes);
  switch (read.kind) {
    case 'text':
      return read.text;
    case 'error':
      throw new InputError(`${filePath}: ${describeFsError(read.error)}`);
    default:
      throw new InputError(`${filePath}: ${skipReason(read.kind, maxBytes)}`, 'skipped');
  }
}

/** Reads standard input, stopping (and skipping it) as soon as it passes `maxBytes`. */
export async function readStream(stream: NodeJS.ReadableStream, name: string, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      // Stop reading: the rest is never buffered. pause() leaves the writer to a closed pipe.
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new InputError(`${name}: ${skipReason('too-large', maxBytes)}`, 'skipped');
    }
    chunks.push(buffer);
  }
  const read = decodeUtf8(Buffer.concat(chunks, size));
  if (read.kind !== 'text') throw new InputError(`${name}: ${skipReason(read.kind, maxBytes)}`, 'skipped');
  return read.text;
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    default:
      return (error as Error)?.message?.split('\n')[0] ?? String(error);
  }
}

/** Why a write failed, never naming the temporary file (a write error's message names it). */
function describeWriteError(error: unknown): string {
  const described = describeFsError(error);
  const code = (error as NodeJS.ErrnoException)?.code;
  return code && described === (error as Error)?.message?.split('\n')[0] ? code : described;
}

/** A refusal to write, already worded for the user; the original is untouched. */
class Refusal extends Error {}

/**
 * A report (`--output-file`) written as the run goes, into a temporary file beside the target
 * that `commit()` renames over it: the target holds the old report or the whole new one, never
 * a part. Refused before anything is linted: a symbolic link (a committed
 * `fastapi-docker-lint.sarif` link would make us overwrite its target) and anything that is not
 * a regular file (`/dev/null` must not be replaced), and a folder of the repository that is a
 * symbolic link out of it (src/node/write-place.ts). A write error (a full disk) is kept and
 * reported by `commit()`; `abort()` removes the temporary file.
 */
export class ReportFile {
  private error: unknown;
  private done = false;

  private constructor(
    private readonly target: string,
    private readonly displayPath: string,
    private readonly temporary: string,
    private descriptor: number | undefined,
    private readonly mode: number | undefined,
  ) {}

  static open(filePath: string, displayPath: string, cwd: string): ReportFile {
    const refused = refusedWritePlace(filePath, cwd);
    if (refused !== undefined) throw new InputError(`${displayPath}: ${refused}; the report is not written`);
    let existing: Stats | undefined;
    try {
      existing = lstatSync(filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`${displayPath}: cannot write the report (${describeWriteError(error)})`);
    }
    if (existing?.isSymbolicLink())
      throw new InputError(`${displayPath}: is a symbolic link; the report is not written through it (remove it or choose another --output-file)`);
    if (existing && !existing.isFile()) throw new InputError(`${displayPath}: not a regular file; the report is not written to it`);
    const mode = existing ? existing.mode & 0o7777 : undefined;
    const temporary = temporaryNameFor(filePath);
    try {
      // A new file (no mode given) gets the usual 0666 less the umask.
      const descriptor = openSync(
        temporary,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        mode === undefined ? 0o666 : 0o600,
      );
      return new ReportFile(filePath, displayPath, temporary, descriptor, mode);
    } catch (error) {
      throw new InputError(`${displayPath}: cannot write the report (${describeWriteError(error)})`);
    }
  }

  write(text: string): void {
    if (this.error !== undefined || this.descriptor === undefined) return;
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(this.descriptor, bytes, offset, bytes.length - offset);
    } catch (error) {
      this.error = error;
    }
  }

  /** Flushes the report to disk and renames it over the target. */
  commit(): void {
    try {
      if (this.error !== undefined) throw this.error;
      const descriptor = this.descriptor as number;
      if (this.mode !== undefined) fchmodSync(descriptor, this.mode);
      fsyncSync(descriptor);
      closeSync(descriptor);
      this.descriptor = undefined;
      renameSync(this.temporary, this.target);
      this.done = true;
    } catch (error) {
      this.abort();
      throw new InputError(`${this.displayPath}: cannot write the report (${describeWriteError(error)})`);
    }
  }

  /** Removes the temporary file (nothing once committed). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      if (this.descriptor !== undefined) closeSync(this.descriptor);
      this.descriptor = undefined;
      rmSync(this.temporary, { force: true });
    } catch {
      // Nothing was created, or it cannot be removed either: the original is untouched.
    }
  }
}

/** Can this process write to the file? As root (which may write anything), only if someone may. */
function isWritable(filePath: string, stats: Stats): boolean {
  if (process.getuid?.() === 0) return (stats.mode & 0o222) !== 0;
  try {
    accessSync(filePath, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function isInside(file: string, directory: string): boolean {
  const relative = path.relative(directory, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Writes a fixed Dockerfile back, changing nothing but the fix:
 * - a symbolic link stays a link: the fix is written to its target, which must lie inside one of
 *   `allowedRoots` (the working directory, the repository); a link out of them is not fixed;
 * - a file with several hard links is not fixed (a new file would split it from its other names,
 *   and writing in place is not atomic);
 * - a read-only file is not fixed; mode and owner are kept (as root, with fchown);
 * - the file must still hold exactly the bytes that were linted (`original`, as UTF-8): a file
 *   that is not valid UTF-8 is not fixed (its bytes could not be kept), and one that changed
 *   since it was read is not overwritten (it is checked again just before the rename).
 * Throws an InputError naming `displayPath` when it does not write.
 */
export function writeFixedFile(filePath: string, displayPath: string, original: string, fixed: string, allowedRoots: string[]): void {
  try {
    let target = filePath;
    let stats = lstatSync(target);
    if (stats.isSymbolicLink()) {
      target = realpathSync(filePath);
      const roots = allowedRoots.flatMap((root) => {
        try {
          return [realpathSync(root)];
        } catch {
          return [];
        }
      });
      if (!roots.some((root) => isInside(target, root)))
        throw new Refusal('is a symbolic link to a file outside the working directory and the repository; not fixed');
      stats = lstatSync(target);
    }
    if (!stats.isFile()) throw new Refusal('not a regular file; not fixed');
    if (stats.nlink > 1)
      throw new Refusal(`has ${stats.nlink} hard links; not fixed, as a new file would split it from the others (fix a copy, or remove the other links)`);
    if (!isWritable(target, stats)) throw new Refusal('is read-only; not fixed (make it writable to fix it)');

    const expected = Buffer.from(original, 'utf8');
    const current = readCurrentBytes(target);
    if (!current.bytes.equals(expected)) {
      if (current.bytes.toString('utf8') === original) throw new Refusal('is not valid UTF-8; not fixed, as a fix would replace the invalid bytes');
      throw new Refusal('changed while it was being linted; not fixed (run again)');
    }
    const seen = current.stats;
    replaceAtomically(target, Buffer.from(fixed, 'utf8'), seen.mode & 0o7777, { uid: seen.uid, gid: seen.gid }, () => {
      // The last look before the rename: an edit made since the check above is not lost.
      const now = lstatSync(target);
      if (now.ino !== seen.ino || now.dev !== seen.dev || now.size !== seen.size || now.mtimeMs !== seen.mtimeMs || now.nlink !== 1) {
        throw new Refusal('changed while it was being linted; not fixed (run again)');
      }
    });
  } catch (error) {
    if (error instanceof Refusal) throw new InputError(`${displayPath}: ${error.message}`);
    throw new InputError(`${displayPath}: could not write the fixed file (${describeWriteError(error)}); the original is unchanged`);
  }
}

/** The file's bytes and the stats of the same open file (never through a link). */
function readCurrentBytes(filePath: string): { bytes: Buffer; stats: Stats } {
  // Non-blocking: should a FIFO have taken the file's place since the check, opening does not hang.
  const descriptor = openSync(filePath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw new Refusal('changed while it was being linted; not fixed (run again)');
    return { stats, bytes: readFileSync(descriptor) };
  } finally {
    closeSync(descriptor);
  }
}
