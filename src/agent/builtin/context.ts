// The scripted agent's per-step context: what it sees, how it plans moves, and what it remembers between steps.
import { Pathfinder, bounded, type CellBound, type SearchResult, type StateGoal } from './pathfinding.ts';
import { nearDistance } from './bounds.ts';
import { DEFAULT_COSTS, type CostOptions } from './terrain.ts';
import { NEAR_FURNACE, NEAR_TABLE, WorldView } from './worldview.ts';
import { DIR_X, DIR_Y, MAT } from './grid.ts';

/** A two-cell shelter: A and B = A + dir, entered from E = A - dir (see shelter.ts). */
export interface Pocket {
  ax: number;
  ay: number;
  dir: number;
}

export interface AgentMemory {
  /** Goal name -> first step at which it may be tried again. */
  bans: Map<string, number>;
  pocket: Pocket | null;
  /** Step at which the pocket was chosen, to give up on one that takes too long to build. */
  pocketChosenAt: number;
  /** Resting in the shelter until health recovers (hysteresis between the low and the high mark). */
  restingForHealth: boolean;
  /** Sleeping in the shelter by day because energy ran low, until the player wakes up. */
  restingForEnergy: boolean;
  /** Watchdog: the goal in charge, since when, and the progress signature when it last changed. */
  goal: string;
  goalSince: number;
  signature: number;
  /** Step at which the progress signature last changed. */
  progressAt: number;
  /** Food and drink at the previous step, to count eating and drinking as progress. */
  lastFood: number;
  lastDrink: number;
  /** Target of the idle walk when nothing else is to be done, and until which step. */
  wanderX: number;
  wanderY: number;
  wanderUntil: number;
}

export function freshMemory(): AgentMemory {
  return {
    bans: new Map(),
    pocket: null,
    pocketChosenAt: -1,
    restingForHealth: false,
    restingForEnergy: false,
    goal: '',
    goalSince: 0,
    signature: -1,
    progressAt: 0,
    lastFood: 0,
    lastDrink: 0,
    wanderX: -1,
    wanderY: -1,
    wanderUntil: -1,
  };
}

export class AgentContext {
  readonly view = new WorldView();
  readonly pathfinder = new Pathfinder();
  memory: AgentMemory = freshMemory();
  /** Uniform numbers in [0, 1) from the agent's own generator, never the game's. */
  constructor(readonly random: () => number) {}

  get step(): number {
    return this.view.step;
  }

  banned(goal: string): boolean {
    return (this.memory.bans.get(goal) ?? -1) > this.step;
  }

  ban(goal: string, steps: number): void {
    this.memory.bans.set(goal, this.step + steps);
  }

  /** Cheapest plan from the player's state to a state meeting the goal. */
  plan(goal: StateGoal, maxCost = Infinity, options: CostOptions = DEFAULT_COSTS): SearchResult | null {
    const view = this.view;
    return this.pathfinder.search(view.costs(options), view.px, view.py, view.facing, goal, maxCost);
  }

  /** The next action toward a goal state, then `arrive` once there; null when the goal is out of reach. */
  seek(goal: StateGoal, arrive: number, maxCost = Infinity, options: CostOptions = DEFAULT_COSTS): number | null {
    const result = this.plan(goal, maxCost, options);
    if (!result) return null;
    return result.action ?? arrive;
  }

  /** Goal: facing a cell of a material, optionally filtered. */
  facingMaterial(material: number, accept?: (x: number, y: number) => boolean): StateGoal {
    const { view } = this;
    const { world } = view;
    const h = world.height;
    const w = world.width;
    const materials = world.materials;
    return bounded((x, y, dir) => {
      const fx = x + DIR_X[dir];
      const fy = y + DIR_Y[dir];
      if (fx < 0 || fy < 0 || fx >= w || fy >= h) return false;
      if (materials[fx * h + fy] !== material) return false;
      return accept ? accept(fx, fy) : true;
    }, () => nearDistance(view.distanceTo(material), h, 1));
  }

  /** Goal: facing a cell without an object that `accept` approves, given that cell and the player's cell. */
  facingPlaceable(accept: (fx: number, fy: number, x: number, y: number) => boolean): StateGoal {
    const view = this.view;
    return (x, y, dir) => {
      const fx = x + DIR_X[dir];
      const fy = y + DIR_Y[dir];
      if (!view.inside(fx, fy) || view.objectAt(fx, fy) !== null) return false;
      return accept(fx, fy, x, y);
    };
  }

  /**
   * Cheapest plan to a cell where crafting works; null without searching when no such cell lies within `maxCost`
   * moves, since every move costs at least 1.
   */
  planToStations(needFurnace: boolean, maxCost: number): SearchResult | null {
    const { view } = this;
    if (!view.stationsWithin(view.px, view.py, maxCost, NEAR_TABLE | (needFurnace ? NEAR_FURNACE : 0))) return null;
    return this.plan(bounded((x, y) => this.stationsAround(x, y, needFurnace), this.nearTable), maxCost);
  }

  /** Bound for goals met only next to a table (in its 3x3, so within Manhattan distance 2). */
  readonly nearTable = (): CellBound => nearDistance(this.view.distanceTo(MAT.table), this.view.height, 2);

  /** Crafting works here: the 3x3 around (x, y) holds a table (and a furnace), and x, y > 0 (numpy slicing quirk). */
  stationsAround(x: number, y: number, needFurnace: boolean): boolean {
    if (x < 1 || y < 1) return false;
    const near = this.view.stationsNear(x, y);
    return (near & NEAR_TABLE) !== 0 && (!needFurnace || (near & NEAR_FURNACE) !== 0);
  }
}
