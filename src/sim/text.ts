// Text summaries of an observation in the two styles design.md names: a state block, and a language description.
import { ACHIEVEMENTS, ITEM_NAMES, ITEMS, MATERIALS } from './rules.ts';
import type { CrafterEnv } from './env.ts';

export type TextStyle = 'state' | 'language';
export const TEXT_STYLES: readonly TextStyle[] = ['state', 'language'];

const FACING_NAMES: Record<string, string> = { '-1,0': 'west', '1,0': 'east', '0,-1': 'north', '0,1': 'south' };

interface ViewCell {
  dx: number;
  dy: number;
  name: string;
}

/** The cells of the local view (as drawn in the frame), each named by its object or else its material. */
export function visibleCells(env: CrafterEnv): ViewCell[] {
  const { world, player } = env;
  const [gx, gy] = env.localGrid;
  const ox = Math.floor(gx / 2);
  const oy = Math.floor(gy / 2);
  const cells: ViewCell[] = [];
  for (let y = 0; y < gy; y++) {
    for (let x = 0; x < gx; x++) {
      const wx = player.x + x - ox;
      const wy = player.y + y - oy;
      if (!world.inside(wx, wy)) continue;
      cells.push({ dx: x - ox, dy: y - oy, name: cellName(env, wx, wy) });
    }
  }
  return cells;
}

function cellName(env: CrafterEnv, x: number, y: number): string {
  const obj = env.world.objectAt(x, y);
  if (obj === env.player) return 'player';
  if (obj) return obj.kind === 'Plant' ? (obj.texture === 'plant-ripe' ? 'ripe plant' : 'sapling') : obj.kind.toLowerCase();
  const id = env.world.material(x, y);
  return id ? MATERIALS[id - 1] : 'unknown';
}

/** Axis-separated steps, e.g. "1 step north and 4 steps west" (never diagonal, so models do not try diagonal moves). */
export function describeOffset(dx: number, dy: number): string {
  const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (dy) parts.push(`${steps(Math.abs(dy))} ${dy < 0 ? 'north' : 'south'}`);
  if (dx) parts.push(`${steps(Math.abs(dx))} ${dx < 0 ? 'west' : 'east'}`);
  return parts.length ? parts.join(' and ') : 'here';
}

function facingName(env: CrafterEnv): string {
  return FACING_NAMES[`${env.player.facingX},${env.player.facingY}`];
}

function facedName(env: CrafterEnv): string {
  const p = env.player;
  const x = p.x + p.facingX;
  const y = p.y + p.facingY;
  return env.world.inside(x, y) ? cellName(env, x, y) : 'the edge of the world';
}

function inventoryLines(env: CrafterEnv, vitals: boolean): string[] {
  const lines: string[] = [];
  ITEM_NAMES.forEach((name, i) => {
    const isVital = i < 4;
    if (isVital !== vitals) return;
    const amount = env.player.inventory[i];
    if (vitals) lines.push(`${name}: ${amount}/${ITEMS[name].max}`);
    else if (amount > 0) lines.push(`${name}: ${amount}`);
  });
  return lines;
}

function unlockedAchievements(env: CrafterEnv): string[] {
  return ACHIEVEMENTS.filter((_, i) => env.player.achievements[i] > 0);
}

/** The BALROG-style description: nearest thing of each kind in view, what the player faces, status, inventory. */
export function languageSummary(env: CrafterEnv): string {
  const nearest = new Map<string, ViewCell>();
  for (const cell of visibleCells(env)) {
    if (cell.name === 'player') continue;
    const distance = Math.abs(cell.dx) + Math.abs(cell.dy);
    const seen = nearest.get(cell.name);
    if (!seen || distance < Math.abs(seen.dx) + Math.abs(seen.dy)) nearest.set(cell.name, cell);
  }
  const seen = [...nearest.entries()].sort(
    ([an, a], [bn, b]) => Math.abs(a.dx) + Math.abs(a.dy) - (Math.abs(b.dx) + Math.abs(b.dy)) || an.localeCompare(bn),
  );
  const items = inventoryLines(env, false);
  const lines = [
    'You see:',
    ...seen.map(([name, cell]) => `- ${name} ${describeOffset(cell.dx, cell.dy)}`),
    '',
    `You face ${facedName(env)} at your front (${facingName(env)}).`,
    ...(env.player.sleeping ? ['You are sleeping.'] : []),
    ...(env.world.daylight < 0.5 ? ['It is night.'] : []),
    '',
    'Your status:',
    ...inventoryLines(env, true).map((l) => `- ${l}`),
    '',
    items.length ? 'Your inventory:' : 'You have nothing in your inventory.',
    ...items.map((l) => `- ${l}`),
  ];
  return lines.join('\n');
}

/** The state block of the Python pipeline: step, vitals, position, facing, inventory, achievements, a map of names. */
export function stateSummary(env: CrafterEnv): string {
  const p = env.player;
  const [gx, gy] = env.localGrid;
  const cells = new Map(visibleCells(env).map((c) => [`${c.dx},${c.dy}`, c.name]));
  const ox = Math.floor(gx / 2);
  const oy = Math.floor(gy / 2);
  const rows: string[] = [];
  for (let dy = -oy; dy < gy - oy; dy++) {
    const row: string[] = [];
    for (let dx = -ox; dx < gx - ox; dx++) row.push(cells.get(`${dx},${dy}`)?.replace(' ', '_') ?? 'void');
    rows.push(row.join(' '));
  }
  const achieved = unlockedAchievements(env);
  const items = inventoryLines(env, false);
  return [
    `Step: ${env.step}/${env.length ?? 'unlimited'}`,
    `Health: ${p.health}/9  Food: ${p.item('food')}/9  Drink: ${p.item('drink')}/9  Energy: ${p.item('energy')}/9`,
    `Position: (${p.x}, ${p.y})  Facing: ${facingName(env)} (toward ${facedName(env)})`,
    `Time: ${env.world.daylight < 0.5 ? 'night' : 'day'}${p.sleeping ? ', sleeping' : ''}`,
    `Inventory: ${items.length ? items.join(', ') : 'empty'}`,
    `Achievements (${achieved.length}/${ACHIEVEMENTS.length}): ${achieved.length ? achieved.join(', ') : 'none'}`,
    `Map (${gx}x${gy}, north up, you are "player"):`,
    ...rows,
  ].join('\n');
}

export function textSummary(env: CrafterEnv, style: TextStyle): string {
  return style === 'language' ? languageSummary(env) : stateSummary(env);
}
