import { describe, expect, it } from 'vitest';
import { resizeNearest } from '../../src/sim/render/resize.ts';
import { BUILTIN_PACK_NAME, builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { DIGIT_NAMES, ITEM_NAMES, TEXTURE_COUNT, TEXTURE_NAMES } from '../../src/sim/textures/names.ts';
import { packHash, type TextureImage } from '../../src/sim/textures/pack.ts';

const pack = builtinPack();
const texture = (name: string): TextureImage => pack.textures.get(name)!;
// The sizes Crafter draws at in a 64x64 frame: cell 7 px, item 5 px, digit 4 px.
const scaled = (name: string, size: number): string => Array.from(resizeNearest(texture(name), size, size)).join(',');

function pairsThatCollide(names: readonly string[], key: (name: string) => string): string[] {
  const seen = new Map<string, string>();
  const collisions: string[] = [];
  for (const name of names) {
    const k = key(name);
    if (seen.has(k)) collisions.push(`${seen.get(k)} = ${name}`);
    else seen.set(k, name);
  }
  return collisions;
}

const MATERIALS = ['water', 'grass', 'stone', 'path', 'sand', 'tree', 'lava', 'coal', 'iron', 'diamond', 'table', 'furnace'];

describe('texture names', () => {
  it('are the 56 distinct names Crafter looks up', () => {
    expect(TEXTURE_COUNT).toBe(56);
    expect(new Set(TEXTURE_NAMES).size).toBe(56);
    expect(DIGIT_NAMES.every((d) => TEXTURE_NAMES.includes(d))).toBe(true);
    expect(ITEM_NAMES.every((d) => TEXTURE_NAMES.includes(d))).toBe(true);
  });
});

describe('the built-in pack', () => {
  it('is complete, 16x16 everywhere, named and hashed', () => {
    expect(pack.name).toBe(BUILTIN_PACK_NAME);
    expect([...pack.textures.keys()].sort()).toEqual([...TEXTURE_NAMES].sort());
    for (const image of pack.textures.values()) {
      expect([image.width, image.height, image.data.length]).toEqual([16, 16, 1024]);
    }
    expect(pack.hash).toBe(packHash(pack.textures));
    // Pinned: datasets name the art of their frames by this hash, so an art change must be deliberate.
    expect(pack.hash).toBe('c637eab3e979938081d33e6e2258ea5f927beca2d37fdf8ba513ebd300d5f197');
  });

  it('has no two equal textures, not even after the 7 px downscale', () => {
    expect(pairsThatCollide(TEXTURE_NAMES, (n) => Array.from(texture(n).data).join(','))).toEqual([]);
    expect(pairsThatCollide(TEXTURE_NAMES, (n) => scaled(n, 7))).toEqual([]);
  });

  it('draws materials opaque, as Crafter copies them without blending', () => {
    for (const name of MATERIALS) expect(texture(name).hasAlpha, name).toBe(false);
    for (const name of ['player-down', 'cow', 'zombie', 'skeleton', 'arrow-up', 'plant', 'sapling', '5']) expect(texture(name).hasAlpha, name).toBe(true);
  });

  it('keeps the items apart at 7 px and at the 5 px of the inventory', () => {
    expect(pairsThatCollide(ITEM_NAMES, (n) => scaled(n, 7))).toEqual([]);
    expect(pairsThatCollide(ITEM_NAMES, (n) => scaled(n, 5))).toEqual([]);
  });

  it('keeps digits legible at 4 px: pure white glyphs at least two pixels apart', () => {
    const glyphs = DIGIT_NAMES.map((d) => {
      const small = resizeNearest(texture(d), 4, 4);
      const bits: number[] = [];
      for (let i = 0; i < 16; i++) {
        const [r, g, b, a] = small.subarray(i * 4, i * 4 + 4);
        // The outline never lands on a kept pixel: each is either solid white or clear.
        expect(a === 0 || (r === 255 && g === 255 && b === 255 && a === 255), `digit ${d} pixel ${i}`).toBe(true);
        bits.push(a === 255 ? 1 : 0);
      }
      return bits;
    });
    for (let i = 0; i < glyphs.length; i++) {
      for (let j = i + 1; j < glyphs.length; j++) {
        const distance = glyphs[i].filter((bit, k) => bit !== glyphs[j][k]).length;
        expect(distance, `digits ${DIGIT_NAMES[i]} and ${DIGIT_NAMES[j]}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('shows the player facing four ways, each different at 7 px', () => {
    const facings = ['player-down', 'player-up', 'player-left', 'player-right', 'player-sleep', 'player'];
    expect(pairsThatCollide(facings, (n) => scaled(n, 7))).toEqual([]);
  });

  it('is drawn once and shared', () => {
    expect(builtinPack()).toBe(pack);
  });
});
