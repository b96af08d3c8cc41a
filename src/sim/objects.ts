// Crafter's objects: the player, creatures, arrows and plants, each with Crafter's update rule and random draws.
import {
  ACHIEVEMENTS, ACTIONS, COLLECT, ITEM_NAMES, ITEMS, MAKE, MATERIALS, PLACE, WALKABLE,
  materialId, type AchievementName, type ItemName, type MaterialName, type ObjectKind,
} from './rules.ts';
import type { World } from './world.ts';

/** Directions in Crafter's `all_dirs` order: left, right, up, down. */
export const DIRECTIONS: readonly (readonly [number, number])[] = [[-1, 0], [1, 0], [0, -1], [0, 1]];

function walkableTable(names: readonly MaterialName[]): Uint8Array {
  const table = new Uint8Array(MATERIALS.length + 1);
  for (const name of names) table[materialId(name)] = 1;
  return table;
}
const CREATURE_WALKABLE = walkableTable(WALKABLE);
const PLAYER_WALKABLE = walkableTable([...WALKABLE, 'lava']);
const ARROW_WALKABLE = walkableTable([...WALKABLE, 'water', 'lava']);

const WATER = materialId('water');
const LAVA = materialId('lava');
const PATH = materialId('path');
const TABLE = materialId('table');
const FURNACE = materialId('furnace');

export abstract class GameObject {
  abstract readonly kind: ObjectKind | 'Fence';
  slot = 0;
  removed = false;
  protected hp = 0;

  constructor(readonly world: World, public x: number, public y: number) {}

  get health(): number {
    return this.hp;
  }
  // Crafter clamps every object's health at zero.
  set health(value: number) {
    this.hp = Math.max(0, value);
  }

  protected get walkable(): Uint8Array {
    return CREATURE_WALKABLE;
  }

  abstract get texture(): string;
  abstract update(): void;
  /** Crafter's per-kind extra state as the golden traces report it (cooldown, reload, grown, direction). */
  aux(): number {
    return 0;
  }

  isFree(x: number, y: number, walkable: Uint8Array = this.walkable): boolean {
    return this.world.objectAt(x, y) === null && walkable[this.world.material(x, y)] === 1;
  }

  move(dx: number, dy: number): boolean {
    const x = this.x + dx;
    const y = this.y + dy;
    if (!this.isFree(x, y)) return false;
    this.world.move(this, x, y);
    return true;
  }

  distanceTo(x: number, y: number): number {
    return Math.abs(x - this.x) + Math.abs(y - this.y);
  }

  /** A unit step toward a cell along its long axis (or its short axis), as Crafter's `toward`. */
  toward(x: number, y: number, longAxis: boolean): [number, number] {
    const ox = x - this.x;
    const oy = y - this.y;
    const ax = Math.abs(ox);
    const ay = Math.abs(oy);
    if (longAxis ? ax > ay : ax <= ay) return [Math.sign(ox), 0];
    return [0, Math.sign(oy)];
  }

  randomDirection(): readonly [number, number] {
    return DIRECTIONS[this.world.random.randint(0, 4)];
  }
}

const ITEM_INDEX = Object.fromEntries(ITEM_NAMES.map((name, i) => [name, i])) as Record<ItemName, number>;
const ACHIEVEMENT_INDEX = Object.fromEntries(ACHIEVEMENTS.map((name, i) => [name, i])) as Record<AchievementName, number>;
const ITEM_MAX = ITEM_NAMES.map((name) => ITEMS[name].max);
const ENERGY_MAX = ITEMS.energy.max;
const HEALTH = ITEM_INDEX.health;
const FOOD = ITEM_INDEX.food;
const DRINK = ITEM_INDEX.drink;
const ENERGY = ITEM_INDEX.energy;

const ACTION = Object.fromEntries(ACTIONS.map((name, i) => [name, i])) as Record<(typeof ACTIONS)[number], number>;

export class Player extends GameObject {
  readonly kind = 'Player';
  facingX = 0;
  facingY = 1;
  /** Amounts in Crafter's item order; health lives here as in Crafter. */
  readonly inventory = new Int32Array(ITEM_NAMES.map((name) => ITEMS[name].initial));
  /** Unlock counts in Crafter's achievement order. */
  readonly achievements = new Int32Array(ACHIEVEMENTS.length);
  action = ACTION.noop;
  sleeping = false;
  lastHealth: number;
  hunger = 0;
  thirst = 0;
  fatigue = 0;
  recover = 0;

