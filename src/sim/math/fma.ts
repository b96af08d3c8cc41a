// Fused multiply-add (one rounding, ties to even) for JS, which has no native FMA.
import { decompose, roundToDouble, stepMagnitude } from './exact.ts';

// Fast path bounds: products and addends stay far from overflow and from the subnormal range.
const A_MIN = 2 ** -450;
const A_MAX = 2 ** 450;
const C_MIN = 2 ** -900;
const C_MAX = 2 ** 900;

// Scratch view for reading the last significand bit (little-endian: word 0 is the low word).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Veltkamp splitter 2^27 + 1. */
const SPLITTER = 134217729;

/**
 * RN(a * b + c) exactly as IEEE-754 fusedMultiplyAdd in round-to-nearest-even.
 * Fast path: Boldo and Melquiond's emulation, a*b = uh + ul and c + uh = th + tl exactly, then
 * RN(th + RO(tl + ul)) where round-to-odd keeps the sticky information of the tail. It is written
 * out inline (no helper calls) because this runs a dozen times per cosine or pow.
 */
export function fma(a: number, b: number, c: number): number {
  const aa = a < 0 ? -a : a;
  const ab = b < 0 ? -b : b;
  const ac = c < 0 ? -c : c;
  if (aa >= A_MIN && aa <= A_MAX && ab >= A_MIN && ab <= A_MAX) {
    if (c === 0) return a * b;
    if (ac >= C_MIN && ac <= C_MAX) {
      // Dekker's product: uh + ul = a * b.
      const uh = a * b;
      let t = SPLITTER * a;
      const ah = t - (t - a);
      const al = a - ah;
      t = SPLITTER * b;
      const bh = t - (t - b);
      const bl = b - bh;
      const ul = ah * bh - uh + ah * bl + al * bh + al * bl;
      // Knuth's TwoSum: th + tl = c + uh.
      const th = c + uh;
      let bb = th - c;
      const tl = c - (th - bb) + (uh - bb);
      // TwoSum again, then round to odd: an inexact sum with an even last bit takes its odd neighbour.
      let v = tl + ul;
      bb = v - tl;
      const err = tl - (v - bb) + (ul - bb);
      if (err !== 0) {
        f64[0] = v;
        if ((u32[0] & 1) === 0) v = stepMagnitude(v, err > 0 === v > 0);
      }
      return th + v;
    }
  }
  return fmaSlow(a, b, c);
}

/** Exact rational arithmetic for zeros, infinities, NaN and operands near overflow or underflow. */
function fmaSlow(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a * b + c;
  // A finite product plus an infinite or NaN addend is that addend.
  if (!Number.isFinite(c)) return c;
  if (a === 0 || b === 0) return a * b + c;
  const da = decompose(a);
  const db = decompose(b);
  const dc = decompose(c);
  let pm = da.m * db.m;
  let pe = da.e + db.e;
  let cm = dc.m;
  if (cm === 0n) return roundToDouble(pm, pe);
  // Align both terms on the smaller exponent, then round the exact sum once.
  if (pe > dc.e) {
    pm <<= BigInt(pe - dc.e);
    pe = dc.e;
  } else {
    cm <<= BigInt(dc.e - pe);
  }
  return roundToDouble(pm + cm, pe);
}
