import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/sim/rng.ts';
import { CrafterEnv } from '../../src/sim/env.ts';
import { episodeWorldSeed, pythonTupleHash } from '../../src/sim/tuplehash.ts';

// Expected values printed by numpy's legacy RandomState (numpy 2.4.6; legacy streams are frozen).
describe('RandomState (numpy legacy MT19937)', () => {
  it('seeds like init_genrand', () => {
    const r = new RandomState(0);
    expect(Array.from(r.key.slice(0, 4))).toEqual([0, 1, 1812433255, 1900727105]);
    expect(r.key[623]).toBe(1796872496);
    expect(r.pos).toBe(624);
  });

  it('draws uniform() like numpy', () => {
    const r = new RandomState(42);
    expect([0, 1, 2, 3, 4].map(() => r.uniform())).toEqual([
      0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366, 0.15601864044243652,
    ]);
  });

  it('draws randint with masked rejection, and randint(0, 1) draws nothing', () => {
    const r = new RandomState(7);
    const got = [...Array.from({ length: 10 }, () => r.randint(0, 4)), r.randint(0, 1), ...Array.from({ length: 5 }, () => r.randint(0, 37))];
    expect(got).toEqual([3, 0, 1, 2, 3, 3, 3, 3, 0, 1, 0, 14, 23, 8, 25, 26]);
    expect(new RandomState(1256191933).randint(0, 2 ** 31 - 1)).toBe(487388145);
  });

  it('draws uniform(low, high, n) in C order and skipping equals drawing', () => {
    const r = new RandomState(9);
    expect(Array.from(r.uniformArray(32, 127, [3, 4]))).toEqual([
      32.98554461914149, 79.67808625413018, 79.09846284774387, 44.71380525113128, 45.50055311818116, 52.76307418447743,
      71.758277148493, 55.569610999288116, 39.98566686070826, 64.82237080478801, 47.84375292057054, 115.4631131256026,
    ]);
    expect(r.uniform()).toBe(0.9509640316267165);
    const skipped = new RandomState(9);
    skipped.skipUniforms(32, 127, [3, 4]);
    expect(skipped.uniform()).toBe(0.9509640316267165);
  });

  it('tracks the position and key like get_state()', () => {
    const r = new RandomState(123);
    for (let i = 0; i < 400; i++) r.uniform();
    expect(r.pos).toBe(176);
    expect(r.key[5]).toBe(4234182429);
    const copy = new RandomState(0);
    copy.restore(r.snapshot());
    expect(copy.uniform()).toBe(r.uniform());
  });

  it('fingerprints its state as the golden traces do', () => {
    // crafter-golden s0_e1.jsonl, reset record: Env(seed=0) after world generation and the first render.
    const env = new CrafterEnv({ seed: 0 });
    env.reset();
    expect(env.world.random.pos).toBe(287);
    expect(env.world.random.fingerprint()).toBe('0e2f93bcf2aa13f4');
  });

  it('counts and labels its calls as the golden traces do', () => {
    const r = new RandomState(3);
    r.log = [];
    r.uniform();
    r.randint(0, 1);
    r.randint(0, 4);
    r.skipUniforms(32, 127, [63, 49]);
    expect(r.calls).toBe(4);
    expect(r.log).toEqual(['u', 'i0,1', 'i0,4', 'U32,127,63x49']);
  });

  it('rejects bad seeds and ranges with clear errors', () => {
    expect(() => new RandomState(-1)).toThrow(/seed/);
    expect(() => new RandomState(2 ** 32)).toThrow(/seed/);
    expect(() => new RandomState(1).randint(3, 3)).toThrow(/greater/);
  });
});

describe('CPython tuple hash', () => {
  it('gives the world seeds in crafter-notes.md', () => {
    expect(episodeWorldSeed(0, 1)).toBe(1256191933);
    expect(episodeWorldSeed(1, 1)).toBe(535231920);
    expect(episodeWorldSeed(42, 1)).toBe(550904604);
    expect(episodeWorldSeed(28, 2)).toBe(862311343);
    expect(episodeWorldSeed(24, 6)).toBe(1469630378);
  });

  it('matches hash() of small tuples', () => {
    // python3 -c "print(hash(()), hash((1,)), hash((-1, 2)))"
    expect(pythonTupleHash([])).toBe(5740354900026072187n);
    expect(pythonTupleHash([1])).toBe(-6644214454873602895n);
    expect(pythonTupleHash([-1, 2])).toBe(-208276591052177797n);
  });
});
