// Crafter's `_light` and `_sleep` over the local view, in its exact arithmetic: night noise under a vignette, colour
// enhance 0.4, a tint toward (0, 16, 64), the daylight blend in float64 truncated to uint8, then the sleep filter.
// Pixels are written as one big-endian word R, G, B, 0 whose last byte the next pixel to the right overwrites.
import { enhanceTable, luma } from './pillow.ts';
import type { CellColours } from './cells.ts';

const ENHANCE_04 = enhanceTable(0.4);
/** `_sleep` of a lit pixel by its luma: grey tinted halfway toward (0, 0, 16), truncated, as a word R, G, B, 0. */
const SLEEP_WORDS = Int32Array.from({ length: 256 }, (_, grey) => {
  const [r, g, b] = [0, 0, 16].map((tint) => Math.trunc((1 - 0.5) * grey + 0.5 * tint));
  return (r << 24) | (g << 16) | (b << 8);
});

/**
 * `daylight * canvas + (1 - daylight) * tint(enhance(night), (0, 16, 64), 0.5)` for one pixel, then `_sleep` when
 * sleeping, as a word; `night` is the pixel's colour by day and its noised colour at night. The tint of an enhanced
 * value v is 0.5 * v + 0.5 * tint, exactly; the float canvas is truncated into bytes as numpy's cast to uint8 does
 * (values lie in [0, 256)).
 */
function litWord(r: number, g: number, b: number, nr: number, ng: number, nb: number, daylight: number, sleeping: boolean): number {
  const dusk = 1 - daylight;
  const l = luma(nr, ng, nb) << 8;
  const red = daylight * r + dusk * (0.5 * ENHANCE_04[l + nr]);
  const green = daylight * g + dusk * (0.5 * ENHANCE_04[l + ng] + 8);
  const blue = daylight * b + dusk * (0.5 * ENHANCE_04[l + nb] + 32);
  if (sleeping) return SLEEP_WORDS[luma(red | 0, green | 0, blue | 0)];
  return (red << 24) | (green << 16) | (blue << 8);
}

/** One frame's lighting: its daylight and whether the player sleeps. */
export class Lighting {
  daylight = 1;
  sleeping = false;

  /** By day a lit pixel depends on its colour alone: light the cell image `from` into RGB `to` (one spare byte). */
  lightImage(from: CellColours, to: DataView): void {
    const { daylight, sleeping } = this;
    for (let p = 0, o = 0; p < from.length; p++, o += 3) {
      const colour = from[p];
      const r = colour & 255;
      const g = (colour >> 8) & 255;
      const b = colour >> 16;
      to.setUint32(o, litWord(r, g, b, r, g, b, daylight, sleeping));
    }
  }

  /**
   * At night each pixel first takes in its noise: `(1 - mask) * canvas + mask * noise`, truncated, with
   * mask = amount * vignette. Lights the cell image `from`, drawn at pixel (x0, y0) of a local view `h` pixels high,
   * into the RGB frame `out` at byte `offset`. Vignette and noise are indexed [x][y] like Crafter's arrays.
   * `lastColumn` marks the view's rightmost cell, whose right edge must not spill a byte past the view.
   */
  lightNightCell(
    from: CellColours, unitX: number, unitY: number, x0: number, y0: number, h: number,
    vignette: Float64Array, amount: number, noise: Float64Array, out: DataView, offset: number, stride: number, lastColumn: boolean,
  ): void {
    const { daylight, sleeping } = this;
    const words = lastColumn ? unitX - 1 : unitX;
    for (let tx = 0; tx < unitX; tx++) {
      let i = (x0 + tx) * h + y0;
      let o = offset + tx * 3;
      for (let p = tx, end = p + unitY * unitX; p < end; p += unitX, i++, o += stride) {
        const colour = from[p];
        const r = colour & 255;
        const g = (colour >> 8) & 255;
        const b = colour >> 16;
        const mask = amount * vignette[i];
        const n = mask * noise[i];
        const keep = 1 - mask;
        const word = litWord(r, g, b, (keep * r + n) | 0, (keep * g + n) | 0, (keep * b + n) | 0, daylight, sleeping);
        if (tx < words) {
          out.setUint32(o, word);
        } else {
          out.setUint16(o, word >>> 16);
          out.setUint8(o + 2, word >>> 8);
        }
      }
    }
  }
}
