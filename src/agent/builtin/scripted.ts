// The scripted agent: survival first (fight, shelter at night, drink, eat), then the tech tree, re-planned every step.
import type { CrafterEnv } from '../../sim/env.ts';
import type { BuiltinPolicy } from './policy.ts';
import { AgentContext, freshMemory } from './context.ts';
import { ACTION, DIR_X, DIR_Y, MAT, dirIndex, moveAction } from './grid.ts';
import { mulberry32 } from './prng.ts';
import { bounded } from './pathfinding.ts';
import { nearPoints } from './bounds.ts';
import {
  DAY, TOOL_ACTION, TOOL_ORDER, beforeDusk, coalGoal, craftGoal, diamondGoal, drinkGoal, drinkOnceGoal, eatCowOnceGoal,
  eatGoal, hasMaterials, ironGoal, nearbySkeletonGoal, nearbyZombieGoal, needsFurnace, placeStoneGoal, skeletonGoal,
  stoneGoal, woodGoal, zombieGoal, type Goal,
} from './goals.ts';
import { eatPlantGoal, eatRipePlantGoal, farmGoal, fenceGoal, home, plantGoal, saplingGoal } from './farm.ts';
import { buildPocketAction, pocketSealed, pocketStillViable, pocketWallIndices, restAction } from './shelter.ts';
import { choosePocket } from './pocketchoice.ts';

/** Goals in priority order after survival; the first that applies and is not set aside acts. */
const TECH_TREE: readonly Goal[] = [
  nearbyZombieGoal, woodGoal, craftGoal, drinkOnceGoal, eatCowOnceGoal, saplingGoal, plantGoal, stoneGoal,
  eatRipePlantGoal, fenceGoal, placeStoneGoal, nearbySkeletonGoal, diamondGoal, coalGoal, ironGoal, zombieGoal,
  skeletonGoal, farmGoal, eatPlantGoal,
];
const NEEDS: readonly Goal[] = [drinkGoal, eatGoal];

/** Stone worth carrying into the evening so a shelter can be sealed. */
const shelterStoneGoal: Goal = {
  name: 'shelter_stone',
  patience: 60,
  applies: (ctx) => beforeDusk(ctx.step) && ctx.view.item('wood_pickaxe') > 0 && ctx.view.item('stone') < 3,
  act: (ctx) => stoneGoal.act(ctx),
};

const NIGHT_START = 135;
const NIGHT_END = 275;
/** Until this phase of the next day a sealed shelter is kept while zombies linger nearby. */
const MORNING_END = 90;
const ZOMBIE_SPAWN_END = 10;
const BAN_UNREACHABLE = 60;
const BAN_STUCK = 150;

export class ScriptedPolicy implements BuiltinPolicy {
  readonly name = 'scripted';
  private readonly ctx: AgentContext;
  private episode = -1;
  private lastStep = -1;
  /** The last error caught while deciding (the agent then plays noop), for tests and diagnostics. */
  lastError: unknown = null;
  /** Name of the goal or rule that chose the latest action. */
  lastReason = '';

  /** `seed` drives only the agent's own generator (the idle walk); the game's generator is never touched. */
  constructor(seed = 0) {
    this.ctx = new AgentContext(mulberry32(seed));
  }

  reset(): void {
    this.ctx.memory = freshMemory();
    this.episode = -1;
    this.lastStep = -1;
    this.lastError = null;
  }

  act(env: CrafterEnv): number {
    try {
      return this.decide(env);
    } catch (error) {
      this.lastError = error;
      this.lastReason = 'error';
      return ACTION.noop;
    }
  }

  private decide(env: CrafterEnv): number {
    if (env.episode !== this.episode || env.step < this.lastStep) {
      this.ctx.memory = freshMemory();
      this.episode = env.episode;
    }
    this.lastStep = env.step;
    const ctx = this.ctx;
    ctx.view.update(env);
    const action = this.choose();
    return this.safe(action);
  }

