// Writes one episode as Crafter's Recorder does (current spelling): np.savez_compressed of image uint8 (N, H, W, 3),
// action int64, reward float64, done bool, discount float64, semantic uint8 (N, area), player_pos int64 (N, 2), then
// one int64 column per achievement and per item; row 0 keeps only its image, the rest of it is zero.
import { RECORDER_SPELLINGS, type RecorderEpisode } from '../../lib/crafter-recorder.ts';
import { writeNpz, type NpzColumn } from '../../lib/npz.ts';
import type { ZipSink } from '../../lib/zip.ts';

export interface CrafterNames {
  /** Crafter's items, in its order. */
  items: readonly string[];
  /** Crafter's achievements, in its order. */
  achievements: readonly string[];
}

/** What Crafter's StatsRecorder would have written for the episode. */
export interface EpisodeStats {
  length: number;
  /** Sum of the per-step rewards, in order, unrounded. */
  reward: number;
  /** Final count per achievement, in Crafter's order. */
  achievements: number[];
  /** Achievements unlocked at least once. */
  unlocked: number;
  /** The last row is done: Crafter's StatsRecorder writes a line only for such an episode. */
  finished: boolean;
}

export class RecorderExportError extends Error {
  override name = 'RecorderExportError';
}

export async function writeRecorderNpz<Step, R>(
  episode: RecorderEpisode<Step>,
  steps: AsyncIterable<Step>,
  names: CrafterNames,
  sink: ZipSink<R>,
): Promise<{ file: R; stats: EpisodeStats }> {
  const n = episode.rows;
  const [width, height] = episode.frameSize;
  const [areaWidth, areaHeight] = episode.area;
  const cells = areaWidth * areaHeight;
  const action = new BigInt64Array(n);
  const reward = new Float64Array(n);
  const done = new Uint8Array(n);
  const discount = new Float64Array(n);
  const semantic = new Uint8Array(n * cells);
  const position = new BigInt64Array(n * 2);
  const achievements = names.achievements.map(() => new BigInt64Array(n));
  const inventory = names.items.map(() => new BigInt64Array(n));
  let rows = 0;

  // The image column streams into the archive while the small columns fill; they follow it, as in the Recorder's order.
  async function* images(): AsyncGenerator<Uint8Array> {
    for await (const row of episode.stream(steps)) {
      const r = rows++;
      if (r >= n) throw new RecorderExportError(`the episode gave more than its ${n} rows`);
      if (row.image.length !== width * height * 3) throw new RecorderExportError(`row ${r}: the frame has ${row.image.length} bytes, expected ${width}x${height}x3`);
      if (row.semantic.length !== cells) throw new RecorderExportError(`row ${r}: the semantic map has ${row.semantic.length} cells, expected ${areaWidth}x${areaHeight}`);
      yield row.image;
      if (r === 0) continue;
      action[r] = BigInt(row.action);
      reward[r] = row.reward;
      done[r] = row.done ? 1 : 0;
      discount[r] = row.discount;
      semantic.set(row.semantic, r * cells);
      position[2 * r] = BigInt(row.position[0]);
      position[2 * r + 1] = BigInt(row.position[1]);
      achievements.forEach((column, i) => (column[r] = BigInt(row.achievements[i])));
      inventory.forEach((column, i) => (column[r] = BigInt(row.inventory[i])));
    }
    if (rows !== n) throw new RecorderExportError(`the episode gave ${rows} rows, expected ${n}`);
  }

  const spelling = RECORDER_SPELLINGS.current;
  function* columns(): Generator<NpzColumn> {
    yield { key: 'image', descr: '|u1', shape: [n, height, width, 3], chunks: images() };
    yield { key: 'action', data: action, shape: [n] };
    yield { key: 'reward', data: reward, shape: [n] };
    yield { key: 'done', data: done, shape: [n], bool: true };
    yield { key: 'discount', data: discount, shape: [n] };
    yield { key: 'semantic', data: semantic, shape: [n, areaWidth, areaHeight] };
    yield { key: 'player_pos', data: position, shape: [n, 2] };
    for (const [i, name] of names.achievements.entries()) yield { key: spelling.achievement + name, data: achievements[i], shape: [n] };
    for (const [i, name] of names.items.entries()) yield { key: spelling.inventory + name, data: inventory[i], shape: [n] };
  }

  const file = await writeNpz(columns(), sink);
  let total = 0;
  for (let r = 1; r < n; r++) total += reward[r];
  const finalCounts = achievements.map((column) => Number(column[n - 1]));
  return { file, stats: { length: n - 1, reward: total, achievements: finalCounts, unlocked: finalCounts.filter((c) => c >= 1).length, finished: done[n - 1] === 1 } };
}
