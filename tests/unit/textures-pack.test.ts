import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadPackFromDir, loadPackFromDirSync } from '../../scripts/lib/assets-node.ts';
import { crc32 } from '../../src/lib/crc32.ts';
import { decodePngToRgba } from '../../src/lib/png-decode.ts';
import { TEXTURE_COUNT, TEXTURE_NAMES } from '../../src/sim/textures/names.ts';
import { packFromImages, packFromPngFiles, packHash, TexturePackError, type TextureImage } from '../../src/sim/textures/pack.ts';

const ASSETS = '/work/shared/crafter-assets';
const haveAssets = existsSync(ASSETS);
if (!haveAssets) console.warn(`skipping original-pack tests: ${ASSETS} is absent`);

// A PNG of any colour type and depth, written here independently of the encoder under test.
function makePng(width: number, height: number, depth: number, colourType: number, samples: number[], extra: Array<[string, number[]]> = []): Uint8Array {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colourType]!;
  const rowBits = width * channels * depth;
  const rowBytes = Math.ceil(rowBits / 8);
  const raw = new Uint8Array(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * channels; i++) {
      const v = samples[y * width * channels + i];
      const at = y * (rowBytes + 1) + 1;
      if (depth === 16) {
        raw[at + i * 2] = v >> 8;
        raw[at + i * 2 + 1] = v & 255;
      } else {
        const bit = i * depth;
        raw[at + (bit >> 3)] |= v << (8 - depth - (bit & 7));
      }
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr[8] = depth;
  ihdr[9] = colourType;
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  for (const [type, bytes] of extra) parts.push(chunk(type, new Uint8Array(bytes)));
  parts.push(chunk('IDAT', new Uint8Array(deflateSync(raw))), chunk('IEND', new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const pixels = (image: { data: Uint8Array }) => Array.from({ length: image.data.length / 4 }, (_, i) => Array.from(image.data.subarray(i * 4, i * 4 + 4)));

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('PNG flavours normalise to RGBA8 like Pillow convert("RGBA")', () => {
  it('scales 1, 2, 4 and 8-bit grey and clips 16-bit grey', () => {
    expect(pixels(decodePngToRgba(makePng(2, 1, 1, 0, [0, 1])))).toEqual([[0, 0, 0, 255], [255, 255, 255, 255]]);
    expect(pixels(decodePngToRgba(makePng(4, 1, 2, 0, [0, 1, 2, 3]))).map((p) => p[0])).toEqual([0, 85, 170, 255]);
    expect(pixels(decodePngToRgba(makePng(3, 1, 4, 0, [0, 5, 15]))).map((p) => p[0])).toEqual([0, 85, 255]);
    expect(pixels(decodePngToRgba(makePng(2, 1, 8, 0, [7, 200])))).toEqual([[7, 7, 7, 255], [200, 200, 200, 255]]);
    expect(pixels(decodePngToRgba(makePng(5, 1, 16, 0, [0, 200, 255, 256, 65535]))).map((p) => p[0])).toEqual([0, 200, 255, 255, 255]);
  });

  it('keeps the high byte of 16-bit RGB, grey+alpha and RGBA', () => {
    expect(pixels(decodePngToRgba(makePng(1, 1, 16, 2, [0x1234, 0xabcd, 0x00ff])))).toEqual([[0x12, 0xab, 0x00, 255]]);
    expect(pixels(decodePngToRgba(makePng(1, 1, 16, 4, [0x8081, 0x4000])))).toEqual([[0x80, 0x80, 0x80, 0x40]]);
    expect(pixels(decodePngToRgba(makePng(1, 1, 16, 6, [0x0102, 0x0304, 0x0506, 0xfffe])))).toEqual([[1, 3, 5, 255]]);
    expect(pixels(decodePngToRgba(makePng(1, 1, 8, 4, [9, 33])))).toEqual([[9, 9, 9, 33]]);
  });

  it('applies palette alpha and colour keys from tRNS', () => {
    const palette: Array<[string, number[]]> = [['PLTE', [10, 20, 30, 40, 50, 60, 70, 80, 90]], ['tRNS', [0, 128]]];
    const indexed = decodePngToRgba(makePng(3, 1, 8, 3, [0, 1, 2], palette));
    expect(pixels(indexed)).toEqual([[10, 20, 30, 0], [40, 50, 60, 128], [70, 80, 90, 255]]);
    expect(indexed.hasAlpha).toBe(true);
    expect(pixels(decodePngToRgba(makePng(4, 1, 2, 3, [2, 1, 0, 2], [['PLTE', [1, 1, 1, 2, 2, 2, 3, 3, 3]]]))).map((p) => p[0])).toEqual([3, 2, 1, 3]);
    // Three pixels at least: fast-png rejects an RGB colour key on images of fewer pixels.
    const keyed = makePng(3, 1, 8, 2, [10, 20, 30, 10, 20, 31, 10, 20, 30], [['tRNS', [0, 10, 0, 20, 0, 30]]]);
    expect(pixels(decodePngToRgba(keyed))).toEqual([[10, 20, 30, 0], [10, 20, 31, 255], [10, 20, 30, 0]]);
    expect(pixels(decodePngToRgba(makePng(2, 1, 8, 0, [200, 201], [['tRNS', [0, 200]]])))).toEqual([[200, 200, 200, 0], [201, 201, 201, 255]]);
  });

  it('flags alpha only when the PNG has an alpha channel or tRNS', () => {
    expect(decodePngToRgba(makePng(1, 1, 8, 2, [1, 2, 3])).hasAlpha).toBe(false);
    expect(decodePngToRgba(makePng(1, 1, 8, 6, [1, 2, 3, 255])).hasAlpha).toBe(true);
    expect(decodePngToRgba(makePng(1, 1, 8, 3, [0], [['PLTE', [5, 5, 5]]])).hasAlpha).toBe(false);
  });

  it('rejects bytes that are not PNG and broken PNGs with a reason', () => {
    expect(() => decodePngToRgba(new TextEncoder().encode('GIF89a not a png'))).toThrow(/not a PNG/);
    const good = makePng(2, 2, 8, 2, new Array(12).fill(9));
    expect(() => decodePngToRgba(good.subarray(0, 40))).toThrow(/broken PNG/);
  });
});

function solid(width: number, height: number, rgba: number[], hasAlpha = false): TextureImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data, hasAlpha };
}

describe('packFromPngFiles and packFromImages', () => {
  const files = (): Record<string, Uint8Array> => Object.fromEntries(TEXTURE_NAMES.map((n, i) => [n, makePng(16, 16, 8, 2, new Array(16 * 16 * 3).fill(i))]));

  it('builds a complete pack from PNG files', () => {
    const pack = packFromPngFiles('flat', files());
    expect(pack.textures.size).toBe(TEXTURE_COUNT);
    expect(pack.textures.get('grass')!.data[0]).toBe(TEXTURE_NAMES.indexOf('grass'));
    expect(pack.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(pack.hash).toBe(packHash(pack.textures));
  });

  it('lists every missing texture and every undecodable file at once', () => {
    const some = files();
    delete some.grass;
    delete some['9'];
    some.cow = new Uint8Array([1, 2, 3]);
    let error: unknown;
    try {
      packFromPngFiles('broken', some);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TexturePackError);
    const message = (error as Error).message;
    expect(message).toContain('missing 2 of 56 textures: 9, grass');
    expect(message).toContain('cow.png: not a PNG file');
  });

  it('enforces a size when asked and checks buffer lengths', () => {
    const some = files();
    some.sand = makePng(8, 8, 8, 2, new Array(8 * 8 * 3).fill(1));
    expect(() => packFromPngFiles('sized', some, { size: { width: 16, height: 16 } })).toThrow(/sand: size 8x8, expected 16x16/);
    expect(packFromPngFiles('any size', some).textures.get('sand')!.width).toBe(8);
    const images = new Map(TEXTURE_NAMES.map((n) => [n, solid(16, 16, [1, 2, 3, 255])] as const));
    images.set('lava', { width: 16, height: 16, data: new Uint8Array(10), hasAlpha: false });
    expect(() => packFromImages('short', images)).toThrow(/lava: 10 bytes of RGBA data, expected 1024/);
    images.set('lava', solid(16, 16, [1, 2, 3, 128], false));
    expect(() => packFromImages('alpha', images)).toThrow(/lava: hasAlpha is false/);
  });

  it('hashes content: one pixel, the alpha flag or a name changes it; insertion order does not', () => {
    const base = new Map(TEXTURE_NAMES.map((n) => [n, solid(16, 16, [1, 2, 3, 255])] as const));
    const reference = packHash(base);
    expect(packHash(new Map([...base].reverse()))).toBe(reference);
    const pixel = new Map(base);
    const changed = solid(16, 16, [1, 2, 3, 255]);
    changed.data[100] = 9;
    pixel.set('cow', changed);
    expect(packHash(pixel)).not.toBe(reference);
    const flagged = new Map(base);
    flagged.set('cow', solid(16, 16, [1, 2, 3, 255], true));
    expect(packHash(flagged)).not.toBe(reference);
  });
});

describe.skipIf(!haveAssets)('the original Crafter textures', () => {
  it('name exactly the 56 PNG stems of the assets folder', () => {
    const stems = readdirSync(ASSETS).filter((f) => f.endsWith('.png')).map((f) => f.slice(0, -4)).sort();
    expect(stems).toEqual([...TEXTURE_NAMES].sort());
  });

  it('load into a pack of 56 16x16 textures, alpha flagged as in the files', async () => {
    const pack = await loadPackFromDir(ASSETS);
    expect(pack.name).toBe('crafter-assets');
    expect(pack.textures.size).toBe(56);
    for (const image of pack.textures.values()) expect([image.width, image.height]).toEqual([16, 16]);
    // grass.png is 8-bit RGB, cow.png 8-bit RGBA.
    expect(pack.textures.get('grass')!.hasAlpha).toBe(false);
    expect(pack.textures.get('cow')!.hasAlpha).toBe(true);
    // Pinned: traces record this hash to say which art drew their frames.
    expect(pack.hash).toBe('0005e560102b426f70ca1a4ba701dd976801543f02e5e80f610ba24daeeab50a');
    expect(loadPackFromDirSync(ASSETS, 'again').hash).toBe(pack.hash);
  });

  it('report what a folder lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-'));
    try {
      for (const name of TEXTURE_NAMES.slice(2)) copyFileSync(join(ASSETS, `${name}.png`), join(dir, `${name}.png`));
      await expect(loadPackFromDir(dir, 'partial')).rejects.toThrow(/lacks 2 of 56 textures: 1\.png, 2\.png/);
      writeFileSync(join(dir, '1.png'), 'not an image');
      copyFileSync(join(ASSETS, '2.png'), join(dir, '2.png'));
      expect(() => loadPackFromDirSync(dir)).toThrow(/1\.png: not a PNG file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(loadPackFromDir(join(dir, 'gone'))).rejects.toThrow(/cannot read folder/);
  });
});
