// Sleeping safely: a two-cell pocket walled by stone, water, trees or ores, sealed with stone from inside.
//
// The player can only face a free cell by stepping toward it, so a one-cell nook cannot be closed from inside.
// With two cells A and B = A + f entered from E = A - f, the player walks E -> A -> B (now facing B + f, which it
// can fill) and back to A (now facing E, which it fills last). Zombies only walk on grass, sand and path and only
// hit at Manhattan distance 1, so a sealed pocket is safe all night.
import type { AgentContext, Pocket } from './context.ts';
import { bounded } from './pathfinding.ts';
import { nearPoints } from './bounds.ts';
import { ACTION, DIR_X, DIR_Y, MAT, isCreatureWalkable, isShelterWall, moveAction, oppositeDir } from './grid.ts';

interface PocketCells {
  ax: number; ay: number;
  bx: number; by: number;
  ex: number; ey: number;
  /** The five walls other than E: both sides of A and B, and the cell beyond B. */
  walls: [number, number][];
  /** For each wall, the pocket cell next to it (A or B). */
  inner: [number, number][];
}

export function pocketCells(p: Pocket): PocketCells {
  const fx = DIR_X[p.dir];
  const fy = DIR_Y[p.dir];
  const sx = fy;
  const sy = fx;
  const bx = p.ax + fx;
  const by = p.ay + fy;
  return {
    ax: p.ax, ay: p.ay, bx, by, ex: p.ax - fx, ey: p.ay - fy,
    walls: [[p.ax + sx, p.ay + sy], [p.ax - sx, p.ay - sy], [bx + sx, by + sy], [bx - sx, by - sy], [bx + fx, by + fy]],
    inner: [[p.ax, p.ay], [p.ax, p.ay], [bx, by], [bx, by], [bx, by]],
  };
}

type WallState = 'solid' | 'open' | 'invalid';

/** Cells an arrow flies over (walkable, water, lava): Crafter's Arrow moves into them. */
function arrowPasses(material: number): boolean {
  return isCreatureWalkable(material) || material === MAT.water || material === MAT.lava;
}

/**
 * Whether a skeleton could shoot the player through the wall at (x, y), looking outward from the pocket cell
 * next to it. Skeletons shoot along a row or column from at most 5 cells away, and their arrows fly over water
 * and turn tables and furnaces into path; a wall of stone, ore or tree stops them.
 */
function exposedToArrows(ctx: AgentContext, fromX: number, fromY: number, x: number, y: number): boolean {
  const view = ctx.view;
  const dx = x - fromX;
  const dy = y - fromY;
  for (let k = 2; k <= 5; k++) {
    const cx = fromX + k * dx;
    const cy = fromY + k * dy;
    if (!view.inside(cx, cy)) return false;
    const m = view.mat(cx, cy);
    if (isCreatureWalkable(m)) return true;
    if (!arrowPasses(m)) return false;
  }
  return false;
}

function wallState(ctx: AgentContext, x: number, y: number, fromX: number, fromY: number): WallState {
  const view = ctx.view;
  if (!view.inside(x, y)) return 'invalid';
  const m = view.mat(x, y);
  if (isShelterWall(m)) {
    const fragile = m === MAT.water || m === MAT.table || m === MAT.furnace;
    if (!fragile || !exposedToArrows(ctx, fromX, fromY, x, y)) return 'solid';
    // Exposed water can still be covered with stone; a table or furnace cannot.
    return m === MAT.water ? 'open' : 'invalid';
  }
  if (m === MAT.lava) return 'invalid';
  const obj = view.objectAt(x, y);
  if (obj && obj !== view.player) return obj.kind === 'Plant' ? 'invalid' : 'open';
  return 'open';
}

/** The cell can become part of the pocket's floor: walkable, or diggable with the tools held. */
export function floorCost(ctx: AgentContext, x: number, y: number): number {
  const view = ctx.view;
  if (!view.inside(x, y)) return -1;
  const obj = view.objectAt(x, y);
  if (obj && obj !== view.player) return -1;
  const m = view.mat(x, y);
  if (m === MAT.grass || m === MAT.sand || m === MAT.path) return 0;
  if (m === MAT.tree) return 2;
  if ((m === MAT.stone || m === MAT.coal) && view.item('wood_pickaxe') > 0) return 2;
  if (m === MAT.iron && view.item('stone_pickaxe') > 0) return 2;
  if (m === MAT.diamond && view.item('iron_pickaxe') > 0) return 2;
  return -1;
}

function insidePocket(ctx: AgentContext, cells: PocketCells): boolean {
  const { px, py } = ctx.view;
  return (px === cells.ax && py === cells.ay) || (px === cells.bx && py === cells.by);
}

/** The pocket's five walls (not the entrance), as cell indices, to keep the pathfinder from digging them. */
export function pocketWallIndices(ctx: AgentContext, p: Pocket): number[] {
  return pocketCells(p).walls.filter(([x, y]) => ctx.view.inside(x, y)).map(([x, y]) => x * ctx.view.height + y);
}

export function pocketSealed(ctx: AgentContext, p: Pocket): boolean {
  const cells = pocketCells(p);
  if (!insidePocket(ctx, cells)) return false;
  if (entranceState(ctx, cells) !== 'solid') return false;
  return cells.walls.every(([x, y], i) => wallState(ctx, x, y, ...cells.inner[i]) === 'solid');
}

