// Reads one episode written by Crafter's Recorder (.npz, either spelling) and checks every column's type and
// shape before anything is made of it. Row 0 is the reset observation (only its image is real: the Recorder
// zero-fills its other columns); row k is the transition of step k.
import { NpyFormatError, toNumbers, type NpyArray } from '../../lib/npy.ts';
import { readNpz } from '../../lib/npz.ts';
import { RECORDER_SPELLINGS, spellingOf, type ColumnPrefixes, type RecorderSpelling } from '../../lib/crafter-recorder.ts';
import { ACHIEVEMENTS, ACTIONS, ITEM_NAMES, type AchievementName, type ItemName } from '../../sim/rules.ts';

export class RecordingError extends Error {
  override name = 'RecordingError';
}

export interface RecordedEpisode {
  /** The column names' spelling; null for a mix of the two. */
  spelling: RecorderSpelling | null;
  prefixes: ColumnPrefixes;
  /** Environment steps: rows minus the reset row. */
  length: number;
  /** Frame width and height in pixels. */
  frameSize: [number, number];
  /** Crafter's world area [width, height], from the semantic map's shape. */
  area: [number, number];
  /** Every row's RGB frame, row-major, width * height * 3 bytes each. */
  images: Uint8Array;
  actions: ArrayLike<number>;
  rewards: ArrayLike<number>;
  done: ArrayLike<number>;
  /** 1 - dead, as Crafter's health says (checked); absent in files that predate it. */
  discount: ArrayLike<number> | null;
  /** Every row's semantic map, indexed x * height + y as Crafter's info['semantic']. */
  semantic: Uint8Array;
  /** [x, y] per row. */
  positions: ArrayLike<number>;
  inventory: Record<ItemName, ArrayLike<number>>;
  achievements: Record<AchievementName, ArrayLike<number>>;
}

const INVENTORY_PREFIXES = [...new Set(Object.values(RECORDER_SPELLINGS).map((s) => s.inventory))];
const ACHIEVEMENT_PREFIXES = [...new Set(Object.values(RECORDER_SPELLINGS).map((s) => s.achievement))];

const shapeText = (shape: ReadonlyArray<number | string>) => `(${shape.join(', ')})`;

class Columns {
  constructor(private readonly arrays: Map<string, NpyArray>, private readonly file: string) {}

  has(key: string): boolean {
    return this.arrays.has(key);
  }

  get(key: string, kinds: string, shape: ReadonlyArray<number | null>): NpyArray {
    const array = this.arrays.get(key);
    if (!array) throw new RecordingError(`${this.file}: the column "${key}" is missing`);
    if (!kinds.includes(array.kind)) throw new RecordingError(`${this.file}: the column "${key}" has dtype ${array.descr}; expected ${kindNames(kinds)}`);
    const fits = array.shape.length === shape.length && shape.every((d, i) => d === null || d === array.shape[i]);
    if (!fits) {
      const wanted = shapeText(shape.map((d) => d ?? 'any'));
      throw new RecordingError(`${this.file}: the column "${key}" has shape ${shapeText(array.shape)}; expected ${wanted}`);
    }
    return array;
  }

  numbers(key: string, kinds: string, shape: ReadonlyArray<number | null>): ArrayLike<number> {
    const array = this.get(key, kinds, shape);
    try {
      return toNumbers(array, `${this.file}: ${key}`);
    } catch (error) {
      throw new RecordingError((error as Error).message);
    }
  }

  /** The one prefix of the candidates under which all of `names` are present. */
  prefix(candidates: readonly string[], names: readonly string[], what: string): string {
    const counts = candidates.map((p) => names.filter((n) => this.arrays.has(p + n)).length);
    const best = counts.indexOf(Math.max(...counts));
    const missing = names.filter((n) => !this.arrays.has(candidates[best] + n)).map((n) => candidates[best] + n);
    if (missing.length) {
      throw new RecordingError(`${this.file}: ${missing.length} ${what} column${missing.length === 1 ? ' is' : 's are'} missing: ${missing.join(', ')} (expected ${candidates.map((p) => `${p}<name>`).join(' or ')})`);
    }
    return candidates[best];
  }
}

function kindNames(kinds: string): string {
  const names: Record<string, string> = { b: 'bool', u: 'unsigned integer', i: 'integer', f: 'float' };
  return [...kinds].map((k) => names[k]).join(' or ');
}

