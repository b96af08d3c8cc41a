// The texture names Crafter 1.8.3 looks up: the file stems of crafter/assets/*.png.
export const TEXTURE_NAMES = [
  '1', '2', '3', '4', '5', '6', '7', '8', '9',
  'arrow-down', 'arrow-left', 'arrow-right', 'arrow-up',
  'coal', 'cow', 'debug', 'debug-2', 'debug-3', 'diamond', 'drink', 'energy',
  'fence', 'food', 'furnace', 'grass', 'health', 'iron', 'iron_pickaxe', 'iron_sword',
  'lava', 'leaves', 'log', 'path', 'plant-ripe', 'plant-young', 'plant',
  'player-down', 'player-left', 'player-right', 'player-sleep', 'player-up', 'player',
  'sand', 'sapling', 'skeleton', 'stone', 'stone_pickaxe', 'stone_sword',
  'table', 'tree', 'unknown', 'water', 'wood', 'wood_pickaxe', 'wood_sword', 'zombie',
] as const;

export type TextureName = (typeof TEXTURE_NAMES)[number];

export const TEXTURE_COUNT = TEXTURE_NAMES.length;

export const DIGIT_NAMES = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

// What the inventory bar shows, in Crafter's inventory key order.
export const ITEM_NAMES = [
  'health', 'food', 'drink', 'energy', 'sapling', 'wood', 'stone', 'coal', 'iron', 'diamond',
  'wood_pickaxe', 'stone_pickaxe', 'iron_pickaxe', 'wood_sword', 'stone_sword', 'iron_sword',
] as const;
