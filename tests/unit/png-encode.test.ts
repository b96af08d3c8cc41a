import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { base64Decode } from '../../src/lib/base64.ts';
import { encodeFramePacket } from '../../src/sim/capture/frame-packet.ts';
import { PNG_DATA_URL_PREFIX } from '../../src/lib/base64.ts';
import { decodePng } from '../../src/lib/png-decode.ts';
import { encodePng } from '../../src/lib/png.ts';
import { indexColours } from '../../src/lib/palette.ts';

// A blocky 64x64 frame of 7 px tiles from `colours` random colours, like a rendered view.
function blockyFrame(colours: number, seed: number, size = 64): Uint8Array {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const palette = Array.from({ length: colours }, () => [next() >>> 24, next() >>> 24, next() >>> 24]);
  const tiles = Array.from({ length: 100 }, () => palette[next() % colours]);
  const frame = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) frame.set(tiles[Math.floor(y / 7) * 10 + Math.floor(x / 7)], (y * size + x) * 3);
  return frame;
}

function noisyFrame(seed: number): Uint8Array {
  let state = seed;
  return new Uint8Array(64 * 64 * 3).map(() => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  });
}

function chunkTypes(png: Uint8Array): string[] {
  const types: string[] = [];
  const view = new DataView(png.buffer, png.byteOffset);
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
    at += 12 + length;
  }
  return types;
}

describe('encodePng', () => {
  const frames = [blockyFrame(5, 1), blockyFrame(40, 2), blockyFrame(256, 3), noisyFrame(4), new Uint8Array(64 * 64 * 3)];

  it('round-trips every frame exactly, through our decoder and through fast-png with CRC checks', () => {
    for (const frame of frames) {
      const png = encodePng(frame, 64, 64);
      expect(decodePng(png)).toEqual({ width: 64, height: 64, data: frame });
      const checked = decode(png, { checkCrc: true });
      expect([checked.width, checked.height]).toEqual([64, 64]);
    }
  });

  it('writes a palette PNG up to 256 colours and RGB above', () => {
    expect(chunkTypes(encodePng(blockyFrame(40, 2), 64, 64))).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    expect(indexColours(noisyFrame(4), 64)).toBeUndefined();
    // 3x2 pixels: red, green, red / blue, blue, green, as scanlines each after a filter byte of 0.
    const small = new Uint8Array([255, 0, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 0, 255, 0]);
    expect(indexColours(small, 3)).toEqual({
      scanlines: new Uint8Array([0, 0, 1, 0, 0, 2, 2, 1]),
      palette: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]),
    });
    expect(chunkTypes(encodePng(noisyFrame(4), 64, 64))).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunkTypes(encodePng(blockyFrame(40, 2), 64, 64, { palette: false }))).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('round-trips with every filter and level, and RGB rows inflate to the expected size', () => {
    for (const filter of ['none', 'sub', 'up', 'average', 'paeth', 'adaptive'] as const) {
      for (const level of [0, 1, 6, 9] as const) {
        for (const frame of [blockyFrame(300, 7), noisyFrame(8)]) {
          const png = encodePng(frame, 64, 64, { palette: false, filter, level });
          expect(decodePng(png).data, `${filter} level ${level}`).toEqual(frame);
        }
      }
    }
    const png = encodePng(noisyFrame(9), 64, 64, { filter: 'none' });
    const idatLength = new DataView(png.buffer).getUint32(33);
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(64 * (64 * 3 + 1));
  });

  it('handles odd sizes', () => {
    for (const [w, h] of [[1, 1], [3, 5], [63, 63], [100, 7]]) {
      const frame = noisyFrame(w * h).subarray(0, w * h * 3);
      expect(decodePng(encodePng(frame, w, h)).data).toEqual(frame);
    }
  });

  it('is deterministic: same pixels, same bytes', () => {
    for (const frame of frames) expect(encodePng(frame.slice(), 64, 64)).toEqual(encodePng(frame, 64, 64));
    // Pinned so an encoder change that alters stored PNG bytes is noticed.
    expect(createHash('sha256').update(encodePng(blockyFrame(40, 2), 64, 64)).digest('hex')).toBe('09f254e0062589af37d09fa85bc6360a401ac61750b22f6e390bce36780892fc');
    expect(createHash('sha256').update(encodePng(noisyFrame(4), 64, 64)).digest('hex')).toBe('fd750760b795f2578c8e4e57b126657d98a0cc72c8de554eab2801fc37459d47');
    // An RGB frame with some noise: the two above come out the same from fflate and from our deflate, this one not.
    const speckled = blockyFrame(300, 3);
    for (let i = 0; i < speckled.length; i += 7) speckled[i] ^= i & 3;
    expect(createHash('sha256').update(encodePng(speckled, 64, 64)).digest('hex')).toBe('f85a0c955078920f6a778a83f31035acdaa22fdfd923c04394f9bcb4d13c7bde');
  });

  it('rejects a buffer that does not match the size', () => {
    expect(() => encodePng(new Uint8Array(10), 64, 64)).toThrow(/expected 12288 RGB bytes/);
    expect(() => encodePng(new Uint8Array(0), 0, 0)).toThrow(/bad size/);
  });
});

describe('encodeFramePacket', () => {
  it('carries exactly the image keys of the observation packet, consistent with each other', () => {
    const frame = blockyFrame(30, 11);
    const packet = encodeFramePacket(frame, 64, 64);
    expect(Object.keys(packet).sort()).toEqual([
      'observation_image_base64',
      'observation_image_data_url',
      'observation_image_format',
      'observation_image_height',
      'observation_image_sha256',
      'observation_image_width',
    ]);
    expect(packet.observation_image_format).toBe('png');
    expect([packet.observation_image_width, packet.observation_image_height]).toEqual([64, 64]);
    expect(packet.observation_image_base64).not.toMatch(/^data:/);
    expect(packet.observation_image_data_url).toBe(PNG_DATA_URL_PREFIX + packet.observation_image_base64);
    expect(PNG_DATA_URL_PREFIX).toBe('data:image/png;base64,');
    expect(decodePng(base64Decode(packet.observation_image_base64)).data).toEqual(frame);
    expect(packet.observation_image_sha256).toBe(createHash('sha256').update(frame).digest('hex'));
  });

  it('names a frame by its pixels: equal frames hash equal, one changed byte does not', () => {
    const frame = blockyFrame(30, 12);
    const changed = frame.slice();
    changed[500] ^= 1;
    expect(encodeFramePacket(frame.slice(), 64, 64).observation_image_sha256).toBe(encodeFramePacket(frame, 64, 64).observation_image_sha256);
    expect(encodeFramePacket(changed, 64, 64).observation_image_sha256).not.toBe(encodeFramePacket(frame, 64, 64).observation_image_sha256);
  });
});
