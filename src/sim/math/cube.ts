// x^3 as numpy's `float64 ** 3` gives it (glibc pow), and the correctly rounded x^3 for reference.
import { decompose, eft, highWord, lowWord, pow2, roundToDouble, twoProduct } from './exact.ts';
import { glibcPow } from './glibc-pow.ts';

/**
 * glibc's pow(x, 3.0), bit for bit. It is correctly rounded for most x but not all (a fraction of
 * a percent differ by an ulp, a few of them daylight inputs); JS `x ** 3` differs far more often.
 */
export function cube(x: number): number {
  return glibcPow(x, 3);
}

// Fast path bounds: x^3 stays far from overflow and from the subnormal range.
const X_MIN = 2 ** -300;
const X_MAX = 2 ** 300;
// Bound on the error of the double-double tail below, relative to |x^3| (true bound is ~2^-103).
const TAIL_ERR = 2 ** -98;

/** x^3 rounded once to nearest, ties to even. */
export function cubeCorrectlyRounded(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= X_MIN && ax <= X_MAX)) return cubeSlow(x);
  // x^3 = p + q + r + s exactly: x*x = h + l, h*x = p + q, l*x = r + s.
  twoProduct(x, x);
  const h = eft.hi;
  const l = eft.lo;
  twoProduct(h, x);
  const p = eft.hi;
  const q = eft.lo;
  twoProduct(l, x);
  const tail = q + (eft.hi + eft.lo);
  const z = p + tail;
  // Residual x^3 - z, up to the tail's rounding error; z is right unless it sits near a midpoint.
  const d = Math.abs(p - z + tail);
  if (d < halfGap(z) - TAIL_ERR * Math.abs(z)) return z;
  return cubeSlow(x);
}

/** Half the distance from z to its nearer-to-zero neighbour (the smaller of its two half gaps). */
function halfGap(z: number): number {
  const hi = highWord(z);
  const exp = (hi >>> 20) & 0x7ff;
  const powerOfTwo = (hi & 0xfffff) === 0 && lowWord(z) === 0;
  return pow2(exp - 1023 - 53 - (powerOfTwo ? 1 : 0));
}

/** Exact BigInt cube, rounded once; also covers zeros, infinities, NaN, subnormals and overflow. */
function cubeSlow(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x * x * x;
  const d = decompose(x);
  return roundToDouble(d.m * d.m * d.m, 3 * d.e);
}