  constructor(world: World, x: number, y: number) {
    super(world, x, y);
    this.lastHealth = this.health;
  }

  override get health(): number {
    return this.inventory[HEALTH];
  }
  override set health(value: number) {
    this.inventory[HEALTH] = Math.max(0, value);
  }

  protected override get walkable(): Uint8Array {
    return PLAYER_WALKABLE;
  }

  get texture(): string {
    if (this.sleeping) return 'player-sleep';
    if (this.facingX < 0) return 'player-left';
    if (this.facingX > 0) return 'player-right';
    return this.facingY < 0 ? 'player-up' : 'player-down';
  }

  item(name: ItemName): number {
    return this.inventory[ITEM_INDEX[name]];
  }

  private addItem(name: ItemName, amount: number): void {
    this.inventory[ITEM_INDEX[name]] += amount;
  }

  private unlock(name: string): void {
    const index = ACHIEVEMENT_INDEX[name as AchievementName];
    if (index === undefined) throw new Error(`unknown achievement ${name}`);
    this.achievements[index] += 1;
  }

  update(): void {
    const world = this.world;
    const tx = this.x + this.facingX;
    const ty = this.y + this.facingY;
    const material = world.material(tx, ty);
    const obj = world.objectAt(tx, ty);
    let action = this.action;
    if (this.sleeping) {
      if (this.inventory[ENERGY] < ENERGY_MAX) action = ACTION.sleep;
      else {
        this.sleeping = false;
        this.unlock('wake_up');
      }
    }
    if (action === ACTION.noop) {
      // nothing
    } else if (action <= ACTION.move_down) {
      const [dx, dy] = DIRECTIONS[action - ACTION.move_left];
      this.walk(dx, dy);
    } else if (action === ACTION.do) {
      if (obj) this.doObject(obj);
      else this.doMaterial(tx, ty, material);
    } else if (action === ACTION.sleep) {
      if (this.inventory[ENERGY] < ENERGY_MAX) this.sleeping = true;
    } else if (action <= ACTION.place_plant) {
      this.place(ACTIONS[action].slice('place_'.length) as keyof typeof PLACE, tx, ty, material);
    } else {
      this.make(ACTIONS[action].slice('make_'.length) as keyof typeof MAKE);
    }
    this.updateLifeStats();
    this.degenOrRegenHealth();
    for (let i = 0; i < this.inventory.length; i++) {
      this.inventory[i] = Math.max(0, Math.min(this.inventory[i], ITEM_MAX[i]));
    }
    // After clamping, as Crafter does: a hit wakes the player.
    if (this.health < this.lastHealth) this.sleeping = false;
    this.lastHealth = this.health;
  }

  private updateLifeStats(): void {
    this.hunger += this.sleeping ? 0.5 : 1;
    if (this.hunger > 25) {
      this.hunger = 0;
      this.inventory[FOOD] -= 1;
    }
    this.thirst += this.sleeping ? 0.5 : 1;
    if (this.thirst > 20) {
      this.thirst = 0;
      this.inventory[DRINK] -= 1;
    }
    if (this.sleeping) this.fatigue = Math.min(this.fatigue - 1, 0);
    else this.fatigue += 1;
    if (this.fatigue < -10) {
      this.fatigue = 0;
      this.inventory[ENERGY] += 1;
    }
    if (this.fatigue > 30) {
      this.fatigue = 0;
      this.inventory[ENERGY] -= 1;
    }
  }

  private degenOrRegenHealth(): void {
    const fine = this.inventory[FOOD] > 0 && this.inventory[DRINK] > 0 && (this.inventory[ENERGY] > 0 || this.sleeping);
    if (fine) this.recover += this.sleeping ? 2 : 1;
    else this.recover -= this.sleeping ? 0.5 : 1;
    if (this.recover > 25) {
      this.recover = 0;
      this.health += 1;
    }
    if (this.recover < -15) {
      this.recover = 0;
      this.health -= 1;
    }
  }

