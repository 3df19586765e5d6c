/**
 * Reading an untrusted file: every size round the one-read fast path and the limit comes back
 * whole or as too large, and a file whose size says 0 (procfs) is still read to its end.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegularFile, readTextLimited } from '../src/node/read-limited.js';
import { scratchDir } from './helpers/cli.js';

describe('readRegularFile', () => {
  const directory = scratchDir({});
  const limit = 100_000;

  it.each([0, 1, 4095, 4096, 65_536, 65_537, limit - 1, limit])('reads a %i-byte file whole', (size) => {
    const file = path.join(directory, `file-${size}`);
    const bytes = Buffer.alloc(size, 'a');
    writeFileSync(file, bytes);
    const read = readRegularFile(file, limit);
    expect(read.kind).toBe('bytes');
    if (read.kind === 'bytes') expect(read.buffer.equals(bytes)).toBe(true);
  });

  it('refuses a file one byte over the limit', () => {
    const file = path.join(directory, 'over');
    writeFileSync(file, Buffer.alloc(limit + 1, 'b'));
    expect(readRegularFile(file, limit).kind).toBe('too-large');
  });

  it.runIf(existsSync('/proc/self/status'))('reads a procfs file whose stated size is 0 to its end', () => {
    const read = readTextLimited('/proc/self/status', limit);
    expect(read.kind).toBe('text');
    if (read.kind === 'text') expect(read.text).toMatch(/^Name:[\s\S]*\nPid:\s+\d+[\s\S]*\n$/);
  });
});
