/**
 * The SHA-256 of a text (of its UTF-8 bytes) or of bytes, in hex: how the lint cache compares
 * contents. node:crypto is loaded on first use: a run without the cache never needs it, and
 * loading it costs about 6 ms of every start.
 */
import { createRequire } from 'node:module';

let loaded: typeof import('node:crypto') | undefined;

export function nodeCrypto(): typeof import('node:crypto') {
  return (loaded ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));
}

export function sha256(data: string | Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(data).digest('hex');
}
