// What the scripted agent reads from the simulator each step: creatures by kind, the player's state, and move costs.
import type { CrafterEnv } from '../../sim/env.ts';
import type { GameObject, Player } from '../../sim/objects.ts';
import type { World } from '../../sim/world.ts';
import type { ItemName } from '../../sim/rules.ts';
import { ACTION, DIR_X, DIR_Y, MAT, dirIndex } from './grid.ts';

/** Move costs for the pathfinder, one entry per cell (index x * height + y). */
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

const TREE_DIG_COST = 5;
const ROCK_DIG_COST = 3;
const BRIDGE_COST = 6;

export class WorldView {
  env!: CrafterEnv;
  world!: World;
  player!: Player;
  width = 0;
  height = 0;
  step = 0;
  zombies: GameObject[] = [];
  skeletons: GameObject[] = [];
  cows: GameObject[] = [];
  plants: GameObject[] = [];
  arrows: GameObject[] = [];
  /** Cells the pathfinder must not dig through this step (a shelter's walls), index x * height + y. */
  private guards: number[] = [];
  private costsCache: TerrainCosts | null = null;
  private costsKey = '';
  private dangerBuffer: Int16Array = new Int16Array(0);

  /** Read the env afresh; call once per step before deciding. */
  update(env: CrafterEnv): void {
    this.env = env;
    this.world = env.world;
    this.player = env.player;
    this.step = env.step;
    if (this.width !== this.world.width || this.height !== this.world.height) {
      this.width = this.world.width;
      this.height = this.world.height;
      this.costsCache = null;
      this.dangerBuffer = new Int16Array(this.width * this.height);
    }
    this.zombies = [];
    this.skeletons = [];
    this.cows = [];
    this.plants = [];
    this.arrows = [];
    for (const obj of this.world.slots) {
      if (!obj) continue;
      switch (obj.kind) {
        case 'Zombie': this.zombies.push(obj); break;
        case 'Skeleton': this.skeletons.push(obj); break;
        case 'Cow': this.cows.push(obj); break;
        case 'Plant': this.plants.push(obj); break;
        case 'Arrow': this.arrows.push(obj); break;
        default: break;
      }
    }
    this.guards = [];
    this.costsKey = '';
  }

  /** Forbid digging these cells for the rest of the step. */
  setGuards(cells: number[]): void {
    this.guards = cells;
    this.costsKey = '';
  }

  get px(): number {
    return this.player.x;
  }
  get py(): number {
    return this.player.y;
  }
  get facing(): number {
    return Math.max(0, dirIndex(this.player.facingX, this.player.facingY));
  }
  get facingX(): number {
    return this.player.x + this.player.facingX;
  }
  get facingY(): number {
    return this.player.y + this.player.facingY;
  }

  item(name: ItemName): number {
    return this.player.item(name);
  }

  mat(x: number, y: number): number {
    return this.world.material(x, y);
  }

  objectAt(x: number, y: number): GameObject | null {
    return this.world.objectAt(x, y);
  }

  inside(x: number, y: number): boolean {
    return this.world.inside(x, y);
  }

  /** Damage of one `do` on a creature, as Crafter computes it from the swords held. */
  get damage(): number {
    if (this.item('iron_sword') > 0) return 5;
    if (this.item('stone_sword') > 0) return 3;
    if (this.item('wood_sword') > 0) return 2;
    return 1;
  }

  /** Nearest of a list of objects by Manhattan distance, ties to the first listed (slot order). */
  nearest(objects: readonly GameObject[]): { obj: GameObject; dist: number } | null {
    let best: GameObject | null = null;
    let bestDist = Infinity;
    for (const obj of objects) {
      const dist = Math.abs(obj.x - this.px) + Math.abs(obj.y - this.py);
      if (dist < bestDist) {
        best = obj;
        bestDist = dist;
      }
    }
    return best ? { obj: best, dist: bestDist } : null;
  }

  /** A monster standing next to the player (Manhattan 1), the one the player faces first. */
  adjacentMonster(): GameObject | null {
    const facing = this.objectAt(this.facingX, this.facingY);
    if (facing && (facing.kind === 'Zombie' || facing.kind === 'Skeleton')) return facing;
    for (let d = 0; d < 4; d++) {
      const obj = this.objectAt(this.px + DIR_X[d], this.py + DIR_Y[d]);
      if (obj && (obj.kind === 'Zombie' || obj.kind === 'Skeleton')) return obj;
    }
    return null;
  }

