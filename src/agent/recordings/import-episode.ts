// A Crafter Recorder episode as trace-store records: the session (source "import") and one step record per row,
// with the frame, action, reward, inventory, achievements and position, the semantic map (as changes from the row
// before), the facing and sleep state derived from the file, and the observation text rebuilt from all of it.
import { encodePng } from '../../lib/png.ts';
import { sha256Hex } from '../../lib/sha256.ts';
import { encodeGridDelta, type GridDelta } from '../../lib/grid-delta.ts';
import { ACHIEVEMENTS, ACTIONS, ITEM_NAMES, type AchievementName, type ItemName } from '../../sim/rules.ts';
import { viewText, type TextStyle } from '../../sim/text.ts';
import { episodeWorldSeed } from '../../sim/tuplehash.ts';
import type { JsonObject, SessionEnd, SessionInput, StepInput } from '../../storage/types.ts';
import { CRAFTER_ORIGINAL_PACK, IMPORT_SOURCE, type RecordedStepMeta, type RecordingInfo } from './metadata.ts';
import { readRecorderEpisode, RecordingError, type RecordedEpisode } from './recorder-file.ts';
import {
  DEFAULT_LENGTH, DEFAULT_VIEW, RESET_FACING, facingAfter, frameShowsSleep, localGrid, recordedTextView, resetInventory, zeroAchievements,
} from './recorded-state.ts';

export interface ImportOptions {
  /** The file's name, kept with the session and used in errors. */
  fileName: string;
  /** The env seed that played the episode, when known (the file does not keep it): then the session can be verified. */
  seed?: number | null;
  /** Crafter's episode number of that seed; 1 for the first reset. */
  episode?: number;
  /** Crafter's episode length setting (default 10000); an episode that ended alive shows its own. */
  length?: number;
  /** Style of the observation text stored with every step. */
  textStyle: TextStyle;
  appVersion: string;
}

/** What Crafter's StatsRecorder writes for the episode (stats.jsonl), from the file's rows. */
export interface EpisodeSummary {
  length: number;
  /** Sum of the per-step rewards, unrounded. */
  reward: number;
  /** Achievement counts at the end. */
  achievements: Record<AchievementName, number>;
}

export interface ImportedEpisode {
  session: SessionInput;
  /** Step records including the reset record (stepIndex 0). */
  stepCount: number;
  /** The step records in order, each built (frame encoded, text written) as it is asked for. */
  steps(): Generator<StepInput, void, undefined>;
  summary: EpisodeSummary;
  /** How the session ends: the player died, the step limit came, or the file stops before the episode ended. */
  end: SessionEnd;
}

function rowRecord<K extends string>(names: readonly K[], columns: Record<K, ArrayLike<number>>, row: number): Record<K, number> {
  return Object.fromEntries(names.map((name) => [name, columns[name][row]])) as Record<K, number>;
}

function summarize(e: RecordedEpisode): EpisodeSummary {
  let reward = 0;
  for (let k = 1; k <= e.length; k++) reward += e.rewards[k];
  return { length: e.length, reward, achievements: rowRecord(ACHIEVEMENTS, e.achievements, e.length) };
}

function checkOptions(options: ImportOptions): void {
  const { seed, episode, length } = options;
  if (seed !== undefined && seed !== null && !Number.isSafeInteger(seed)) throw new RecordingError(`${options.fileName}: the seed must be an integer, got ${seed}`);
  if (episode !== undefined && !(Number.isSafeInteger(episode) && episode >= 1)) throw new RecordingError(`${options.fileName}: the episode must be an integer from 1, got ${episode}`);
  if (length !== undefined && !(Number.isSafeInteger(length) && length >= 1)) throw new RecordingError(`${options.fileName}: the length must be a positive integer, got ${length}`);
}

