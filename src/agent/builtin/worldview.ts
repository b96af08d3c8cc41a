// What the scripted agent reads from the simulator each step: creatures by kind, the player's state, and move costs.
import type { CrafterEnv } from '../../sim/env.ts';
import type { GameObject, Player } from '../../sim/objects.ts';
import type { World } from '../../sim/world.ts';
import type { ItemName } from '../../sim/rules.ts';
import { DIR_X, DIR_Y, MAT, dirIndex } from './grid.ts';
import {
  CostLayer, DEFAULT_COSTS, HOLDS_IRON_PICKAXE, HOLDS_STONE, HOLDS_STONE_PICKAXE, HOLDS_WOOD_PICKAXE,
  type CostOptions, type TerrainCosts,
} from './terrain.ts';
import { addTarget, materialDistance } from './bounds.ts';
import { MaterialWatch } from './materialwatch.ts';
import { TerrainWatch } from './terrainwatch.ts';

/** The kinds of object the view lists, besides the player. */
export type CreatureKind = 'Zombie' | 'Skeleton' | 'Cow' | 'Plant' | 'Arrow';

/** Past this many cells changed in a step, the distance maps are made again rather than mended. */
const REMAKE_DISTANCES = 64;

export const NEAR_TABLE = 1;
export const NEAR_FURNACE = 2;

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
  /** One cost layer per option set (by `layerIndex`), kept across steps, and what they are made of. */
  private layers: (CostLayer | undefined)[] = [];
  private terrain = new TerrainWatch(0, 0);
  /** The materials as last seen, and the update at which costs and distances last caught up with the world. */
  private materials = new MaterialWatch(0);
  private caughtUp = -1;
  /** Count of `update` calls: one a step. */
  private updates = 0;
  /** Per cell, NEAR_TABLE and NEAR_FURNACE bits, made at most once a step, and the cells of the stations. */
  private stations = new Uint8Array(0);
  private stationCells: number[] = [];
  /** `materialsVersion` when the stations were last found; it counts the steps in which some material changed. */
  private stationsVersion = -1;
  private materialsVersion = 0;
  /** Per material id, the distance map of `distanceTo`, mended once a step for the cells that changed material. */
  private distances: (Int32Array | undefined)[] = [];

  /** Read the env afresh; call once per step before deciding. */
  update(env: CrafterEnv): void {
    this.env = env;
    this.world = env.world;
    this.player = env.player;
    this.step = env.step;
    if (this.width !== this.world.width || this.height !== this.world.height) {
      this.width = this.world.width;
      this.height = this.world.height;
      this.layers = [];
      this.terrain = new TerrainWatch(this.width, this.height);
      this.stations = new Uint8Array(this.width * this.height);
      this.materials = new MaterialWatch(this.width * this.height);
      this.distances = [];
    }
    this.updates++;
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
    this.terrain.setGuards([]);
  }

  /** Every object of a kind this step, in slot order. */
  creatures(kind: CreatureKind): readonly GameObject[] {
    switch (kind) {
      case 'Zombie': return this.zombies;
      case 'Skeleton': return this.skeletons;
      case 'Cow': return this.cows;
      case 'Plant': return this.plants;
      case 'Arrow': return this.arrows;
    }
  }

  /** Forbid digging these cells for the rest of the step. */
  setGuards(cells: number[]): void {
    this.terrain.setGuards(cells);
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

  /** NEAR_TABLE and NEAR_FURNACE bits: which stations stand in the 3x3 around a cell of the map (0 outside it). */
  stationsNear(x: number, y: number): number {
    if (!this.inside(x, y)) return 0;
    this.findStations();
    return this.stations[x * this.height + y];
  }

  /** Whether some cell with all of `bits` (x, y >= 1) lies within Manhattan distance `radius` of (x, y). */
  stationsWithin(x: number, y: number, radius: number, bits: number): boolean {
    this.findStations();
    const h = this.height;
    for (const cell of this.stationCells) {
      const sx = Math.floor(cell / h);
      const sy = cell - sx * h;
      for (let nx = Math.max(1, sx - 1); nx <= Math.min(this.width - 1, sx + 1); nx++) {
        for (let ny = Math.max(1, sy - 1); ny <= Math.min(h - 1, sy + 1); ny++) {
          if ((this.stations[nx * h + ny] & bits) === bits && Math.abs(nx - x) + Math.abs(ny - y) <= radius) return true;
        }
      }
    }
    return false;
  }

  // Tables and furnaces are few: mark the 3x3 around each rather than scan the 3x3 of every cell asked about.
  private findStations(): void {
    this.catchUp();
    if (this.stationsVersion === this.materialsVersion) return;
    this.stationsVersion = this.materialsVersion;
    const stations = this.stations;
    stations.fill(0);
    this.stationCells = [];
    const materials = this.world.materials;
    const h = this.height;
    for (let i = 0; i < materials.length; i++) {
      const m = materials[i];
      const bit = m === MAT.table ? NEAR_TABLE : m === MAT.furnace ? NEAR_FURNACE : 0;
      if (bit === 0) continue;
      this.stationCells.push(i);
      const x = Math.floor(i / h);
      const y = i - x * h;
      for (let nx = Math.max(0, x - 1); nx <= Math.min(this.width - 1, x + 1); nx++) {
        for (let ny = Math.max(0, y - 1); ny <= Math.min(h - 1, y + 1); ny++) stations[nx * h + ny] |= bit;
      }
    }
  }

  /**
   * Manhattan distance from every cell to the nearest cell of the material (NO_GOAL when none). A cell that stopped being
   * of the material may still count as one: the distance is only ever used as a lower bound.
   */
  distanceTo(material: number): Int32Array {
    this.catchUp();
    let distance = this.distances[material];
    if (!distance) {
      distance = this.distances[material] = new Int32Array(this.width * this.height);
      materialDistance(this.world.materials, this.width, this.height, material, distance);
    }
    return distance;
  }

  /** Terrain costs for the current inventory, creatures and guards, per option set. */
  costs(options: CostOptions = DEFAULT_COSTS): TerrainCosts {
    this.catchUp();
    const index = layerIndex(options);
    const layer = (this.layers[index] ??= new CostLayer(this.width, this.height, { ...options }));
    const holds = (this.item('wood_pickaxe') > 0 ? HOLDS_WOOD_PICKAXE : 0) |
      (this.item('stone_pickaxe') > 0 ? HOLDS_STONE_PICKAXE : 0) |
      (this.item('iron_pickaxe') > 0 ? HOLDS_IRON_PICKAXE : 0) | (this.item('stone') > 0 ? HOLDS_STONE : 0);
    this.terrain.bring(layer, {
      materials: this.world.materials, objectMap: this.world.objectMap, slots: this.world.slots, player: this.player,
      holds, damage: this.damage, danger: this.terrain.danger, guarded: this.terrain.guarded,
    });
    return layer.costs;
  }

  // Once a step, before costs or distances are read: what changed since the last time feeds both.
  private catchUp(): void {
    if (this.caughtUp === this.updates) return;
    this.caughtUp = this.updates;
    const materials = this.world.materials;
    const changed = this.materials.changes(materials);
    if (changed.length > 0) this.materialsVersion++;
    this.terrain.sync(this.world, this.player, this.damage, this.player.health <= 4 ? 2 : 1, changed);
    // A new episode changes most cells: make the maps again when asked.
    if (changed.length > REMAKE_DISTANCES) this.distances = [];
    for (const cell of changed) {
      const distance = this.distances[materials[cell]];
      if (distance) addTarget(distance, this.width, this.height, cell);
    }
  }
}

/** A distinct index for each of the sixteen option sets. */
function layerIndex(options: CostOptions): number {
  return (options.dig ? 1 : 0) | (options.bridge ? 2 : 0) | (options.fight ? 4 : 0) | (options.guardPlants ? 8 : 0);
}
