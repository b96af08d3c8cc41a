// Plants of the built-in pack: the planted sapling as it grows and ripens, and the sapling item.
// Planted ones stand on a brown soil mound so they read apart from the grass under them.
import type { TextureImage } from '../pack.ts';
import { paint, rgb, type Palette } from './draw.ts';

const LEAF: Palette = {
  O: rgb('#1e4e1c'),
  e: rgb('#a6e048'),
  E: rgb('#6cb83a'),
  f: rgb('#3c7a26'),
  b: rgb('#3e2612'),
  B: rgb('#7a5030'),
};

export function plant(): TextureImage {
  return paint('plant', [
    '................',
    '................',
    '................',
    '................',
    '..OOO......OOO..',
    '.OeeeO....OeeeO.',
    '.OeeeeO..OeeeeO.',
    '..OeeeeOOeeeeO..',
    '...OOeeffeeOO...',
    '.....OOffOO.....',
    '.......ff.......',
    '.......ff.......',
    '.....bbbbbb.....',
    '....bBBBBBBb....',
    '...bBBBBBBBBb...',
    '................',
  ], LEAF);
}

export function plantYoung(): TextureImage {
  return paint('plant-young', [
    '................',
    '................',
    '................',
    '................',
    '................',
    '................',
    '................',
    '.....OO..OO.....',
    '....OeeOOeeO....',
    '.....OOffOO.....',
    '.......ff.......',
    '.......ff.......',
    '.....bbbbbb.....',
    '....bBBBBBBb....',
    '...bBBBBBBBBb...',
    '................',
  ], LEAF);
}

export function plantRipe(): TextureImage {
  return paint('plant-ripe', [
    '................',
    '.....OOOOOO.....',
    '...OOEEEEEEOO...',
    '..OEEFFEEEEEEO..',
    '.OEEFHFFEEFFEEO.',
    '.OEEFFFFEFHFFEO.',
    '.OEEEFFEEFFFFEO.',
    '.OEEEEEEEEFFEEO.',
    '..OEFFEEEEEEEO..',
    '..OFHFFEEFFEEO..',
    '...OFFFEFHFFO...',
    '....OFOOOFFOO...',
    '.....bbffbbb....',
    '....bBBBBBBBb...',
    '...bBBBBBBBBBb..',
    '................',
  ], { ...LEAF, F: rgb('#e8283c'), H: rgb('#ffb0b8') });
}

export function sapling(): TextureImage {
  return paint('sapling', [
    '......OOOO......',
    '.....OeeeeO.....',
    '.....OeeeeO.....',
    '......OeeO......',
    '.OOO...ff...OOO.',
    'OeeeO..ff..OeeeO',
    'OeeeeO.ff.OeeeeO',
    '.OeeeeOffOeeeeO.',
    '..OOOeeffeeOOO..',
    '.....OOffOO.....',
    '.......ff.......',
    '.......ff.......',
    '......rffr......',
    '.....rrrrrr.....',
    '....rr.rr.rr....',
    '................',
  ], { ...LEAF, r: rgb('#c89a64') });
}
