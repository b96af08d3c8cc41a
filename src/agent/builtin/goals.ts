// The scripted agent's goals: needs (drink, food) and the tech tree, each a plan toward a state and an action there.
// Plants (the sapling, the fence, the farm) are in farm.ts.
import { ACHIEVEMENTS, MAKE, PLACE, type AchievementName, type ItemName } from '../../sim/rules.ts';
import type { GameObject, Plant } from '../../sim/objects.ts';
import type { AgentContext } from './context.ts';
import type { CreatureKind } from './worldview.ts';
import { ACTION, DIR_X, DIR_Y, MAT, acceptsStation, acceptsStone, manhattan } from './grid.ts';
import { bounded, type StateGoal } from './pathfinding.ts';
import { nearPoints } from './bounds.ts';
import { DEFAULT_COSTS } from './terrain.ts';

export interface Goal {
  readonly name: string;
  /** Steps in charge without any progress (inventory or achievements) before the goal is set aside. */
  readonly patience: number;
  /** Whether the goal wants to act now. */
  applies(ctx: AgentContext): boolean;
  /** The next action; null when its target is out of reach (the goal is then set aside for a while). */
  act(ctx: AgentContext): number | null;
}

export type ToolName = keyof typeof MAKE;
export const TOOL_ORDER: readonly ToolName[] = [
  'wood_pickaxe', 'wood_sword', 'stone_pickaxe', 'stone_sword', 'iron_pickaxe', 'iron_sword',
];
export const TOOL_ACTION: Record<ToolName, number> = {
  wood_pickaxe: ACTION.make_wood_pickaxe, wood_sword: ACTION.make_wood_sword,
  stone_pickaxe: ACTION.make_stone_pickaxe, stone_sword: ACTION.make_stone_sword,
  iron_pickaxe: ACTION.make_iron_pickaxe, iron_sword: ACTION.make_iron_sword,
};
const TABLE_WOOD = PLACE.table.uses.wood ?? 0;
const FURNACE_STONE = PLACE.furnace.uses.stone ?? 0;
/** Day length in steps; daylight is a function of step % DAY (see sim/daylight.ts). */
export const DAY = 300;

export function unlocked(ctx: AgentContext, name: AchievementName): boolean {
  return ctx.view.player.achievements[ACHIEVEMENTS.indexOf(name)] > 0;
}

export function missingTools(ctx: AgentContext): ToolName[] {
  return TOOL_ORDER.filter((tool) => ctx.view.item(tool) === 0);
}

/** Per tool, the items and amounts making it uses. */
const TOOL_USES = new Map((Object.keys(MAKE) as ToolName[]).map((tool) => [
  tool, Object.entries(MAKE[tool].uses).map(([item, amount]) => [item as ItemName, amount ?? 0] as const),
]));

export function hasMaterials(ctx: AgentContext, tool: ToolName): boolean {
  return TOOL_USES.get(tool)!.every(([item, amount]) => ctx.view.item(item) >= amount);
}

export function needsFurnace(tool: ToolName): boolean {
  return MAKE[tool].nearby.includes('furnace');
}

/** The evening stretch before dark, when the agent tops up food, water and stone. */
export function beforeDusk(step: number): boolean {
  const phase = step % DAY;
  return phase >= 90 && phase < 140;
}

/** Goal: facing a creature of a kind. */
export function facingCreature(ctx: AgentContext, kind: CreatureKind, accept?: (obj: GameObject) => boolean): StateGoal {
  const view = ctx.view;
  return bounded((x, y, dir) => {
    const obj = view.objectAt(x + DIR_X[dir], y + DIR_Y[dir]);
    return obj !== null && obj.kind === kind && (!accept || accept(obj));
  }, () => nearPoints(view.creatures(kind), 1));
}

export function plantIsRipe(obj: GameObject): boolean {
  return (obj as Plant).ripe;
}

export function nextToPlant(ctx: AgentContext, x: number, y: number): boolean {
  for (const plant of ctx.view.plants) if (manhattan(plant.x, plant.y, x, y) === 1) return true;
  return false;
}

