// Choosing tonight's pocket (see shelter.ts): the cheapest to reach and build, with rock or water around rather than grass.
import type { AgentContext, Pocket } from './context.ts';
import { DIR_X, DIR_Y, MAT, isShelterWall } from './grid.ts';
import { appraise, floorCost } from './shelter.ts';

const WATER_BONUS = 15;
/** How far (in plan cost) a pocket's entrance may be. */
const MAX_REACH = 90;
const GRASS_RADIUS = 6;

/**
 * Pick the cheapest buildable pocket with the stone at hand, or null; among equal scores the first in (ax, ay, dir)
 * order. Runs about once a night. Pockets are scored in increasing cost of reaching their entrance, and the walk
 * toward farther ones stops once that cost alone rules them out.
 */
export function choosePocket(ctx: AgentContext, home: { x: number; y: number } | null): Pocket | null {
  const view = ctx.view;
  const w = view.width;
  const h = view.height;
  const stone = view.item('stone');
  const floor = new FloorTest(ctx);
  const grass = grassPrefixSums(ctx);
  let best: Pocket | null = null;
  let bestScore = Infinity;
  const consider = (ax: number, ay: number, dir: number, reach: number): void => {
    const ex = ax - DIR_X[dir];
    const ey = ay - DIR_Y[dir];
    const bx = ax + DIR_X[dir];
    const by = ay + DIR_Y[dir];
    if (ax < 1 || ay < 1 || ax >= w - 1 || ay >= h - 1 || !view.inside(ex, ey) || !view.inside(bx, by)) return;
    const floorA = floor.cost(ax, ay);
    const floorB = floor.cost(bx, by);
    if (floorA < 0 || floorB < 0 || floor.cost(ex, ey) < 0) return;
    if (reach - WATER_BONUS > bestScore) return;
    // The walls' materials alone bound the stone needed and the score, which rules out most pockets cheaply.
    const sketch = sketchWalls(ctx, ax, ay, dir);
    if (sketch < 0 || stone < sketch >> 1) return;
    // Zombies spawn on grass at night and gather around the shelter by morning: prefer rock and water.
    const grassCost = 0.25 * grassInSquare(grass, h + 1, ax, ay, GRASS_RADIUS, w, h);
    const homeCost = home ? Math.max(0, Math.abs(ax - home.x) + Math.abs(ay - home.y) - 10) : 0;
    let zombieCost = 0;
    for (const zombie of view.zombies) {
      if (Math.abs(zombie.x - ax) + Math.abs(zombie.y - ay) <= 3) zombieCost += 6;
    }
    const least = reach + 3 * (sketch >> 1) + floorA + floorB - (sketch & 1 ? WATER_BONUS : 0) + grassCost + homeCost + zombieCost;
    if (least > bestScore) return;
    const p: Pocket = { ax, ay, dir };
    const appraisal = appraise(ctx, p);
    if (!appraisal) return;
    // Walls are placed before entering; the entrance can use a stone dug out of the floor.
    if (stone < appraisal.open || stone + appraisal.stoneGain < appraisal.open + 1) return;
    // A water wall lets the player drink all night from inside. Scores are multiples of 0.25: exact in any order.
    const score = reach + 3 * appraisal.open + appraisal.digCost - (appraisal.water ? WATER_BONUS : 0) + grassCost +
      homeCost + zombieCost;
    if (score < bestScore || (score === bestScore && best && pocketBefore(p, best, h))) {
      bestScore = score;
      best = p;
    }
  };
  // A pocket the player stands in costs nothing to reach.
  for (let dir = 0; dir < 4; dir++) {
    consider(view.px, view.py, dir, 0);
    consider(view.px - DIR_X[dir], view.py - DIR_Y[dir], dir, 0);
  }
  ctx.pathfinder.settleCells(view.costs(), view.px, view.py, view.facing, MAX_REACH, (ex, ey, reach) => {
    if (reach - WATER_BONUS > bestScore) return false;
    for (let dir = 0; dir < 4; dir++) {
      const ax = ex + DIR_X[dir];
      const ay = ey + DIR_Y[dir];
      const bx = ax + DIR_X[dir];
      const by = ay + DIR_Y[dir];
      const inside = (view.px === ax && view.py === ay) || (view.px === bx && view.py === by);
      if (!inside) consider(ax, ay, dir, reach);
    }
    return true;
  });
  return best;
}

/** Whether pocket `a` comes before `b` in (ax, ay, dir) order. */
function pocketBefore(a: Pocket, b: Pocket, h: number): boolean {
  return (a.ax * h + a.ay) * 4 + a.dir < (b.ax * h + b.ay) * 4 + b.dir;
}

/** `floorCost` per cell, worked out once per cell when first asked. */
class FloorTest {
  /** floorCost + 2 (so 0 means not yet known). */
  private readonly known: Int8Array;
  constructor(private readonly ctx: AgentContext) {
    this.known = new Int8Array(ctx.view.width * ctx.view.height);
  }

  cost(x: number, y: number): number {
    const i = x * this.ctx.view.height + y;
    if (this.known[i] === 0) this.known[i] = floorCost(this.ctx, x, y) + 2;
    return this.known[i] - 2;
  }
}

/**
 * What the five walls' materials alone tell: -1 when one is off the map or lava (no pocket), else twice the
 * number of walls that are no wall material (each takes a stone at least), plus 1 when one is water.
 */
function sketchWalls(ctx: AgentContext, ax: number, ay: number, dir: number): number {
  const { width: w, height: h, world } = ctx.view;
  const materials = world.materials;
  const fx = DIR_X[dir];
  const fy = DIR_Y[dir];
  let open = 0;
  let water = 0;
  for (let k = 0; k < 5; k++) {
    // As in pocketCells: both sides of A (k 0, 1) and of B = A + f (k 2, 3), then the cell beyond B (k 4).
    const side = k === 4 ? 0 : k % 2 === 0 ? 1 : -1;
    const along = k < 2 ? 0 : k < 4 ? 1 : 2;
    const x = ax + along * fx + side * fy;
    const y = ay + along * fy + side * fx;
    if (x < 0 || y < 0 || x >= w || y >= h) return -1;
    const m = materials[x * h + y];
    if (m === MAT.lava) return -1;
    if (!isShelterWall(m)) open++;
    else if (m === MAT.water) water = 1;
  }
  return open * 2 + water;
}

/** 2D prefix sums of grass cells: entry (x, y) counts grass in [0, x) x [0, y), row stride height + 1. */
function grassPrefixSums(ctx: AgentContext): Int32Array {
  const { width: w, height: h, world } = ctx.view;
  const stride = h + 1;
  const sums = new Int32Array((w + 1) * stride);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      const grass = world.materials[x * h + y] === MAT.grass ? 1 : 0;
      sums[(x + 1) * stride + y + 1] = grass + sums[x * stride + y + 1] + sums[(x + 1) * stride + y] - sums[x * stride + y];
    }
  }
  return sums;
}

function grassInSquare(sums: Int32Array, stride: number, x: number, y: number, r: number, w: number, h: number): number {
  const x0 = Math.max(0, x - r);
  const y0 = Math.max(0, y - r);
  const x1 = Math.min(w, x + r + 1);
  const y1 = Math.min(h, y + r + 1);
  return sums[x1 * stride + y1] - sums[x0 * stride + y1] - sums[x1 * stride + y0] + sums[x0 * stride + y0];
}
