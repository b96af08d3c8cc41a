// The image half of an observation packet: a frame as PNG, base64 and data URL, with the
// SHA-256 of its raw RGB pixels as the frame's identity.
import { base64Encode, PNG_DATA_URL_PREFIX } from '../../lib/base64.ts';
import { encodePng } from '../../lib/png.ts';
import { sha256Hex } from '../../lib/sha256.ts';

export interface FramePacket {
  /** PNG bytes in base64, no prefix. */
  observation_image_base64: string;
  observation_image_format: 'png';
  observation_image_width: number;
  observation_image_height: number;
  /** "data:image/png;base64," followed by observation_image_base64. */
  observation_image_data_url: string;
  /** Hex SHA-256 over the raw width*height*3 RGB bytes: identical frames hash equal whatever the PNG encoder. */
  observation_image_sha256: string;
}

export function encodeFramePacket(rgb: Uint8Array, width: number, height: number): FramePacket {
  return framePacket(encodePng(rgb, width, height), sha256Hex(rgb), width, height);
}

/** The packet of a frame already encoded; `sha256` is that of its raw RGB pixels. */
export function framePacket(png: Uint8Array, sha256: string, width: number, height: number): FramePacket {
  const base64 = base64Encode(png);
  return {
    observation_image_base64: base64,
    observation_image_format: 'png',
    observation_image_width: width,
    observation_image_height: height,
    observation_image_data_url: PNG_DATA_URL_PREFIX + base64,
    observation_image_sha256: sha256,
  };
}
