// Crafter's Env: reset, step, daylight, chunk balancing and the renderer's night draws, plus snapshot and restore.
import { ACHIEVEMENTS, ACTIONS, ITEM_NAMES, SEMANTIC_IDS, type AchievementName, type ItemName } from './rules.ts';
import { episodeWorldSeed } from './tuplehash.ts';
import { World, type ChunkBounds } from './world.ts';
import { Cow, Player, Skeleton, Zombie, type GameObject } from './objects.ts';
import { generateWorld } from './worldgen.ts';
import { daylightAt } from './daylight.ts';
import { restoreWorld, snapshotWorld, type WorldSnapshot } from './snapshot.ts';

export interface EnvOptions {
  area?: [number, number];
  view?: [number, number];
  size?: [number, number];
  reward?: boolean;
  length?: number | null;
  seed?: number;
}

export interface StepInfo {
  inventory: Record<ItemName, number>;
  achievements: Record<AchievementName, number>;
  discount: number;
  playerPos: [number, number];
  reward: number;
  /** Achievements unlocked for the first time this episode by this step. */
  achievementsAdded: AchievementName[];
}

export interface StepResult {
  reward: number;
  done: boolean;
  /** The player died. */
  terminated: boolean;
  /** The episode reached its length without death. */
  truncated: boolean;
  info: StepInfo;
}

export interface EnvSnapshot {
  format: 'crafter-web-env/1';
  options: Required<Omit<EnvOptions, 'length'>> & { length: number | null };
  episode: number;
  step: number;
  totalReward: number;
  lastHealth: number;
  unlocked: AchievementName[];
  world: WorldSnapshot;
}

const SEMANTIC_OBJECT_IDS: Record<string, number> = {
  Player: SEMANTIC_IDS.Player, Cow: SEMANTIC_IDS.Cow, Zombie: SEMANTIC_IDS.Zombie,
  Skeleton: SEMANTIC_IDS.Skeleton, Arrow: SEMANTIC_IDS.Arrow, Plant: SEMANTIC_IDS.Plant,
};

export class CrafterEnv {
  readonly area: [number, number];
  readonly view: [number, number];
  readonly size: [number, number];
  readonly rewardEnabled: boolean;
  readonly length: number | null;
  readonly seed: number;
  readonly world: World;
  /** Grid of the local view in cells: the view minus the inventory rows. */
  readonly localGrid: [number, number];
  readonly itemRows: number;
  episode = 0;
  step = 0;
  /** Sum of the rewards returned this episode. */
  totalReward = 0;
  player!: Player;
  private lastHealth = 0;
  private unlocked = new Set<AchievementName>();
  /** When false, the night noise of each observation is skipped over rather than computed. */
  wantNoise = false;
  /** The night noise drawn for the latest observation, null by day or when not wanted. */
  nightNoise: Float64Array | null = null;
  private noiseBuffer: Float64Array;

  constructor(options: EnvOptions = {}) {
    this.area = options.area ?? [64, 64];
    this.view = options.view ?? [9, 9];
    this.size = options.size ?? [64, 64];
    this.rewardEnabled = options.reward ?? true;
    this.length = options.length === undefined ? 10000 : options.length;
    this.seed = options.seed ?? 0;
    if (!Number.isInteger(this.seed)) throw new RangeError(`seed must be an integer, got ${this.seed}`);
    for (const [name, value] of [['view', this.view], ['size', this.size]] as const) {
      if (!value.every((v) => Number.isInteger(v) && v > 0)) throw new RangeError(`${name} must be positive integers`);
    }
    this.itemRows = Math.ceil(ITEM_NAMES.length / this.view[0]);
    this.localGrid = [this.view[0], this.view[1] - this.itemRows];
    if (this.localGrid[1] <= 0) throw new RangeError(`view ${this.view} leaves no rows for the local view`);
    this.world = new World(this.area[0], this.area[1]);
    const [noiseWidth, noiseHeight] = this.noiseShape();
    this.noiseBuffer = new Float64Array(noiseWidth * noiseHeight);
  }

