// Reads a PNG's dimensions from its header, which also tells a PNG from other bytes.
import { StorageError } from './errors.ts';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0x49, 0x48, 0x44, 0x52];

export function pngDimensions(bytes: Uint8Array, path: string): { width: number; height: number } {
  const isPng =
    bytes.length >= 33 &&
    SIGNATURE.every((byte, i) => bytes[i] === byte) &&
    IHDR.every((byte, i) => bytes[12 + i] === byte);
  if (!isPng) throw new StorageError('invalid_input', `${path} is not a PNG image (no PNG signature and IHDR header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) throw new StorageError('invalid_input', `${path} is a PNG of size ${width}x${height}`);
  return { width, height };
}
