// Ground materials of the built-in pack. Materials are fully opaque: Crafter copies them
// without blending. Features sit on rows/columns 1, 3, 5, 7, 10, 12 and 14, the pixels a
// 16 -> 7 px nearest-neighbour downscale keeps, so each stays recognisable in a 64 px frame.
import type { TextureImage } from '../pack.ts';
import { overlay, paint, rgb, type Palette } from './draw.ts';

const GRASS: Palette = { g: rgb('#58a83e'), d: rgb('#3d8030'), l: rgb('#8fd05c'), o: rgb('#e8d050') };
const SAND: Palette = { s: rgb('#e6d49a'), p: rgb('#c9b377'), q: rgb('#f6ecc4') };
const PATH: Palette = { t: rgb('#8e7152'), u: rgb('#6b533a'), v: rgb('#b0926c') };
const STONE: Palette = { k: rgb('#85888e'), j: rgb('#5d6068'), h: rgb('#a9acb1') };
const WATER: Palette = { w: rgb('#2f6bd0'), x: rgb('#79b1f0'), y: rgb('#22519f') };
const LAVA: Palette = { r: rgb('#d9481c'), o: rgb('#f58c24'), Y: rgb('#ffdc50'), R: rgb('#a52c14') };

export function grass(): TextureImage {
  return paint('grass', [
    'gggggggggggggggg',
    'gggglggggggggggg',
    'ggggdgdggggggggg',
    'gggggdgggggglggg',
    'gggggggggggdgdgg',
    'gglgggggggggdggg',
    'ggggggggggggggdg',
    'gggggggggggggdgd',
    'gggggggglggggggg',
    'ggdgdgggggggggog',
    'gggdgggggggggggg',
    'ggggggggglgggggg',
    'glggggggdgdggggg',
    'gggggggggdgggggg',
    'gggglggggggggggg',
    'gggggggggggggggg',
  ], GRASS);
}

export function sand(): TextureImage {
  return paint('sand', [
    'ssssssssssssssss',
    'sssspsssssssssss',
    'ssssssssssqsssss',
    'spssssssssssssps',
    'ssssssqsssssssss',
    'sssssssssspsssss',
    'ssqsssssssssssss',
    'sssssspssssssqss',
    'ssssssssssssssss',
    'sssssssssqssssss',
    'spssssssssssspss',
    'sssssqssssssssss',
    'ssssssssssspssss',
    'ssspssssssssssss',
    'sssssssqssssssps',
    'ssssssssssssssss',
  ], SAND);
}

export function path(): TextureImage {
  return paint('path', [
    'tttttttttttttttt',
    'ttvvtttttttttttt',
    'ttvuttttttvvtttt',
    'tttttttttttvuttt',
    'tttttttttttttttt',
    'tttttvvttttttttt',
    'tvtttvuttttttvtt',
    'tutttttttttttutt',
    'tttttttttttttttt',
    'tttttttttvvttttt',
    'ttvvtttttvuttttt',
    'ttvuttttttttvvtt',
    'ttttttvttttttvut',
    'ttttttuttttttttt',
    'tttttttttvvttttt',
    'tttttttttvuttttt',
  ], PATH);
}

export function stone(): TextureImage {
  return paint('stone', [
    'kkkkkkkjkkkkkkkk',
    'khhkkkkjkkkhhkkk',
    'kkkkkkkjkkkkkkkk',
    'jjjkkkkjjjjjkkkk',
    'kkjkkkkkkkkjkkkk',
    'kkjkkhhkkkkjjjjj',
    'kkjkkkkkkkkkkkkj',
    'jjjjjkkkkkkkkkkj',
    'kkkkjkkkkhhkkkkj',
    'khhkjjjjkkkkkkkj',
    'kkkkkkkjkkkkjjjj',
    'kkkkkkkjkkkkjkkk',
    'jjjkkkkjjjjjjkkk',
    'kkjkkkkkkkkkkkhh',
    'kkjkkhhkkkkkkkkk',
    'kkjkkkkkkkkkkkkk',
  ], STONE);
}

