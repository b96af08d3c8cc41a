// CPython 3.8+ (64-bit) hash of a tuple of ints, which Crafter uses to seed each episode's world.

const MASK64 = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P5 = 2870177450012600261n;
const MODULUS = (1n << 61n) - 1n;

/** CPython's hash() of an int: reduced modulo 2**61 - 1, sign kept, and -1 becomes -2. */
export function pythonIntHash(n: bigint): bigint {
  const magnitude = (n < 0n ? -n : n) % MODULUS;
  const h = n < 0n ? -magnitude : magnitude;
  return h === -1n ? -2n : h;
}

function rotl31(x: bigint): bigint {
  return ((x << 31n) | (x >> 33n)) & MASK64;
}

/** CPython's hash() of a tuple of ints, as a signed 64-bit value. */
export function pythonTupleHash(items: readonly (number | bigint)[]): bigint {
  let acc = P5;
  for (const item of items) {
    const lane = pythonIntHash(BigInt(item)) & MASK64;
    acc = (acc + lane * P2) & MASK64;
    acc = rotl31(acc);
    acc = (acc * P1) & MASK64;
  }
  acc = (acc + (BigInt(items.length) ^ (P5 ^ 3527539n))) & MASK64;
  if (acc === MASK64) return 1546275796n;
  return acc >= 1n << 63n ? acc - (1n << 64n) : acc;
}

/** Python's non-negative modulo of the tuple hash: Crafter's `hash((seed, episode)) % (2**31 - 1)`. */
export function episodeWorldSeed(seed: number, episode: number): number {
  const m = 2n ** 31n - 1n;
  const h = pythonTupleHash([seed, episode]);
  return Number(((h % m) + m) % m);
}
