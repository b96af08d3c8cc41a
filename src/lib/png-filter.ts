// PNG scanline filters (PNG spec section 9) for 8-bit samples, used by the frame encoder.

export type PngFilterStrategy = 'none' | 'sub' | 'up' | 'average' | 'paeth' | 'adaptive';

const FILTER_TYPE = { none: 0, sub: 1, up: 2, average: 3, paeth: 4 } as const;
export type FixedFilter = keyof typeof FILTER_TYPE;
/** Candidates of 'adaptive' in trial order; on equal cost the earlier one wins. */
export const ADAPTIVE_FILTERS: readonly FixedFilter[] = ['none', 'up', 'sub', 'paeth', 'average'];

/**
 * Lays out the zlib payload of a PNG image: per row one filter-type byte then the filtered row.
 * 'adaptive' picks per row the filter with the smallest sum of absolute signed bytes, the
 * heuristic the PNG spec recommends and libpng uses.
 */
export function filterScanlines(
  pixels: Uint8Array,
  width: number,
  height: number,
  bytesPerPixel: number,
  strategy: PngFilterStrategy,
  adaptiveCandidates: readonly FixedFilter[] = ADAPTIVE_FILTERS,
): Uint8Array {
  const stride = width * bytesPerPixel;
  const out = new Uint8Array(height * (stride + 1));
  const scratch = strategy === 'adaptive' ? new Uint8Array(stride) : undefined;
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const prior = y > 0 ? row - stride : -1;
    const at = y * (stride + 1);
    if (strategy !== 'adaptive') {
      out[at] = FILTER_TYPE[strategy];
      filterRow(strategy, pixels, row, prior, stride, bytesPerPixel, out, at + 1);
      continue;
    }
    let bestCost = Infinity;
    for (const filter of adaptiveCandidates) {
      filterRow(filter, pixels, row, prior, stride, bytesPerPixel, scratch!, 0);
      const cost = signedMagnitude(scratch!, bestCost);
      if (cost < bestCost) {
        bestCost = cost;
        out[at] = FILTER_TYPE[filter];
        out.set(scratch!, at + 1);
      }
    }
  }
  return out;
}

// Sum of |byte as int8| with an early exit once it passes the best cost so far.
function signedMagnitude(bytes: Uint8Array, stopAbove: number): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) {
    const v = bytes[i];
    sum += v < 128 ? v : 256 - v;
    if (sum >= stopAbove) return sum;
  }
  return sum;
}

// prior < 0 means the first row, whose row above counts as zeros.
function filterRow(filter: FixedFilter, px: Uint8Array, row: number, prior: number, stride: number, bpp: number, out: Uint8Array, at: number): void {
  switch (filter) {
    case 'none':
      out.set(px.subarray(row, row + stride), at);
      return;
    case 'sub':
      for (let i = 0; i < stride; i++) out[at + i] = px[row + i] - (i >= bpp ? px[row + i - bpp] : 0);
      return;
    case 'up':
      if (prior < 0) out.set(px.subarray(row, row + stride), at);
      else for (let i = 0; i < stride; i++) out[at + i] = px[row + i] - px[prior + i];
      return;
    case 'average':
      for (let i = 0; i < stride; i++) {
        const left = i >= bpp ? px[row + i - bpp] : 0;
        const up = prior >= 0 ? px[prior + i] : 0;
        out[at + i] = px[row + i] - ((left + up) >> 1);
      }
      return;
    case 'paeth':
      for (let i = 0; i < stride; i++) {
        const left = i >= bpp ? px[row + i - bpp] : 0;
        const up = prior >= 0 ? px[prior + i] : 0;
        const upLeft = i >= bpp && prior >= 0 ? px[prior + i - bpp] : 0;
        out[at + i] = px[row + i] - paethPredictor(left, up, upLeft);
      }
      return;
  }
}

function paethPredictor(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
