// Our zlib compressor: whatever it is given, at every level, zlib and fflate inflate it back to the same bytes; its
// Huffman codes are complete, within their length limit and optimal when the limit does not bind; and its tables,
// reused from call to call, never carry one input's matches into the next.
import { deflateSync, inflateSync } from 'node:zlib';
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { adler32, ZlibEncoder, type DeflateLevel } from '../../src/lib/deflate.ts';
import { huffmanLengths, reversedCodes } from '../../src/lib/huffman.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { CrafterEnv } from '../../src/sim/env.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';

const LEVELS: DeflateLevel[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  };
}

/** Bytes drawn from `alphabet` symbols, with repeats copied from up to `reach` bytes back. */
function sample(length: number, seed: number, alphabet = 256, reach = 40_000): Uint8Array {
  const next = random(seed);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; ) {
    if (i > 8 && next() < 90) {
      const from = Math.max(0, i - 1 - ((next() << 8) | next()) % reach);
      const run = Math.min(length - i, 3 + next());
      for (let k = 0; k < run; k++, i++) bytes[i] = bytes[from + k];
    } else bytes[i++] = next() % alphabet;
  }
  return bytes;
}

/** Frames a scripted walk renders, day and night (the night ones full of noise). */
function renderedFrames(count: number): Uint8Array[] {
  const env = new CrafterEnv({ seed: 11, length: 10_000 });
  const renderer = new FrameRenderer(builtinPack());
  env.reset();
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count * 40; i++) {
    env.wantNoise = i % 40 === 0;
    if (env.stepAction(1 + ((i >> 3) % 4)).done) env.reset();
    if (i % 40 === 0) frames.push(renderer.render(env));
  }
  return frames;
}

function expectRoundTrip(encoder: ZlibEncoder, data: Uint8Array, level: DeflateLevel): Uint8Array {
  const packed = encoder.zlib(data, level);
  expect(Buffer.compare(inflateSync(packed), Buffer.from(data))).toBe(0);
  expect(Buffer.compare(Buffer.from(unzlibSync(packed)), Buffer.from(data))).toBe(0);
  return packed;
}

describe('ZlibEncoder', () => {
  it('round-trips edge cases at every level: nothing, one byte, one value repeated, two values, noise', () => {
    const encoder = new ZlibEncoder();
    const cases = [
      new Uint8Array(0),
      new Uint8Array([42]),
      new Uint8Array([1, 2]),
      new Uint8Array(1000).fill(7),
      new Uint8Array(70_000).fill(255),
      Uint8Array.from({ length: 5000 }, (_, i) => (i % 2 ? 3 : 200)),
      Uint8Array.from({ length: 20_000 }, random(3)),
    ];
    for (const level of LEVELS) for (const data of cases) expectRoundTrip(encoder, data, level);
  });

  it('round-trips inputs past the 32 KB window and past a block of symbols, and stored blocks past 64 KB', () => {
    const encoder = new ZlibEncoder();
    for (const level of LEVELS) {
      expectRoundTrip(encoder, sample(150_000, 100 + level), level);
      expectRoundTrip(encoder, sample(200_000, 200 + level, 4, 60_000), level);
    }
  });

  it('round-trips rendered frames, and compresses them about as well as zlib at the same level', () => {
    const encoder = new ZlibEncoder();
    let ours = 0;
    let theirs = 0;
    for (const frame of renderedFrames(30)) {
      for (const level of [1, 4, 9] as const) {
        ours += expectRoundTrip(encoder, frame, level).length;
        theirs += deflateSync(frame, { level }).length;
      }
    }
    expect(ours / theirs).toBeLessThan(1.1);
  });

  it('gives the same bytes for the same input, whatever it compressed before', () => {
    const data = sample(30_000, 7);
    const fresh = new ZlibEncoder().zlib(data, 6);
    const used = new ZlibEncoder();
    for (let k = 0; k < 5; k++) used.zlib(sample(30_000, 50 + k), 6);
    expect(used.zlib(data, 6)).toEqual(fresh);
  });

  it('keeps working once its position stamps wrap around', () => {
    const encoder = new ZlibEncoder();
    const data = sample(50_000, 9);
    const expected = encoder.zlib(data, 5);
    (encoder as unknown as { stamp: number }).stamp = 0x3fffffff - 60_000;
    for (let k = 0; k < 3; k++) expect(expectRoundTrip(encoder, data, 5)).toEqual(expected);
  });

  it('writes a valid zlib header for each level and the Adler-32 of the input last', () => {
    const encoder = new ZlibEncoder();
    const data = sample(3000, 1);
    for (const level of LEVELS) {
      const packed = encoder.zlib(data, level);
      expect(packed[0]).toBe(0x78);
      expect((packed[0] * 256 + packed[1]) % 31).toBe(0);
      expect(Buffer.from(packed.subarray(-4)).readUInt32BE(0)).toBe(adler32(data));
    }
    expect(adler32(new Uint8Array(0))).toBe(1);
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });

  it('refuses a level outside 0 to 9', () => {
    expect(() => new ZlibEncoder().zlib(new Uint8Array(4), 10 as DeflateLevel)).toThrow(/level must be an integer 0 to 9/);
  });
});