  private walk(dx: number, dy: number): void {
    this.facingX = dx;
    this.facingY = dy;
    this.move(dx, dy);
    if (this.world.material(this.x, this.y) === LAVA) this.health = 0;
  }

  private doObject(obj: GameObject): void {
    const damage = Math.max(
      1,
      this.item('wood_sword') ? 2 : 0,
      this.item('stone_sword') ? 3 : 0,
      this.item('iron_sword') ? 5 : 0,
    );
    if (obj instanceof Plant) {
      if (obj.ripe) {
        obj.grown = 0;
        this.addItem('food', 4);
        this.unlock('eat_plant');
      }
    } else if (obj instanceof Fence) {
      // Crafter 1.8.3 has no fence item; taking one down is all that remains of its rule.
      this.world.remove(obj);
    } else if (obj instanceof Zombie) {
      obj.health -= damage;
      if (obj.health <= 0) this.unlock('defeat_zombie');
    } else if (obj instanceof Skeleton) {
      obj.health -= damage;
      if (obj.health <= 0) this.unlock('defeat_skeleton');
    } else if (obj instanceof Cow) {
      obj.health -= damage;
      if (obj.health <= 0) {
        this.addItem('food', 6);
        this.unlock('eat_cow');
        this.hunger = 0;
      }
    }
  }

  private doMaterial(x: number, y: number, material: number): void {
    if (material === WATER) this.thirst = 0;
    const name = material ? MATERIALS[material - 1] : null;
    const rule = name ? COLLECT[name] : undefined;
    if (!rule) return;
    for (const [item, amount] of Object.entries(rule.require)) {
      if (this.item(item as ItemName) < amount) return;
    }
    this.world.setMaterial(x, y, materialId(rule.leaves));
    if (this.world.random.uniform() <= (rule.probability ?? 1)) {
      for (const [item, amount] of Object.entries(rule.receive)) {
        this.addItem(item as ItemName, amount);
        this.unlock(`collect_${item}`);
      }
    }
  }

  private place(name: keyof typeof PLACE, x: number, y: number, material: number): void {
    if (this.world.objectAt(x, y)) return;
    const rule = PLACE[name];
    if (!material || !rule.where.includes(MATERIALS[material - 1])) return;
    const uses = Object.entries(rule.uses) as [ItemName, number][];
    if (uses.some(([item, amount]) => this.item(item) < amount)) return;
    for (const [item, amount] of uses) this.addItem(item, -amount);
    if (rule.type === 'material') this.world.setMaterial(x, y, materialId(name as MaterialName));
    else this.world.add(new Plant(this.world, x, y));
    this.unlock(`place_${name}`);
  }

  private make(name: keyof typeof MAKE): void {
    const nearby = this.world.nearbyMaterials(this.x, this.y, 1);
    const rule = MAKE[name];
    if (!rule.nearby.every((station) => nearby.has(materialId(station)))) return;
    const uses = Object.entries(rule.uses) as [ItemName, number][];
    if (uses.some(([item, amount]) => this.item(item) < amount)) return;
    for (const [item, amount] of uses) this.addItem(item, -amount);
    this.addItem(name, rule.gives);
    this.unlock(`make_${name}`);
  }
}

export class Cow extends GameObject {
  readonly kind = 'Cow';
  constructor(world: World, x: number, y: number) {
    super(world, x, y);
    this.hp = 3;
  }
  get texture(): string {
    return 'cow';
  }
  update(): void {
    // A dead creature leaves the world but still finishes its update, draws included.
    if (this.health <= 0) this.world.remove(this);
    if (this.world.random.uniform() < 0.5) {
      const [dx, dy] = this.randomDirection();
      this.move(dx, dy);
    }
  }
}

export class Zombie extends GameObject {
  readonly kind = 'Zombie';
  cooldown = 0;
  constructor(world: World, x: number, y: number, readonly player: Player) {
    super(world, x, y);
    this.hp = 5;
  }
  get texture(): string {
    return 'zombie';
  }
  override aux(): number {
    return this.cooldown;
  }
  update(): void {
    if (this.health <= 0) this.world.remove(this);
    const random = this.world.random;
    const player = this.player;
    if (this.distanceTo(player.x, player.y) <= 8 && random.uniform() < 0.9) {
      const [dx, dy] = this.toward(player.x, player.y, random.uniform() < 0.8);
      this.move(dx, dy);
    } else {
      const [dx, dy] = this.randomDirection();
      this.move(dx, dy);
    }
    if (this.distanceTo(player.x, player.y) <= 1) {
      if (this.cooldown) this.cooldown -= 1;
      else {
        player.health -= player.sleeping ? 7 : 2;
        this.cooldown = 5;
      }
    }
  }
}

