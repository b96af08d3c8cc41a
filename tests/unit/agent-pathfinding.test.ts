import { describe, expect, it } from 'vitest';
import { NO_GOAL, Pathfinder, bounded, type CellBound, type SearchResult, type StateGoal } from '../../src/agent/builtin/pathfinding.ts';
import type { TerrainCosts } from '../../src/agent/builtin/terrain.ts';
import { ACTION, DIR_X, DIR_Y, moveAction } from '../../src/agent/builtin/grid.ts';
import { mulberry32 } from '../../src/agent/builtin/prng.ts';

// The reference: Dijkstra that takes the open state with the lowest (cost, state) each time, scanning them all,
// and keeps the first action of the first relaxation at a state's best cost. The pathfinder must match it exactly,
// ties included, since the scripted agent's decisions follow from them.
function referenceSearch(costs: TerrainCosts, sx: number, sy: number, sdir: number, goal: StateGoal, maxCost: number): SearchResult | null {
  const { width: w, height: h, enter, breach, breachAction, deadly } = costs;
  const dist = new Map<number, number>();
  const first = new Map<number, number | null>();
  const open: [number, number][] = [];
  const relax = (state: number, cost: number, action: number | null) => {
    if ((dist.get(state) ?? Infinity) <= cost) return;
    dist.set(state, cost);
    first.set(state, action);
    open.push([cost, state]);
  };
  relax((sx * h + sy) * 4 + sdir, 0, null);
  while (open.length > 0) {
    let k = 0;
    for (let i = 1; i < open.length; i++) {
      if (open[i][0] < open[k][0] || (open[i][0] === open[k][0] && open[i][1] < open[k][1])) k = i;
    }
    const [cost, state] = open.splice(k, 1)[0];
    if (cost > dist.get(state)!) continue;
    if (cost > maxCost) return null;
    const cell = state >> 2;
    const dir = state & 3;
    const x = Math.floor(cell / h);
    const y = cell % h;
    const inherited = first.get(state)!;
    if (goal(x, y, dir)) return { action: inherited, cost, x, y, dir };
    for (let d = 0; d < 4; d++) {
      const nx = x + DIR_X[d];
      const ny = y + DIR_Y[d];
      const action = inherited ?? moveAction(d);
      const inside = nx >= 0 && ny >= 0 && nx < w && ny < h;
      if (inside && deadly[nx * h + ny]) continue;
      if (inside && enter[nx * h + ny] >= 0) relax((nx * h + ny) * 4 + d, cost + enter[nx * h + ny], action);
      else if (d !== dir) relax(cell * 4 + d, cost + 1, action);
    }
    const fx = x + DIR_X[dir];
    const fy = y + DIR_Y[dir];
    if (fx >= 0 && fy >= 0 && fx < w && fy < h) {
      const faced = fx * h + fy;
      if (enter[faced] < 0 && breach[faced] >= 0 && !deadly[faced]) {
        relax(faced * 4 + dir, cost + breach[faced], inherited ?? breachAction[faced]);
      }
    }
  }
  return null;
}

// Small maps of mostly unit costs, so that many plans tie.
function randomCosts(random: () => number): TerrainCosts {
  const width = 4 + Math.floor(random() * 7);
  const height = 4 + Math.floor(random() * 7);
  const size = width * height;
  const costs = {
    width, height,
    enter: new Int16Array(size), breach: new Int16Array(size), breachAction: new Uint8Array(size), deadly: new Uint8Array(size),
  };
  for (let i = 0; i < size; i++) {
    const r = random();
    costs.enter[i] = r < 0.6 ? 1 : r < 0.75 ? 2 + Math.floor(random() * 3) : -1;
    costs.breach[i] = costs.enter[i] < 0 && random() < 0.6 ? 3 + Math.floor(random() * 4) : -1;
    costs.breachAction[i] = random() < 0.8 ? ACTION.do : ACTION.place_stone;
    costs.deadly[i] = random() < 0.05 ? 1 : 0;
  }
  return costs;
}

