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

interface ViewCell {
  dx: number;
  dy: number;
  name: string;
}

/** The name of a cell from Crafter's semantic id (info['semantic']); a plant's ripeness is not in the id. */
export function semanticCellName(id: number): string {
  if (id >= 1 && id <= MATERIALS.length) return MATERIALS[id - 1];
  const kind = OBJECT_KINDS[id - MATERIALS.length - 1];
  return kind === undefined ? 'unknown' : kind.toLowerCase();
}

function cellName(env: CrafterEnv, x: number, y: number): string {
  const obj = env.world.objectAt(x, y);
  if (obj === env.player) return 'player';
  if (obj) return obj.kind === 'Plant' ? (obj.texture === 'plant-ripe' ? 'ripe plant' : 'sapling') : obj.kind.toLowerCase();
  const id = env.world.material(x, y);
  return id ? MATERIALS[id - 1] : 'unknown';
}

/** The plain view of a live env. */
export function envTextView(env: CrafterEnv): TextView {
  const { world, player } = env;
  const [gx, gy] = env.localGrid;
  const ox = Math.floor(gx / 2);
  const oy = Math.floor(gy / 2);
  const cells: Array<string | null> = [];
  for (let y = 0; y < gy; y++) {
    for (let x = 0; x < gx; x++) {
      const wx = player.x + x - ox;
      const wy = player.y + y - oy;
      cells.push(world.inside(wx, wy) ? cellName(env, wx, wy) : null);
    }
  }
  const fx = player.x + player.facingX;
  const fy = player.y + player.facingY;
  return {
    step: env.step,
    length: env.length,
    position: [player.x, player.y],
    grid: [gx, gy],
    cells,
    inventory: Object.fromEntries(ITEM_NAMES.map((name, i) => [name, player.inventory[i]])) as Record<ItemName, number>,
    achievements: Object.fromEntries(ACHIEVEMENTS.map((name, i) => [name, player.achievements[i]])) as Record<AchievementName, number>,
    daylight: world.daylight,
    sleeping: player.sleeping,
    facing: { direction: [player.facingX, player.facingY], target: world.inside(fx, fy) ? cellName(env, fx, fy) : null },
  };
}

/** The cells of the local view inside the world, with their offsets from the player. */
function visibleCells(view: TextView): ViewCell[] {
  const [gx, gy] = view.grid;
  const ox = Math.floor(gx / 2);
  const oy = Math.floor(gy / 2);
  const cells: ViewCell[] = [];
  for (let y = 0; y < gy; y++) {
    for (let x = 0; x < gx; x++) {
      const name = view.cells[y * gx + x];
      if (name !== null) cells.push({ dx: x - ox, dy: y - oy, name });
    }
  }
  return cells;
}

/** Axis-separated steps, e.g. "1 step north and 4 steps west" (never diagonal, so models do not try diagonal moves). */
export function describeOffset(dx: number, dy: number): string {
  const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (dy) parts.push(`${steps(Math.abs(dy))} ${dy < 0 ? 'north' : 'south'}`);
  if (dx) parts.push(`${steps(Math.abs(dx))} ${dx < 0 ? 'west' : 'east'}`);
  return parts.length ? parts.join(' and ') : 'here';
}

function facingName(view: TextView): string {
  return FACING_NAMES[view.facing.direction.join(',')];
}

function facedName(view: TextView): string {
  return view.facing.target ?? EDGE_OF_WORLD;
}

function inventoryLines(view: TextView, vitals: boolean): string[] {
  const lines: string[] = [];
  ITEM_NAMES.forEach((name, i) => {
    const isVital = i < 4;
    if (isVital !== vitals) return;
    const amount = view.inventory[name];
    if (vitals) lines.push(`${name}: ${amount}/${ITEMS[name].max}`);
    else if (amount > 0) lines.push(`${name}: ${amount}`);
  });
  return lines;
}

/** The BALROG-style description: nearest thing of each kind in view, what the player faces, status, inventory. */
function languageText(view: TextView): string {
  const nearest = new Map<string, ViewCell>();
  for (const cell of visibleCells(view)) {
    if (cell.name === 'player') continue;
    const distance = Math.abs(cell.dx) + Math.abs(cell.dy);
    const seen = nearest.get(cell.name);
    if (!seen || distance < Math.abs(seen.dx) + Math.abs(seen.dy)) nearest.set(cell.name, cell);
  }
  const seen = [...nearest.entries()].sort(
    ([an, a], [bn, b]) => Math.abs(a.dx) + Math.abs(a.dy) - (Math.abs(b.dx) + Math.abs(b.dy)) || an.localeCompare(bn),
  );
  const items = inventoryLines(view, false);
  const lines = [
    'You see:',
    ...seen.map(([name, cell]) => `- ${name} ${describeOffset(cell.dx, cell.dy)}`),
    '',
    `You face ${facedName(view)} at your front (${facingName(view)}).`,
    ...(view.sleeping ? ['You are sleeping.'] : []),
    ...(view.daylight < 0.5 ? ['It is night.'] : []),
    '',
    'Your status:',
    ...inventoryLines(view, true).map((l) => `- ${l}`),
    '',
    items.length ? 'Your inventory:' : 'You have nothing in your inventory.',
    ...items.map((l) => `- ${l}`),
  ];
  return lines.join('\n');
}

/** The state block of the Python pipeline: step, vitals, position, facing, inventory, achievements, a map of names. */
function stateText(view: TextView): string {
  const [gx, gy] = view.grid;
  const rows: string[] = [];
  for (let y = 0; y < gy; y++) {
    rows.push(view.cells.slice(y * gx, (y + 1) * gx).map((name) => name?.replace(' ', '_') ?? 'void').join(' '));
  }
  const achieved = ACHIEVEMENTS.filter((name) => view.achievements[name] > 0);
  const items = inventoryLines(view, false);
  const { inventory } = view;
  return [
    `Step: ${view.step}/${view.length ?? 'unlimited'}`,
    `Health: ${inventory.health}/9  Food: ${inventory.food}/9  Drink: ${inventory.drink}/9  Energy: ${inventory.energy}/9`,
    `Position: (${view.position[0]}, ${view.position[1]})  Facing: ${facingName(view)} (toward ${facedName(view)})`,
    `Time: ${view.daylight < 0.5 ? 'night' : 'day'}${view.sleeping ? ', sleeping' : ''}`,
    `Inventory: ${items.length ? items.join(', ') : 'empty'}`,
    `Achievements (${achieved.length}/${ACHIEVEMENTS.length}): ${achieved.length ? achieved.join(', ') : 'none'}`,
    `Map (${gx}x${gy}, north up, you are "player"):`,
    ...rows,
  ].join('\n');
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
