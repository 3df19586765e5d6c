/** The SHA-256 of a text (of its UTF-8 bytes) or of bytes, in hex: how the lint cache compares contents. */
import { createHash } from 'node:crypto';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