  private choose(): number {
    const ctx = this.ctx;
    const view = ctx.view;
    const memory = ctx.memory;
    this.trackProgress();
    if (view.player.sleeping) return this.because('asleep', ACTION.noop);

    const monster = view.adjacentMonster();
    if (monster) return this.because('fight', this.faceAndHit(monster.x, monster.y));
    const engage = this.engageZombie();
    if (engage !== null) return this.because('engage', engage);

    const energy = view.item('energy');
    const health = view.item('health');
    const food = view.item('food');
    const drink = view.item('drink');
    if (energy <= 2) memory.restingForEnergy = true;
    if (memory.restingForEnergy && energy >= 9) memory.restingForEnergy = false;
    // Health only comes back while fed, watered and rested, so resting hungry or thirsty would starve.
    if (health <= 3 && food >= 2 && drink >= 2) memory.restingForHealth = true;
    if (health >= 6 || food <= 1 || drink <= 1) memory.restingForHealth = false;

    const water = this.sealedWithWater();
    const night = !this.isDaytime();
    // Starving costs a health point about every 16 steps awake. Leave the shelter for food or water only when
    // waiting would cost more: at night when dawn is too far, by day unless zombies wait outside.
    const starving = food === 0 || (drink === 0 && !water);
    const hungry = food <= 1 || (drink <= 1 && !water);
    const dawnIn = (NIGHT_END - (this.ctx.step % DAY) + DAY) % DAY;
    const zombiesClose = this.zombiesWithin(6) > 0 && health > 3;
    const mustForage = night
      ? starving && health - dawnIn / 16 < 3 && !zombiesClose
      : hungry && !zombiesClose;
    const wantShelter = this.shelterWanted();
    if (wantShelter && !mustForage) {
      const action = this.shelter();
      if (action !== null) return this.because('shelter', action);
    }
    if (memory.pocket && !wantShelter) memory.pocket = null;

    for (const goal of NEEDS) {
      const action = this.tryGoal(goal);
      if (action !== null) return action;
    }
    const craft = this.craftHere();
    if (craft !== null) return this.because('craft_here', craft);
    const stone = this.tryGoal(shelterStoneGoal);
    if (stone !== null) return stone;
    for (const goal of TECH_TREE) {
      const action = this.tryGoal(goal);
      if (action !== null) return action;
    }
    if (energy < 4 && this.isDaytime()) return this.because('nap', ACTION.sleep);
    return this.because('wander', this.wander());
  }

  private because(reason: string, action: number): number {
    const memory = this.ctx.memory;
    if (memory.goal !== reason) {
      memory.goal = reason;
      memory.goalSince = this.ctx.step;
    }
    this.lastReason = reason;
    return action;
  }

  private isDaytime(): boolean {
    const phase = this.ctx.step % DAY;
    return phase < NIGHT_START || phase >= NIGHT_END;
  }

  private shelterWanted(): boolean {
    const { memory, view } = this.ctx;
    if (memory.restingForEnergy || memory.restingForHealth) return true;
    if (!this.isDaytime()) return true;
    // Morning: zombies that gathered overnight only despawn in full daylight, so stay in while they are close,
    // unless a lone one meets a healthy player with a sword (that fight is also the defeat_zombie achievement).
    if (!memory.pocket || !pocketSealed(this.ctx, memory.pocket)) return false;
    const phase = this.ctx.step % DAY;
    if (phase >= MORNING_END && phase < NIGHT_START) return false;
    const near = this.zombiesWithin(10);
    // Zombies keep spawning until the daylight passes 0.83 (about phase 8): before that, leave only to an empty field.
    if (phase >= NIGHT_END || phase < ZOMBIE_SPAWN_END) return near > 0;
    if (this.zombiesWithin(6) === 0) return false;
    return !(near <= 1 && view.item('health') >= 7 && view.damage >= 2);
  }

  // A zombie two or three cells away will catch up and hit when the player stops: turn on it first, while healthy.
  private engageZombie(): number | null {
    const view = this.ctx.view;
    if (view.item('health') < 5 || this.zombiesWithin(3) === 0) return null;
    if (this.ctx.memory.pocket && pocketSealed(this.ctx, this.ctx.memory.pocket)) return null;
    return this.ctx.seek((x, y, dir) => {
      const obj = view.objectAt(x + DIR_X[dir], y + DIR_Y[dir]);
      return obj !== null && obj.kind === 'Zombie';
    }, ACTION.do, 6);
  }

  private zombiesWithin(radius: number): number {
    const view = this.ctx.view;
    let count = 0;
    for (const zombie of view.zombies) if (Math.abs(zombie.x - view.px) + Math.abs(zombie.y - view.py) <= radius) count++;
    return count;
  }

  private sealedWithWater(): boolean {
    const { memory, view } = this.ctx;
    if (!memory.pocket || !pocketSealed(this.ctx, memory.pocket)) return false;
    for (let d = 0; d < 4; d++) if (view.mat(view.px + DIR_X[d], view.py + DIR_Y[d]) === MAT.water) return true;
    return false;
  }

