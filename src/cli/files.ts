/** Reading Dockerfiles and writing fixed ones back without ever leaving a file half-written. */
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeUtf8, describeSize, readTextLimited } from '../context/read-limited.js';

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
    default:
      return (error as Error)?.message?.split('\n')[0] ?? String(error);
  }
}

/**
 * Replaces a file's content through a temporary file in the same directory and a rename, keeping
 * its mode: a crash or a full disk leaves either the old file or the new one, never a mix.
 */
let temporaryCount = 0;

export function writeFileAtomic(filePath: string, text: string): void {
  const directory = path.dirname(filePath);
  // Unique within this process; `wx` refuses to reuse a name another process left behind.
  const temporary = path.join(directory, `.${path.basename(filePath)}.${process.pid}.${Date.now().toString(36)}.${temporaryCount++}.tmp`);
  try {
    const { mode } = statSync(filePath);
    writeFileSync(temporary, text, { mode: mode & 0o7777, flag: 'wx' });
    chmodSync(temporary, mode & 0o7777);
    renameSync(temporary, filePath);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was created, or it cannot be removed either: the original is untouched.
    }
    throw new InputError(`${filePath}: could not write the fixed file (${describeFsError(error)}); the original is unchanged`);
  }
}
