// Plants: the first sapling and its fence (two achievements, then eat_plant once ripe) and, late in the game, a small
// farm near home that feeds the player when the cows nearby are gone.
import type { GameObject } from '../../sim/objects.ts';
import type { AgentContext } from './context.ts';
import { ACTION, DIR_X, DIR_Y, MAT, isCreatureWalkable, manhattan } from './grid.ts';
import { facingCreature, missingTools, plantIsRipe, unlocked, type Goal } from './goals.ts';
import { DEFAULT_COSTS } from './terrain.ts';
import { bounded } from './pathfinding.ts';
import { nearPoints } from './bounds.ts';

/** Plants the agent keeps fenced near home: each gives 4 food when ripe, a supply that outlasts the cows nearby. */
export const FARM_SIZE = 3;
/** How far from home further plants go, so all of them grow while the player is at home. */
const FARM_RADIUS = 6;

/**
 * Home is the oldest plant: shelters are chosen near it and the agent idles there, so the plants grow
 * (objects, plants included, only update within distance 17 of the player).
 */
export function home(ctx: AgentContext): { x: number; y: number } | null {
  const first = ctx.view.plants[0];
  return first ? { x: first.x, y: first.y } : null;
}

/** Until the plant has been eaten once, one replacement when it is lost (after the stone tools, so it does not delay them). */
function wantsReplacementPlant(ctx: AgentContext): boolean {
  const { view } = ctx;
  return !unlocked(ctx, 'eat_plant') && view.plants.length === 0 && view.item('stone_pickaxe') > 0 && view.item('stone') >= 2;
}

/** Once every tool is made, a few plants near home feed the player for the rest of the episode. */
function wantsFarm(ctx: AgentContext): boolean {
  return ctx.view.plants.length < FARM_SIZE && missingTools(ctx).length === 0 && ctx.view.item('stone') >= 2;
}

/** Cells next to a plant that a creature could stand on: the fence still has gaps there. */
function fenceGaps(ctx: AgentContext, plant: GameObject): [number, number][] {
  const gaps: [number, number][] = [];
  for (let d = 0; d < 4; d++) {
    const x = plant.x + DIR_X[d];
    const y = plant.y + DIR_Y[d];
    if (ctx.view.inside(x, y) && isCreatureWalkable(ctx.view.mat(x, y))) gaps.push([x, y]);
  }
  return gaps;
}

/** `do` on grass gives a sapling with probability 0.1; near home when there is one, so the walk to plant it is short. */
function collectSapling(ctx: AgentContext): number | null {
  const view = ctx.view;
  const base = home(ctx);
  const near = (x: number, y: number) => !base || manhattan(x, y, base.x, base.y) <= 2 * FARM_RADIUS;
  return ctx.seek(ctx.facingMaterial(MAT.grass, (x, y) => view.objectAt(x, y) === null && near(x, y)), ACTION.do, 80);
}

/** Plant where few neighbours are open, so a short stone fence keeps cows and zombies from eating it. */
function placeSapling(ctx: AgentContext): number | null {
  const view = ctx.view;
  const base = home(ctx);
  for (const [closed, maxCost] of [[3, 25], [2, 40], [1, 60], [0, 80]] as const) {
    const goal = ctx.facingPlaceable((fx, fy, x, y) => {
      if (view.mat(fx, fy) !== MAT.grass) return false;
      if (base && manhattan(fx, fy, base.x, base.y) > FARM_RADIUS) return false;
      let solid = 0;
      for (let d = 0; d < 4; d++) {
        const nx = fx + DIR_X[d];
        const ny = fy + DIR_Y[d];
        if (nx === x && ny === y) continue;
        if (view.inside(nx, ny) && !isCreatureWalkable(view.mat(nx, ny))) solid++;
      }
      return solid >= closed;
    });
    // With a home, the sapling goes within FARM_RADIUS of it, so the player stands within one more.
    const action = ctx.seek(base ? bounded(goal, () => nearPoints([base], FARM_RADIUS + 1)) : goal, ACTION.place_plant, maxCost);
    if (action !== null) return action;
  }
  return null;
}

export const saplingGoal: Goal = {
  name: 'sapling',
  patience: 80,
  applies: (ctx) => ctx.view.item('sapling') === 0 && (!unlocked(ctx, 'collect_sapling') || wantsReplacementPlant(ctx)),
  act: collectSapling,
};

export const plantGoal: Goal = {
  name: 'plant',
  patience: 100,
  applies: (ctx) => ctx.view.item('sapling') > 0 &&
    (!unlocked(ctx, 'place_plant') || (!unlocked(ctx, 'eat_plant') && ctx.view.plants.length === 0)),
  act: placeSapling,
};

/** Late in the game: grow the farm near home, one sapling at a time. */
export const farmGoal: Goal = {
  name: 'farm',
  patience: 120,
  applies: wantsFarm,
  act: (ctx) => (ctx.view.item('sapling') > 0 ? placeSapling(ctx) : collectSapling(ctx)),
};

export const fenceGoal: Goal = {
  name: 'fence',
  patience: 100,
  applies(ctx) {
    if (ctx.view.item('stone') === 0) return false;
    return ctx.view.plants.some((plant) => fenceGaps(ctx, plant).length > 0);
  },
  act(ctx) {
    const view = ctx.view;
    const gaps = new Set<number>();
    for (const plant of view.plants) for (const [x, y] of fenceGaps(ctx, plant)) gaps.add(x * view.height + y);
    const points = [...gaps].map((cell) => ({ x: Math.floor(cell / view.height), y: cell % view.height }));
    const facingGap = (x: number, y: number, dir: number) => gaps.has((x + DIR_X[dir]) * view.height + y + DIR_Y[dir]);
    const action = ctx.seek(bounded(facingGap, () => nearPoints(points, 1)), ACTION.place_stone, 60);
    if (action === ACTION.place_stone && view.objectAt(view.facingX, view.facingY)) return ACTION.do;
    return action;
  },
};

function eatRipePlant(ctx: AgentContext): number | null {
  return ctx.seek(facingCreature(ctx, 'Plant', plantIsRipe), ACTION.do, 120, { ...DEFAULT_COSTS, guardPlants: false });
}

/** Eat a ripe plant for the achievement, or for food when it would not be wasted; it comes before the fence. */
export const eatRipePlantGoal: Goal = {
  name: 'eat_ripe_plant',
  patience: 150,
  applies: (ctx) => ctx.view.plants.some(plantIsRipe) && (!unlocked(ctx, 'eat_plant') || ctx.view.item('food') <= 5),
  act: eatRipePlant,
};

/** Stay near the plant so it grows, and eat it once ripe (`grown > 300`). */
export const eatPlantGoal: Goal = {
  name: 'eat_plant',
  patience: Infinity,
  applies: (ctx) => !unlocked(ctx, 'eat_plant') && ctx.view.plants.length > 0,
  act(ctx) {
    const view = ctx.view;
    if (view.plants.some(plantIsRipe)) {
      const action = eatRipePlant(ctx);
      if (action !== null) return action;
    }
    const nearest = view.nearest(view.plants);
    if (!nearest) return null;
    if (nearest.dist <= 6) return ACTION.noop;
    const near = (x: number, y: number) => manhattan(x, y, nearest.obj.x, nearest.obj.y) <= 4;
    return ctx.seek(bounded(near, () => nearPoints([nearest.obj], 4)), ACTION.noop, 200);
  },
};
