// Our CRC-32 (in every PNG chunk, zip member, journal batch and sealed file) against zlib's, on every alignment.
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Yielding } from '../../src/lib/crc32.ts';

// zlib.crc32 arrived in Node 20.15; older Node 20s check the known value only.
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

describe('crc32', () => {
  it('gives the check value of the CRC-32 catalogue', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it.skipIf(!zlibCrc32)('agrees with zlib on every length up to 40 and every start and end inside (skipped where Node lacks zlib.crc32)', () => {
    const bytes = new Uint8Array(randomBytes(4096));
    for (let length = 0; length <= 40; length++) {
      for (let start = 0; start < 9; start++) {
        const end = start + length;
        expect(crc32(bytes, start, end)).toBe(zlibCrc32!(bytes.subarray(start, end)));
      }
    }
    expect(crc32(bytes)).toBe(zlibCrc32!(bytes));
  });

  it('continues from the CRC of the bytes before, and a slice at a time gives the CRC of the whole', async () => {
    const bytes = new Uint8Array(randomBytes(9 * 1024 * 1024 + 13));
    const whole = crc32(bytes);
    for (const cut of [0, 1, 7, 4096, bytes.length - 3, bytes.length]) {
      expect(crc32(bytes, cut, bytes.length, crc32(bytes, 0, cut))).toBe(whole);
    }
    expect(await crc32Yielding(bytes)).toBe(whole);
    expect(await crc32Yielding(new Uint8Array(0))).toBe(0);
  });
});