export const drinkGoal: Goal = {
  name: 'drink',
  patience: 200,
  applies(ctx) {
    const drink = ctx.view.item('drink');
    if (drink <= 4) return true;
    if (drink < 9 && ctx.view.mat(ctx.view.facingX, ctx.view.facingY) === MAT.water) return true;
    if (beforeDusk(ctx.step) && drink < 7) return true;
    return drink <= 6 && ctx.plan(ctx.facingMaterial(MAT.water), 6) !== null;
  },
  act(ctx) {
    return ctx.seek(ctx.facingMaterial(MAT.water), ACTION.do, 250);
  },
};

export const eatGoal: Goal = {
  name: 'eat',
  patience: 200,
  applies(ctx) {
    const food = ctx.view.item('food');
    if (food <= 4) return true;
    // A cow gives 6 food: top up before the night, and whenever one is close and it would not be wasted.
    if (beforeDusk(ctx.step) && food <= 6) return true;
    if (food <= 5 && ctx.view.plants.some(plantIsRipe)) return true;
    if (food > 7) return false;
    return ctx.plan(facingCreature(ctx, 'Cow'), food <= 5 ? 25 : 10) !== null;
  },
  act(ctx) {
    if (ctx.view.plants.some(plantIsRipe)) {
      const viaPlant = ctx.plan(facingCreature(ctx, 'Plant', plantIsRipe), 60, { ...DEFAULT_COSTS, guardPlants: false });
      if (viaPlant) return viaPlant.action ?? ACTION.do;
    }
    return ctx.seek(facingCreature(ctx, 'Cow'), ACTION.do, 400);
  },
};

export const woodGoal: Goal = {
  name: 'wood',
  patience: 150,
  applies(ctx) {
    const missing = missingTools(ctx).length;
    if (missing === 0) return false;
    return ctx.view.item('wood') < Math.min(9, missing + TABLE_WOOD);
  },
  act(ctx) {
    return ctx.seek(ctx.facingMaterial(MAT.tree, (x, y) => !nextToPlant(ctx, x, y)), ACTION.do, 200);
  },
};

/** Make the first missing tool whose materials are held: at a table (and furnace), placing them when none is near. */
export const craftGoal: Goal = {
  name: 'craft',
  patience: 120,
  applies(ctx) {
    return missingTools(ctx).some((tool) => hasMaterials(ctx, tool));
  },
  act(ctx) {
    const view = ctx.view;
    const tool = missingTools(ctx).find((t) => hasMaterials(ctx, t));
    if (!tool) return null;
    const furnace = needsFurnace(tool);
    const atStations = ctx.planToStations(furnace, furnace ? 45 : 25);
    if (atStations) return atStations.action ?? TOOL_ACTION[tool];
    const wood = view.item('wood');
    const toolWood = MAKE[tool].uses.wood ?? 0;
    // Iron tools need the furnace next to a table: place it by the nearest table, or start a new pair.
    const nearTable = furnace && ctx.planToStations(false, 45) !== null;
    if (!nearTable) {
      if (wood < toolWood + TABLE_WOOD) return null;
      return ctx.seek(ctx.facingPlaceable((fx, fy, x, y) => x >= 1 && y >= 1 && acceptsStation(view.mat(fx, fy))),
        ACTION.place_table, 40);
    }
    if (view.item('stone') < FURNACE_STONE) return null;
    const byTable = ctx.facingPlaceable((fx, fy, x, y) => ctx.stationsAround(x, y, false) && acceptsStation(view.mat(fx, fy)));
    return ctx.seek(bounded(byTable, ctx.nearTable), ACTION.place_furnace, 60);
  },
};

export const drinkOnceGoal: Goal = {
  name: 'drink_once',
  patience: 120,
  applies: (ctx) => !unlocked(ctx, 'collect_drink'),
  act: (ctx) => ctx.seek(ctx.facingMaterial(MAT.water), ACTION.do, 80),
};

export const eatCowOnceGoal: Goal = {
  name: 'eat_cow_once',
  patience: 120,
  applies: (ctx) => !unlocked(ctx, 'eat_cow'),
  act: (ctx) => ctx.seek(facingCreature(ctx, 'Cow'), ACTION.do, 80),
};

