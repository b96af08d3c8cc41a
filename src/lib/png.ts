// PNG encoder for RGB frames in pure JavaScript (our own deflate, lib/deflate.ts), so Node and a browser
// worker produce the same bytes for the same pixels; Node may pass its own zlib, which is faster.
import { crc32 } from './crc32.ts';
import { ZlibEncoder, type DeflateLevel } from './deflate.ts';
import { indexColours } from './palette.ts';
import { filterScanlines, type PngFilterStrategy } from './png-filter.ts';

export type { DeflateLevel };
/** zlib-wrapped deflate (RFC 1950) of `data` at `level`. */
export type Deflate = (data: Uint8Array, level: DeflateLevel) => Uint8Array;

const zlibEncoder = new ZlibEncoder();
const portableDeflate: Deflate = (data, level) => zlibEncoder.zlib(data, level);

export interface PngEncodeOptions {
  /** Write a palette PNG when the frame has at most 256 colours (lossless). */
  palette?: boolean;
  /** Scanline filter of RGB images; palette images are always unfiltered, as the PNG spec advises. */
  filter?: PngFilterStrategy;
  /** Deflate level for both kinds; by default paletteLevel or rgbLevel. */
  level?: DeflateLevel;
  /** The compressor; lib/deflate.ts's by default. Another gives other bytes for the same pixels. */
  deflate?: Deflate;
}

// Chosen by measurement on rendered-like 64x64 frames (scripts/bench/encode.ts): unfiltered
// rows keep the repeats of 7 px texture tiles intact for LZ77 and beat every filter on size
// and speed. Palette (day) frames, measured on a scripted rollout's frames with Node's zlib: level 4
// is 3 % larger than 6 and a fifth faster to encode, where encoding is the runner's largest cost per
// step. RGB frames (night frames full of noise, and exports' RGB copies) use level 4 too: with our
// deflate it makes them as small as fflate's level 3 did, 3 % smaller than our level 3, for 5 % more time.
export const DEFAULT_PNG_OPTIONS = { palette: true, filter: 'none', paletteLevel: 4, rgbLevel: 4 } as const satisfies {
  palette: boolean;
  filter: PngFilterStrategy;
  paletteLevel: DeflateLevel;
  rgbLevel: DeflateLevel;
};

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COLOR_TYPE_RGB = 2;
const COLOR_TYPE_PALETTE = 3;

/** Encodes width*height RGB8 pixels (row-major) as a PNG: IHDR, PLTE when indexed, IDAT, IEND. */
export function encodePng(rgb: Uint8Array, width: number, height: number, options: PngEncodeOptions = {}): Uint8Array {
  checkFrame(rgb, width, height);
  const usePalette = options.palette ?? DEFAULT_PNG_OPTIONS.palette;
  const indexed = usePalette ? indexColours(rgb, width) : undefined;
  const level = options.level ?? (indexed ? DEFAULT_PNG_OPTIONS.paletteLevel : DEFAULT_PNG_OPTIONS.rgbLevel);
  const scanlines = indexed ? indexed.scanlines : filterScanlines(rgb, width, height, 3, options.filter ?? DEFAULT_PNG_OPTIONS.filter);
  const idat = (options.deflate ?? portableDeflate)(scanlines, level);
  const header = new Uint8Array(13);
  writeUint32(header, 0, width);
  writeUint32(header, 4, height);
  header[8] = 8; // bits per sample (or per palette index)
  header[9] = indexed ? COLOR_TYPE_PALETTE : COLOR_TYPE_RGB;
  // Bytes 10-12 stay 0: deflate, the PNG filter method, no interlacing.
  const chunks: Array<[string, Uint8Array]> = [['IHDR', header]];
  if (indexed) chunks.push(['PLTE', indexed.palette]);
  chunks.push(['IDAT', idat], ['IEND', new Uint8Array(0)]);
  const out = new Uint8Array(SIGNATURE.length + chunks.reduce((sum, [, data]) => sum + 12 + data.length, 0));
  out.set(SIGNATURE, 0);
  let at = SIGNATURE.length;
  for (const [type, data] of chunks) at = writeChunk(out, at, type, data);
  return out;
}

function checkFrame(rgb: Uint8Array, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`encodePng: bad size ${width}x${height}`);
  }
  if (rgb.length !== width * height * 3) {
    throw new Error(`encodePng: expected ${width * height * 3} RGB bytes for ${width}x${height}, got ${rgb.length}`);
  }
}

function writeChunk(out: Uint8Array, at: number, type: string, data: Uint8Array): number {
  writeUint32(out, at, data.length);
  const typeStart = at + 4;
  for (let i = 0; i < 4; i++) out[typeStart + i] = type.charCodeAt(i);
  out.set(data, typeStart + 4);
  const dataEnd = typeStart + 4 + data.length;
  writeUint32(out, dataEnd, crc32(out, typeStart, dataEnd));
  return dataEnd + 4;
}

function writeUint32(out: Uint8Array, at: number, value: number): void {
  out[at] = value >>> 24;
  out[at + 1] = value >>> 16;
  out[at + 2] = value >>> 8;
  out[at + 3] = value;
}
