// Text summaries of an observation in the two styles design.md names: a state block, and a language description.
// Both are computed from a plain view of the state, which a live env supplies and so does a recorded episode.
import { ACHIEVEMENTS, ITEM_NAMES, ITEMS, MATERIALS, OBJECT_KINDS, type AchievementName, type ItemName } from './rules.ts';
import type { CrafterEnv } from './env.ts';

export type TextStyle = 'state' | 'language';
export const TEXT_STYLES: readonly TextStyle[] = ['state', 'language'];

const FACING_NAMES: Record<string, string> = { '-1,0': 'west', '1,0': 'east', '0,-1': 'north', '0,1': 'south' };
const EDGE_OF_WORLD = 'the edge of the world';

/** What the summaries say, as plain data: the local view by cell name, the player's state, the time. */
export interface TextView {
  step: number;
  /** Crafter's episode length; null for unlimited. */
  length: number | null;
  position: [number, number];
  /** Cells of the local view (as drawn in the frame), centred on the player. */
  grid: [number, number];
  /** Names of the grid's cells row by row, north to south and west to east; null outside the world. */
  cells: ReadonlyArray<string | null>;
  inventory: Readonly<Record<ItemName, number>>;
  achievements: Readonly<Record<AchievementName, number>>;
  daylight: number;
  sleeping: boolean;
  /** The facing direction [dx, dy] and the name of the cell there (null past the edge of the world). */
  facing: { direction: [number, number]; target: string | null };
}

/** A name seen in the local view, at its offset from the player. */
interface Seen {
  name: string;
  dx: number;
  dy: number;
  distance: number;
}

/** The vitals (health, food, drink, energy) come first in the inventory. */
const VITALS = 4;

/** The name of a cell from Crafter's semantic id (info['semantic']); a plant's ripeness is not in the id. */
export function semanticCellName(id: number): string {
  if (id >= 1 && id <= MATERIALS.length) return MATERIALS[id - 1];
  const kind = OBJECT_KINDS[id - MATERIALS.length - 1];
  return kind === undefined ? 'unknown' : kindName(kind);
}

// Lower-case names of object kinds, made once per kind rather than once per cell.
const KIND_NAMES = new Map<string, string>();

function kindName(kind: string): string {
  let name = KIND_NAMES.get(kind);
  if (name === undefined) {
    name = kind.toLowerCase();
    KIND_NAMES.set(kind, name);
  }
  return name;
}

/** The name of a cell inside the world: the object on it, else its material. */
function cellName(env: CrafterEnv, cell: number): string {
  const { world } = env;
  const obj = world.slots[world.objectMap[cell]];
  if (obj === env.player) return 'player';
  if (obj) {
    if (obj.kind === 'Plant') return obj.texture === 'plant-ripe' ? 'ripe plant' : 'sapling';
    return kindName(obj.kind);
  }
  const id = world.materials[cell];
  return id ? MATERIALS[id - 1] : 'unknown';
}

/** The plain view of a live env. */
export function envTextView(env: CrafterEnv): TextView {
  const { world, player } = env;
  const [gx, gy] = env.localGrid;
  const left = player.x - Math.floor(gx / 2);
  const top = player.y - Math.floor(gy / 2);
  const cells = new Array<string | null>(gx * gy);
  for (let y = 0; y < gy; y++) {
    const wy = top + y;
    for (let x = 0; x < gx; x++) {
      const wx = left + x;
      cells[y * gx + x] = world.inside(wx, wy) ? cellName(env, wx * world.height + wy) : null;
    }
  }
  const inventory = {} as Record<ItemName, number>;
  for (let i = 0; i < ITEM_NAMES.length; i++) inventory[ITEM_NAMES[i]] = player.inventory[i];
  const achievements = {} as Record<AchievementName, number>;
  for (let i = 0; i < ACHIEVEMENTS.length; i++) achievements[ACHIEVEMENTS[i]] = player.achievements[i];
  const fx = player.x + player.facingX;
  const fy = player.y + player.facingY;
  return {
    step: env.step,
    length: env.length,
    position: [player.x, player.y],
    grid: [gx, gy],
    cells,
    inventory,
    achievements,
    daylight: world.daylight,
    sleeping: player.sleeping,
    facing: { direction: [player.facingX, player.facingY], target: world.inside(fx, fy) ? cellName(env, fx * world.height + fy) : null },
  };
}

function steps(n: number): string {
  return n === 1 ? '1 step' : `${n} steps`;
}

/** Axis-separated steps, e.g. "1 step north and 4 steps west" (never diagonal, so models do not try diagonal moves). */
export function describeOffset(dx: number, dy: number): string {
  const vertical = dy ? `${steps(Math.abs(dy))} ${dy < 0 ? 'north' : 'south'}` : '';
  const horizontal = dx ? `${steps(Math.abs(dx))} ${dx < 0 ? 'west' : 'east'}` : '';
  if (vertical && horizontal) return `${vertical} and ${horizontal}`;
  return vertical || horizontal || 'here';
}

