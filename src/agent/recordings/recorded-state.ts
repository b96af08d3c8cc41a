// What a Recorder file lets us know of the player beyond its columns, and the text view built from it all.
// Sleeping is read from the frame (Crafter's sleep filter leaves a signature no awake frame has); facing follows
// from the actions, since only a move turns the player and a sleeping player's action is replaced by sleep.
import { ACHIEVEMENTS, ACTIONS, ITEM_NAMES, ITEMS, type AchievementName, type ItemName } from '../../sim/rules.ts';
import { daylightAt } from '../../sim/daylight.ts';
import { semanticCellName, type TextView } from '../../sim/text.ts';

/** Crafter's default view in cells; the Recorder does not keep the view, and its published data uses this one. */
export const DEFAULT_VIEW: readonly [number, number] = [9, 9];
/** Crafter's default episode length. */
export const DEFAULT_LENGTH = 10000;
/** The player's facing at reset. */
export const RESET_FACING: readonly [number, number] = [0, 1];

const MOVES: Partial<Record<string, [number, number]>> = {
  move_left: [-1, 0], move_right: [1, 0], move_up: [0, -1], move_down: [0, 1],
};

/** The local view's grid in cells: the view minus the inventory rows (Crafter's item rows). */
export function localGrid(view: readonly [number, number]): [number, number] {
  return [view[0], view[1] - Math.ceil(ITEM_NAMES.length / view[0])];
}

/**
 * Whether Crafter drew this frame for a sleeping player. Its sleep filter turns the local view grey and tints it
 * halfway to (0, 0, 16) after the daylight blend, so every pixel there has r = g and b = r + 8; no awake frame does.
 */
export function frameShowsSleep(rgb: Uint8Array, frameSize: readonly [number, number], view: readonly [number, number] = DEFAULT_VIEW): boolean {
  const [width, height] = frameSize;
  const [gx, gy] = localGrid(view);
  const ux = Math.floor(width / view[0]);
  const uy = Math.floor(height / view[1]);
  const bx = Math.floor((width - ux * view[0]) / 2);
  const by = Math.floor((height - uy * view[1]) / 2);
  if (ux < 1 || uy < 1) return false;
  for (let y = by; y < by + gy * uy; y++) {
    for (let x = bx; x < bx + gx * ux; x++) {
      const at = (y * width + x) * 3;
      if (rgb[at] !== rgb[at + 1] || rgb[at + 2] !== rgb[at] + 8) return false;
    }
  }
  return true;
}

/** The player's facing after a step, from the facing, sleep state and energy before it and the action taken. */
export function facingAfter(facing: readonly [number, number], wasSleeping: boolean, energyBefore: number, action: number): [number, number] {
  // A sleeping player below full energy keeps sleeping whatever the action; at full energy it wakes and acts.
  if (wasSleeping && energyBefore < ITEMS.energy.max) return [facing[0], facing[1]];
  const move = MOVES[ACTIONS[action]];
  return move ? [move[0], move[1]] : [facing[0], facing[1]];
}

export interface RecordedViewInput {
  position: readonly [number, number];
  inventory: Readonly<Record<ItemName, number>>;
  achievements: Readonly<Record<AchievementName, number>>;
  facing: readonly [number, number];
  sleeping: boolean;
  step: number;
  length: number | null;
  /** The whole world's semantic map, indexed x * height + y. */
  semantic: Uint8Array;
  area: readonly [number, number];
  grid: readonly [number, number];
}

/** The text view of a recorded step: the same as a live env's, except that a plant's ripeness is unknown ("plant"). */
export function recordedTextView(input: RecordedViewInput): TextView {
  const [areaWidth, areaHeight] = input.area;
  const [gx, gy] = input.grid;
  const [px, py] = input.position;
  const nameAt = (x: number, y: number) =>
    x >= 0 && x < areaWidth && y >= 0 && y < areaHeight ? semanticCellName(input.semantic[x * areaHeight + y]) : null;
  const cells: Array<string | null> = [];
  const ox = Math.floor(gx / 2);
  const oy = Math.floor(gy / 2);
  for (let y = 0; y < gy; y++) for (let x = 0; x < gx; x++) cells.push(nameAt(px + x - ox, py + y - oy));
  const [fx, fy] = input.facing;
  return {
    step: input.step,
    length: input.length,
    position: [px, py],
    grid: [gx, gy],
    cells,
    inventory: { ...input.inventory },
    achievements: { ...input.achievements },
    daylight: daylightAt(input.step),
    sleeping: input.sleeping,
    facing: { direction: [fx, fy], target: nameAt(px + fx, py + fy) },
  };
}

/** Crafter's inventory at reset, which the Recorder's zero-filled first row does not show. */
export function resetInventory(): Record<ItemName, number> {
  return Object.fromEntries(ITEM_NAMES.map((name) => [name, ITEMS[name].initial])) as Record<ItemName, number>;
}

export function zeroAchievements(): Record<AchievementName, number> {
  return Object.fromEntries(ACHIEVEMENTS.map((name) => [name, 0])) as Record<AchievementName, number>;
}
