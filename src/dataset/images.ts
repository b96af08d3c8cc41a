// Image data URLs: their MIME type, size, format and PNG colour mode, read without decoding the picture; and
// every row's images made 8-bit RGB PNGs before any destination writes them.
import { base64Decode, pngDataUrl } from '../lib/base64.ts';
import { isRgb8Png, PNG_COLOUR_TYPE_NAMES, pngHeader, toRgbPng } from '../lib/png-rgb.ts';
import type { DatasetRow } from './rows.ts';

export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

const DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,/;

export interface DataUrlInfo {
  mime: string;
  /** Offset of the base64 payload in the URL. */
  payloadStart: number;
  /** Decoded size in bytes, from the payload length. */
  bytes: number;
}

/** The MIME type and decoded size of a base64 image data URL, or null when it is not one. */
export function dataUrlInfo(url: string): DataUrlInfo | null {
  const match = DATA_URL.exec(url.slice(0, 64));
  if (!match) return null;
  const payloadStart = match[0].length;
  const length = url.length - payloadStart;
  const padding = url.endsWith('==') ? 2 : url.endsWith('=') ? 1 : 0;
  return { mime: match[1], payloadStart, bytes: Math.floor((length * 3) / 4) - padding };
}

/** The image format the bytes start with, by signature. */
export function sniffImageType(head: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((byte, i) => head[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x52, 0x49, 0x46, 0x46) && head[8] === 0x57 && head[9] === 0x45 && head[10] === 0x42 && head[11] === 0x50) return 'image/webp';
  return null;
}

/** Decodes only the first 33 bytes of a data URL's payload: the signature and a PNG's IHDR. */
export function dataUrlHead(url: string, info: DataUrlInfo): Uint8Array {
  return base64Decode(url.slice(info.payloadStart, info.payloadStart + 44));
}

export const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** Why PNG bytes are not 8-bit RGB, or null when they are. */
export function pngModeProblem(bytes: Uint8Array): string | null {
  const header = pngHeader(bytes);
  if (!header) return 'has no readable PNG header';
  if (isRgb8Png(bytes)) return null;
  return `is a ${header.bitDepth}-bit ${PNG_COLOUR_TYPE_NAMES[header.colourType] ?? `colour type ${header.colourType}`} PNG, not 8-bit RGB`;
}

export class ImageError extends Error {}

/** The bytes of an image data URL; an ImageError says why a URL cannot be one. */
export function dataUrlBytes(url: string): { mime: string; bytes: Uint8Array } {
  const info = dataUrlInfo(url);
  if (!info || !EXTENSIONS[info.mime]) throw new ImageError(`an image is not a PNG, JPEG or WEBP data URL (starts ${JSON.stringify(url.slice(0, 30))})`);
  try {
    return { mime: info.mime, bytes: base64Decode(url.slice(info.payloadStart)) };
  } catch (error) {
    throw new ImageError(`an image data URL is not valid base64: ${(error as Error).message}`);
  }
}

/**
 * Makes every PNG of a row 8-bit RGB (stores keep palette PNGs; services take RGB or RGBA only). Frames recur in
 * the history of the next rows, so the last few conversions are remembered.
 */
export class RgbImages {
  private readonly converted = new Map<string, string>();

  constructor(private readonly remember = 64) {}

  url(url: string): string {
    const info = dataUrlInfo(url);
    if (!info || info.mime !== 'image/png') return url;
    let head: Uint8Array;
    try {
      head = dataUrlHead(url, info);
    } catch {
      return url;
    }
    if (isRgb8Png(head)) return url;
    let done = this.converted.get(url);
    if (done === undefined) {
      try {
        done = pngDataUrl(toRgbPng(dataUrlBytes(url).bytes));
      } catch (error) {
        throw error instanceof ImageError ? error : new ImageError(`an image is not a readable PNG: ${(error as Error).message}`);
      }
      if (this.converted.size >= this.remember) this.converted.delete(this.converted.keys().next().value!);
      this.converted.set(url, done);
    }
    return done;
  }

  row(row: DatasetRow): DatasetRow {
    let changed = false;
    const messages = row.messages.map((message) => {
      if (message.role !== 'user' || !Array.isArray(message.content)) return message;
      const content = message.content.map((part) => {
        if (part.type !== 'image_url') return part;
        const url = this.url(part.image_url.url);
        if (url === part.image_url.url) return part;
        changed = true;
        return { ...part, image_url: { ...part.image_url, url } };
      });
      return { ...message, content };
    });
    return changed ? { ...row, messages } : row;
  }
}
