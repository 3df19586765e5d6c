/**
 * Reading a file of a repository we do not trust: only regular files, never more than a limit.
 *
 * A FIFO named `Dockerfile` would block a plain open() forever, and a link to /dev/zero would
 * never end; a file's size can also lie (procfs) or change while we read. So the file is opened
 * with O_NONBLOCK (an open of a FIFO then returns at once), checked with fstat on the open
 * descriptor (no race between the check and the read), and read in chunks up to one byte past
 * the limit.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type LimitedRead =
  | { kind: 'text'; text: string }
  | { kind: 'too-large' }
  /** A FIFO, a device or a socket. */
  | { kind: 'not-a-file' }
  | { kind: 'binary' }
  /** UTF-16; `text`, decoded, when it starts with a byte-order mark (as pip reads a requirements file). */
  | { kind: 'utf16'; text?: string }
  | { kind: 'error'; error: NodeJS.ErrnoException };

/** O_NONBLOCK is not defined on Windows, where FIFOs of this kind do not exist. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The bytes of a regular file, or why there are none: at most `limit` bytes are kept. */
export function readRegularFile(
  absolutePath: string,
  limit: number,
): { kind: 'bytes'; buffer: Buffer } | Exclude<LimitedRead, { kind: 'text' | 'binary' | 'utf16' }> {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(absolutePath, OPEN_FLAGS);
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) return { kind: 'error', error: Object.assign(new Error('is a directory'), { code: 'EISDIR' }) };
    if (!stats.isFile()) return { kind: 'not-a-file' };
    if (stats.size > limit) return { kind: 'too-large' };
    return readAtMost(descriptor, limit, stats.size);
  } catch (error) {
    return { kind: 'error', error: error as NodeJS.ErrnoException };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/**
 * Reads to the end, keeping at most `limit` bytes. A regular file is read in one call: a buffer
 * one byte larger than its size comes back short at its end. A size of 0 may be a lie (procfs),
 * and a file may grow while read, so either case goes on in chunks until a read returns nothing.
 */
function readAtMost(descriptor: number, limit: number, size: number): { kind: 'bytes'; buffer: Buffer } | { kind: 'too-large' } {
  const first = Buffer.allocUnsafe(Math.min(size > 0 ? size + 1 : 64 * 1024, limit + 1));
  let total = readSync(descriptor, first, 0, first.length, null);
  if (size > 0 && total <= size) return { kind: 'bytes', buffer: first.subarray(0, total) };
  if (total > limit) return { kind: 'too-large' };
  const chunks: Buffer[] = [first.subarray(0, total)];
  for (let count = total; count > 0; ) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - total));
    count = readSync(descriptor, chunk, 0, chunk.length, null);
    total += count;
    if (total > limit) return { kind: 'too-large' };
    if (count > 0) chunks.push(chunk.subarray(0, count));
  }
  return { kind: 'bytes', buffer: Buffer.concat(chunks, total) };
}

/**
 * UTF-16 by its byte-order mark (FF FE, FE FF), or ASCII text with a NUL after (or before)
 * every character, as Windows editors and PowerShell's `>` write it without a BOM.
 */
export function looksLikeUtf16(buffer: Buffer): boolean {
  if (buffer.length >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))) return true;
  const sample = Math.min(buffer.length, 512) & ~1;
  if (sample < 4) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < sample; index += 2) {
    if (buffer[index] === 0 && buffer[index + 1] !== 0) evenNuls++;
    if (buffer[index + 1] === 0 && buffer[index] !== 0) oddNuls++;
  }
  const pairs = sample / 2;
  return evenNuls >= pairs * 0.9 || oddNuls >= pairs * 0.9;
}

/**
 * UTF-16 text that says so with a byte-order mark, decoded (without the mark), as pip's
 * `auto_decode` reads a requirements file; `undefined` without one.
 */
export function decodeUtf16WithBom(buffer: Buffer): string | undefined {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2, buffer.length - (buffer.length % 2)).toString('utf16le');
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, buffer.length - (buffer.length % 2)));
    return swapped.swap16().toString('utf16le');
  }
  return undefined;
}

/**
 * Text from bytes: UTF-16 and NUL bytes are refused (UTF-16 with a byte-order mark carries its
 * decoded text, for the readers that accept it); invalid UTF-8 reads as replacement characters.
 */
export function decodeUtf8(buffer: Buffer): { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'utf16'; text?: string } {
  if (looksLikeUtf16(buffer)) {
    const text = decodeUtf16WithBom(buffer);
    return text === undefined || text.includes('\0') ? { kind: 'utf16' } : { kind: 'utf16', text };
  }
  if (buffer.includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: buffer.toString('utf8') };
}

/** A regular file as UTF-8 text, or why it cannot be had. */
export function readTextLimited(absolutePath: string, limit: number): LimitedRead {
  const read = readRegularFile(absolutePath, limit);
  return read.kind === 'bytes' ? decodeUtf8(read.buffer) : read;
}

export function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${bytes} bytes`;
}