  /** Pixels per cell: Crafter's `size // view`. */
  get unit(): [number, number] {
    return [Math.floor(this.size[0] / this.view[0]), Math.floor(this.size[1] / this.view[1])];
  }

  /** Shape of one night-noise field, Crafter's local-view canvas [x][y]: one draw per pixel. */
  noiseShape(): [number, number] {
    const [ux, uy] = this.unit;
    return [this.localGrid[0] * ux, this.localGrid[1] * uy];
  }

  reset(): StepInfo {
    this.episode += 1;
    this.step = 0;
    this.totalReward = 0;
    this.world.reset(episodeWorldSeed(this.seed, this.episode));
    this.updateTime();
    const center: [number, number] = [Math.floor(this.area[0] / 2), Math.floor(this.area[1] / 2)];
    this.player = new Player(this.world, center[0], center[1]);
    this.lastHealth = this.player.health;
    this.world.add(this.player);
    this.unlocked = new Set();
    generateWorld(this.world, this.player);
    this.observe();
    return this.info(0, []);
  }

  stepAction(action: number): StepResult {
    if (!this.player) throw new Error('call reset() before step()');
    if (!Number.isInteger(action) || action < 0 || action >= ACTIONS.length) {
      throw new RangeError(`action must be an integer in [0, ${ACTIONS.length - 1}], got ${action}`);
    }
    this.step += 1;
    this.updateTime();
    const player = this.player;
    player.action = action;
    const reach = 2 * Math.max(this.view[0], this.view[1]);
    for (const obj of this.world.liveObjects()) {
      if (player.distanceTo(obj.x, obj.y) < reach) obj.update();
    }
    if (this.step % 10 === 0) {
      for (const chunk of [...this.world.chunks.values()]) this.balanceChunk(chunk.bounds, chunk.objects);
    }
    this.observe();
    let reward = (player.health - this.lastHealth) / 10;
    this.lastHealth = player.health;
    const added: AchievementName[] = [];
    for (let i = 0; i < ACHIEVEMENTS.length; i++) {
      if (player.achievements[i] > 0 && !this.unlocked.has(ACHIEVEMENTS[i])) added.push(ACHIEVEMENTS[i]);
    }
    if (added.length) {
      for (const name of added) this.unlocked.add(name);
      reward += 1.0;
    }
    const dead = player.health <= 0;
    const over = !!this.length && this.step >= this.length;
    const info = this.info(reward, added);
    info.discount = 1 - (dead ? 1 : 0);
    const returned = this.rewardEnabled ? reward : 0;
    this.totalReward += returned;
    return {
      reward: returned,
      done: dead || over,
      terminated: dead,
      truncated: over && !dead,
      info,
    };
  }

  private info(reward: number, added: AchievementName[]): StepInfo {
    const player = this.player;
    const inventory = {} as Record<ItemName, number>;
    for (let i = 0; i < ITEM_NAMES.length; i++) inventory[ITEM_NAMES[i]] = player.inventory[i];
    const achievements = {} as Record<AchievementName, number>;
    for (let i = 0; i < ACHIEVEMENTS.length; i++) achievements[ACHIEVEMENTS[i]] = player.achievements[i];
    return { inventory, achievements, discount: 1, playerPos: [player.x, player.y], reward, achievementsAdded: added };
  }

  private updateTime(): void {
    this.world.daylight = daylightAt(this.step);
  }

  // Crafter's renderer draws the night noise from the game's generator on every observation, frame or not.
  private observe(): void {
    if (this.world.daylight >= 0.5) {
      this.nightNoise = null;
      return;
    }
    const shape = this.noiseShape();
    if (this.wantNoise) {
      this.nightNoise = this.world.random.uniformArray(32, 127, shape, this.noiseBuffer);
    } else {
      this.world.random.skipUniforms(32, 127, shape);
      this.nightNoise = null;
    }
  }