function check(ok: boolean, message: () => string): void {
  if (!ok) throw new RecordingError(message());
}

/** Parses and checks an episode file; `file` names it in errors. Throws RecordingError for anything malformed. */
export function readRecorderEpisode(bytes: Uint8Array, file: string): RecordedEpisode {
  let arrays: Map<string, NpyArray>;
  try {
    arrays = readNpz(bytes, file);
  } catch (error) {
    if (error instanceof NpyFormatError) throw new RecordingError(error.message);
    throw error;
  }
  const columns = new Columns(arrays, file);
  const image = columns.get('image', 'u', [null, null, null, 3]);
  const [rows, height, width] = image.shape;
  check(rows >= 2, () => `${file}: the episode has ${rows} rows; a recorded episode has the reset row and at least one step`);
  check(image.itemSize === 1, () => `${file}: the column "image" has dtype ${image.descr}; expected uint8`);
  const semanticArray = columns.get('semantic', 'u', [rows, null, null]);
  check(semanticArray.itemSize === 1, () => `${file}: the column "semantic" has dtype ${semanticArray.descr}; expected uint8`);
  const area: [number, number] = [semanticArray.shape[1], semanticArray.shape[2]];
  const prefixes = {
    inventory: columns.prefix(INVENTORY_PREFIXES, ITEM_NAMES, 'inventory'),
    achievement: columns.prefix(ACHIEVEMENT_PREFIXES, ACHIEVEMENTS, 'achievement'),
  };
  const episode: RecordedEpisode = {
    spelling: spellingOf(prefixes),
    prefixes,
    length: rows - 1,
    frameSize: [width, height],
    area,
    images: image.data as Uint8Array,
    actions: columns.numbers('action', 'iu', [rows]),
    rewards: columns.numbers('reward', 'fiu', [rows]),
    done: columns.numbers('done', 'biu', [rows]),
    discount: columns.has('discount') ? columns.numbers('discount', 'fiu', [rows]) : null,
    semantic: semanticArray.data as Uint8Array,
    positions: columns.numbers('player_pos', 'iu', [rows, 2]),
    inventory: Object.fromEntries(ITEM_NAMES.map((n) => [n, columns.numbers(prefixes.inventory + n, 'iu', [rows])])) as RecordedEpisode['inventory'],
    achievements: Object.fromEntries(ACHIEVEMENTS.map((n) => [n, columns.numbers(prefixes.achievement + n, 'iu', [rows])])) as RecordedEpisode['achievements'],
  };
  checkValues(episode, file);
  return episode;
}

function checkValues(e: RecordedEpisode, file: string): void {
  const [areaWidth, areaHeight] = e.area;
  for (let k = 1; k <= e.length; k++) {
    const at = `${file}: step ${k}`;
    const action = e.actions[k];
    check(Number.isInteger(action) && action >= 0 && action < ACTIONS.length, () => `${at}: action ${action} is not one of Crafter's ${ACTIONS.length} actions`);
    check(Number.isFinite(e.rewards[k]), () => `${at}: the reward ${e.rewards[k]} is not a finite number`);
    check(e.done[k] === 0 || e.done[k] === 1, () => `${at}: done is ${e.done[k]}, not a boolean`);
    check(e.done[k] === 0 || k === e.length, () => `${at}: done is set before the last row, so the file holds more than one episode`);
    const [x, y] = [e.positions[2 * k], e.positions[2 * k + 1]];
    check(x >= 0 && x < areaWidth && y >= 0 && y < areaHeight, () => `${at}: the player position (${x}, ${y}) is outside the ${areaWidth}x${areaHeight} area`);
    for (const name of ITEM_NAMES) check(e.inventory[name][k] >= 0, () => `${at}: ${e.prefixes.inventory}${name} is negative (${e.inventory[name][k]})`);
    const alive = e.inventory.health[k] > 0 ? 1 : 0;
    check(e.discount === null || e.discount[k] === alive, () => `${at}: the discount is ${e.discount![k]} but the health (${e.inventory.health[k]}) says ${alive}`);
    for (const name of ACHIEVEMENTS) {
      const count = e.achievements[name][k];
      check(count >= e.achievements[name][k - 1], () => `${at}: ${e.prefixes.achievement}${name} fell from ${e.achievements[name][k - 1]} to ${count}`);
    }
  }
}