export function water(): TextureImage {
  return paint('water', [
    'wwwwwwwwwwwwwwww',
    'wwwwwwwwwwwwwwww',
    'wxxwwwwwwwxxwwww',
    'xwwxxwwwwxwwxxww',
    'wwwwwwwwwwwwwwww',
    'wwwwwwwwwwwwwwww',
    'wwwwwxxwwwwwwwxx',
    'wwwwxwwxxwwwwxww',
    'wwwwwwwwwwwwwwww',
    'wwwwwwwwwwwwwwww',
    'wxxwwwwwwwxxwwww',
    'xwwxxwwwwxwwxxww',
    'wwwwwwwwwwwwwwww',
    'wwwwwwwwwwwwwwww',
    'wwwwwxxwwwwwwwxx',
    'wwwwxwwxxwwwwxww',
  ], WATER);
}

export function lava(): TextureImage {
  return paint('lava', [
    'rrrroorrrrrRRrrr',
    'rrroYYorrrrrrrrr',
    'rrroYYorrrooorrr',
    'RrrrooorrroYYorr',
    'RRrrrrrrrroYYorr',
    'rrrrrRRrrrroorrr',
    'rroorrrrrrrrrrRr',
    'roYYorrrrrrrrRRr',
    'roYYorrRrrooorrr',
    'rrooorRRrroYYorr',
    'rrrrrrrrrrooYorr',
    'rrrRrrrrrrrooorr',
    'rrRRrroorrrrrrrr',
    'rrrrroYYorrrrrRR',
    'rrrrroYYorrrrrrR',
    'rrrrrrooorrrrrrr',
  ], LAVA);
}

export function tree(): TextureImage {
  return paint('tree', [
    'ggggCCCCCCCCgggg',
    'ggCCcccccccccCgg',
    'gCccLLcccccccCCg',
    'gCcLLcccccLcccCg',
    'CccccccccLLccccC',
    'CccccLcccccccccC',
    'CcccLLccccccLccC',
    'CcccccccccccLLcC',
    'gCcLcccccccccccC',
    'gCCcccccCcccccCg',
    'ggCCCcccnCcccCgg',
    'gggggCCnnNCCCggg',
    'gggggggnnNgggggg',
    'gggggggnnNgggggg',
    'ggggggdnnNNggggg',
    'ggggggnnnNNNgggg',
  ], { ...GRASS, C: rgb('#1f5a26'), c: rgb('#2e7d34'), L: rgb('#5fae4a'), n: rgb('#7a4e2a'), N: rgb('#4f321b') });
}

const ORE_ROWS = {
  coal: [
    '................',
    '................',
    '..KKK...........',
    '.KKMKK......KK..',
    '.KKKK......KMKK.',
    '..KK.......KKKK.',
    '............KK..',
    '................',
    '......KKK.......',
    '.....KMKKK......',
    '.....KKKKK......',
    '......KKK.......',
    '..KK........KKK.',
    '.KMKK......KMKK.',
    '.KKKK......KKKK.',
    '..KK........KK..',
  ],
  iron: [
    '................',
    '.....II.........',
    '....IJII....II..',
    '....IIII...IJII.',
    '.....II....IIII.',
    '............II..',
    '..II............',
    '.IJII.....II....',
    '.IIII....IJII...',
    '..II.....IIII...',
    '..........II....',
    '....II.......II.',
    '...IJII.....IJII',
    '...IIII.....IIII',
    '....II.......II.',
    '................',
  ],
  diamond: [
    '................',
    '...D............',
    '..DED.......D...',
    '.DEEED.....DED..',
    '..DED.....DEEED.',
    '...D.......DED..',
    '............D...',
    '......D.........',
    '.....DED........',
    '....DEEED.......',
    '.....DED........',
    '......D.....D...',
    '..D........DED..',
    '.DED......DEEED.',
    'DEEED......DED..',
    '.DED........D...',
  ],
} as const;

export function coal(): TextureImage {
  return overlay('coal', stone(), ORE_ROWS.coal, { K: rgb('#17171b'), M: rgb('#4a4a56') });
}

export function iron(): TextureImage {
  return overlay('iron', stone(), ORE_ROWS.iron, { I: rgb('#c9814e'), J: rgb('#f0c090') });
}

export function diamond(): TextureImage {
  return overlay('diamond', stone(), ORE_ROWS.diamond, { D: rgb('#26b8cc'), E: rgb('#d8fcff') });
}
