// Count digits, the unknown mark and the three debug patterns of the built-in pack.
import type { TextureImage } from '../pack.ts';
import { outline, paint, rgb, SIZE, type Rgba } from './draw.ts';

// Digits are drawn at 4 px in a 64 px frame, which keeps pixel rows/columns 2, 6, 10 and 14:
// each glyph cell below is a 4x4 block, so the 4 px digit is exactly this 3x4 glyph. Glyphs
// sit in the right three block columns to cover less of the item they count. The dark outline
// lands only on rows/columns 0, 3, 4 and so on, never on a kept pixel.
const DIGIT_GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '1': ['.#.', '##.', '.#.', '###'],
  '2': ['##.', '..#', '.#.', '###'],
  '3': ['###', '.##', '..#', '###'],
  '4': ['#.#', '###', '..#', '..#'],
  '5': ['###', '##.', '..#', '##.'],
  '6': ['#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '###'],
  '9': ['###', '#.#', '###', '..#'],
};

const GLYPH_FILL = rgb('#ffffff');
const GLYPH_EDGE = rgb('#141414');
const BLOCK = 4;

export function digit(value: string): TextureImage {
  const glyph = DIGIT_GLYPHS[value];
  if (!glyph) throw new Error(`no digit glyph for '${value}'`);
  const rows = Array.from({ length: SIZE }, (_, y) =>
    Array.from({ length: SIZE }, (_, x) => (glyph[Math.floor(y / BLOCK)]?.[Math.floor(x / BLOCK) - 1] === '#' ? '#' : '.')).join(''),
  );
  return outline(paint(`digit ${value}`, rows, { '#': GLYPH_FILL }), GLYPH_EDGE);
}

export function unknown(): TextureImage {
  return paint('unknown', [
    '................',
    '....OOOOOOO.....',
    '...OWWWWWWWO....',
    '..OWWWOOOWWWO...',
    '..OWWO...OWWO...',
    '..OOOO..OWWWO...',
    '.......OWWWO....',
    '......OWWWO.....',
    '......OWWO......',
    '......OWWO......',
    '......OOOO......',
    '......OWWO......',
    '......OWWO......',
    '......OOOO......',
    '................',
    '................',
  ], { O: rgb('#8a1c8a'), W: rgb('#ffffff') });
}

/** Flat test patterns: a checkerboard, diagonal stripes and nested squares. */
export function debugPattern(kind: 1 | 2 | 3): TextureImage {
  const colours: Record<1 | 2 | 3, Rgba> = { 1: rgb('#ff00ff'), 2: rgb('#ffff00'), 3: rgb('#00ffff') };
  const on = (x: number, y: number): boolean => {
    if (kind === 1) return ((x >> 2) + (y >> 2)) % 2 === 0;
    if (kind === 2) return ((x + y) >> 2) % 2 === 0;
    return Math.min(x, y, SIZE - 1 - x, SIZE - 1 - y) % 4 < 2;
  };
  const rows = Array.from({ length: SIZE }, (_, y) => Array.from({ length: SIZE }, (_, x) => (on(x, y) ? 'c' : 'k')).join(''));
  return paint(`debug ${kind}`, rows, { c: colours[kind], k: rgb('#000000') });
}
