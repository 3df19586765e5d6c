/** Reading Dockerfiles and writing fixed ones back without ever leaving a file half-written. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export class InputError extends Error {}

/** Reads a file as UTF-8 text; a one-line InputError says why it cannot be read. */
export async function readTextFile(filePath: string): Promise<string> {
  let buffer: Buffer;
  try {
    buffer = await fs.readFile(filePath);
  } catch (error) {
    throw new InputError(`${filePath}: ${describeFsError(error)}`);
  }
  return decodeText(buffer, filePath);
}

export async function readStream(stream: NodeJS.ReadableStream, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return decodeText(Buffer.concat(chunks), name);
}

function decodeText(buffer: Buffer, name: string): string {
  if (buffer.includes(0)) throw new InputError(`${name}: not a text file (it contains NUL bytes), skipped`);
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
export async function writeFileAtomic(filePath: string, text: string): Promise<void> {
  const directory = path.dirname(filePath);
  const temporary = path.join(directory, `.${path.basename(filePath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const { mode } = await fs.stat(filePath);
    await fs.writeFile(temporary, text, { mode: mode & 0o7777, flag: 'wx' });
    await fs.chmod(temporary, mode & 0o7777);
    await fs.rename(temporary, filePath);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw new InputError(`${filePath}: could not write the fixed file (${describeFsError(error)}); the original is unchanged`);
  }
}
