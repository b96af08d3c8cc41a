// pow(x, y) exactly as glibc 2.28+ computes it on x86-64 with FMA (the __pow_fma variant that the
// ifunc picks on AVX2/AVX-512 machines): log in extended precision, then exp. Every multiply-add
// that the compiled code fuses is an fma() here, the others stay separate roundings.
import { fromWords, highWord, lowWord } from './exact.ts';
import { fma } from './fma.ts';
import {
  EXP_C2,
  EXP_C3,
  EXP_C4,
  EXP_C5,
  EXP_INV_LN2_N,
  EXP_NEG_LN2_HI_N,
  EXP_NEG_LN2_LO_N,
  EXP_SBITS_HI,
  EXP_SBITS_LO,
  EXP_SHIFT,
  EXP_TAIL,
  LN2_HI,
  LN2_LO,
  LOG_POLY,
  LOG_TAB,
} from './glibc-pow-data.ts';

const [A0, A1, A2, A3, A4, A5, A6] = LOG_POLY;
/** High word of the log reduction offset 0x3fe6955500000000 (its low word is zero). */
const OFF_HI = 0x3fe69555;
/** Sign bias added to the exp table index: shifted into the exponent field it flips the sign. */
const SIGN_BIAS = 0x800 << 7;
const TWO_52 = fromWords(0x43300000, 0);
const TWO_1009 = fromWords(0x7f000000, 0);
const TWO_M1022 = fromWords(0x00100000, 0);
const XFLOW_BIG = fromWords(0x70000000, 0); // 2^769
const XFLOW_TINY = fromWords(0x10000000, 0); // 2^-767

// Scratch for log's tail, to avoid allocating a pair per call.
let logTail = 0;

/** glibc's pow(x, y), bit for bit (round-to-nearest, no errno). */
export function glibcPow(x: number, y: number): number {
  let ixHi = highWord(x);
  let ixLo = lowWord(x);
  const iyHi = highWord(y);
  let topx = ixHi >>> 20;
  const topy = iyHi >>> 20;
  let signBias = 0;
  if (((topx - 1) >>> 0) >= 0x7fe || (((topy & 0x7ff) - 0x3be) >>> 0) >= 0x80) {
    // Special cases: x negative, zero, subnormal, infinite or NaN; |y| tiny, huge, infinite or NaN.
    if (y === 0 || !Number.isFinite(y)) {
      if (y === 0) return 1;
      if (x === 1) return 1;
      if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
      const ax = Math.abs(x);
      if (ax === 1) return 1;
      if (ax < 1 === y > 0) return 0;
      return y * y;
    }
    if (x === 0 || !Number.isFinite(x)) {
      let x2 = x * x;
      if (x < 0 || Object.is(x, -0)) {
        if (checkInt(y) === 1) x2 = -x2;
      }
      return y < 0 ? 1 / x2 : x2;
    }
    if (x < 0) {
      const yint = checkInt(y);
      if (yint === 0) return NaN;
      if (yint === 1) signBias = SIGN_BIAS;
      ixHi &= 0x7fffffff;
      topx &= 0x7ff;
    }
    if ((((topy & 0x7ff) - 0x3be) >>> 0) >= 0x80) {
      const ax = Math.abs(x);
      if (ax === 1) return 1;
      if ((topy & 0x7ff) < 0x3be) return ax > 1 ? 1 + y : 1 - y;
      return ax > 1 === y > 0 ? xflow(0, XFLOW_BIG) : xflow(0, XFLOW_TINY);
    }
    if (topx === 0) {
      // Subnormal x: scale to normal and push the exponent below zero (it wraps into the sign bit).
      const scaled = x * TWO_52;
      ixHi = (((highWord(scaled) & 0x7fffffff) - (52 << 20)) | 0) >>> 0;
      ixLo = lowWord(scaled);
    }
  }
  const hi = logInline(ixHi, ixLo);
  const lo = logTail;
  const ehi = y * hi;
  const elo = fma(y, lo, fma(y, hi, -ehi));
  return expInline(ehi, elo, signBias);
}

/** 0 if y is not an integer, 1 if odd, 2 if even (y finite and nonzero). */
function checkInt(y: number): number {
  if (!Number.isInteger(y)) return 0;
  return Math.abs(y) % 2 === 1 ? 1 : 2;
}

/** Signed overflow (big) or underflow (tiny) result: (±v) * v. */
function xflow(signBias: number, v: number): number {
  return (signBias !== 0 ? -v : v) * v;
}

