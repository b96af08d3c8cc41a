// CRC-32 (ISO 3309, the polynomial PNG chunks and zip use), slicing by 8: eight table lookups per eight bytes.

import { nextTask } from './next-task.ts';

const TABLES = (() => {
  const tables = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  // Table k gives the CRC of a byte followed by k zero bytes.
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) tables[k * 256 + n] = tables[(k - 1) * 256 + n] >>> 8 ^ tables[tables[(k - 1) * 256 + n] & 0xff];
  }
  return tables;
})();

/** CRC-32 of bytes[start, end), as an unsigned 32-bit integer; `before`: the CRC-32 of the bytes that precede them. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, before = 0): number {
  const t = TABLES;
  let c = before ^ -1;
  let i = start;
  for (const stop = end - 7; i < stop; i += 8) {
    const low = c ^ (bytes[i] | bytes[i + 1] << 8 | bytes[i + 2] << 16 | bytes[i + 3] << 24);
    c = t[1792 + (low & 0xff)] ^ t[1536 + (low >>> 8 & 0xff)] ^ t[1280 + (low >>> 16 & 0xff)] ^ t[1024 + (low >>> 24)]
      ^ t[768 + bytes[i + 4]] ^ t[512 + bytes[i + 5]] ^ t[256 + bytes[i + 6]] ^ t[bytes[i + 7]];
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Bytes one slice of crc32Yielding covers: about 4 ms of work. */
const YIELD_EVERY_BYTES = 4 * 1024 * 1024;

/** CRC-32 of a large buffer a slice at a time, the event loop running between slices (a 40 MB file is 40 ms of work). */
export async function crc32Yielding(bytes: Uint8Array): Promise<number> {
  let crc = 0;
  for (let start = 0; start < bytes.length; start += YIELD_EVERY_BYTES) {
    if (start > 0) await nextTask();
    crc = crc32(bytes, start, Math.min(bytes.length, start + YIELD_EVERY_BYTES), crc);
  }
  return crc;
}
