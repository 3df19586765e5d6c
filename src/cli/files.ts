/** Reading Dockerfiles and writing fixed ones back without ever leaving a file half-written. */
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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

function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${bytes} bytes`;
}

/**
 * Reads a file as UTF-8 text; a one-line InputError says why it cannot be read. Synchronous on
 * purpose: files are read one after another anyway, and fs/promises costs start-up time.
 */
export function readTextFile(filePath: string, maxBytes: number): string {
  let buffer: Buffer;
  try {
    const stats = statSync(filePath);
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stats.size > maxBytes) {
      throw new InputError(`${filePath}: larger than ${describeSize(maxBytes)} (max-file-size), skipped`, 'skipped');
    }
    buffer = readFileSync(filePath);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${filePath}: ${describeFsError(error)}`);
  }
  return decodeText(buffer, filePath, maxBytes);
}

export async function readStream(stream: NodeJS.ReadableStream, name: string, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    chunks.push(buffer);
  }
  return decodeText(Buffer.concat(chunks, size), name, maxBytes);
}

/**
 * Text from bytes: NUL bytes mean a binary file; invalid UTF-8 is read with replacement
 * characters (the positions of everything else stay right).
 */
function decodeText(buffer: Buffer, name: string, maxBytes: number): string {
  if (buffer.length > maxBytes) throw new InputError(`${name}: larger than ${describeSize(maxBytes)} (max-file-size), skipped`, 'skipped');
  if (buffer.includes(0)) throw new InputError(`${name}: not a text file (it contains NUL bytes), skipped`, 'skipped');
  return buffer.toString('utf8');
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
