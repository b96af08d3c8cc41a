// Dijkstra over (cell, facing) states: facing matters because Crafter acts on the faced cell and a move toward a blocked cell only turns.
import { DIR_X, DIR_Y, moveAction } from './grid.ts';
import type { TerrainCosts } from './terrain.ts';

/**
 * A lower bound of the cost from a cell to a state meeting the goal: 0 wherever the goal may hold, and differing by at
 * most 1 between neighbouring cells (every action costs at least 1 and moves at most one cell), so A* stays exact;
 * NO_GOAL everywhere when the goal can hold nowhere.
 */
export type CellBound = (x: number, y: number) => number;

/** A bound this large: no goal state can be reached (more than any plan costs on a 64x64 map, 2**14 states of steps below 2**15). */
export const NO_GOAL = 2 ** 30;

/**
 * A goal test on a search state: the player standing on (x, y) facing direction `dir`. A goal that knows where it can
 * hold offers a `bound`, which turns the search into A*.
 */
export type StateGoal = ((x: number, y: number, dir: number) => boolean) & { readonly bound?: () => CellBound };

/** A goal test with a bound (see StateGoal). */
export function bounded(test: (x: number, y: number, dir: number) => boolean, bound: () => CellBound): StateGoal {
  return Object.assign(test, { bound });
}

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
const MOVES = [0, 1, 2, 3].map(moveAction);