/** Total bits of `freq` coded with `lengths`. */
const cost = (freq: Uint32Array, lengths: Uint8Array) => freq.reduce((sum, f, i) => sum + f * lengths[i], 0);
/** The Kraft sum of the used codes: 1 for a complete prefix code. */
const kraft = (lengths: Uint8Array) => lengths.reduce((sum, l) => sum + (l ? 2 ** -l : 0), 0);

/** Optimal (unlimited) Huffman cost: the sum of all merged weights. */
function huffmanCost(freq: Uint32Array): number {
  const weights = [...freq].filter((f) => f > 0);
  let total = 0;
  while (weights.length > 1) {
    weights.sort((a, b) => a - b);
    const merged = weights.shift()! + weights.shift()!;
    total += merged;
    weights.push(merged);
  }
  return total;
}

describe('huffmanLengths', () => {
  it('gives complete, optimal codes when the limit does not bind', () => {
    const next = random(5);
    for (let trial = 0; trial < 200; trial++) {
      const size = 2 + (trial % 290);
      const freq = Uint32Array.from({ length: size }, () => (next() < 60 ? 0 : 1 + next() * (1 + (next() % 40))));
      if (freq.filter((f) => f > 0).length < 2) freq.set([1, 1]);
      const lengths = huffmanLengths(freq, 15);
      expect(kraft(lengths)).toBe(1);
      if (Math.max(...lengths) < 15) expect(cost(freq, lengths)).toBe(huffmanCost(freq));
      freq.forEach((f, i) => expect(lengths[i] > 0).toBe(f > 0));
    }
  });

  it('keeps codes within the limit and complete when the optimal ones would be longer', () => {
    // Fibonacci weights make the deepest Huffman tree there is: 29 symbols would need 28 bits.
    const fib = [1, 1];
    while (fib.length < 29) fib.push(fib[fib.length - 1] + fib[fib.length - 2]);
    for (const limit of [7, 15]) {
      const lengths = huffmanLengths(Uint32Array.from(fib), limit);
      expect(Math.max(...lengths)).toBe(limit);
      expect(kraft(lengths)).toBe(1);
      // Commoner symbols never get longer codes.
      for (let i = 1; i < fib.length; i++) expect(lengths[i]).toBeLessThanOrEqual(lengths[i - 1]);
    }
  });

  it('gives one symbol alone a one-bit code, and none to an empty alphabet', () => {
    expect([...huffmanLengths(Uint32Array.from([0, 9, 0]), 15)]).toEqual([0, 1, 0]);
    expect([...huffmanLengths(new Uint32Array(4), 15)]).toEqual([0, 0, 0, 0]);
  });
});

describe('reversedCodes', () => {
  it('makes the canonical codes of RFC 1951 3.2.2, bits reversed', () => {
    // The RFC's example: lengths (3, 3, 3, 3, 3, 2, 4, 4) give 010 011 100 101 110 00 1110 1111.
    const codes = reversedCodes(Uint8Array.from([3, 3, 3, 3, 3, 2, 4, 4]));
    const canonical = ['010', '011', '100', '101', '110', '00', '1110', '1111'];
    expect([...codes]).toEqual(canonical.map((bits) => parseInt([...bits].reverse().join(''), 2)));
  });
});
