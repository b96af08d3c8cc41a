// Move costs for the pathfinder, one layer per option set, mended each step where the world changed instead of refilled.
import type { GameObject } from '../../sim/objects.ts';
import { ACTION, DIR_X, DIR_Y, MAT } from './grid.ts';

/** Move costs for the pathfinder, one entry per cell (index x * height + y). Every cost is at least 1. */
export interface TerrainCosts {
  readonly width: number;
  readonly height: number;
  /** Cost of stepping onto the cell while it is free; -1 when a move toward it only turns the player. */
  readonly enter: Int16Array;
  /** Cost of clearing the cell while facing it and then stepping on it (dig, fight, bridge); -1 when impossible. */
  readonly breach: Int16Array;
  /** The first action of that clearing: `do`, or `place_stone` to bridge water. */
  readonly breachAction: Uint8Array;
  /** 1 where any move toward the cell would be fatal (lava is walkable for the player). */
  readonly deadly: Uint8Array;
}

export interface CostOptions {
  /** Allow digging through stone, ores and trees (when the tools allow). */
  dig: boolean;
  /** Allow bridging water with a stone (place, mine it back, step). */
  bridge: boolean;
  /** Allow fighting through cows and monsters that stand in the way. */
  fight: boolean;
  /** Keep the fence around plants: never dig a cell next to a plant. */
  guardPlants: boolean;
}

export const DEFAULT_COSTS: CostOptions = { dig: true, bridge: true, fight: true, guardPlants: true };

/** What the player holds that changes which cells can be cleared, as bits. */
export const HOLDS_WOOD_PICKAXE = 1;
export const HOLDS_STONE_PICKAXE = 2;
export const HOLDS_IRON_PICKAXE = 4;
export const HOLDS_STONE = 8;

/** What the costs of a cell are made of, read (never written) when a layer brings cells up to date. */
export interface CostInputs {
  /** The world's materials, object slot per cell (0 when empty) and object slots. */
  materials: Uint8Array;
  objectMap: Int32Array;
  slots: readonly (GameObject | null)[];
  /** The player's own cell is free. */
  player: GameObject;
  /** HOLDS_* bits. */
  holds: number;
  /** Damage of one `do` on a creature. */
  damage: number;
  /** Extra step cost per cell near monsters. */
  danger: Int16Array;
  /** 1 on cells that must not be dug (a shelter's walls). */
  guarded: Uint8Array;
}

/** Whether the cost of a material depends on the HOLDS_* bits given (see `refresh`). */
function dependsOnTools(m: number, holds: number): boolean {
  if (holds & HOLDS_WOOD_PICKAXE && (m === MAT.stone || m === MAT.coal || m === MAT.water)) return true;
  if (holds & HOLDS_STONE_PICKAXE && m === MAT.iron) return true;
  if (holds & HOLDS_IRON_PICKAXE && m === MAT.diamond) return true;
  return (holds & HOLDS_STONE) !== 0 && m === MAT.water;
}

const TREE_DIG_COST = 5;
const ROCK_DIG_COST = 3;
const BRIDGE_COST = 6;

/**
 * The costs for one option set. Few cells change from one step to the next, so a layer makes all of them once, then
 * only those TerrainWatch lists as changed and, when the tools held change, those of the materials they concern.
 */
export class CostLayer {
  readonly costs: TerrainCosts;
  /** The HOLDS_* bits the costs were made with. */
  private holds = 0;
  /** How far into TerrainWatch's list of changed cells the costs are up to date. */
  position = -1;

  constructor(readonly width: number, readonly height: number, private readonly options: CostOptions) {
    const size = width * height;
    this.costs = {
      width,
      height,
      enter: new Int16Array(size),
      breach: new Int16Array(size),
      breachAction: new Uint8Array(size),
      deadly: new Uint8Array(size),
    };
  }

  /** Make every cell's costs afresh. */
  rebuild(input: CostInputs): void {
    this.holds = input.holds;
    for (let i = 0; i < this.width * this.height; i++) this.refresh(input, i);
  }

  /** Make afresh the listed cells from `from` on, and the cells whose material a change of tools concerns. */
  update(input: CostInputs, cells: readonly number[], from: number): void {
    const retooled = this.holds ^ input.holds;
    this.holds = input.holds;
    for (let k = from; k < cells.length; k++) this.refresh(input, cells[k]);
    if (retooled === 0) return;
    const materials = input.materials;
    for (let i = 0; i < materials.length; i++) if (dependsOnTools(materials[i], retooled)) this.refresh(input, i);
  }

  /** Make one cell's costs afresh: its material and the tools held, then danger, a creature, guards and plants. */
  refresh(input: CostInputs, i: number): void {
    const { dig, bridge, fight, guardPlants } = this.options;
    const { enter, breach, breachAction, deadly } = this.costs;
    const holds = this.holds;
    const m = input.materials[i];
    enter[i] = -1;
    breach[i] = -1;
    breachAction[i] = ACTION.do;
    deadly[i] = m === MAT.lava ? 1 : 0;
    if (m === MAT.grass || m === MAT.sand || m === MAT.path) {
      enter[i] = 1;
    } else if (!dig) {
      // Nothing can be cleared.
    } else if (m === MAT.tree) {
      breach[i] = TREE_DIG_COST;
    } else if ((m === MAT.stone || m === MAT.coal) && holds & HOLDS_WOOD_PICKAXE) {
      breach[i] = ROCK_DIG_COST;
    } else if (m === MAT.iron && holds & HOLDS_STONE_PICKAXE) {
      breach[i] = ROCK_DIG_COST;
    } else if (m === MAT.diamond && holds & HOLDS_IRON_PICKAXE) {
      breach[i] = ROCK_DIG_COST;
    } else if (m === MAT.water && bridge && holds & HOLDS_WOOD_PICKAXE && holds & HOLDS_STONE) {
      breach[i] = BRIDGE_COST;
      breachAction[i] = ACTION.place_stone;
    }
    const extra = input.danger[i];
    if (extra !== 0) {
      if (enter[i] >= 0) enter[i] += extra;
      if (breach[i] >= 0) breach[i] += extra;
    }
    const slot = input.objectMap[i];
    const obj = slot === 0 ? null : input.slots[slot];
    if (obj && obj !== input.player) {
      enter[i] = -1;
      breach[i] = -1;
      breachAction[i] = ACTION.do;
      if (fight) {
        const hits = Math.ceil(Math.max(1, obj.health) / input.damage);
        if (obj.kind === 'Cow') breach[i] = hits + 3;
        else if (obj.kind === 'Zombie' || obj.kind === 'Skeleton') breach[i] = hits + 6;
      }
    }
    if (enter[i] < 0 && (input.guarded[i] || (guardPlants && this.nextToPlant(input, i)))) breach[i] = -1;
  }

  private nextToPlant(input: CostInputs, i: number): boolean {
    const h = this.height;
    const x = Math.floor(i / h);
    const y = i - x * h;
    for (let d = 0; d < 4; d++) {
      const nx = x + DIR_X[d];
      const ny = y + DIR_Y[d];
      if (nx < 0 || ny < 0 || nx >= this.width || ny >= h) continue;
      const slot = input.objectMap[nx * h + ny];
      if (slot !== 0 && input.slots[slot]?.kind === 'Plant') return true;
    }
    return false;
  }
}