/**
 * Costs are small positive integers, so open states wait in buckets. Without a bound there is one bucket per cost, and
 * every state in a bucket is final once the search reaches it. Ties are settled as a heap keyed by (cost, state) would
 * settle them, whatever the order inside a bucket: the goal state with the lowest index wins, and a plan inherits its
 * first action from the predecessor with the lowest (cost, state).
 *
 * With a bound the search is A*: states wait by estimate (cost + bound) and, within an estimate, by cost. Every
 * predecessor on a cheapest plan then comes before its successor and goal states (bound 0) come by cost, so the search
 * finds the same plan while expanding only the states that could lie on one within `maxCost`.
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
  /** Cell index -> x and y, and per cell and direction the neighbouring cell (-1 off the map). */
  private cellX = new Int32Array(0);
  private cellY = new Int32Array(0);
  private neighbors = new Int32Array(0);
  /** Per estimate, and per cost within the estimate being expanded, the newest queued entry (lists through `entryNext`). */
  private levelHead = new Int32Array(64).fill(EMPTY);
  private costHead = new Int32Array(64).fill(EMPTY);
  /** The estimate being expanded, and the highest one queued in this search. */
  private level = 0;
  private lastLevel = 0;
  /** Queued states: each expansion queues at most five, so `ensure` sizes these once per map. */
  private entryState = new Int32Array(0);
  private entryNext = new Int32Array(0);
  private entries = 0;
  /** The bound of an A* search (null for Dijkstra), cached per cell. */
  private bound: CellBound | null = null;
  private boundValue = new Int32Array(0);
  private boundStamp = new Uint32Array(0);

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
    this.entryState = new Int32Array(5 * states + 1);
    this.entryNext = new Int32Array(5 * states + 1);
    this.generation = 0;
    this.cellSeen = new Uint32Array(cells);
    this.boundValue = new Int32Array(cells);
    this.boundStamp = new Uint32Array(cells);
    this.cellX = new Int32Array(cells);
    this.cellY = new Int32Array(cells);
    this.neighbors = new Int32Array(states);
    for (let cell = 0; cell < cells; cell++) {
      const x = Math.floor(cell / costs.height);
      const y = cell % costs.height;
      this.cellX[cell] = x;
      this.cellY[cell] = y;
      for (let d = 0; d < 4; d++) {
        const nx = x + DIR_X[d];
        const ny = y + DIR_Y[d];
        const inside = nx >= 0 && ny >= 0 && nx < costs.width && ny < costs.height;
        this.neighbors[cell * 4 + d] = inside ? nx * costs.height + ny : -1;
      }
    }
  }

  /**
   * The cheapest plan from the start state to any state meeting the goal, or null when none costs at most
   * `maxCost`. Re-planning every step from the true state keeps plans correct as creatures move.
   */
  search(costs: TerrainCosts, startX: number, startY: number, startDir: number, goal: StateGoal, maxCost = Infinity): SearchResult | null {
    this.begin(costs, startX, startY, startDir, maxCost, goal.bound ? goal.bound() : null);
    const { dist, cellX, cellY, entryState, entryNext } = this;
    for (; this.level <= this.lastLevel; this.level++) {
      const level = this.level;
      for (let cost = this.spreadLevel(); cost <= level; cost++) {
        let found = -1;
        for (let entry = this.costHead[cost]; entry !== EMPTY; entry = entryNext[entry]) {
          const state = entryState[entry];
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
        this.costHead[cost] = EMPTY;
        if (found >= 0) return this.result(found, cost);
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
    this.begin(costs, startX, startY, startDir, maxCost, null);
    const { dist, cellX, cellY, cellSeen, generation, entryState, entryNext } = this;
    for (; this.level <= this.lastLevel; this.level++) {
      const cost = this.spreadLevel();
      for (let entry = this.costHead[cost]; entry !== EMPTY; entry = entryNext[entry]) {
        const state = entryState[entry];
        if (dist[state] !== cost) continue;
        const cell = state >> 2;
        if (cellSeen[cell] !== generation) {
          cellSeen[cell] = generation;
          if (!visit(cellX[cell], cellY[cell], cost)) return;
        }
        this.expand(costs, state, cost, maxCost);
      }
      this.costHead[cost] = EMPTY;
    }
  }

  private begin(costs: TerrainCosts, startX: number, startY: number, startDir: number, maxCost: number, bound: CellBound | null): void {
    this.ensure(costs);
    this.nextGeneration();
    this.levelHead.fill(EMPTY, 0, this.lastLevel + 1);
    this.costHead.fill(EMPTY, 0, this.lastLevel + 1);
    this.level = 0;
    this.lastLevel = 0;
    this.entries = 0;
    this.bound = bound;
    const start = (startX * costs.height + startY) * 4 + startDir;
    this.relax(start, 0, NO_ACTION, start, 0, maxCost);
  }

  /**
   * Move the states of the current estimate into buckets by cost, returning the lowest cost (the estimate itself
   * when the level is empty). Without a bound every state's cost is its estimate.
   */
  private spreadLevel(): number {
    const level = this.level;
    const head = this.levelHead[level];
    this.levelHead[level] = EMPTY;
    if (!this.bound) {
      this.costHead[level] = head;
      return level;
    }
    let lowest = level;
    for (let entry = head; entry !== EMPTY;) {
      const next = this.entryNext[entry];
      const state = this.entryState[entry];
      const cost = this.dist[state];
      // An entry left behind by a cheaper one has a lower estimate now, expanded already.
      if (cost + this.boundAt(state >> 2) === level) {
        this.entryNext[entry] = this.costHead[cost];
        this.costHead[cost] = entry;
        if (cost < lowest) lowest = cost;
      }
      entry = next;
    }
    return lowest;
  }

  private result(state: number, cost: number): SearchResult {
    const action = this.firstAction[state];
    const cell = state >> 2;
    return { action: action === NO_ACTION ? null : action, cost, x: this.cellX[cell], y: this.cellY[cell], dir: state & 3 };
  }

  // Queue the states one action away: a move or a turn toward each side, and clearing the faced cell.
  private expand(costs: TerrainCosts, state: number, cost: number, maxCost: number): void {
    const { enter, breach, breachAction, deadly } = costs;
    const neighbors = this.neighbors;
    const cell = state >> 2;
    const dir = state & 3;
    const inherited = this.firstAction[state];
    for (let d = 0; d < 4; d++) {
      const next = neighbors[cell * 4 + d];
      const action = inherited === NO_ACTION ? MOVES[d] : inherited;
      if (next < 0) {
        if (d !== dir) this.relax(cell * 4 + d, cost + 1, action, state, cost, maxCost);
        continue;
      }
      if (deadly[next]) continue;
      const step = enter[next];
      if (step >= 0) this.relax(next * 4 + d, cost + step, action, state, cost, maxCost);
      else if (d !== dir) this.relax(cell * 4 + d, cost + 1, action, state, cost, maxCost);
    }
    const faced = neighbors[cell * 4 + dir];
    if (faced >= 0 && enter[faced] < 0 && breach[faced] >= 0 && !deadly[faced]) {
      const action = inherited === NO_ACTION ? breachAction[faced] : inherited;
      this.relax(faced * 4 + dir, cost + breach[faced], action, state, cost, maxCost);
    }
  }

  private nextGeneration(): void {
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.cellSeen.fill(0);
      this.boundStamp.fill(0);
      this.generation = 1;
    }
  }

  // States that cannot lie on a plan within `maxCost` are never expanded, so they are not queued either.
  private relax(state: number, cost: number, action: number, from: number, fromCost: number, maxCost: number): void {
    if (this.stamp[state] === this.generation) {
      const known = this.dist[state];
      if (known < cost) return;
      // Queued at this cost already (so within maxCost): only the tie between predecessors is left to settle.
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
    const estimate = this.bound ? cost + this.boundAt(state >> 2) : cost;
    if (estimate > maxCost || estimate >= NO_GOAL) return;
    this.stamp[state] = this.generation;
    this.dist[state] = cost;
    this.firstAction[state] = action;
    this.via[state] = from;
    this.enqueue(state, cost, estimate);
  }

  private boundAt(cell: number): number {
    if (this.boundStamp[cell] !== this.generation) {
      this.boundStamp[cell] = this.generation;
      this.boundValue[cell] = this.bound!(this.cellX[cell], this.cellY[cell]);
    }
    return this.boundValue[cell];
  }

  private enqueue(state: number, cost: number, estimate: number): void {
    if (estimate >= this.levelHead.length) {
      const size = Math.max(estimate + 1, this.levelHead.length * 2);
      const levels = new Int32Array(size).fill(EMPTY);
      const costs = new Int32Array(size).fill(EMPTY);
      levels.set(this.levelHead);
      costs.set(this.costHead);
      this.levelHead = levels;
      this.costHead = costs;
    }
    // A state of the estimate being expanded costs more than the one expanding it: it joins its cost's bucket.
    const byCost = this.bound !== null && estimate === this.level;
    const heads = byCost ? this.costHead : this.levelHead;
    const index = byCost ? cost : estimate;
    const entry = this.entries++;
    if (entry === this.entryState.length) throw new Error('search queued more states than it can expand: is the goal bound consistent?');
    this.entryState[entry] = state;
    this.entryNext[entry] = heads[index];
    heads[index] = entry;
    if (estimate > this.lastLevel) this.lastLevel = estimate;
  }
}
