// Dijkstra over (cell, facing) states: facing matters because Crafter acts on the faced cell and a move toward a blocked cell only turns.
import { DIR_X, DIR_Y, moveAction } from './grid.ts';
import type { TerrainCosts } from './terrain.ts';

/** A goal test on a search state: the player standing on (x, y) facing direction `dir`. */
export type StateGoal = (x: number, y: number, dir: number) => boolean;

export interface SearchResult {
  /** The action that starts the cheapest plan, null when the start state already meets the goal. */
  action: number | null;
  cost: number;
  x: number;
  y: number;
  dir: number;
}

const NO_ACTION = 255;
const EMPTY = -1;

/**
 * Costs are small positive integers, so open states wait in one bucket per cost, and every state in a bucket is
 * final once the search reaches it. Ties are settled as a heap keyed by (cost, state) would settle them, whatever
 * the order inside a bucket: the goal state with the lowest index wins, and a plan inherits its first action from
 * the predecessor with the lowest (cost, state).
 */
export class Pathfinder {
  private capacity = 0;
  private height = 0;
  private dist = new Int32Array(0);
  private stamp = new Uint32Array(0);
  private firstAction = new Uint8Array(0);
  /** The predecessor that gave a state its first action. */
  private via = new Int32Array(0);
  private generation = 0;
  /** Per cell, the generation of the last `settleCells` that visited it. */
  private cellSeen = new Uint32Array(0);
  /** Cell index -> x and y, to avoid a division per expanded state. */
  private cellX = new Int32Array(0);
  private cellY = new Int32Array(0);
  /** Per cost, the newest queued entry (a linked list through `entryNext`); EMPTY when none. */
  private bucketHead = new Int32Array(64).fill(EMPTY);
  /** The highest cost queued in this search. */
  private lastBucket = 0;
  private entryState = new Int32Array(1024);
  private entryNext = new Int32Array(1024);
  private entries = 0;

  private ensure(costs: TerrainCosts): void {
    const cells = costs.width * costs.height;
    const states = cells * 4;
    if (states === this.capacity && costs.height === this.height) return;
    this.capacity = states;
    this.height = costs.height;
    this.dist = new Int32Array(states);
    this.stamp = new Uint32Array(states);
    this.firstAction = new Uint8Array(states);
    this.via = new Int32Array(states);
    this.generation = 0;
    this.cellSeen = new Uint32Array(cells);
    this.cellX = new Int32Array(cells);
    this.cellY = new Int32Array(cells);
    for (let cell = 0; cell < cells; cell++) {
      this.cellX[cell] = Math.floor(cell / costs.height);
      this.cellY[cell] = cell % costs.height;
    }
  }

  /**
   * The cheapest plan from the start state to any state meeting the goal, or null when none costs at most
   * `maxCost`. Re-planning every step from the true state keeps plans correct as creatures move.
   */
  search(costs: TerrainCosts, startX: number, startY: number, startDir: number, goal: StateGoal, maxCost = Infinity): SearchResult | null {
    this.begin(costs, startX, startY, startDir, maxCost);
    const { dist, firstAction, cellX, cellY } = this;
    for (let cost = 0; cost <= this.lastBucket; cost++) {
      let found = -1;
      for (let entry = this.bucketHead[cost]; entry !== EMPTY; entry = this.entryNext[entry]) {
        const state = this.entryState[entry];
        // A state queued again at a lower cost has been expanded already.
        if (dist[state] !== cost) continue;
        const cell = state >> 2;
        if (goal(cellX[cell], cellY[cell], state & 3)) {
          if (found < 0 || state < found) found = state;
          continue;
        }
        // Once the bucket holds a goal the search ends with it: the rest of the bucket only needs its goal test.
        if (found < 0) this.expand(costs, state, cost, maxCost);
      }
      if (found >= 0) {
        const action = firstAction[found];
        const cell = found >> 2;
        return { action: action === NO_ACTION ? null : action, cost, x: cellX[cell], y: cellY[cell], dir: found & 3 };
      }
    }
    return null;
  }

