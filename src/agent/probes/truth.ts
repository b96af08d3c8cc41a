// What one frame shows, read exactly from the simulator: the local view cell by cell (ground and what stands on it),
// the player's facing, sleep, daylight, inventory, and the crafting that would succeed now. Probe families read this.
import type { CrafterEnv } from '../../sim/env.ts';
import type { GameObject } from '../../sim/objects.ts';
import { ITEM_NAMES, MAKE, MATERIALS, PLACE, type ActionName, type ItemName } from '../../sim/rules.ts';

export type Direction = 'north' | 'south' | 'east' | 'west';
export const DIRECTION_NAMES: readonly Direction[] = ['north', 'south', 'east', 'west'];

/** Ground outside the world, drawn as Crafter's grey canvas. */
export const VOID = 'void';

export interface ViewCell {
  /** The material drawn as the cell's ground: a name of MATERIALS, or "void" outside the world. */
  material: string;
  /** What stands on it, named as the text summaries name it ("cow", "ripe plant", "player"...), or null. */
  object: string | null;
}

export const CRAFT_ACTIONS = ['place_table', 'place_furnace', 'make_wood_pickaxe', 'make_stone_pickaxe', 'make_iron_pickaxe',
  'make_wood_sword', 'make_stone_sword', 'make_iron_sword'] as const satisfies readonly ActionName[];
export type CraftAction = (typeof CRAFT_ACTIONS)[number];

export interface FrameTruth {
  /** Cells of the local view across and down (9 x 7 with Crafter's defaults); the player is at the centre cell. */
  width: number;
  height: number;
  /** Row-major from the north-west corner, exactly the cells the frame draws. */
  cells: ViewCell[];
  facing: Direction;
  daylight: number;
  sleeping: boolean;
  /** Every inventory amount as the HUD strip draws it (vitals first). */
  inventory: Record<ItemName, number>;
  /** Crafting actions that would succeed as the next action, in ACTIONS order. */
  craftable: CraftAction[];
}

/** The name the text summaries give an object. */
function objectLabel(obj: GameObject): string {
  if (obj.kind === 'Plant') return obj.texture === 'plant-ripe' ? 'ripe plant' : 'sapling';
  return obj.kind.toLowerCase();
}

function directionOf(dx: number, dy: number): Direction {
  if (dx < 0) return 'west';
  if (dx > 0) return 'east';
  return dy < 0 ? 'north' : 'south';
}

/** The offset one step in a direction: north is up (y decreases). */
export function directionOffset(direction: Direction): [number, number] {
  return { north: [0, -1], south: [0, 1], east: [1, 0], west: [-1, 0] }[direction] as [number, number];
}

export interface CraftFacts {
  inventory: Readonly<Record<string, number>>;
  /** Material names in the 3x3 area the simulator searches for a table and a furnace. */
  nearby: ReadonlySet<string>;
  /** Ground of the faced cell, and whether anything stands on it. */
  facedMaterial: string;
  facedFree: boolean;
  /** Asleep with energy below its maximum: every action is taken as sleep. */
  asleep: boolean;
}

/** Crafting that succeeds as the next action, by the simulator's place and make rules (rules.ts). */
export function craftableNow(facts: CraftFacts): CraftAction[] {
  if (facts.asleep) return [];
  const has = (uses: Partial<Record<ItemName, number>>) => Object.entries(uses).every(([item, n]) => (facts.inventory[item] ?? 0) >= (n as number));
  return CRAFT_ACTIONS.filter((action) => {
    if (action === 'place_table' || action === 'place_furnace') {
      const rule = PLACE[action === 'place_table' ? 'table' : 'furnace'];
      return facts.facedFree && (rule.where as readonly string[]).includes(facts.facedMaterial) && has(rule.uses);
    }
    const rule = MAKE[action.slice('make_'.length) as keyof typeof MAKE];
    return rule.nearby.every((station) => facts.nearby.has(station)) && has(rule.uses);
  });
}

const materialName = (id: number) => (id ? MATERIALS[id - 1] : VOID);

/** The truth of the env's current frame. */
export function readTruth(env: CrafterEnv): FrameTruth {
  const { world, player } = env;
  const [width, height] = env.localGrid;
  const ox = Math.floor(width / 2);
  const oy = Math.floor(height / 2);
  const cells: ViewCell[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const wx = player.x + x - ox;
      const wy = player.y + y - oy;
      const obj = world.objectAt(wx, wy);
      cells.push({ material: world.inside(wx, wy) ? materialName(world.material(wx, wy)) : VOID, object: obj ? objectLabel(obj) : null });
    }
  }
  const inventory = Object.fromEntries(ITEM_NAMES.map((name, i) => [name, player.inventory[i]])) as Record<ItemName, number>;
  const fx = player.x + player.facingX;
  const fy = player.y + player.facingY;
  const nearby = new Set([...world.nearbyMaterials(player.x, player.y, 1)].map(materialName));
  return {
    width,
    height,
    cells,
    facing: directionOf(player.facingX, player.facingY),
    daylight: world.daylight,
    sleeping: player.sleeping,
    inventory,
    craftable: craftableNow({
      inventory,
      nearby,
      facedMaterial: materialName(world.material(fx, fy)),
      facedFree: world.objectAt(fx, fy) === null,
      asleep: player.sleeping && inventory.energy < 9,
    }),
  };
}

/** The cell at an offset from the player, or null outside the view. */
export function cellAt(truth: FrameTruth, dx: number, dy: number): ViewCell | null {
  const x = dx + Math.floor(truth.width / 2);
  const y = dy + Math.floor(truth.height / 2);
  if (x < 0 || x >= truth.width || y < 0 || y >= truth.height) return null;
  return truth.cells[y * truth.width + x];
}

/** Offsets from the player of the view cells that match, in row-major order, the player's own cell left out. */
export function offsetsWhere(truth: FrameTruth, match: (cell: ViewCell) => boolean): Array<[number, number]> {
  const ox = Math.floor(truth.width / 2);
  const oy = Math.floor(truth.height / 2);
  const out: Array<[number, number]> = [];
  truth.cells.forEach((cell, i) => {
    const dx = (i % truth.width) - ox;
    const dy = Math.floor(i / truth.width) - oy;
    if ((dx || dy) && match(cell)) out.push([dx, dy]);
  });
  return out;
}

export const manhattan = ([dx, dy]: readonly [number, number]) => Math.abs(dx) + Math.abs(dy);

/** The offsets at the smallest Manhattan distance (several when tied), in row-major order. */
export function nearest(offsets: ReadonlyArray<[number, number]>): Array<[number, number]> {
  if (!offsets.length) return [];
  const best = Math.min(...offsets.map(manhattan));
  return offsets.filter((o) => manhattan(o) === best);
}
