// Follows what the terrain costs are made of from step to step, and lists the cells where any of it changed.
import type { GameObject } from '../../sim/objects.ts';
import type { World } from '../../sim/world.ts';
import { DIR_X, DIR_Y } from './grid.ts';
import type { CostInputs, CostLayer } from './terrain.ts';

/** Past this many listed cells the list starts over: layers that lag further are made afresh. */
const LIST_LIMIT = 8192;
/** Extra step cost near monsters: a zombie reaches Manhattan 2 at once, a skeleton shoots along 3. */
const ZOMBIE_REACH = 2;
const SKELETON_REACH = 3;
/** What the watch needs to know of an object's kind. */
const OTHER = 0;
const ZOMBIE = 1;
const SKELETON = 2;
const PLANT = 3;

function kindCode(obj: GameObject): number {
  switch (obj.kind) {
    case 'Zombie': return ZOMBIE;
    case 'Skeleton': return SKELETON;
    case 'Plant': return PLANT;
    default: return OTHER;
  }
}

/**
 * Keeps the inputs that change cell by cell (danger near monsters, guarded cells) and a list of the cells whose
 * material, creature, danger or guard changed. Per object slot it remembers where the object was, its health and
 * the danger it added, so a step costs about as much as what moved.
 */
export class TerrainWatch {
  readonly danger: Int16Array;
  readonly guarded: Uint8Array;
  private guards: readonly number[] = [];
  /** The world's slot array the records below belong to (a new episode brings a new one), and per slot the object seen. */
  private slots: readonly (GameObject | null)[] | null = null;
  private seen: (GameObject | null)[] = [];
  private kind = new Uint8Array(0);
  private lastX = new Int32Array(0);
  private lastY = new Int32Array(0);
  private lastHealth = new Float64Array(0);
  /** Per slot, the danger a monster added: at (stampX, stampY) with weight stampWeight (0: none). */
  private stampX = new Int32Array(0);
  private stampY = new Int32Array(0);
  private stampWeight = new Uint8Array(0);
  private damage = -1;
  /** Changed cells (repeats allowed), the first of them at position `start`. */
  private changed: number[] = [];
  private start = 0;

  constructor(readonly width: number, readonly height: number) {
    this.danger = new Int16Array(width * height);
    this.guarded = new Uint8Array(width * height);
  }

  /**
   * Catch up with the world, given the cells whose material changed since the last call; call once a step before
   * any layer is brought up to date.
   */
  sync(world: World, player: GameObject, damage: number, dangerWeight: number, materialChanges: readonly number[]): void {
    if (this.changed.length > LIST_LIMIT) {
      this.start += this.changed.length;
      this.changed.length = 0;
    }
    if (world.slots !== this.slots) this.restart(world);
    else for (const cell of materialChanges) this.changed.push(cell);
    const slots = world.slots;
    this.ensureSlots(slots.length);
    const damageChanged = damage !== this.damage;
    this.damage = damage;
    for (let slot = 1; slot < slots.length; slot++) {
      const obj = slots[slot];
      const known = this.seen[slot];
      if (obj !== known && known) this.forget(slot);
      if (!obj || obj === player) continue;
      const { x, y, health } = obj;
      if (obj !== known) {
        this.seen[slot] = obj;
        this.kind[slot] = kindCode(obj);
        this.place(slot, x, y, health);
      } else if (x !== this.lastX[slot] || y !== this.lastY[slot]) {
        this.mark(slot);
        this.place(slot, x, y, health);
      } else if (health !== this.lastHealth[slot] || damageChanged) {
        this.lastHealth[slot] = health;
        this.changed.push(x * this.height + y);
      }
      const weight = this.kind[slot] === ZOMBIE || this.kind[slot] === SKELETON ? dangerWeight : 0;
      if (weight !== this.stampWeight[slot] || x !== this.stampX[slot] || y !== this.stampY[slot]) {
        this.stamp(slot, -1);
        this.stampX[slot] = x;
        this.stampY[slot] = y;
        this.stampWeight[slot] = weight;
        this.stamp(slot, 1);
      }
    }
  }

  /** Cells that must not be dug from now on, instead of the previous ones. */
  setGuards(cells: readonly number[]): void {
    for (const cell of this.guards) {
      this.guarded[cell] = 0;
      this.changed.push(cell);
    }
    for (const cell of cells) {
      this.guarded[cell] = 1;
      this.changed.push(cell);
    }
    this.guards = cells;
  }

  /** Bring a layer up to date: the cells changed since it last was, or all of them. */
  bring(layer: CostLayer, input: CostInputs): void {
    if (layer.position < this.start) layer.rebuild(input);
    else layer.update(input, this.changed, layer.position - this.start);
    layer.position = this.start + this.changed.length;
  }

  // A new world: forget every object and its danger, and have every layer made afresh.
  private restart(world: World): void {
    this.slots = world.slots;
    this.seen = [];
    this.stampWeight.fill(0);
    this.danger.fill(0);
    this.start += this.changed.length + 1;
    this.changed.length = 0;
  }

  private ensureSlots(count: number): void {
    if (count <= this.kind.length) return;
    const size = Math.max(count, this.kind.length * 2, 64);
    const grow = <T extends Uint8Array | Int32Array | Float64Array>(old: T, made: T): T => {
      made.set(old);
      return made;
    };
    this.kind = grow(this.kind, new Uint8Array(size));
    this.lastX = grow(this.lastX, new Int32Array(size));
    this.lastY = grow(this.lastY, new Int32Array(size));
    this.lastHealth = grow(this.lastHealth, new Float64Array(size));
    this.stampX = grow(this.stampX, new Int32Array(size));
    this.stampY = grow(this.stampY, new Int32Array(size));
    this.stampWeight = grow(this.stampWeight, new Uint8Array(size));
  }

  private forget(slot: number): void {
    this.seen[slot] = null;
    this.mark(slot);
    this.stamp(slot, -1);
    this.stampWeight[slot] = 0;
  }

  private place(slot: number, x: number, y: number, health: number): void {
    this.lastX[slot] = x;
    this.lastY[slot] = y;
    this.lastHealth[slot] = health;
    this.mark(slot);
  }

  // The object's cell changed, and for a plant the cells around it, whose guard against digging depends on it.
  private mark(slot: number): void {
    const x = this.lastX[slot];
    const y = this.lastY[slot];
    this.changed.push(x * this.height + y);
    if (this.kind[slot] !== PLANT) return;
    for (let d = 0; d < 4; d++) {
      const nx = x + DIR_X[d];
      const ny = y + DIR_Y[d];
      if (nx >= 0 && ny >= 0 && nx < this.width && ny < this.height) this.changed.push(nx * this.height + ny);
    }
  }

  // Add (sign 1) or take back (sign -1) the danger of the slot's stamp: zombies 4 next to them and 2 one further,
  // skeletons 2 along three cells; times the weight.
  private stamp(slot: number, sign: number): void {
    const weight = this.stampWeight[slot];
    if (weight === 0) return;
    const zombie = this.kind[slot] === ZOMBIE;
    const reach = zombie ? ZOMBIE_REACH : SKELETON_REACH;
    const cx = this.stampX[slot];
    const cy = this.stampY[slot];
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        const d = Math.abs(dx) + Math.abs(dy);
        const x = cx + dx;
        const y = cy + dy;
        if (d > reach || x < 0 || y < 0 || x >= this.width || y >= this.height) continue;
        const cell = x * this.height + y;
        this.danger[cell] += sign * (zombie && d <= 1 ? 4 : 2) * weight;
        this.changed.push(cell);
      }
    }
  }
}