  /**
   * Visit the cells the player can stand on within `maxCost`, in increasing cost of the cheapest plan to stand
   * there (any facing; equal costs in no set order), until `visit` returns false. Ranks many places at once.
   */
  settleCells(
    costs: TerrainCosts, startX: number, startY: number, startDir: number, maxCost: number,
    visit: (x: number, y: number, cost: number) => boolean,
  ): void {
    this.begin(costs, startX, startY, startDir, maxCost);
    const { dist, cellX, cellY, cellSeen, generation } = this;
    for (let cost = 0; cost <= this.lastBucket; cost++) {
      for (let entry = this.bucketHead[cost]; entry !== EMPTY; entry = this.entryNext[entry]) {
        const state = this.entryState[entry];
        if (dist[state] !== cost) continue;
        const cell = state >> 2;
        if (cellSeen[cell] !== generation) {
          cellSeen[cell] = generation;
          if (!visit(cellX[cell], cellY[cell], cost)) return;
        }
        this.expand(costs, state, cost, maxCost);
      }
    }
  }

  private begin(costs: TerrainCosts, startX: number, startY: number, startDir: number, maxCost: number): void {
    this.ensure(costs);
    this.nextGeneration();
    this.clearBuckets();
    const start = (startX * costs.height + startY) * 4 + startDir;
    this.relax(start, 0, NO_ACTION, start, 0, maxCost);
  }

  // Queue the states one action away: a move or a turn toward each side, and clearing the faced cell.
  private expand(costs: TerrainCosts, state: number, cost: number, maxCost: number): void {
    const { width: w, height: h, enter, breach, breachAction, deadly } = costs;
    const cell = state >> 2;
    const dir = state & 3;
    const x = this.cellX[cell];
    const y = this.cellY[cell];
    const inherited = this.firstAction[state];
    for (let d = 0; d < 4; d++) {
      const nx = x + DIR_X[d];
      const ny = y + DIR_Y[d];
      const action = inherited === NO_ACTION ? moveAction(d) : inherited;
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
        if (d !== dir) this.relax(cell * 4 + d, cost + 1, action, state, cost, maxCost);
        continue;
      }
      const next = nx * h + ny;
      if (deadly[next]) continue;
      if (enter[next] >= 0) this.relax(next * 4 + d, cost + enter[next], action, state, cost, maxCost);
      else if (d !== dir) this.relax(cell * 4 + d, cost + 1, action, state, cost, maxCost);
    }
    const fx = x + DIR_X[dir];
    const fy = y + DIR_Y[dir];
    if (fx >= 0 && fy >= 0 && fx < w && fy < h) {
      const faced = fx * h + fy;
      if (enter[faced] < 0 && breach[faced] >= 0 && !deadly[faced]) {
        const action = inherited === NO_ACTION ? breachAction[faced] : inherited;
        this.relax(faced * 4 + dir, cost + breach[faced], action, state, cost, maxCost);
      }
    }
  }

  private nextGeneration(): void {
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.cellSeen.fill(0);
      this.generation = 1;
    }
  }

  // States costing more than `maxCost` are never expanded, so they are not queued either.
  private relax(state: number, cost: number, action: number, from: number, fromCost: number, maxCost: number): void {
    if (cost > maxCost) return;
    if (this.stamp[state] === this.generation) {
      const known = this.dist[state];
      if (known < cost) return;
      if (known === cost) {
        const via = this.via[state];
        const viaCost = this.dist[via];
        if (fromCost < viaCost || (fromCost === viaCost && from < via)) {
          this.firstAction[state] = action;
          this.via[state] = from;
        }
        return;
      }
    }
    this.stamp[state] = this.generation;
    this.dist[state] = cost;
    this.firstAction[state] = action;
    this.via[state] = from;
    this.enqueue(state, cost);
  }

  private enqueue(state: number, cost: number): void {
    if (cost >= this.bucketHead.length) {
      const grown = new Int32Array(Math.max(cost + 1, this.bucketHead.length * 2)).fill(EMPTY);
      grown.set(this.bucketHead);
      this.bucketHead = grown;
    }
    if (this.entries === this.entryState.length) {
      const size = this.entries * 2;
      const states = new Int32Array(size);
      const next = new Int32Array(size);
      states.set(this.entryState);
      next.set(this.entryNext);
      this.entryState = states;
      this.entryNext = next;
    }
    const entry = this.entries++;
    this.entryState[entry] = state;
    this.entryNext[entry] = this.bucketHead[cost];
    this.bucketHead[cost] = entry;
    if (cost > this.lastBucket) this.lastBucket = cost;
  }

  private clearBuckets(): void {
    this.bucketHead.fill(EMPTY, 0, this.lastBucket + 1);
    this.lastBucket = 0;
    this.entries = 0;
  }
}
