// Pillow 9.4's pixel arithmetic that Crafter's renderer relies on: RGB to L, and Image.blend with a float32 factor.

/** Pillow's RGB -> L conversion (ITU-R 601-2 in 16-bit fixed point, rounded). */
export function luma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

/** One channel of `Image.blend(im1, im2, alpha)`: C float arithmetic, truncated to uint8. */
export function blendChannel(in1: number, in2: number, alphaF32: number): number {
  return Math.trunc(Math.fround(in1 + Math.fround(alphaF32 * (in2 - in1))));
}

/**
 * `ImageEnhance.Color(image).enhance(factor)` as a table: Pillow blends each channel with the pixel's luma,
 * so entry luma * 256 + channel is the enhanced channel, for one factor.
 */
export function enhanceTable(factor: number): Uint8Array {
  const f = Math.fround(factor);
  const table = new Uint8Array(256 * 256);
  for (let l = 0; l < 256; l++) for (let c = 0; c < 256; c++) table[l * 256 + c] = blendChannel(l, c, f);
  return table;
}