export class Skeleton extends GameObject {
  readonly kind = 'Skeleton';
  reload = 0;
  constructor(world: World, x: number, y: number, readonly player: Player) {
    super(world, x, y);
    this.hp = 3;
  }
  get texture(): string {
    return 'skeleton';
  }
  override aux(): number {
    return this.reload;
  }
  update(): void {
    if (this.health <= 0) this.world.remove(this);
    this.reload = Math.max(0, this.reload - 1);
    const random = this.world.random;
    const player = this.player;
    const dist = this.distanceTo(player.x, player.y);
    if (dist <= 3) {
      const [dx, dy] = this.toward(player.x, player.y, random.uniform() < 0.6);
      if (this.move(-dx, -dy)) return;
    }
    if (dist <= 5 && random.uniform() < 0.5) {
      const [dx, dy] = this.toward(player.x, player.y, true);
      this.shoot(dx, dy);
    } else if (dist <= 8 && random.uniform() < 0.3) {
      const [dx, dy] = this.toward(player.x, player.y, random.uniform() < 0.6);
      this.move(dx, dy);
    } else if (random.uniform() < 0.2) {
      const [dx, dy] = this.randomDirection();
      this.move(dx, dy);
    }
  }
  private shoot(dx: number, dy: number): void {
    if (this.reload > 0) return;
    if (dx === 0 && dy === 0) return;
    const x = this.x + dx;
    const y = this.y + dy;
    if (this.isFree(x, y, ARROW_WALKABLE)) {
      this.world.add(new Arrow(this.world, x, y, dx, dy));
      this.reload = 4;
    }
  }
}

export class Arrow extends GameObject {
  readonly kind = 'Arrow';
  constructor(world: World, x: number, y: number, readonly facingX: number, readonly facingY: number) {
    super(world, x, y);
  }
  protected override get walkable(): Uint8Array {
    return ARROW_WALKABLE;
  }
  get direction(): number {
    return DIRECTIONS.findIndex(([dx, dy]) => dx === this.facingX && dy === this.facingY);
  }
  get texture(): string {
    return ['arrow-left', 'arrow-right', 'arrow-up', 'arrow-down'][this.direction];
  }
  override aux(): number {
    return this.direction;
  }
  update(): void {
    const x = this.x + this.facingX;
    const y = this.y + this.facingY;
    const material = this.world.material(x, y);
    const obj = this.world.objectAt(x, y);
    if (obj) {
      obj.health -= 2;
      this.world.remove(this);
    } else if (!ARROW_WALKABLE[material]) {
      this.world.remove(this);
      if (material === TABLE || material === FURNACE) this.world.setMaterial(x, y, PATH);
    } else {
      this.move(this.facingX, this.facingY);
    }
  }
}

export class Plant extends GameObject {
  readonly kind = 'Plant';
  grown = 0;
  constructor(world: World, x: number, y: number) {
    super(world, x, y);
    this.hp = 1;
  }
  get ripe(): boolean {
    return this.grown > 300;
  }
  get texture(): string {
    return this.ripe ? 'plant-ripe' : 'plant';
  }
  override aux(): number {
    return this.grown;
  }
  update(): void {
    this.grown += 1;
    for (const [dx, dy] of DIRECTIONS) {
      const neighbour = this.world.objectAt(this.x + dx, this.y + dy);
      if (neighbour instanceof Zombie || neighbour instanceof Skeleton || neighbour instanceof Cow) {
        this.health -= 1;
        break;
      }
    }
    if (this.health <= 0) this.world.remove(this);
  }
}

/** Crafter keeps a Fence class although 1.8.3 has no rule that places one; kept for snapshots and custom worlds. */
export class Fence extends GameObject {
  readonly kind = 'Fence';
  get texture(): string {
    return 'fence';
  }
  update(): void {}
}
