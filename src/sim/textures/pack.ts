// Texture packs: the 56 named RGBA images the renderer draws, plus a content hash that
// identifies a pack in traces and datasets.
import { Sha256 } from '../../lib/sha256.ts';
import { TEXTURE_NAMES } from './names.ts';
import { decodePngToRgba } from '../../lib/png-decode.ts';

export interface TextureImage {
  width: number;
  height: number;
  /** RGBA8, row-major (y outer, x inner), width * height * 4 bytes. */
  data: Uint8Array;
  /**
   * The source had alpha. Crafter alpha-blends only such textures (in float32, which can take 1
   * off an opaque pixel) and copies the others, so this changes frames even when all alpha is 255.
   */
  hasAlpha: boolean;
}

export interface TexturePack {
  name: string;
  /** Hex SHA-256 over the textures in sorted name order: see packHash. */
  hash: string;
  textures: ReadonlyMap<string, TextureImage>;
}

export interface PackOptions {
  /** Every texture must have this size; Crafter's own art is 16x16. Default: any size. */
  size?: { width: number; height: number };
}

/** Thrown for an incomplete or malformed pack; the message lists every problem found. */
export class TexturePackError extends Error {
  constructor(
    readonly packName: string,
    readonly problems: readonly string[],
  ) {
    super(`texture pack "${packName}": ${problems.join('; ')}`);
    this.name = 'TexturePackError';
  }
}

/** Builds a pack from PNG file contents keyed by file stem ("grass" for grass.png). */
export function packFromPngFiles(name: string, files: Readonly<Record<string, Uint8Array>>, options: PackOptions = {}): TexturePack {
  const problems: string[] = [];
  const missing = TEXTURE_NAMES.filter((n) => !(n in files));
  if (missing.length > 0) problems.push(`missing ${missing.length} of ${TEXTURE_NAMES.length} textures: ${missing.join(', ')}`);
  const images = new Map<string, TextureImage>();
  for (const textureName of TEXTURE_NAMES) {
    const bytes = files[textureName];
    if (!bytes) continue;
    try {
      images.set(textureName, decodePngToRgba(bytes));
    } catch (error) {
      problems.push(`${textureName}.png: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new TexturePackError(name, problems);
  return packFromImages(name, images, options);
}

/** Builds a pack from decoded images; checks completeness, sizes and buffer lengths. */
export function packFromImages(name: string, images: ReadonlyMap<string, TextureImage>, options: PackOptions = {}): TexturePack {
  const problems: string[] = [];
  const missing = TEXTURE_NAMES.filter((n) => !images.has(n));
  if (missing.length > 0) problems.push(`missing ${missing.length} of ${TEXTURE_NAMES.length} textures: ${missing.join(', ')}`);
  const textures = new Map<string, TextureImage>();
  for (const textureName of TEXTURE_NAMES) {
    const image = images.get(textureName);
    if (!image) continue;
    const problem = imageProblem(image, options);
    if (problem) problems.push(`${textureName}: ${problem}`);
    else textures.set(textureName, image);
  }
  if (problems.length > 0) throw new TexturePackError(name, problems);
  return { name, hash: packHash(textures), textures };
}

function imageProblem(image: TextureImage, options: PackOptions): string | undefined {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) return `bad size ${width}x${height}`;
  if (options.size && (width !== options.size.width || height !== options.size.height)) {
    return `size ${width}x${height}, expected ${options.size.width}x${options.size.height}`;
  }
  if (data.length !== width * height * 4) return `${data.length} bytes of RGBA data, expected ${width * height * 4} for ${width}x${height}`;
  if (!image.hasAlpha) {
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return 'hasAlpha is false but some alpha values are below 255';
  }
  return undefined;
}

/**
 * Stable content hash: SHA-256 over, for each name in code-unit sorted order, the UTF-8 name,
 * a 0 byte, a hasAlpha byte (0 or 1), width and height as big-endian uint32, then the RGBA
 * bytes. Two packs hash equal only when they render every frame alike.
 */
export function packHash(textures: ReadonlyMap<string, TextureImage>): string {
  const hash = new Sha256();
  const encoder = new TextEncoder();
  const header = new Uint8Array(10);
  const view = new DataView(header.buffer);
  for (const textureName of [...textures.keys()].sort()) {
    const image = textures.get(textureName)!;
    hash.update(encoder.encode(textureName));
    header[0] = 0;
    header[1] = image.hasAlpha ? 1 : 0;
    view.setUint32(2, image.width);
    view.setUint32(6, image.height);
    hash.update(header);
    hash.update(image.data);
  }
  return hash.hex();
}
