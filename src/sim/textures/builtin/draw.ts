// Helpers to write pixel art as source: 16-line string grids over a palette of characters,
// plus the few transforms (mirror, rotate, overlay, outline) the built-in pack needs.
import type { TextureImage } from '../pack.ts';

export type Rgba = readonly [number, number, number, number];
/** Character -> colour; '.' is always transparent (black, alpha 0). */
export type Palette = Readonly<Record<string, Rgba>>;

export const SIZE = 16;
const TRANSPARENT: Rgba = [0, 0, 0, 0];

export function rgb(hex: string): Rgba {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255, 255];
}

/** Paints a SIZE x SIZE grid; throws naming the texture when a row or colour is wrong. */
export function paint(name: string, rows: readonly string[], palette: Palette): TextureImage {
  if (rows.length !== SIZE) throw new Error(`${name}: ${rows.length} rows, expected ${SIZE}`);
  const data = new Uint8Array(SIZE * SIZE * 4);
  rows.forEach((row, y) => {
    if (row.length !== SIZE) throw new Error(`${name}: row ${y} has ${row.length} columns, expected ${SIZE}`);
    for (let x = 0; x < SIZE; x++) {
      const key = row[x];
      const colour = key === '.' ? TRANSPARENT : palette[key];
      if (!colour) throw new Error(`${name}: row ${y} uses '${key}', which the palette lacks`);
      data.set(colour, (y * SIZE + x) * 4);
    }
  });
  return withAlphaFlag(data);
}

/** Draws `rows` over `base`; '.' keeps the base pixel. */
export function overlay(name: string, base: TextureImage, rows: readonly string[], palette: Palette): TextureImage {
  const top = paint(name, rows, palette);
  const data = base.data.slice();
  rows.forEach((row, y) => {
    for (let x = 0; x < SIZE; x++) if (row[x] !== '.') data.set(top.data.subarray((y * SIZE + x) * 4, (y * SIZE + x) * 4 + 4), (y * SIZE + x) * 4);
  });
  return withAlphaFlag(data);
}

export function mirrorX(image: TextureImage): TextureImage {
  return remap(image, (x, y) => [SIZE - 1 - x, y]);
}

export function mirrorY(image: TextureImage): TextureImage {
  return remap(image, (x, y) => [x, SIZE - 1 - y]);
}

/** Quarter turn clockwise. */
export function rotateClockwise(image: TextureImage): TextureImage {
  return remap(image, (x, y) => [y, SIZE - 1 - x]);
}

/** Gives every transparent pixel that touches (8-neighbour) an opaque one the colour `edge`. */
export function outline(image: TextureImage, edge: Rgba): TextureImage {
  const data = image.data.slice();
  const opaque = (x: number, y: number) => x >= 0 && y >= 0 && x < SIZE && y < SIZE && image.data[(y * SIZE + x) * 4 + 3] > 0;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if (opaque(x, y)) continue;
      let touches = false;
      for (let dy = -1; dy <= 1 && !touches; dy++) for (let dx = -1; dx <= 1 && !touches; dx++) touches = opaque(x + dx, y + dy);
      if (touches) data.set(edge, (y * SIZE + x) * 4);
    }
  }
  return withAlphaFlag(data);
}

function remap(image: TextureImage, source: (x: number, y: number) => readonly [number, number]): TextureImage {
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const [sx, sy] = source(x, y);
      data.set(image.data.subarray((sy * SIZE + sx) * 4, (sy * SIZE + sx) * 4 + 4), (y * SIZE + x) * 4);
    }
  }
  return withAlphaFlag(data);
}

// Opaque art is flagged without alpha, so the renderer copies it the way Crafter copies RGB PNGs.
function withAlphaFlag(data: Uint8Array): TextureImage {
  let hasAlpha = false;
  for (let i = 3; i < data.length && !hasAlpha; i += 4) hasAlpha = data[i] !== 255;
  return { width: SIZE, height: SIZE, data, hasAlpha };
}