function facingName(view: TextView): string {
  const [dx, dy] = view.facing.direction;
  return FACING_NAMES[`${dx},${dy}`];
}

function facedName(view: TextView): string {
  return view.facing.target ?? EDGE_OF_WORLD;
}

/** "- health: 9/9" for each vital, one per line, each line ending in a newline. */
function vitalLines(view: TextView): string {
  let text = '';
  for (let i = 0; i < VITALS; i++) text += `- ${ITEM_NAMES[i]}: ${view.inventory[ITEM_NAMES[i]]}/${ITEMS[ITEM_NAMES[i]].max}\n`;
  return text;
}

/** The items held (not the vitals) as "wood: 2", in inventory order. */
function heldItems(view: TextView): string[] {
  const items: string[] = [];
  for (let i = VITALS; i < ITEM_NAMES.length; i++) {
    const amount = view.inventory[ITEM_NAMES[i]];
    if (amount > 0) items.push(`${ITEM_NAMES[i]}: ${amount}`);
  }
  return items;
}

/** The BALROG-style description: nearest thing of each kind in view, what the player faces, status, inventory. */
function languageText(view: TextView): string {
  const [gx, gy] = view.grid;
  const ox = Math.floor(gx / 2);
  const oy = Math.floor(gy / 2);
  // Nearest cell of each name, by Manhattan distance; the first seen in row order wins a tie.
  const nearest = new Map<string, number>();
  const offsets: Seen[] = [];
  for (let y = 0; y < gy; y++) {
    for (let x = 0; x < gx; x++) {
      const name = view.cells[y * gx + x];
      if (name === null || name === 'player') continue;
      const dx = x - ox;
      const dy = y - oy;
      const distance = Math.abs(dx) + Math.abs(dy);
      const at = nearest.get(name);
      if (at === undefined) {
        nearest.set(name, offsets.length);
        offsets.push({ name, dx, dy, distance });
      } else if (distance < offsets[at].distance) {
        offsets[at] = { name, dx, dy, distance };
      }
    }
  }
  offsets.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  let text = 'You see:\n';
  for (const { name, dx, dy } of offsets) text += `- ${name} ${describeOffset(dx, dy)}\n`;
  text += `\nYou face ${facedName(view)} at your front (${facingName(view)}).\n`;
  if (view.sleeping) text += 'You are sleeping.\n';
  if (view.daylight < 0.5) text += 'It is night.\n';
  text += `\nYour status:\n${vitalLines(view)}\n`;
  const items = heldItems(view);
  if (!items.length) return `${text}You have nothing in your inventory.`;
  text += 'Your inventory:';
  for (const item of items) text += `\n- ${item}`;
  return text;
}

/** The state block of the Python pipeline: step, vitals, position, facing, inventory, achievements, a map of names. */
function stateText(view: TextView): string {
  const [gx, gy] = view.grid;
  const { inventory, cells } = view;
  let achieved = '';
  let count = 0;
  for (const name of ACHIEVEMENTS) {
    if (view.achievements[name] > 0) achieved += count++ ? `, ${name}` : name;
  }
  const items = heldItems(view);
  let text = [
    `Step: ${view.step}/${view.length ?? 'unlimited'}`,
    `Health: ${inventory.health}/9  Food: ${inventory.food}/9  Drink: ${inventory.drink}/9  Energy: ${inventory.energy}/9`,
    `Position: (${view.position[0]}, ${view.position[1]})  Facing: ${facingName(view)} (toward ${facedName(view)})`,
    `Time: ${view.daylight < 0.5 ? 'night' : 'day'}${view.sleeping ? ', sleeping' : ''}`,
    `Inventory: ${items.length ? items.join(', ') : 'empty'}`,
    `Achievements (${count}/${ACHIEVEMENTS.length}): ${count ? achieved : 'none'}`,
    `Map (${gx}x${gy}, north up, you are "player"):`,
  ].join('\n');
  for (let y = 0; y < gy; y++) {
    text += '\n';
    for (let i = y * gx, end = Math.min((y + 1) * gx, cells.length); i < end; i++) {
      const name = cells[i];
      // One word a cell: the first space of a name becomes an underscore ("ripe_plant").
      const word = name == null ? 'void' : name.includes(' ') ? name.replace(' ', '_') : name;
      text += i > y * gx ? ` ${word}` : word;
    }
  }
  return text;
}

export function viewText(view: TextView, style: TextStyle): string {
  return style === 'language' ? languageText(view) : stateText(view);
}

export function languageSummary(env: CrafterEnv): string {
  return languageText(envTextView(env));
}

export function stateSummary(env: CrafterEnv): string {
  return stateText(envTextView(env));
}

export function textSummary(env: CrafterEnv, style: TextStyle): string {
  return viewText(envTextView(env), style);
}
