import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode } from '../../src/lib/base64.ts';
import { Sha256, sha256Hex } from '../../src/lib/sha256.ts';

const bytes = (length: number, seed = 1) => {
  let state = seed;
  return new Uint8Array(length).map(() => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 24;
  });
};

describe('sha256', () => {
  it('equals node:crypto for every length around the block and padding edges', () => {
    for (const length of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 12288, 100_003]) {
      const data = bytes(length, length + 1);
      expect(sha256Hex(data), `length ${length}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('gives the same digest however the input is split', () => {
    const data = bytes(777, 5);
    const expected = createHash('sha256').update(data).digest('hex');
    for (const cuts of [[0], [1, 2, 3], [63, 64, 65], [100, 500, 776]]) {
      const hash = new Sha256();
      let start = 0;
      for (const cut of [...cuts, data.length]) {
        hash.update(data.subarray(start, cut));
        start = cut;
      }
      expect(hash.hex()).toBe(expected);
    }
  });

  it('refuses use after the digest', () => {
    const hash = new Sha256();
    hash.digest();
    expect(() => hash.update(new Uint8Array(1))).toThrow(/after digest/);
    expect(() => hash.digest()).toThrow(/twice/);
  });
});

describe('base64', () => {
  it('equals Buffer for every tail length and round-trips', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 6, 255, 256, 1000, 4097]) {
      const data = bytes(length, length + 7);
      const text = base64Encode(data);
      expect(text).toBe(Buffer.from(data).toString('base64'));
      expect(base64Decode(text)).toEqual(data);
    }
  });

  it('rejects malformed text', () => {
    expect(() => base64Decode('abc')).toThrow(/multiple of 4/);
    expect(() => base64Decode('ab$=')).toThrow(/bad character/);
    expect(() => base64Decode('a=bc')).toThrow(/bad character/);
  });
});