describe('pathfinder', () => {
  it('finds the same plan as a plain (cost, state) ordered Dijkstra, ties included, on random maps and goals', () => {
    const random = mulberry32(12345);
    const pathfinder = new Pathfinder();
    let found = 0;
    for (let trial = 0; trial < 600; trial++) {
      const costs = randomCosts(random);
      const { width: w, height: h } = costs;
      const [sx, sy, sdir] = [Math.floor(random() * w), Math.floor(random() * h), Math.floor(random() * 4)];
      // Goals on states, on cells (any facing) or on the faced cell, as the agent's goals are; a goal of each kind is
      // tried plain and with a bound (A*), which must not change the plan.
      const kind = Math.floor(random() * 3);
      const targets = new Set<number>();
      const targetCount = 1 + Math.floor(random() * 6);
      for (let i = 0; i < targetCount; i++) targets.add(Math.floor(random() * w * h * (kind === 0 ? 4 : 1)));
      const test: StateGoal = kind === 0
        ? (x, y, dir) => targets.has((x * h + y) * 4 + dir)
        : kind === 1
          ? (x, y) => targets.has(x * h + y)
          : (x, y, dir) => {
            const [fx, fy] = [x + DIR_X[dir], y + DIR_Y[dir]];
            return fx >= 0 && fy >= 0 && fx < w && fy < h && targets.has(fx * h + fy);
          };
      const cells = [...targets].map((t) => (kind === 0 ? t >> 2 : t));
      const bound: CellBound = (x, y) => {
        const nearest = Math.min(...cells.map((c) => Math.abs(x - Math.floor(c / h)) + Math.abs(y - (c % h))));
        return Math.max(0, nearest - (kind === 2 ? 1 : 0));
      };
      const maxCost = random() < 0.3 ? Infinity : Math.floor(random() * 20);
      const expected = referenceSearch(costs, sx, sy, sdir, test, maxCost);
      expect(pathfinder.search(costs, sx, sy, sdir, test, maxCost), `trial ${trial}`).toEqual(expected);
      expect(pathfinder.search(costs, sx, sy, sdir, bounded(test, () => bound), maxCost), `trial ${trial} with a bound`).toEqual(expected);
      if (expected) found++;
    }
    expect(found).toBeGreaterThan(200);
  });

  it('settles every cell within reach once, in increasing cost of the cheapest plan to stand there', () => {
    const random = mulberry32(777);
    const pathfinder = new Pathfinder();
    for (let trial = 0; trial < 100; trial++) {
      const costs = randomCosts(random);
      const { width: w, height: h } = costs;
      const [sx, sy, sdir] = [Math.floor(random() * w), Math.floor(random() * h), Math.floor(random() * 4)];
      const maxCost = Math.floor(random() * 25);
      const visited = new Map<number, number>();
      let last = 0;
      pathfinder.settleCells(costs, sx, sy, sdir, maxCost, (x, y, cost) => {
        expect(visited.has(x * h + y)).toBe(false);
        expect(cost).toBeGreaterThanOrEqual(last);
        last = cost;
        visited.set(x * h + y, cost);
        return true;
      });
      for (let cell = 0; cell < w * h; cell++) {
        const cx = Math.floor(cell / h);
        const cy = cell % h;
        const plan = referenceSearch(costs, sx, sy, sdir, (x, y) => x === cx && y === cy, maxCost);
        expect(visited.get(cell), `trial ${trial} cell ${cell}`).toBe(plan?.cost);
      }
    }
  });

  it('ends at once, unbounded, when the bound says the goal can be met nowhere', () => {
    const costs = randomCosts(mulberry32(8));
    const goal = bounded(() => false, () => () => NO_GOAL);
    expect(new Pathfinder().search(costs, 1, 1, 0, goal, Infinity)).toBeNull();
  });

  it('stops settling when the visitor says so', () => {
    const costs = randomCosts(mulberry32(5));
    let visits = 0;
    new Pathfinder().settleCells(costs, 0, 0, 0, Infinity, () => ++visits < 3);
    expect(visits).toBe(3);
  });
});
