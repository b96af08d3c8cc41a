// Inventory items of the built-in pack: vitals, wood and the six tools. Items are drawn at
// 5 px in a 64 px frame, keeping rows/columns 1, 4, 8, 11 and 14, so shapes are bold there.
import type { TextureImage } from '../pack.ts';
import { paint, rgb, type Palette, type Rgba } from './draw.ts';

export function health(): TextureImage {
  return paint('health', [
    '................',
    '..DDDD....DDDD..',
    '.DRRRRD..DRRRRD.',
    'DRLLRRRDDRRRRRRD',
    'DRLRRRRRRRRRRRRD',
    'DRRRRRRRRRRRRRRD',
    'DRRRRRRRRRRRRRRD',
    '.DRRRRRRRRRRRRD.',
    '..DRRRRRRRRRRD..',
    '...DRRRRRRRRD...',
    '....DRRRRRRD....',
    '.....DRRRRD.....',
    '......DRRD......',
    '.......DD.......',
    '................',
    '................',
  ], { D: rgb('#7a0e1a'), R: rgb('#e4283e'), L: rgb('#ff9aa6') });
}

export function food(): TextureImage {
  return paint('food', [
    '................',
    '....dddddd......',
    '..ddMMMMMMdd....',
    '.dMMmmMMMMMMd...',
    '.dMmmMMMMMMMd...',
    'dMMmMMMMMMMMMd..',
    'dMMMMMMMMMMMMd..',
    'dMMMMMMMMMMMMd..',
    '.dMMMMMMMMMMd...',
    '.dMMMMMMMMMMd...',
    '..ddMMMMMMddWW..',
    '....dddddd.WWW..',
    '...........WWWW.',
    '..........WWWWWW',
    '...........WW.WW',
    '................',
  ], { d: rgb('#5e2c10'), M: rgb('#b45a28'), m: rgb('#e89a5c'), W: rgb('#f4f0e4') });
}

export function drink(): TextureImage {
  return paint('drink', [
    '.......bb.......',
    '......bBBb......',
    '......bBBb......',
    '.....bBBBBb.....',
    '.....bBBBBb.....',
    '....bBlBBBBb....',
    '...bBlBBBBBBb...',
    '...bBlBBBBBBb...',
    '..bBllBBBBBBBb..',
    '..bBlBBBBBBBBb..',
    '..bBBBBBBBBBBb..',
    '..bBBBBBBBBBdb..',
    '...bBBBBBBBdb...',
    '....bbBBBBdbb...',
    '.....bbbbbb.....',
    '................',
  ], { b: rgb('#163c8c'), B: rgb('#3c8cf0'), l: rgb('#b4dcff'), d: rgb('#2462c0') });
}

export function energy(): TextureImage {
  return paint('energy', [
    '.......yyyyyyy..',
    '......yYYYYYy...',
    '.....yYYYYYy....',
    '....yYYYYYy.....',
    '...yYYYYYy......',
    '..yYYYYYYyyyyy..',
    '..yYYYYYYYYYYy..',
    '..yyyyyYYYYYy...',
    '......yYYYYy....',
    '.....yYYYYy.....',
    '....yYYYYy......',
    '...yYYYy........',
    '..yYYYy.........',
    '..yYYy..........',
    '.yYy............',
    '.yy.............',
  ], { y: rgb('#b86a00'), Y: rgb('#ffd82a') });
}

export function wood(): TextureImage {
  return paint('wood', [
    '................',
    '................',
    '.....bbbbbb.....',
    '....bRRRRRRb....',
    '....bRrrrrRb....',
    '....bRrRRrRb....',
    '....bRRRRRRb....',
    '.bbbbbbbbbbbbbb.',
    'bRRRRRRbbRRRRRRb',
    'bRrrrrRbbRrrrrRb',
    'bRrRRrRbbRrRRrRb',
    'bRrrrrRbbRrrrrRb',
    'bRRRRRRbbRRRRRRb',
    '.bbbbbb..bbbbbb.',
    '................',
    '................',
  ], { b: rgb('#4e3018'), R: rgb('#e0b478'), r: rgb('#a87440') });
}

interface ToolColours {
  head: Rgba;
  light: Rgba;
  edge: Rgba;
}

const HANDLE: Palette = { n: rgb('#a06a34'), N: rgb('#6a4220'), G: rgb('#54361a') };
const WOOD_HEAD: ToolColours = { head: rgb('#b47c40'), light: rgb('#d8a86a'), edge: rgb('#4a2c12') };
const STONE_HEAD: ToolColours = { head: rgb('#84868c'), light: rgb('#b0b2b8'), edge: rgb('#34363c') };
const IRON_HEAD: ToolColours = { head: rgb('#d4dae4'), light: rgb('#ffffff'), edge: rgb('#505666') };

const PICKAXE_ROWS = [
  '..OOOOOOOOOOOO..',
  '.OhhhhhhhhhhhhO.',
  'OhHHHHHHHHHHHHhO',
  'OHHHHHHHHHHHHHHO',
  'OHHHHHHHHHHHHHHO',
  'OHHOOOOnNOOOOHHO',
  'OHO...OnNO...OHO',
  'OHO...OnNO...OHO',
  '.O....OnNO....O.',
  '......OnNO......',
  '......OnNO......',
  '......OnNO......',
  '......OnNO......',
  '......OnNO......',
  '......OnNO......',
  '......OOOO......',
];

const SWORD_ROWS = [
  '.......OO.......',
  '......OhHO......',
  '.....OhhHHO.....',
  '.....OhHHHO.....',
  '.....OhHHHO.....',
  '.....OhHHHO.....',
  '.....OhHHHO.....',
  '.....OhHHHO.....',
  '.....OhHHHO.....',
  '.....OhHHHO.....',
  '..GGGGGGGGGGGG..',
  '..GGGGGGGGGGGG..',
  '......OnNO......',
  '......OnNO......',
  '......OnNO......',
  '......OGGO......',
];

function tool(name: string, rows: readonly string[], colours: ToolColours): TextureImage {
  return paint(name, rows, { ...HANDLE, H: colours.head, h: colours.light, O: colours.edge });
}

export const woodPickaxe = (): TextureImage => tool('wood_pickaxe', PICKAXE_ROWS, WOOD_HEAD);
export const stonePickaxe = (): TextureImage => tool('stone_pickaxe', PICKAXE_ROWS, STONE_HEAD);
export const ironPickaxe = (): TextureImage => tool('iron_pickaxe', PICKAXE_ROWS, IRON_HEAD);
export const woodSword = (): TextureImage => tool('wood_sword', SWORD_ROWS, WOOD_HEAD);
export const stoneSword = (): TextureImage => tool('stone_sword', SWORD_ROWS, STONE_HEAD);
export const ironSword = (): TextureImage => tool('iron_sword', SWORD_ROWS, IRON_HEAD);
