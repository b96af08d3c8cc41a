// np.cos for float64 as numpy 1.24 on AVX-512 (SKX) computes it: Intel SVML's low-accuracy
// __svml_cos8 (numpy/SVML, linux/avx512/svml_z0_cos_d_la.s), main (short-argument) path.
import { eft, fromWords, twoProduct } from './exact.ts';
import { fma } from './fma.ts';

// Constants of the algorithm, given as IEEE-754 words so they are bit exact.
const INV_PI = fromWords(0x3fd45f30, 0x6dc9c883);
// pi as a three-part sum for the Cody-Waite style reduction.
const PI_HI = fromWords(0x400921fb, 0x54442d18);
const PI_MID = fromWords(0x3ca1a626, 0x33145c06);
const PI_LO = fromWords(0x395c1cd1, 0x29024e09);
// Odd minimax polynomial for sin(r) on [-pi/2, pi/2]: r + r^3 * (S1 + S2 r^2 + ... + S7 r^12).
const S1 = fromWords(0xbfc55555, 0x555554a7);
const S2 = fromWords(0x3f811111, 0x1110a4a8);
const S3 = fromWords(0xbf2a01a0, 0x19a5b87b);
const S4 = fromWords(0x3ec71de3, 0x8030fea0);
const S5 = fromWords(0xbe5ae635, 0x46002231);
const S6 = fromWords(0x3de60e68, 0x57a2f220);
const S7 = fromWords(0xbd69f0d6, 0x0811aac8);
/** Below this magnitude the routine returns exactly 1. */
const TINY = fromWords(0x3e400000, 0); // 2^-27
/** Largest quotient floor(|x| / pi) the main path accepts; beyond it SVML switches to Payne-Hanek. */
const MAX_N = 8388606;
/** Any |x| at or above this certainly exceeds MAX_N (and keeps the product below exact-split limits). */
const HUGE = 2 ** 30;

/**
 * Bit-exact numpy 1.24 AVX-512 float64 cosine for |x| < pi * 8388607 (about 2.6e7).
 * Larger finite inputs take SVML's long reduction, which is not reproduced: they fall back to
 * Math.cos (may differ by an ulp). NaN and infinities give NaN, as in SVML.
 */
export function numpyCos(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY) return 1;
  if (!(ax < HUGE)) return Math.cos(x);
  // SVML takes N = 2^52 + ax/pi rounded toward zero, i.e. floor of the exact product.
  twoProduct(ax, INV_PI);
  let n = Math.floor(eft.hi);
  if (n === eft.hi && eft.lo < 0) n -= 1;
  if (n > MAX_N) return Math.cos(x);
  // cos(ax) = (-1)^n * sin((n + 1/2) * pi - ax).
  const dn = n + 0.5;
  let r = fma(dn, PI_HI, -ax);
  r = fma(PI_MID, dn, r);
  // The polynomial uses r^2 of the two-part reduction; only the linear term sees the third part.
  const r2 = r * r;
  const rr = fma(PI_LO, dn, r);
  let p = fma(S7, r2, S6);
  p = fma(r2, p, S5);
  p = fma(r2, p, S4);
  p = fma(r2, p, S3);
  p = fma(r2, p, S2);
  p = fma(r2, p, S1);
  const rs = (n & 1) === 1 ? -rr : rr;
  return fma(rs * r2, p, rs);
}