export const stoneGoal: Goal = {
  name: 'stone',
  patience: 150,
  applies(ctx) {
    if (ctx.view.item('wood_pickaxe') === 0) return false;
    const missing = missingTools(ctx);
    const stoneTools = missing.filter((t) => (MAKE[t].uses.stone ?? 0) > 0).length;
    const furnace = missing.some(needsFurnace) ? FURNACE_STONE : 0;
    return ctx.view.item('stone') < Math.min(9, stoneTools + furnace + 3);
  },
  act: (ctx) => ctx.seek(ctx.facingMaterial(MAT.stone, (x, y) => !nextToPlant(ctx, x, y)), ACTION.do, 200),
};

export const placeStoneGoal: Goal = {
  name: 'place_stone',
  patience: 60,
  applies: (ctx) => !unlocked(ctx, 'place_stone') && ctx.view.item('stone') > 0,
  act(ctx) {
    const view = ctx.view;
    return ctx.seek(ctx.facingPlaceable((fx, fy) => acceptsStone(view.mat(fx, fy)) && view.mat(fx, fy) !== MAT.lava),
      ACTION.place_stone, 40);
  },
};

/** Ores lie in caves and tunnels where skeletons shoot: go there only in good health. */
const ORE_MIN_HEALTH = 6;

function oreGoal(name: string, material: number, pickaxe: ItemName, wanted: (ctx: AgentContext) => boolean): Goal {
  return {
    name,
    patience: 300,
    applies: (ctx) => ctx.view.item(pickaxe) > 0 && ctx.view.item('health') >= ORE_MIN_HEALTH && wanted(ctx),
    act: (ctx) => ctx.seek(ctx.facingMaterial(material), ACTION.do, 400),
  };
}

const ironToolsMissing = (ctx: AgentContext) => missingTools(ctx).filter(needsFurnace).length;
export const coalGoal = oreGoal('coal', MAT.coal, 'wood_pickaxe', (ctx) => ctx.view.item('coal') < ironToolsMissing(ctx));
export const ironGoal = oreGoal('iron', MAT.iron, 'stone_pickaxe', (ctx) => ctx.view.item('iron') < ironToolsMissing(ctx));
export const diamondGoal = oreGoal('diamond', MAT.diamond, 'iron_pickaxe', (ctx) => !unlocked(ctx, 'collect_diamond'));

/** Monsters of a kind within a Manhattan distance of the player. */
function monstersNear(ctx: AgentContext, kind: 'Zombie' | 'Skeleton', radius: number): number {
  const { view } = ctx;
  let count = 0;
  for (const obj of kind === 'Zombie' ? view.zombies : view.skeletons) {
    if (manhattan(obj.x, obj.y, view.px, view.py) <= radius) count++;
  }
  return count;
}

function huntGoal(
  name: string, kind: 'Zombie' | 'Skeleton', achievement: AchievementName, minHealth: number, maxCost: number, minDamage = 1,
): Goal {
  return {
    name,
    patience: 150,
    // One at a time: a crowd of zombies hits faster than the player can kill them.
    applies: (ctx) => !unlocked(ctx, achievement) && ctx.view.item('health') >= minHealth && ctx.view.damage >= minDamage &&
      (kind === 'Zombie' ? ctx.view.zombies : ctx.view.skeletons).length > 0 && monstersNear(ctx, 'Zombie', 8) <= 1,
    act: (ctx) => ctx.seek(facingCreature(ctx, kind), ACTION.do, maxCost),
  };
}

export const nearbyZombieGoal = huntGoal('zombie_near', 'Zombie', 'defeat_zombie', 6, 14);
export const zombieGoal = huntGoal('zombie', 'Zombie', 'defeat_zombie', 6, 80);
export const skeletonGoal = huntGoal('skeleton', 'Skeleton', 'defeat_skeleton', 7, 150);
// A skeleton close by is worth a detour once a stone sword kills it in one hit (3 damage, 3 health).
export const nearbySkeletonGoal = huntGoal('skeleton_near', 'Skeleton', 'defeat_skeleton', 7, 20, 3);
