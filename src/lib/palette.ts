// Colour indexing for PNG: day frames hold few distinct colours (textures repeat), so a palette
// image is a third of the RGB bytes to compress and comes out smaller, with identical pixels.

export interface IndexedImage {
  /** Per row a filter-type byte of 0 (none, as the PNG spec advises for palette images), then a byte per pixel: indices into palette. */
  scanlines: Uint8Array;
  /** RGB triples, in order of first appearance (row-major), 3 bytes each. */
  palette: Uint8Array;
}

const SLOTS = 1024; // open-addressing table, 4x the most colours a palette can hold
const keys = new Int32Array(SLOTS);
const values = new Uint8Array(SLOTS);

/**
 * Indexes RGB pixels, rows of `width`, when they use at most 256 colours; undefined when they use more. The indices
 * come laid out as the PNG's unfiltered scanlines, so the encoder deflates them as they are.
 */
export function indexColours(rgb: Uint8Array, width: number): IndexedImage | undefined {
  const count = rgb.length / 3;
  const scanlines = new Uint8Array(count + count / width);
  const palette = new Uint8Array(256 * 3);
  keys.fill(-1);
  let size = 0;
  for (let p = 0, i = 0, at = 0; p < count; p++, i += 3) {
    if (p % width === 0) at++; // the row's filter byte stays 0
    const colour = (rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2];
    let slot = Math.imul(colour, 0x9e3779b1) >>> 22;
    for (;;) {
      const key = keys[slot];
      if (key === colour) {
        scanlines[at++] = values[slot];
        break;
      }
      if (key === -1) {
        if (size === 256) return undefined;
        keys[slot] = colour;
        values[slot] = size;
        scanlines[at++] = size;
        palette[size * 3] = rgb[i];
        palette[size * 3 + 1] = rgb[i + 1];
        palette[size * 3 + 2] = rgb[i + 2];
        size++;
        break;
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
  }
  return { scanlines, palette: palette.slice(0, size * 3) };
}
