// Dijkstra over (cell, facing) states: facing matters because Crafter acts on the faced cell and a move toward a blocked cell only turns.
import { DIR_X, DIR_Y, moveAction } from './grid.ts';
import type { TerrainCosts } from './worldview.ts';

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
// Packs (cost, state) into one exact double: states below 2**22 (maps up to 1024x1024), costs far below 2**31.
const STATE_SPAN = 2 ** 22;

export class Pathfinder {
  private capacity = 0;
  private dist = new Int32Array(0);
  private stamp = new Uint32Array(0);
  private firstAction = new Uint8Array(0);
  private generation = 0;
  private heap = new Float64Array(0);
  private heapSize = 0;

  private ensure(costs: TerrainCosts): void {
    const states = costs.width * costs.height * 4;
    if (states > STATE_SPAN) throw new RangeError(`map ${costs.width}x${costs.height} is too large for the pathfinder`);
    if (states === this.capacity) return;
    this.capacity = states;
    this.dist = new Int32Array(states);
    this.stamp = new Uint32Array(states);
    this.firstAction = new Uint8Array(states);
    this.heap = new Float64Array(states * 8);
    this.generation = 0;
  }

  /**
   * The cheapest plan from the start state to any state meeting the goal, or null when none costs at most
   * `maxCost`. Re-planning every step from the true state keeps plans correct as creatures move.
   */
  search(costs: TerrainCosts, startX: number, startY: number, startDir: number, goal: StateGoal, maxCost = Infinity): SearchResult | null {
    this.ensure(costs);
    const h = costs.height;
    const w = costs.width;
    this.nextGeneration();
    this.heapSize = 0;
    const start = (startX * h + startY) * 4 + startDir;
    this.relax(start, 0, NO_ACTION);
    const { enter, breach, breachAction, deadly } = costs;
    while (this.heapSize > 0) {
      const key = this.pop();
      const cost = Math.floor(key / STATE_SPAN);
      const state = key - cost * STATE_SPAN;
      if (cost > this.dist[state]) continue;
      if (cost > maxCost) return null;
      const cell = state >> 2;
      const dir = state & 3;
      const x = Math.floor(cell / h);
      const y = cell - x * h;
      if (goal(x, y, dir)) {
        const action = this.firstAction[state];
        return { action: action === NO_ACTION ? null : action, cost, x, y, dir };
      }
      const inherited = this.firstAction[state];
      for (let d = 0; d < 4; d++) {
        const nx = x + DIR_X[d];
        const ny = y + DIR_Y[d];
        const action = inherited === NO_ACTION ? moveAction(d) : inherited;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
          if (d !== dir) this.relax(cell * 4 + d, cost + 1, action);
          continue;
        }
        const next = nx * h + ny;
        if (deadly[next]) continue;
        if (enter[next] >= 0) this.relax(next * 4 + d, cost + enter[next], action);
        else if (d !== dir) this.relax(cell * 4 + d, cost + 1, action);
      }
      const fx = x + DIR_X[dir];
      const fy = y + DIR_Y[dir];
      if (fx >= 0 && fy >= 0 && fx < w && fy < h) {
        const faced = fx * h + fy;
        if (enter[faced] < 0 && breach[faced] >= 0 && !deadly[faced]) {
          this.relax(faced * 4 + dir, cost + breach[faced], inherited === NO_ACTION ? breachAction[faced] : inherited);
        }
      }
    }
    return null;
  }

  /**
   * Cost of the cheapest plan to stand on every cell (any facing), -1 where unreachable within `maxCost`.
   * Used to rank many candidate places at once (shelters, plant spots).
   */
  distanceField(costs: TerrainCosts, startX: number, startY: number, startDir: number, maxCost = Infinity): Int32Array {
    this.search(costs, startX, startY, startDir, () => false, maxCost);
    const cells = costs.width * costs.height;
    const out = new Int32Array(cells).fill(-1);
    for (let cell = 0; cell < cells; cell++) {
      let best = -1;
      for (let d = 0; d < 4; d++) {
        const s = cell * 4 + d;
        const reached = this.stamp[s] === this.generation && this.dist[s] <= maxCost;
        if (reached && (best < 0 || this.dist[s] < best)) best = this.dist[s];
      }
      out[cell] = best;
    }
    return out;
  }

  private nextGeneration(): void {
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  private relax(state: number, cost: number, action: number): void {
    if (this.stamp[state] === this.generation && this.dist[state] <= cost) return;
    this.stamp[state] = this.generation;
    this.dist[state] = cost;
    this.firstAction[state] = action;
    this.push(cost * STATE_SPAN + state);
  }

  private push(key: number): void {
    if (this.heapSize >= this.heap.length) {
      const grown = new Float64Array(this.heap.length * 2 + 16);
      grown.set(this.heap);
      this.heap = grown;
    }
    const heap = this.heap;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= key) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = key;
  }

  private pop(): number {
    const heap = this.heap;
    const top = heap[0];
    const last = heap[--this.heapSize];
    let i = 0;
    const size = this.heapSize;
    while (true) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= last) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