  // Choose (or keep) a pocket, build it, then rest in it; null when no shelter can be had tonight.
  private shelter(): number | null {
    const ctx = this.ctx;
    const view = ctx.view;
    const memory = ctx.memory;
    if (memory.pocket && !pocketStillViable(ctx, memory.pocket)) memory.pocket = null;
    if (!memory.pocket && !ctx.banned('choose_pocket')) {
      memory.pocket = choosePocket(ctx, home(ctx));
      memory.pocketChosenAt = ctx.step;
      if (!memory.pocket) ctx.ban('choose_pocket', 10);
    }
    const pocket = memory.pocket;
    if (!pocket) {
      if (view.item('wood_pickaxe') > 0 && !ctx.banned('stone')) {
        const action = stoneGoal.act(ctx);
        if (action !== null) return action;
      }
      if (view.item('energy') <= 1) return ACTION.sleep;
      return null;
    }
    view.setGuards(pocketWallIndices(ctx, pocket));
    if (pocketSealed(ctx, pocket)) return restAction(ctx);
    const action = buildPocketAction(ctx, pocket);
    if (action === null || ctx.step - memory.pocketChosenAt > 200) {
      memory.pocket = null;
      ctx.ban('choose_pocket', 3);
      return null;
    }
    return action;
  }

  /** Make a missing tool right here when the materials and stations allow. */
  private craftHere(): number | null {
    const view = this.ctx.view;
    for (const tool of TOOL_ORDER) {
      if (view.item(tool) > 0 || !hasMaterials(this.ctx, tool)) continue;
      if (this.ctx.stationsAround(view.px, view.py, needsFurnace(tool))) return TOOL_ACTION[tool];
    }
    return null;
  }

  private tryGoal(goal: Goal): number | null {
    const ctx = this.ctx;
    const memory = ctx.memory;
    if (ctx.banned(goal.name) || !goal.applies(ctx)) return null;
    // Patience counts from when the goal took charge (or last progress), as long as nothing else acted since.
    const since = memory.goal === goal.name ? Math.max(memory.goalSince, memory.progressAt) : ctx.step;
    if (ctx.step - since > goal.patience) {
      ctx.ban(goal.name, BAN_STUCK);
      return null;
    }
    const action = goal.act(ctx);
    if (action === null) {
      ctx.ban(goal.name, BAN_UNREACHABLE);
      return null;
    }
    return this.because(goal.name, action);
  }

  // Progress = any change of the inventory (beyond vitals) or of the achievements.
  private trackProgress(): void {
    const { view, memory } = this.ctx;
    const inventory = view.player.inventory;
    let signature = 0;
    for (let i = 4; i < inventory.length; i++) signature = signature * 31 + inventory[i] | 0;
    for (const count of view.player.achievements) signature = signature * 7 + (count > 0 ? 1 : 0) | 0;
    signature = signature * 131 + view.plants.length | 0;
    // Drinking and eating are progress too, although vitals are left out of the signature (they fall on their own).
    const food = view.item('food');
    const drink = view.item('drink');
    const fed = food > memory.lastFood || drink > memory.lastDrink;
    memory.lastFood = food;
    memory.lastDrink = drink;
    if (signature !== memory.signature || fed) {
      memory.signature = signature;
      memory.progressAt = view.step;
    }
  }

  private faceAndHit(x: number, y: number): number {
    const view = this.ctx.view;
    const dir = dirIndex(x - view.px, y - view.py);
    if (dir < 0 || dir === view.facing) return ACTION.do;
    // The cell is occupied, so the move only turns the player toward it.
    return moveAction(dir);
  }

  // Nothing to do: stroll around home (the plants there only grow while the player is near), or where it stands.
  private wander(): number {
    const ctx = this.ctx;
    const view = ctx.view;
    const memory = ctx.memory;
    if (memory.wanderUntil < ctx.step || (view.px === memory.wanderX && view.py === memory.wanderY)) {
      const center = home(ctx) ?? { x: view.px, y: view.py };
      memory.wanderX = center.x + Math.floor(ctx.random() * 17) - 8;
      memory.wanderY = center.y + Math.floor(ctx.random() * 17) - 8;
      memory.wanderUntil = ctx.step + 30;
    }
    const { wanderX, wanderY } = memory;
    const atTarget = bounded((x, y) => x === wanderX && y === wanderY, () => nearPoints([{ x: wanderX, y: wanderY }], 0));
    const action = ctx.seek(atTarget, ACTION.noop, 60,
      { dig: false, bridge: false, fight: false, guardPlants: true });
    if (action === null) memory.wanderUntil = -1;
    return action ?? ACTION.noop;
  }

  /** Never walk into lava: a move toward it always enters it. */
  private safe(action: number): number {
    if (action < ACTION.move_left || action > ACTION.move_down) return action;
    const view = this.ctx.view;
    const d = action - ACTION.move_left;
    return view.mat(view.px + DIR_X[d], view.py + DIR_Y[d]) === MAT.lava ? ACTION.noop : action;
  }
}
