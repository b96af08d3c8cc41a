// Exact binary64 helpers: bit access, error-free transformations and a BigInt rounding path.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const u64 = new BigUint64Array(f64.buffer);
// Typed arrays use the platform byte order; every JS engine we target is little-endian.
const LO = 0;
const HI = 1;

/** Veltkamp splitter 2^27 + 1: splits a double into two 26-bit halves. */
const SPLITTER = 134217729;

/** Low 32 bits of the IEEE-754 pattern of x. */
export function lowWord(x: number): number {
  f64[0] = x;
  return u32[LO];
}

/** High 32 bits (sign, exponent, top of the significand) of x. */
export function highWord(x: number): number {
  f64[0] = x;
  return u32[HI];
}

/** The double whose bit pattern is hi:lo. */
export function fromWords(hi: number, lo: number): number {
  u32[HI] = hi >>> 0;
  u32[LO] = lo >>> 0;
  return f64[0];
}

/** The neighbour of a nonzero normal double x one ulp further from zero (up) or closer to zero. */
export function stepMagnitude(x: number, up: boolean): number {
  f64[0] = x;
  if (up) {
    if (u32[LO] === 0xffffffff) {
      u32[LO] = 0;
      u32[HI] = u32[HI] + 1;
    } else {
      u32[LO] = u32[LO] + 1;
    }
  } else if (u32[LO] === 0) {
    u32[LO] = 0xffffffff;
    u32[HI] = u32[HI] - 1;
  } else {
    u32[LO] = u32[LO] - 1;
  }
  return f64[0];
}

/** Scratch outputs of the error-free transformations (avoids allocating per call). */
export const eft = { hi: 0, lo: 0 };

/** Dekker's TwoProduct: eft.hi + eft.lo === a * b exactly when |a|,|b| < 2^995 and a*b is far from underflow. */
export function twoProduct(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  eft.hi = p;
  eft.lo = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** A finite double as m * 2^e with m an integer BigInt (sign carried by m). */
export interface ExactDouble {
  m: bigint;
  e: number;
}

/** Decomposes a finite double exactly; zero gives m = 0n. */
export function decompose(x: number): ExactDouble {
  f64[0] = x;
  const bits = u64[0];
  const neg = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  let e: number;
  if (biased === 0) {
    e = -1074;
  } else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m: neg ? -m : m, e };
}

function bitLength(n: bigint): number {
  // n > 0; toString(2) is fast enough for the few-hundred-bit values used here.
  return n.toString(2).length;
}

/** 2^k for an integer k in [-1022, 1023], built from its bit pattern so it is exact. */
export function pow2(k: number): number {
  return fromWords((k + 1023) << 20, 0);
}

/** x * 2^k for an integer-valued double x where the exact result is representable (or overflows). */
function scaleExact(x: number, k: number): number {
  // Split the scaling so no intermediate power of two over/underflows before the final product.
  while (k > 1000) {
    x *= pow2(1000);
    k -= 1000;
  }
  if (k < -1022) {
    x *= pow2(k + 1074);
    return x * Number.MIN_VALUE;
  }
  return x * pow2(k);
}

/** Rounds m * 2^e (exact rational) to the nearest double, ties to even, with IEEE subnormals and overflow. */
export function roundToDouble(m: bigint, e: number): number {
  // Callers only pass an exact zero for a cancellation of nonzero terms, which is +0 when rounding to nearest.
  if (m === 0n) return 0;
  const neg = m < 0n;
  let mag = neg ? -m : m;
  const n = bitLength(mag);
  // Exponent of the last kept bit: 53 significant bits, but never below the subnormal quantum.
  const lsb = Math.max(e + n - 53, -1074);
  const shift = lsb - e;
  if (shift > 0) {
    const big = BigInt(shift);
    const q = mag >> big;
    const rem = mag - (q << big);
    const half = 1n << (big - 1n);
    mag = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
    e = lsb;
  }
  const r = scaleExact(Number(mag), e);
  return neg ? -r : r;
}
