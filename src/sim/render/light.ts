// Crafter's `_light` and `_sleep` over the local view, in its exact arithmetic: night noise under a vignette, colour
// enhance 0.4, a tint toward (0, 16, 64), the daylight blend in float64 truncated to uint8, then the sleep filter.
// The per-value products are tabulated once per frame: the same double operations on the same operands.
import { enhanceTable, luma } from './pillow.ts';

const NIGHT_TINT = [0, 16, 64];
const SLEEP_TINT = [0, 0, 16];
const ENHANCE_04 = enhanceTable(0.4);
/** `_tint(night, NIGHT_TINT, 0.5)` by channel * 256 + enhanced value. */
const NIGHT_TINTED = Float64Array.from({ length: 3 * 256 }, (_, i) => (1 - 0.5) * (i & 255) + 0.5 * NIGHT_TINT[i >> 8]);
/** `_sleep` of a lit pixel by channel * 256 + its luma: grey, tinted toward SLEEP_TINT, truncated. */
const SLEEP = Uint8Array.from({ length: 3 * 256 }, (_, i) => (1 - 0.5) * (i & 255) + 0.5 * SLEEP_TINT[i >> 8]);

/** One frame's lighting: daylight, the sleep filter, and the tables they make. */
export class Lighting {
  /** daylight * v. */
  private readonly day = new Float64Array(256);
  /** (1 - daylight) * tinted night value, by channel * 256 + enhanced value. */
  private readonly night = new Float64Array(3 * 256);
  private daylight = NaN;
  sleeping = false;

  setDaylight(daylight: number): void {
    if (daylight === this.daylight) return;
    this.daylight = daylight;
    for (let v = 0; v < 256; v++) this.day[v] = daylight * v;
    for (let i = 0; i < 3 * 256; i++) this.night[i] = (1 - daylight) * NIGHT_TINTED[i];
  }

  /** By day a lit pixel depends on its colour alone: light `count` pixels of RGBA `from` into RGB `to`. */
  lightImage(from: Uint8Array, to: Uint8Array, count: number): void {
    const { day, night, sleeping } = this;
    for (let p = 0, o = 0; p < count * 4; p += 4, o += 3) {
      const r = from[p];
      const g = from[p + 1];
      const b = from[p + 2];
      const l = luma(r, g, b) << 8;
      this.put(to, o, day[r] + night[ENHANCE_04[l + r]], day[g] + night[256 + ENHANCE_04[l + g]], day[b] + night[512 + ENHANCE_04[l + b]], sleeping);
    }
  }

  /**
   * At night each pixel also mixes in its noise: `(1 - mask) * canvas + mask * noise`, truncated, before the enhance.
   * Light the cell image `from` drawn at pixel (x0, y0) of a local view `h` pixels high into RGB `out` at `offset`.
   * `mask` is the frame's vignette (indexed [x][y] like Crafter's) and `noise` its draws, both scaled by nothing yet.
   */
  lightNightCell(
    from: Uint8Array, unitX: number, unitY: number, x0: number, y0: number, h: number,
    vignette: Float64Array, amount: number, noise: Float64Array, out: Uint8Array, offset: number, stride: number,
  ): void {
    const { day, night, sleeping } = this;
    for (let tx = 0; tx < unitX; tx++) {
      let i = (x0 + tx) * h + y0;
      let o = offset + tx * 3;
      for (let p = tx * 4, end = p + unitY * unitX * 4; p < end; p += unitX * 4, i++, o += stride) {
        const r = from[p];
        const g = from[p + 1];
        const b = from[p + 2];
        const mask = amount * vignette[i];
        const n = mask * noise[i];
        const keep = 1 - mask;
        // Values lie in [0, 256): `| 0` truncates like numpy's cast to uint8.
        const nr = (keep * r + n) | 0;
        const ng = (keep * g + n) | 0;
        const nb = (keep * b + n) | 0;
        const l = luma(nr, ng, nb) << 8;
        this.put(out, o, day[r] + night[ENHANCE_04[l + nr]], day[g] + night[256 + ENHANCE_04[l + ng]], day[b] + night[512 + ENHANCE_04[l + nb]], sleeping);
      }
    }
  }

  // The float canvas truncated into uint8 (a typed-array store truncates values in [0, 256)), then `_sleep` on those bytes.
  private put(to: Uint8Array, o: number, r: number, g: number, b: number, sleeping: boolean): void {
    if (!sleeping) {
      to[o] = r;
      to[o + 1] = g;
      to[o + 2] = b;
      return;
    }
    const grey = luma(r | 0, g | 0, b | 0);
    to[o] = SLEEP[grey];
    to[o + 1] = SLEEP[256 + grey];
    to[o + 2] = SLEEP[512 + grey];
  }
}
