// Image data URLs: their MIME type, size and format, read without decoding the picture.
import type { ByteHelpers } from './deps.ts';

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

/** Decodes only the first 12 bytes of a data URL's payload, to check its signature cheaply. */
export function dataUrlHead(url: string, info: DataUrlInfo, bytes: ByteHelpers): Uint8Array {
  return bytes.base64Decode(url.slice(info.payloadStart, info.payloadStart + 16));
}

export const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };
