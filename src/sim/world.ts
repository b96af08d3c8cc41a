// The world: a material grid, object slots that are never reused, and 12x12 chunks whose objects keep insertion order.
import { RandomState } from './rng.ts';
import type { GameObject } from './objects.ts';

export const CHUNK_SIZE = 12;

/** A chunk's bounds as Crafter keys them: [xmin, xmax, ymin, ymax] (max exclusive, clipped to the area). */
export type ChunkBounds = readonly [number, number, number, number];

export interface Chunk {
  readonly bounds: ChunkBounds;
  // A JavaScript Set iterates in insertion order: the canonical, deterministic order of Crafter's chunk sets.
  readonly objects: Set<GameObject>;
}

export class World {
  readonly width: number;
  readonly height: number;
  /** Material ids (0 none, 1..12 as MATERIALS), index x * height + y like numpy's [x][y]. */
  readonly materials: Uint8Array;
  /** Object slot per cell, 0 when empty. */
  readonly objectMap: Int32Array;
  /** Object slots in creation order; slot 0 is never used, removed objects leave null. */
  slots: (GameObject | null)[] = [null];
  /** Chunks in the order their keys were first created. */
  chunks = new Map<number, Chunk>();
  random = new RandomState(0);
  daylight = 0;

  constructor(width: number, height: number) {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
      throw new RangeError(`world area must be positive integers, got ${width}x${height}`);
    }
    this.width = width;
    this.height = height;
    this.materials = new Uint8Array(width * height);
    this.objectMap = new Int32Array(width * height);
  }

  reset(seed: number): void {
    this.random = new RandomState(seed);
    this.daylight = 0;
    this.chunks = new Map();
    this.slots = [null];
    this.materials.fill(0);
    this.objectMap.fill(0);
  }

  inside(x: number, y: number): boolean {
    return x >= 0 && x < this.width && y >= 0 && y < this.height;
  }

  /** Material id at a cell, 0 outside the area (Crafter's None). */
  material(x: number, y: number): number {
    return this.inside(x, y) ? this.materials[x * this.height + y] : 0;
  }

  setMaterial(x: number, y: number, id: number): void {
    this.materials[x * this.height + y] = id;
  }

  /** The object standing on a cell, null when empty or outside. */
  objectAt(x: number, y: number): GameObject | null {
    return this.inside(x, y) ? this.slots[this.objectMap[x * this.height + y]] : null;
  }

  /** Live objects in slot order, as a fresh array so updates may add and remove while iterating. */
  liveObjects(): GameObject[] {
    const out: GameObject[] = [];
    for (const obj of this.slots) if (obj) out.push(obj);
    return out;
  }

  chunkKey(x: number, y: number): number {
    return Math.floor(x / CHUNK_SIZE) * 65536 + Math.floor(y / CHUNK_SIZE);
  }

  private chunkFor(x: number, y: number): Chunk {
    const key = this.chunkKey(x, y);
    let chunk = this.chunks.get(key);
    if (!chunk) {
      const xmin = Math.floor(x / CHUNK_SIZE) * CHUNK_SIZE;
      const ymin = Math.floor(y / CHUNK_SIZE) * CHUNK_SIZE;
      const bounds = [xmin, Math.min(xmin + CHUNK_SIZE, this.width), ymin, Math.min(ymin + CHUNK_SIZE, this.height)] as const;
      chunk = { bounds, objects: new Set() };
      this.chunks.set(key, chunk);
    }
    return chunk;
  }

  add(obj: GameObject): void {
    const cell = obj.x * this.height + obj.y;
    if (this.objectMap[cell] !== 0) throw new Error(`cell (${obj.x}, ${obj.y}) is already occupied`);
    obj.slot = this.slots.length;
    this.slots.push(obj);
    this.objectMap[cell] = obj.slot;
    this.chunkFor(obj.x, obj.y).objects.add(obj);
  }

  remove(obj: GameObject): void {
    if (obj.removed) return;
    this.slots[obj.slot] = null;
    this.objectMap[obj.x * this.height + obj.y] = 0;
    this.chunkFor(obj.x, obj.y).objects.delete(obj);
    obj.removed = true;
  }

  move(obj: GameObject, x: number, y: number): void {
    if (obj.removed) return;
    const target = x * this.height + y;
    if (this.objectMap[target] !== 0) throw new Error(`cell (${x}, ${y}) is already occupied`);
    this.objectMap[target] = obj.slot;
    this.objectMap[obj.x * this.height + obj.y] = 0;
    const oldKey = this.chunkKey(obj.x, obj.y);
    if (oldKey !== this.chunkKey(x, y)) {
      this.chunkFor(obj.x, obj.y).objects.delete(obj);
      this.chunkFor(x, y).objects.add(obj);
    }
    obj.x = x;
    obj.y = y;
  }

  /**
   * Material ids within `distance` of a cell, sliced as numpy slices Crafter's map: a negative start
   * counts from the end, so next to the top or left edge the area comes out empty.
   */
  nearbyMaterials(x: number, y: number, distance: number): Set<number> {
    const found = new Set<number>();
    const [x0, x1] = numpySliceBounds(x - distance, x + distance + 1, this.width);
    const [y0, y1] = numpySliceBounds(y - distance, y + distance + 1, this.height);
    for (let i = x0; i < x1; i++) for (let j = y0; j < y1; j++) found.add(this.materials[i * this.height + j]);
    return found;
  }

  /** Number of cells of a material inside a chunk (Crafter's `mask(...).sum()`). */
  countInChunk(bounds: ChunkBounds, id: number): number {
    let count = 0;
    for (let x = bounds[0]; x < bounds[1]; x++) {
      const row = x * this.height;
      for (let y = bounds[2]; y < bounds[3]; y++) if (this.materials[row + y] === id) count++;
    }
    return count;
  }

  /** The `index`-th cell of a material in a chunk, x outer and y inner (numpy's boolean-mask order). */
  nthCellInChunk(bounds: ChunkBounds, id: number, index: number): [number, number] {
    let seen = 0;
    for (let x = bounds[0]; x < bounds[1]; x++) {
      const row = x * this.height;
      for (let y = bounds[2]; y < bounds[3]; y++) {
        if (this.materials[row + y] === id && seen++ === index) return [x, y];
      }
    }
    throw new Error(`chunk has fewer than ${index + 1} cells of material ${id}`);
  }
}

// Python slice bounds [start:stop] on an axis of `length`, for a start that may be negative.
function numpySliceBounds(start: number, stop: number, length: number): [number, number] {
  const from = start < 0 ? Math.max(0, length + start) : Math.min(start, length);
  const to = stop < 0 ? Math.max(0, length + stop) : Math.min(stop, length);
  return [from, Math.max(from, to)];
}
