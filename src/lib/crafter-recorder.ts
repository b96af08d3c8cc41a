// Column names of the episodes Crafter's Recorder writes (.npz), kept here because both the importer (src/agent)
// and the exporter (src/dataset) need them. Item and achievement names come from the caller, in Crafter's order.

/** The two spellings in use: Crafter's current Recorder, and its published 2021 human dataset (typos as published). */
export const RECORDER_SPELLINGS = {
  current: { inventory: 'ainventory_', achievement: 'achievement_' },
  '2021': { inventory: 'inventory_', achievement: 'achivement_' },
} as const;
export type RecorderSpelling = keyof typeof RECORDER_SPELLINGS;
export type ColumnPrefixes = { inventory: string; achievement: string };

/** The spelling whose prefixes these are, or null for a mix (Crafter's Recorder changed one at a time in 2021). */
export function spellingOf(prefixes: ColumnPrefixes): RecorderSpelling | null {
  const entry = Object.entries(RECORDER_SPELLINGS).find(([, p]) => p.inventory === prefixes.inventory && p.achievement === prefixes.achievement);
  return entry ? (entry[0] as RecorderSpelling) : null;
}

/** One row of a Recorder episode; writers zero-fill row 0's columns other than the image, as the Recorder does. */
export interface RecorderRow {
  /** RGB, row-major, frameSize[0] * frameSize[1] * 3 bytes. */
  image: Uint8Array;
  action: number;
  reward: number;
  done: boolean;
  discount: number;
  /** The world's semantic map, indexed x * height + y. */
  semantic: Uint8Array;
  position: readonly [number, number];
  /** Counts in Crafter's item order. */
  inventory: ArrayLike<number>;
  /** Counts in Crafter's achievement order. */
  achievements: ArrayLike<number>;
}

/** An episode about to be written: its size, and its rows as they are produced from the records given. */
export interface RecorderEpisode<Step> {
  /** Rows including the reset row. */
  rows: number;
  frameSize: [number, number];
  area: [number, number];
  /** The file name it was imported from, to write it back under the same name. */
  recordedName: string | null;
  /** Yields exactly `rows` rows from the session's records, given in order. */
  stream(steps: AsyncIterable<Step>): AsyncGenerator<RecorderRow, void, undefined>;
}