/** log(x) = returned value + logTail, x given by its (possibly exponent-wrapped) words. */
function logInline(ixHi: number, ixLo: number): number {
  // x = 2^k * z with z in [OFF, 2 OFF); i picks the subinterval whose centre c has 1/c in the table.
  const tmpHi = (ixHi - OFF_HI) | 0;
  const i = (tmpHi >>> 13) & 0x7f;
  const k = tmpHi >> 20;
  const z = fromWords(((ixHi - (tmpHi & 0xfff00000)) | 0) >>> 0, ixLo);
  const kd = k;
  const invc = LOG_TAB[3 * i];
  const logc = LOG_TAB[3 * i + 1];
  const logctail = LOG_TAB[3 * i + 2];

  const r = fma(z, invc, -1);
  const t1 = fma(kd, LN2_HI, logc);
  const t2 = t1 + r;
  const lo1 = fma(kd, LN2_LO, logctail);
  const lo2 = t1 - t2 + r;
  const ar = A0 * r;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const hi = t2 + ar2;
  const lo3 = fma(ar, r, -ar2);
  const lo4 = t2 - hi + ar2;
  const q = fma(ar2, fma(fma(r, A6, A5), ar2, fma(r, A4, A3)), fma(r, A2, A1));
  const lo = fma(ar3, q, lo1 + lo2 + lo3 + lo4);
  const y = hi + lo;
  logTail = hi - y + lo;
  return y;
}

/** sign * exp(x + xtail), with sign negative when signBias is set. */
function expInline(x: number, xtail: number, signBias: number): number {
  const abstop = (highWord(x) >>> 20) & 0x7ff;
  let special = false;
  if (((abstop - 0x3c9) >>> 0) >= 0x408 - 0x3c9) {
    if (abstop < 0x3c9) {
      // |x| < 2^-54: exp(x) rounds to 1 + x.
      const one = 1 + x;
      return signBias !== 0 ? -one : one;
    }
    if (abstop >= 0x409) return x < 0 ? xflow(signBias, XFLOW_TINY) : xflow(signBias, XFLOW_BIG);
    special = true;
  }
  // x = k ln2/128 + r, |r| <= ln2/256; exp(x) = 2^(k/128) exp(r).
  const kdShifted = fma(x, EXP_INV_LN2_N, EXP_SHIFT);
  const ki = lowWord(kdShifted);
  const kd = kdShifted - EXP_SHIFT;
  let r = fma(kd, EXP_NEG_LN2_LO_N, fma(kd, EXP_NEG_LN2_HI_N, x));
  r = xtail + r;
  const idx = ki & 0x7f;
  const tail = EXP_TAIL[idx];
  const sbitsHi = (EXP_SBITS_HI[idx] + ((ki + signBias) << 13)) >>> 0;
  const sbitsLo = EXP_SBITS_LO[idx];
  const r2 = r * r;
  const p23 = fma(fma(r, EXP_C3, EXP_C2), r2, r + tail);
  const tmp = fma(fma(r, EXP_C5, EXP_C4), r2 * r2, p23);
  if (special) return expSpecial(tmp, sbitsHi, sbitsLo, ki);
  const scale = fromWords(sbitsHi, sbitsLo);
  return fma(tmp, scale, scale);
}

/** scale * (1 + tmp) when the scale's exponent over- or underflowed (|x| in [512, 1024)). */
function expSpecial(tmp: number, sbitsHi: number, sbitsLo: number, ki: number): number {
  if ((ki & 0x80000000) === 0) {
    // k > 0: scale down by 2^1009, multiply back at the end (may overflow to infinity).
    const scale = fromWords((sbitsHi - (1009 << 20)) >>> 0, sbitsLo);
    return fma(tmp, scale, scale) * TWO_1009;
  }
  const hiWord = (sbitsHi + (1022 << 20)) >>> 0;
  const scale = fromWords(hiWord, sbitsLo);
  const st = tmp * scale;
  let y = scale + st;
  if (Math.abs(y) < 1) {
    // Round to the final subnormal precision once, avoiding a double rounding.
    let lo = scale - y + st;
    const one = y < 0 ? -1 : 1;
    const hi = y + one;
    lo = one - hi + y + lo;
    y = lo + hi - one;
    if (y === 0) y = (hiWord & 0x80000000) !== 0 ? -0 : 0;
  }
  return y * TWO_M1022;
}
