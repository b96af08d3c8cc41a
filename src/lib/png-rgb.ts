// 8-bit RGB PNGs for training files: fine-tuning services take RGB or RGBA image modes only, and a palette PNG
// (what src/lib/png.ts writes for frames of at most 256 colours) is neither.
import { decodePng, hasPngSignature } from './png-decode.ts';
import { encodePng } from './png.ts';

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colourType: number;
}

const PNG_COLOUR_TYPE_RGB = 2;
export const PNG_COLOUR_TYPE_NAMES: Record<number, string> = { 0: 'greyscale', 2: 'RGB', 3: 'palette', 4: 'greyscale with alpha', 6: 'RGBA' };

const readUint32 = (bytes: Uint8Array, at: number): number => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;

/** The IHDR fields of PNG bytes (the first 26 bytes suffice), or null when the bytes do not start like a PNG. */
export function pngHeader(bytes: Uint8Array): PngHeader | null {
  if (bytes.length < 26 || !hasPngSignature(bytes)) return null;
  if (String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]) !== 'IHDR') return null;
  return { width: readUint32(bytes, 16), height: readUint32(bytes, 20), bitDepth: bytes[24], colourType: bytes[25] };
}

export function isRgb8Png(bytes: Uint8Array): boolean {
  const header = pngHeader(bytes);
  return header !== null && header.bitDepth === 8 && header.colourType === PNG_COLOUR_TYPE_RGB;
}

/** The same picture as an 8-bit RGB PNG: returned as is when it already is one, else decoded and encoded again (alpha is dropped). */
export function toRgbPng(bytes: Uint8Array): Uint8Array {
  if (isRgb8Png(bytes)) return bytes;
  const image = decodePng(bytes);
  return encodePng(image.data, image.width, image.height, { palette: false });
}