interface Appraisal {
  open: number;
  stoneGain: number;
  digCost: number;
  water: boolean;
}

// Whether a pocket can be built here, and what it takes; null when it cannot.
export function appraise(ctx: AgentContext, p: Pocket): Appraisal | null {
  const cells = pocketCells(p);
  const a = floorCost(ctx, cells.ax, cells.ay);
  const b = floorCost(ctx, cells.bx, cells.by);
  const e = floorCost(ctx, cells.ex, cells.ey);
  if (a < 0 || b < 0 || e < 0) return null;
  let open = 0;
  let water = false;
  for (let i = 0; i < cells.walls.length; i++) {
    const [x, y] = cells.walls[i];
    const state = wallState(ctx, x, y, ...cells.inner[i]);
    if (state === 'invalid') return null;
    if (state === 'open') open++;
    else if (ctx.view.mat(x, y) === MAT.water) water = true;
  }
  const view = ctx.view;
  const stoneGain = [[cells.ax, cells.ay], [cells.bx, cells.by], [cells.ex, cells.ey]]
    .filter(([x, y]) => view.mat(x, y) === MAT.stone).length;
  return { open, stoneGain, digCost: a + b, water };
}

/** Whether the remembered pocket can still be built with what the player holds. */
export function pocketStillViable(ctx: AgentContext, p: Pocket): boolean {
  const appraisal = appraise(ctx, p);
  if (!appraisal) return pocketSealed(ctx, p);
  const stone = ctx.view.item('stone');
  return stone >= appraisal.open && stone + appraisal.stoneGain >= appraisal.open + 1 - (entranceSolid(ctx, p) ? 1 : 0);
}

function entranceSolid(ctx: AgentContext, p: Pocket): boolean {
  return entranceState(ctx, pocketCells(p)) === 'solid';
}

function entranceState(ctx: AgentContext, cells: PocketCells): WallState {
  return wallState(ctx, cells.ex, cells.ey, cells.ax, cells.ay);
}

function openWallsOf(ctx: AgentContext, cells: PocketCells): [number, number][] {
  return cells.walls.filter(([x, y], i) => wallState(ctx, x, y, ...cells.inner[i]) === 'open');
}

/**
 * The next action toward being sealed in the pocket, or null when it cannot be built from here.
 * Once sealed, `rest` decides (sleep, drink from a water wall, wait).
 */
export function buildPocketAction(ctx: AgentContext, p: Pocket): number | null {
  const view = ctx.view;
  const cells = pocketCells(p);
  const inside = insidePocket(ctx, cells);
  const pocketKey = (x: number, y: number) =>
    (x === cells.ax && y === cells.ay) || (x === cells.bx && y === cells.by);
  const openWalls = openWallsOf(ctx, cells);
  if (openWalls.length > 0) {
    if (view.item('stone') === 0) return null;
    // Fill every open wall but the entrance; stand anywhere except on the wall being filled.
    const open = new Set(openWalls.map(([x, y]) => x * view.height + y));
    const facingOpenWall = (x: number, y: number, dir: number) => {
      const fx = x + DIR_X[dir];
      const fy = y + DIR_Y[dir];
      return open.has(fx * view.height + fy) && !(fx === cells.ex && fy === cells.ey);
    };
    const walls = openWalls.map(([x, y]) => ({ x, y }));
    const action = ctx.seek(bounded(facingOpenWall, () => nearPoints(walls, 1)), ACTION.place_stone, 120);
    if (action === ACTION.place_stone) {
      const obj = view.objectAt(view.facingX, view.facingY);
      if (obj) return obj.kind === 'Plant' ? null : ACTION.do;
    }
    return action;
  }
  const entrance = entranceState(ctx, cells);
  const back = oppositeDir(p.dir);
  if (inside && view.px === cells.ax && view.py === cells.ay && view.facing === back) {
    if (entrance === 'solid') return null;
    const obj = view.objectAt(cells.ex, cells.ey);
    if (obj) return obj.kind === 'Plant' ? null : ACTION.do;
    if (view.item('stone') > 0) return ACTION.place_stone;
    if (view.item('wood') >= 2) return ACTION.place_table;
    return null;
  }
  // Reach A facing the entrance: through E, on to B, and one step back.
  const atA = (x: number, y: number, dir: number) => x === cells.ax && y === cells.ay && dir === back && pocketKey(x, y);
  return ctx.seek(bounded(atA, () => nearPoints([{ x: cells.ax, y: cells.ay }], 0)), ACTION.noop, 150);
}

/** Inside a sealed pocket: sleep when tired, drink from a water wall, else wait. */
export function restAction(ctx: AgentContext): number {
  const view = ctx.view;
  if (view.item('energy') < 9) return ACTION.sleep;
  if (view.item('drink') < 9) {
    if (view.mat(view.facingX, view.facingY) === MAT.water) return ACTION.do;
    for (let d = 0; d < 4; d++) {
      // Water is not walkable, so a move toward it only turns the player.
      if (view.mat(view.px + DIR_X[d], view.py + DIR_Y[d]) === MAT.water) return moveAction(d);
    }
  }
  return ACTION.noop;
}
