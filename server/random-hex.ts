import { randomFillSync } from "node:crypto";

// Random hex for ids (rows written by raw SQL, trace and span ids), drawn from a pool of the
// CSPRNG's bytes refilled 4 KiB at a time, as crypto.randomUUID does: each randomBytes call of a
// few bytes pays a call into the binding, and a chat turn makes several. Bytes are handed out
// once and the pool is never exposed.

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** `bytes` random bytes (at most 4096) as lower-case hex. */
export function randomHex(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > POOL_BYTES) {
    throw new RangeError(`randomHex: bytes must be an integer from 1 to ${POOL_BYTES}`);
  }
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString("hex", offset, offset + bytes);
  offset += bytes;
  return hex;
}
