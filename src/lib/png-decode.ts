// PNG decoding to RGBA8 (texture packs) and RGB8 (frames, for tests and tools). Any PNG flavour
// is normalised the way Pillow's Image.convert('RGBA') does it.
import { decode, type DecodedPng } from 'fast-png';

export interface Rgba8Image {
  width: number;
  height: number;
  data: Uint8Array;
  /** The PNG carries alpha: an alpha channel, or a tRNS chunk (palette alpha or colour key). */
  hasAlpha: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function hasPngSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Decodes PNG bytes to RGBA8; throws a one-line reason when the bytes are not a usable PNG. */
export function decodePngToRgba(bytes: Uint8Array): Rgba8Image {
  if (!hasPngSignature(bytes)) throw new Error('not a PNG file (bad signature)');
  let png: DecodedPng;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new Error(`broken PNG: ${(error as Error).message}`);
  }
  const hasAlpha = png.channels === 2 || png.channels === 4 || (png.transparency?.length ?? 0) > 0 || (png.palette?.some((entry) => entry.length > 3) ?? false);
  return { width: png.width, height: png.height, data: toRgba8(png), hasAlpha };
}

/**
 * Pillow's rules, per PNG colour type:
 * - grey 1/2/4/8 bit scales to 0..255 (v * 255, 85, 17, 1); 16-bit grey opens as mode I and
 *   converts by clipping to 255 (not by taking the high byte);
 * - truecolour, grey+alpha and RGBA at 16 bit keep the high byte of each sample;
 * - palette entries take their tRNS alpha, 255 when tRNS is shorter;
 * - a tRNS colour key on grey or RGB makes the matching pixels alpha 0. It is compared at the
 *   sample level the PNG spec defines (Pillow compares scaled values for 1/2/4-bit grey and
 *   reduced values for 16-bit RGB, which makes those keys mostly miss; that is not copied).
 */
export function toRgba8(png: DecodedPng): Uint8Array {
  const { width, height, depth, channels } = png;
  const count = width * height;
  const out = new Uint8Array(count * 4);
  const samples = unpackSamples(png);
  if (png.palette) {
    const palette = png.palette;
    for (let i = 0; i < count; i++) {
      const entry = palette[samples[i]];
      if (!entry) throw new Error(`palette index ${samples[i]} outside a palette of ${palette.length} colours`);
      out[i * 4] = entry[0];
      out[i * 4 + 1] = entry[1];
      out[i * 4 + 2] = entry[2];
      out[i * 4 + 3] = entry.length > 3 ? entry[3] : 255;
    }
    return out;
  }
  const toByte = sampleToByte(depth, channels);
  const key = png.transparency && png.transparency.length > 0 ? png.transparency : undefined;
  for (let i = 0; i < count; i++) {
    const s = i * channels;
    let r: number, g: number, b: number, a: number;
    if (channels === 1) {
      r = g = b = toByte(samples[s]);
      a = key && samples[s] === key[0] ? 0 : 255;
    } else if (channels === 2) {
      r = g = b = toByte(samples[s]);
      a = toByte(samples[s + 1]);
    } else if (channels === 3) {
      r = toByte(samples[s]);
      g = toByte(samples[s + 1]);
      b = toByte(samples[s + 2]);
      a = key && samples[s] === key[0] && samples[s + 1] === key[1] && samples[s + 2] === key[2] ? 0 : 255;
    } else if (channels === 4) {
      r = toByte(samples[s]);
      g = toByte(samples[s + 1]);
      b = toByte(samples[s + 2]);
      a = toByte(samples[s + 3]);
    } else {
      throw new Error(`unsupported PNG channel count ${channels}`);
    }
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = a;
  }
  return out;
}

function sampleToByte(depth: number, channels: number): (v: number) => number {
  switch (depth) {
    case 1: return (v) => v * 255;
    case 2: return (v) => v * 85;
    case 4: return (v) => v * 17;
    case 8: return (v) => v;
    case 16: return channels === 1 ? (v) => (v > 255 ? 255 : v) : (v) => v >>> 8;
    default: throw new Error(`unsupported PNG bit depth ${depth}`);
  }
}

// One entry per sample: fast-png leaves rows of 1/2/4-bit samples packed, each row byte-aligned.
function unpackSamples(png: DecodedPng): ArrayLike<number> {
  const { width, height, depth, channels, data } = png;
  const perRow = width * channels;
  if (depth >= 8) {
    if (data.length !== perRow * height) throw new Error(`PNG data holds ${data.length} samples, expected ${perRow * height}`);
    return data;
  }
  const rowBytes = Math.ceil((perRow * depth) / 8);
  if (data.length < rowBytes * height) throw new Error(`PNG data holds ${data.length} bytes, expected ${rowBytes * height}`);
  const out = new Uint8Array(perRow * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = data[y * rowBytes + (bit >> 3)];
      out[y * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/** Decodes a PNG frame to RGB8, dropping alpha; for round-trip tests and tools. */
export function decodePng(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const rgba = decodePngToRgba(bytes);
  const count = rgba.width * rgba.height;
  const rgb = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    rgb[i * 3] = rgba.data[i * 4];
    rgb[i * 3 + 1] = rgba.data[i * 4 + 1];
    rgb[i * 3 + 2] = rgba.data[i * 4 + 2];
  }
  return { width: rgba.width, height: rgba.height, data: rgb };
}
