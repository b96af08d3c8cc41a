// The built-in texture pack: original pixel art drawn in source by this project, one 16x16
// RGBA image for each of Crafter's 56 texture names.
import { TEXTURE_NAMES } from '../names.ts';
import { packFromImages, type TextureImage, type TexturePack } from '../pack.ts';
import { arrowDown, arrowLeft, arrowRight, arrowUp, cow, player, playerDown, playerLeft, playerRight, playerSleep, playerUp, skeleton, zombie } from './creatures.ts';
import { debugPattern, digit, unknown } from './glyphs.ts';
import { drink, energy, food, health, ironPickaxe, ironSword, stonePickaxe, stoneSword, wood, woodPickaxe, woodSword } from './items.ts';
import { plant, plantRipe, plantYoung, sapling } from './plants.ts';
import { fence, furnace, leaves, log, table } from './structures.ts';
import { coal, diamond, grass, iron, lava, path, sand, stone, tree, water } from './terrain.ts';

export const BUILTIN_PACK_NAME = 'crafter-web-builtin';

const DRAWINGS: Readonly<Record<string, () => TextureImage>> = {
  ...Object.fromEntries(['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => [d, () => digit(d)])),
  'arrow-down': arrowDown,
  'arrow-left': arrowLeft,
  'arrow-right': arrowRight,
  'arrow-up': arrowUp,
  coal,
  cow,
  debug: () => debugPattern(1),
  'debug-2': () => debugPattern(2),
  'debug-3': () => debugPattern(3),
  diamond,
  drink,
  energy,
  fence,
  food,
  furnace,
  grass,
  health,
  iron,
  iron_pickaxe: ironPickaxe,
  iron_sword: ironSword,
  lava,
  leaves,
  log,
  path,
  'plant-ripe': plantRipe,
  'plant-young': plantYoung,
  plant,
  'player-down': playerDown,
  'player-left': playerLeft,
  'player-right': playerRight,
  'player-sleep': playerSleep,
  'player-up': playerUp,
  player,
  sand,
  sapling,
  skeleton,
  stone,
  stone_pickaxe: stonePickaxe,
  stone_sword: stoneSword,
  table,
  tree,
  unknown,
  water,
  wood,
  wood_pickaxe: woodPickaxe,
  wood_sword: woodSword,
  zombie,
};

let cached: TexturePack | undefined;

/** The built-in pack; drawn once, then shared (treat the images as read-only). */
export function builtinPack(): TexturePack {
  if (!cached) {
    const images = new Map<string, TextureImage>();
    for (const name of TEXTURE_NAMES) {
      const draw = DRAWINGS[name];
      if (draw) images.set(name, draw());
    }
    cached = packFromImages(BUILTIN_PACK_NAME, images, { size: { width: 16, height: 16 } });
  }
  return cached;
}
