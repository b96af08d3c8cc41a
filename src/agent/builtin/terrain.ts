// Move costs for the pathfinder, one layer per option set, mended each step where the world changed instead of refilled.
import type { GameObject } from '../../sim/objects.ts';
import { ACTION, DIR_X, DIR_Y, MAT } from './grid.ts';
import { MaterialWatch } from './materialwatch.ts';

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

/** Everything the costs are made of this step besides the materials. */
export interface CostInputs {
  materials: Uint8Array;
  /** HOLDS_* bits. */
  holds: number;
  /** The world's object slots (null where removed); the player's own cell is free. */
  objects: readonly (GameObject | null)[];
  player: GameObject;
  /** Damage of one `do` on a creature. */
  damage: number;
  /** Extra step cost per cell near monsters, non-zero only at `dangerCells[0 .. dangerCount)`. */
  danger: Int16Array;
  dangerCells: Int32Array;
  dangerCount: number;
  /** Cells that must not be dug (a shelter's walls). */
  guards: readonly number[];
  plants: readonly GameObject[];
}

const TREE_DIG_COST = 5;
const ROCK_DIG_COST = 3;
const BRIDGE_COST = 6;

/**
 * The costs for one option set. The materials and tools give each cell a base cost; creatures, danger, guards and
 * plants touch few cells on top of it, so a step restores the cells touched last time and those whose material
 * changed, then touches the new ones.
 */
export class CostLayer {
  readonly costs: TerrainCosts;
  private readonly baseEnter: Int16Array;
  private readonly baseBreach: Int16Array;
  private readonly baseAction: Uint8Array;
  /** The materials the base was made from, and the HOLDS_* bits (-1 before the first build). */
  private readonly materials: MaterialWatch;
  private holds = -1;
  private touched = new Int32Array(256);
  private touchedCount = 0;

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
    this.baseEnter = new Int16Array(size);
    this.baseBreach = new Int16Array(size);
    this.baseAction = new Uint8Array(size);
    this.materials = new MaterialWatch(size);
  }

  update(input: CostInputs): void {
    const { materials } = input;
    if (input.holds !== this.holds) {
      this.materials.reset(materials);
      this.holds = input.holds;
      for (let i = 0; i < materials.length; i++) this.setBase(i, materials[i]);
      this.touchedCount = 0;
    } else {
      this.restoreTouched();
      for (const i of this.materials.changes(materials)) this.setBase(i, materials[i]);
    }
    this.applyDanger(input);
    this.applyObjects(input);
    this.applyGuards(input);
  }

  // Base cost of a cell from its material and the tools held, written to the costs too.
  private setBase(i: number, m: number): void {
    const { dig, bridge } = this.options;
    const holds = this.holds;
    let enter = -1;
    let breach = -1;
    let action = ACTION.do;
    if (m === MAT.grass || m === MAT.sand || m === MAT.path) {
      enter = 1;
    } else if (!dig) {
      // Nothing can be cleared.
    } else if (m === MAT.tree) {
      breach = TREE_DIG_COST;
    } else if ((m === MAT.stone || m === MAT.coal) && holds & HOLDS_WOOD_PICKAXE) {
      breach = ROCK_DIG_COST;
    } else if (m === MAT.iron && holds & HOLDS_STONE_PICKAXE) {
      breach = ROCK_DIG_COST;
    } else if (m === MAT.diamond && holds & HOLDS_IRON_PICKAXE) {
      breach = ROCK_DIG_COST;
    } else if (m === MAT.water && bridge && holds & HOLDS_WOOD_PICKAXE && holds & HOLDS_STONE) {
      breach = BRIDGE_COST;
      action = ACTION.place_stone;
    }
    this.baseEnter[i] = this.costs.enter[i] = enter;
    this.baseBreach[i] = this.costs.breach[i] = breach;
    this.baseAction[i] = this.costs.breachAction[i] = action;
    this.costs.deadly[i] = m === MAT.lava ? 1 : 0;
  }

  private restoreTouched(): void {
    const { enter, breach, breachAction } = this.costs;
    for (let k = 0; k < this.touchedCount; k++) {
      const i = this.touched[k];
      enter[i] = this.baseEnter[i];
      breach[i] = this.baseBreach[i];
      breachAction[i] = this.baseAction[i];
    }
    this.touchedCount = 0;
  }

  private touch(i: number): void {
    if (this.touchedCount === this.touched.length) {
      const grown = new Int32Array(this.touched.length * 2);
      grown.set(this.touched);
      this.touched = grown;
    }
    this.touched[this.touchedCount++] = i;
  }

  private applyDanger(input: CostInputs): void {
    const { enter, breach } = this.costs;
    for (let k = 0; k < input.dangerCount; k++) {
      const i = input.dangerCells[k];
      const extra = input.danger[i];
      if (this.baseEnter[i] >= 0) enter[i] = this.baseEnter[i] + extra;
      if (this.baseBreach[i] >= 0) breach[i] = this.baseBreach[i] + extra;
      this.touch(i);
    }
  }

  // Creatures block the cell; with `fight`, the player can hit its way through.
  private applyObjects(input: CostInputs): void {
    const { enter, breach, breachAction } = this.costs;
    const h = this.height;
    for (const obj of input.objects) {
      if (!obj || obj === input.player) continue;
      const i = obj.x * h + obj.y;
      enter[i] = -1;
      breach[i] = -1;
      breachAction[i] = ACTION.do;
      this.touch(i);
      if (!this.options.fight) continue;
      const hits = Math.ceil(Math.max(1, obj.health) / input.damage);
      if (obj.kind === 'Cow') breach[i] = hits + 3;
      else if (obj.kind === 'Zombie' || obj.kind === 'Skeleton') breach[i] = hits + 6;
    }
  }

  // Guarded cells and (with `guardPlants`) the cells around plants are never dug.
  private applyGuards(input: CostInputs): void {
    const { enter, breach } = this.costs;
    for (const cell of input.guards) {
      if (enter[cell] >= 0) continue;
      breach[cell] = -1;
      this.touch(cell);
    }
    if (!this.options.guardPlants) return;
    const h = this.height;
    for (const plant of input.plants) {
      for (let d = 0; d < 4; d++) {
        const x = plant.x + DIR_X[d];
        const y = plant.y + DIR_Y[d];
        if (x < 0 || y < 0 || x >= this.width || y >= h || enter[x * h + y] >= 0) continue;
        breach[x * h + y] = -1;
        this.touch(x * h + y);
      }
    }
  }
}
