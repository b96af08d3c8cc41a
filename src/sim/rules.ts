// Crafter 1.8.3's rules as data, in the order of its data.yaml (order matters: indices are actions, ids are semantic ids).

export const ACTIONS = [
  'noop', 'move_left', 'move_right', 'move_up', 'move_down', 'do', 'sleep',
  'place_stone', 'place_table', 'place_furnace', 'place_plant',
  'make_wood_pickaxe', 'make_stone_pickaxe', 'make_iron_pickaxe',
  'make_wood_sword', 'make_stone_sword', 'make_iron_sword',
] as const;
export type ActionName = (typeof ACTIONS)[number];

export const MATERIALS = [
  'water', 'grass', 'stone', 'path', 'sand', 'tree', 'lava',
  'coal', 'iron', 'diamond', 'table', 'furnace',
] as const;
export type MaterialName = (typeof MATERIALS)[number];

export const WALKABLE: readonly MaterialName[] = ['grass', 'sand', 'path'];

export const ITEMS = {
  health: { max: 9, initial: 9 },
  food: { max: 9, initial: 9 },
  drink: { max: 9, initial: 9 },
  energy: { max: 9, initial: 9 },
  sapling: { max: 9, initial: 0 },
  wood: { max: 9, initial: 0 },
  stone: { max: 9, initial: 0 },
  coal: { max: 9, initial: 0 },
  iron: { max: 9, initial: 0 },
  diamond: { max: 9, initial: 0 },
  wood_pickaxe: { max: 9, initial: 0 },
  stone_pickaxe: { max: 9, initial: 0 },
  iron_pickaxe: { max: 9, initial: 0 },
  wood_sword: { max: 9, initial: 0 },
  stone_sword: { max: 9, initial: 0 },
  iron_sword: { max: 9, initial: 0 },
} as const;
export type ItemName = keyof typeof ITEMS;
export const ITEM_NAMES = Object.keys(ITEMS) as ItemName[];

type Amounts = Partial<Record<ItemName, number>>;

export interface CollectRule {
  require: Amounts;
  receive: Amounts;
  leaves: MaterialName;
  probability?: number;
}

export const COLLECT: Partial<Record<MaterialName, CollectRule>> = {
  tree: { require: {}, receive: { wood: 1 }, leaves: 'grass' },
  stone: { require: { wood_pickaxe: 1 }, receive: { stone: 1 }, leaves: 'path' },
  coal: { require: { wood_pickaxe: 1 }, receive: { coal: 1 }, leaves: 'path' },
  iron: { require: { stone_pickaxe: 1 }, receive: { iron: 1 }, leaves: 'path' },
  diamond: { require: { iron_pickaxe: 1 }, receive: { diamond: 1 }, leaves: 'path' },
  water: { require: {}, receive: { drink: 1 }, leaves: 'water' },
  grass: { require: {}, receive: { sapling: 1 }, probability: 0.1, leaves: 'grass' },
};

export interface PlaceRule {
  uses: Amounts;
  where: MaterialName[];
  type: 'material' | 'object';
}

export const PLACE: Record<'stone' | 'table' | 'furnace' | 'plant', PlaceRule> = {
  stone: { uses: { stone: 1 }, where: ['grass', 'sand', 'path', 'water', 'lava'], type: 'material' },
  table: { uses: { wood: 2 }, where: ['grass', 'sand', 'path'], type: 'material' },
  furnace: { uses: { stone: 4 }, where: ['grass', 'sand', 'path'], type: 'material' },
  plant: { uses: { sapling: 1 }, where: ['grass'], type: 'object' },
};

export interface MakeRule {
  uses: Amounts;
  nearby: MaterialName[];
  gives: number;
}

export const MAKE: Record<
  'wood_pickaxe' | 'stone_pickaxe' | 'iron_pickaxe' | 'wood_sword' | 'stone_sword' | 'iron_sword',
  MakeRule
> = {
  wood_pickaxe: { uses: { wood: 1 }, nearby: ['table'], gives: 1 },
  stone_pickaxe: { uses: { wood: 1, stone: 1 }, nearby: ['table'], gives: 1 },
  iron_pickaxe: { uses: { wood: 1, coal: 1, iron: 1 }, nearby: ['table', 'furnace'], gives: 1 },
  wood_sword: { uses: { wood: 1 }, nearby: ['table'], gives: 1 },
  stone_sword: { uses: { wood: 1, stone: 1 }, nearby: ['table'], gives: 1 },
  iron_sword: { uses: { wood: 1, coal: 1, iron: 1 }, nearby: ['table', 'furnace'], gives: 1 },
};

export const ACHIEVEMENTS = [
  'collect_coal', 'collect_diamond', 'collect_drink', 'collect_iron', 'collect_sapling',
  'collect_stone', 'collect_wood', 'defeat_skeleton', 'defeat_zombie', 'eat_cow', 'eat_plant',
  'make_iron_pickaxe', 'make_iron_sword', 'make_stone_pickaxe', 'make_stone_sword',
  'make_wood_pickaxe', 'make_wood_sword', 'place_furnace', 'place_plant', 'place_stone',
  'place_table', 'wake_up',
] as const;
export type AchievementName = (typeof ACHIEVEMENTS)[number];

// Object kinds in the order of Crafter's SemanticView, so semantic id = 13 + index.
export const OBJECT_KINDS = ['Player', 'Cow', 'Zombie', 'Skeleton', 'Arrow', 'Plant'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

// Semantic ids as Crafter's info['semantic'] uses them: 0 none, materials 1..12, objects 13..18.
export const SEMANTIC_IDS: Readonly<Record<string, number>> = Object.fromEntries([
  ['none', 0],
  ...MATERIALS.map((m, i) => [m, i + 1] as const),
  ...OBJECT_KINDS.map((k, i) => [k, MATERIALS.length + 1 + i] as const),
]);

export const CRAFTER_VERSION = '1.8.3';

export function materialId(name: MaterialName): number {
  return MATERIALS.indexOf(name) + 1;
}

export function actionIndex(name: string): number {
  const i = (ACTIONS as readonly string[]).indexOf(name);
  if (i < 0) throw new Error(`unknown action ${JSON.stringify(name)}; expected one of ${ACTIONS.join(', ')}`);
  return i;
}