  /** Terrain costs for the current inventory and creatures, cached within a step per option set. */
  costs(options: CostOptions = DEFAULT_COSTS): TerrainCosts {
    const key = `${+options.dig}${+options.bridge}${+options.fight}${+options.guardPlants}`;
    if (this.costsCache && this.costsKey === key) return this.costsCache;
    const size = this.width * this.height;
    const costs: TerrainCosts = this.costsCache && this.costsCache.enter.length === size
      ? this.costsCache
      : {
        width: this.width,
        height: this.height,
        enter: new Int16Array(size),
        breach: new Int16Array(size),
        breachAction: new Uint8Array(size),
        deadly: new Uint8Array(size),
      };
    this.fillCosts(costs, options);
    this.costsCache = costs;
    this.costsKey = key;
    return costs;
  }

  private fillCosts(costs: TerrainCosts, options: CostOptions): void {
    const { enter, breach, breachAction, deadly } = costs;
    const materials = this.world.materials;
    const woodPickaxe = this.item('wood_pickaxe') > 0;
    const stonePickaxe = this.item('stone_pickaxe') > 0;
    const ironPickaxe = this.item('iron_pickaxe') > 0;
    const canBridge = options.bridge && woodPickaxe && this.item('stone') > 0;
    const danger = this.dangerMap();
    for (let i = 0; i < materials.length; i++) {
      const m = materials[i];
      enter[i] = -1;
      breach[i] = -1;
      breachAction[i] = ACTION.do;
      deadly[i] = m === MAT.lava ? 1 : 0;
      if (m === MAT.grass || m === MAT.sand || m === MAT.path) {
        enter[i] = 1 + danger[i];
      } else if (!options.dig) {
        continue;
      } else if (m === MAT.tree) {
        breach[i] = TREE_DIG_COST + danger[i];
      } else if ((m === MAT.stone || m === MAT.coal) && woodPickaxe) {
        breach[i] = ROCK_DIG_COST + danger[i];
      } else if (m === MAT.iron && stonePickaxe) {
        breach[i] = ROCK_DIG_COST + danger[i];
      } else if (m === MAT.diamond && ironPickaxe) {
        breach[i] = ROCK_DIG_COST + danger[i];
      } else if (m === MAT.water && canBridge) {
        breach[i] = BRIDGE_COST + danger[i];
        breachAction[i] = ACTION.place_stone;
      }
    }
    const h = this.height;
    const damage = this.damage;
    for (const obj of this.world.slots) {
      if (!obj || obj === this.player) continue;
      const i = obj.x * h + obj.y;
      enter[i] = -1;
      breach[i] = -1;
      breachAction[i] = ACTION.do;
      if (!options.fight) continue;
      const hits = Math.ceil(Math.max(1, obj.health) / damage);
      if (obj.kind === 'Cow') breach[i] = hits + 3;
      else if (obj.kind === 'Zombie' || obj.kind === 'Skeleton') breach[i] = hits + 6;
    }
    for (const cell of this.guards) if (enter[cell] < 0) breach[cell] = -1;
    if (!options.guardPlants) return;
    for (const plant of this.plants) {
      for (let d = 0; d < 4; d++) {
        const x = plant.x + DIR_X[d];
        const y = plant.y + DIR_Y[d];
        if (this.inside(x, y) && enter[x * h + y] < 0) breach[x * h + y] = -1;
      }
    }
  }

  // Extra step cost near monsters: cells a zombie can reach at once, and the lines a skeleton shoots along.
  private dangerMap(): Int16Array {
    const danger = this.dangerBuffer;
    danger.fill(0);
    const h = this.height;
    const weight = this.player.health <= 4 ? 2 : 1;
    for (const zombie of this.zombies) {
      for (let dx = -2; dx <= 2; dx++) {
        for (let dy = -2; dy <= 2; dy++) {
          const d = Math.abs(dx) + Math.abs(dy);
          const x = zombie.x + dx;
          const y = zombie.y + dy;
          if (d > 2 || !this.inside(x, y)) continue;
          danger[x * h + y] += (d <= 1 ? 4 : 2) * weight;
        }
      }
    }
    for (const skeleton of this.skeletons) {
      for (let dx = -3; dx <= 3; dx++) {
        for (let dy = -3; dy <= 3; dy++) {
          const x = skeleton.x + dx;
          const y = skeleton.y + dy;
          if (Math.abs(dx) + Math.abs(dy) > 3 || !this.inside(x, y)) continue;
          danger[x * h + y] += 2 * weight;
        }
      }
    }
    return danger;
  }
}
