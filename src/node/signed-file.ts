/**
 * The lint cache's envelope: a first line naming the format and the HMAC-SHA256 of the rest under
 * the user's key (src/node/user-cache.ts), then the rest. A file that came with a checkout, or
 * from anyone else, cannot carry a valid signature, and is refused before a byte of it is parsed.
 */
import { nodeCrypto } from './sha256.js';

const TAG = 'fastapi-docker-lint-cache 2';
const HEADER_BYTES = TAG.length + 1 + 64 + 1;

function mac(key: Buffer, body: Buffer): Buffer {
  return nodeCrypto().createHmac('sha256', key).update(TAG).update('\n').update(body).digest();
}

export function seal(key: Buffer, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${TAG} ${mac(key, body).toString('hex')}\n`), body]);
}

/** The body of a sealed file; `undefined` when it is not one, or not signed with this key. */
export function unseal(key: Buffer, data: Buffer): Buffer | undefined {
  if (data.length < HEADER_BYTES || data.toString('latin1', 0, TAG.length + 1) !== `${TAG} ` || data[HEADER_BYTES - 1] !== 0x0a) return undefined;
  const claimed = Buffer.from(data.toString('latin1', TAG.length + 1, HEADER_BYTES - 1), 'hex');
  const body = data.subarray(HEADER_BYTES);
  return claimed.length === 32 && nodeCrypto().timingSafeEqual(claimed, mac(key, body)) ? body : undefined;
}
