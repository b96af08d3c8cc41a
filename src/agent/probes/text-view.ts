// What the observation text alone says, read back from either text style of src/sim/text.ts: the text baseline's
// only input. It never sees the simulator's state.
import { ITEM_NAMES } from '../../sim/rules.ts';
import type { TextStyle } from '../../sim/text.ts';
import { DIRECTION_NAMES, type Direction } from './truth.ts';

export interface TextView {
  /** Things named in the text with their offsets from the player: every view cell (state style), or the nearest of each name (language style). */
  seen: Map<string, Array<[number, number]>>;
  /** The text lists every cell of the view (state style's map), so absences and counts are known. */
  complete: boolean;
  /** What the player faces, as named ("the edge of the world" outside it), and which way. */
  faced: string | null;
  facing: Direction | null;
  night: boolean;
  sleeping: boolean;
  /** Amounts the text gives; items it does not list are absent. */
  inventory: Record<string, number>;
}

const DIRECTION = new RegExp(`\\b(${DIRECTION_NAMES.join('|')})\\b`);

/** "1 step north and 4 steps west" as [dx, dy]; "here" as [0, 0]; null when it is not an offset. */
function readOffsetPhrase(text: string): [number, number] | null {
  if (text.trim() === 'here') return [0, 0];
  let dx = 0;
  let dy = 0;
  let any = false;
  for (const [, n, dir] of text.matchAll(/(\d+) steps? (north|south|east|west)/g)) {
    const steps = Number(n);
    any = true;
    if (dir === 'north') dy -= steps;
    else if (dir === 'south') dy += steps;
    else if (dir === 'west') dx -= steps;
    else dx += steps;
  }
  return any ? [dx, dy] : null;
}

function add(seen: TextView['seen'], name: string, offset: [number, number]): void {
  seen.set(name, [...(seen.get(name) ?? []), offset]);
}

function emptyView(): TextView {
  return { seen: new Map(), complete: false, faced: null, facing: null, night: false, sleeping: false, inventory: {} };
}

function readAmounts(text: string, into: Record<string, number>): void {
  for (const name of ITEM_NAMES) {
    const match = new RegExp(`\\b${name}: (\\d+)`, 'i').exec(text);
    if (match) into[name] = Number(match[1]);
  }
}

function readLanguage(text: string): TextView {
  const view = emptyView();
  const lines = text.split('\n');
  const seenEnd = lines.indexOf('');
  for (const line of lines.slice(1, seenEnd < 0 ? lines.length : seenEnd)) {
    const match = /^- (.+?) ((?:\d+ steps? (?:north|south|east|west))(?: and \d+ steps? (?:north|south|east|west))?|here)$/.exec(line);
    const offset = match && readOffsetPhrase(match[2]);
    if (match && offset) add(view.seen, match[1], offset);
  }
  const face = /^You face (.+) at your front \((\w+)\)\.$/m.exec(text);
  if (face) {
    view.faced = face[1];
    view.facing = (DIRECTION.exec(face[2])?.[1] as Direction | undefined) ?? null;
  }
  view.night = /^It is night\.$/m.test(text);
  view.sleeping = /^You are sleeping\.$/m.test(text);
  readAmounts(text, view.inventory);
  return view;
}

function readState(text: string): TextView {
  const view = emptyView();
  const lines = text.split('\n');
  const mapAt = lines.findIndex((l) => l.startsWith('Map ('));
  const size = /^Map \((\d+)x(\d+)/.exec(lines[mapAt] ?? '');
  if (size) {
    const [width, height] = [Number(size[1]), Number(size[2])];
    const rows = lines.slice(mapAt + 1, mapAt + 1 + height);
    const ox = Math.floor(width / 2);
    const oy = Math.floor(height / 2);
    rows.forEach((row, y) => row.split(' ').forEach((name, x) => {
      if (x - ox || y - oy) add(view.seen, name.replaceAll('_', ' '), [x - ox, y - oy]);
    }));
    view.complete = rows.length === height;
  }
  const face = /Facing: (\w+) \(toward (.+)\)$/m.exec(text);
  if (face) {
    view.facing = (DIRECTION.exec(face[1])?.[1] as Direction | undefined) ?? null;
    view.faced = face[2];
  }
  const time = /^Time: (day|night)(, sleeping)?$/m.exec(text);
  view.night = time?.[1] === 'night';
  view.sleeping = Boolean(time?.[2]);
  readAmounts(text, view.inventory);
  return view;
}

export function readTextView(text: string, style: TextStyle): TextView {
  return style === 'language' ? readLanguage(text) : readState(text);
}