/** Reads and checks the file, and describes it as store records; throws RecordingError, before any record exists, for a bad file. */
export function importRecorderEpisode(bytes: Uint8Array, options: ImportOptions): ImportedEpisode {
  checkOptions(options);
  const e = readRecorderEpisode(bytes, options.fileName);
  const seed = options.seed ?? null;
  const episode = seed === null ? null : (options.episode ?? 1);
  const last = e.length;
  const died = e.done[last] === 1 && e.inventory.health[last] <= 0;
  // Crafter ends an episode when the player dies or the step count reaches its length: an episode that ended
  // alive tells its length exactly.
  const endedByLimit = e.done[last] === 1 && !died;
  if (endedByLimit && options.length !== undefined && options.length !== last) {
    throw new RecordingError(`${options.fileName}: the episode ended alive at step ${last}, so its length setting was ${last}, not ${options.length}`);
  }
  const length = endedByLimit ? last : (options.length ?? DEFAULT_LENGTH);
  if (e.length > length) throw new RecordingError(`${options.fileName}: the episode has ${e.length} steps, more than the episode length ${length}`);
  const summary = summarize(e);
  const info: RecordingInfo = {
    format: 'crafter-recorder-npz',
    file: options.fileName,
    spelling: e.spelling ?? 'mixed',
    seed,
    episode,
  };
  const session: SessionInput = {
    source: IMPORT_SOURCE,
    // Without a seed, seed and episode are 0: Crafter numbers episodes from 1, and metadata.recording.seed is null.
    seed: seed ?? 0,
    episode: episode ?? 0,
    worldSeed: seed === null ? 0 : episodeWorldSeed(seed, episode!),
    crafterVersion: 'unknown (Crafter Recorder file)',
    texturePack: { ...CRAFTER_ORIGINAL_PACK },
    policyName: null,
    envOptions: { area: e.area, size: e.frameSize, view: [...DEFAULT_VIEW], length },
    policy: { model: null, endpointHost: null, promptStyle: options.textStyle, imageMode: null, extra: { recordedBy: 'crafter.Recorder' } },
    appVersion: options.appVersion,
    metadata: { recording: info as unknown as JsonObject },
  };
  return {
    session,
    stepCount: e.length + 1,
    steps: () => stepRecords(e, options.textStyle, length),
    summary,
    end: e.done[last] !== 1
      ? { endReason: 'stopped', endDetail: 'the recording stops before the episode ended' }
      : { endReason: died ? 'died' : 'step_limit' },
  };
}

function* stepRecords(e: RecordedEpisode, style: TextStyle, length: number): Generator<StepInput, void, undefined> {
  const [width, height] = e.frameSize;
  const frameBytes = width * height * 3;
  const cells = e.area[0] * e.area[1];
  const grid = localGrid(DEFAULT_VIEW);
  const center: [number, number] = [Math.floor(e.area[0] / 2), Math.floor(e.area[1] / 2)];
  let facing: [number, number] = [...RESET_FACING];
  let sleeping = false;
  let previousMap: Uint8Array | null = null;
  for (let k = 0; k <= e.length; k++) {
    const rgb = e.images.subarray(k * frameBytes, (k + 1) * frameBytes);
    const frame = { sha256: sha256Hex(rgb), png: encodePng(rgb, width, height) };
    if (k === 0) {
      const meta: RecordedStepMeta = { semantic: null, facing, sleeping };
      yield {
        stepIndex: 0, actions: [], reward: 0, done: false, inventory: resetInventory(), achievements: zeroAchievements(),
        position: center, frame, observationText: null, metadata: { recorded: meta as unknown as JsonObject },
      };
      continue;
    }
    facing = facingAfter(facing, sleeping, e.inventory.energy[k - 1], e.actions[k]);
    sleeping = frameShowsSleep(rgb, e.frameSize, DEFAULT_VIEW);
    const map = e.semantic.subarray(k * cells, (k + 1) * cells);
    const semantic: GridDelta = encodeGridDelta(previousMap, map);
    previousMap = map;
    const inventory = rowRecord<ItemName>(ITEM_NAMES, e.inventory, k);
    const achievements = rowRecord<AchievementName>(ACHIEVEMENTS, e.achievements, k);
    const position: [number, number] = [e.positions[2 * k], e.positions[2 * k + 1]];
    const view = recordedTextView({ step: k, length, semantic: map, area: e.area, grid, position, inventory, achievements, facing, sleeping });
    const meta: RecordedStepMeta = { semantic, facing, sleeping };
    yield {
      stepIndex: k,
      actions: [ACTIONS[e.actions[k]]],
      reward: e.rewards[k],
      done: e.done[k] === 1,
      inventory,
      achievements,
      position,
      frame,
      observationText: viewText(view, style),
      metadata: { recorded: meta as unknown as JsonObject },
    };
  }
}