  private balanceChunk(bounds: ChunkBounds, objects: Set<GameObject>): void {
    const light = this.world.daylight;
    const world = this.world;
    const player = this.player;
    this.balanceKind(bounds, objects, Zombie, 2, 6, 0, 0.3, 0.4,
      (x, y) => new Zombie(world, x, y, player),
      (space) => [space < 50 ? 0 : 3.5 - 3 * light, 3.5 - 3 * light]);
    this.balanceKind(bounds, objects, Skeleton, 4, 7, 7, 0.1, 0.1,
      (x, y) => new Skeleton(world, x, y, player),
      (space) => [space < 6 ? 0 : 1, 2]);
    this.balanceKind(bounds, objects, Cow, 2, 5, 5, 0.01, 0.1,
      (x, y) => new Cow(world, x, y),
      (space) => [space < 30 ? 0 : 1, 1.5 + light]);
  }

  private balanceKind(
    bounds: ChunkBounds,
    objects: Set<GameObject>,
    kind: abstract new (...args: never[]) => GameObject,
    materialId: number,
    spawnDistance: number,
    despawnDistance: number,
    spawnProbability: number,
    despawnProbability: number,
    create: (x: number, y: number) => GameObject,
    targets: (space: number) => [number, number],
  ): void {
    const world = this.world;
    const random = world.random;
    const creatures: GameObject[] = [];
    for (const obj of objects) if (obj instanceof kind) creatures.push(obj);
    const space = world.countInChunk(bounds, materialId);
    const [targetMin, targetMax] = targets(space);
    if (creatures.length < Math.trunc(targetMin) && random.uniform() < spawnProbability) {
      const [x, y] = world.nthCellInChunk(bounds, materialId, random.randint(0, space));
      const empty = world.objectAt(x, y) === null;
      const away = this.player.distanceTo(x, y) >= spawnDistance;
      if (empty && away) world.add(create(x, y));
    } else if (creatures.length > Math.trunc(targetMax) && random.uniform() < despawnProbability) {
      const obj = creatures[random.randint(0, creatures.length)];
      if (this.player.distanceTo(obj.x, obj.y) >= despawnDistance) world.remove(obj);
    }
  }

  /** Crafter's `info['semantic']`: material ids with object ids on top, index x * height + y. */
  semanticMap(out = new Uint8Array(this.world.materials.length)): Uint8Array {
    out.set(this.world.materials);
    const h = this.world.height;
    for (const obj of this.world.slots) {
      if (obj && obj.kind !== 'Fence') out[obj.x * h + obj.y] = SEMANTIC_OBJECT_IDS[obj.kind];
    }
    return out;
  }

  snapshot(): EnvSnapshot {
    if (!this.player) throw new Error('call reset() before snapshot()');
    return {
      format: 'crafter-web-env/1',
      options: { area: [...this.area], view: [...this.view], size: [...this.size], reward: this.rewardEnabled, length: this.length, seed: this.seed },
      episode: this.episode,
      step: this.step,
      totalReward: this.totalReward,
      lastHealth: this.lastHealth,
      unlocked: [...this.unlocked],
      world: snapshotWorld(this.world),
    };
  }

  static restore(snapshot: EnvSnapshot): CrafterEnv {
    if (snapshot?.format !== 'crafter-web-env/1') throw new Error('not a crafter-web environment snapshot');
    const env = new CrafterEnv(snapshot.options);
    env.episode = snapshot.episode;
    env.step = snapshot.step;
    env.totalReward = snapshot.totalReward;
    env.lastHealth = snapshot.lastHealth;
    env.unlocked = new Set(snapshot.unlocked);
    env.player = restoreWorld(env.world, snapshot.world);
    return env;
  }
}
