// What an imported session keeps beyond the store's columns, and reading it back: the session's metadata.recording
// and envOptions, and each step's metadata.recorded (semantic map changes, facing, sleep state).
import { isGridDelta, type GridDelta } from '../../lib/grid-delta.ts';
import type { SessionRecord, SessionSource, StepRecord } from '../../storage/types.ts';
import { DEFAULT_LENGTH, DEFAULT_VIEW } from './recorded-state.ts';

export const IMPORT_SOURCE: SessionSource = 'import';

/**
 * The texture pack that drew an imported episode's frames: Python Crafter's own art. The hash is the one the app
 * computes (src/sim/textures/pack.ts) for Crafter's asset folder, so loading those textures lets verify compare frames.
 */
export const CRAFTER_ORIGINAL_PACK = {
  name: 'crafter-original',
  sha256: '0005e560102b426f70ca1a4ba701dd976801543f02e5e80f610ba24daeeab50a',
} as const;

export interface RecordingInfo {
  format: 'crafter-recorder-npz';
  file: string;
  spelling: 'current' | '2021' | 'mixed';
  /** The env seed as the user gave it; null when unknown (then the session cannot be verified). */
  seed: number | null;
  episode: number | null;
  /** The stats.jsonl line the episode matched, if one was given. */
  stats?: { file: string; line: number };
}

/** The Env options of an imported episode, all known: area and frame size from the file, view and length as imported. */
export interface RecordedEnv {
  area: [number, number];
  view: [number, number];
  size: [number, number];
  length: number;
}

export interface RecordedStepMeta {
  /** The semantic map as changes from the record before (null for the reset record, which the Recorder zero-fills). */
  semantic: GridDelta | null;
  facing: [number, number];
  sleeping: boolean;
}

const isPair = (value: unknown): value is [number, number] =>
  Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && n > 0);

/** The recording of an imported session, or null for any other session. */
export function recordingInfo(session: SessionRecord): RecordingInfo | null {
  const info = session.metadata?.recording as Partial<RecordingInfo> | undefined;
  if (session.source !== IMPORT_SOURCE || !info || info.format !== 'crafter-recorder-npz') return null;
  if (typeof info.file !== 'string' || !(info.seed === null || Number.isSafeInteger(info.seed))) {
    throw new Error(`session ${session.id}: its metadata.recording is damaged`);
  }
  return info as RecordingInfo;
}

export function recordedEnv(session: SessionRecord): RecordedEnv {
  const options = session.envOptions ?? {};
  if (!isPair(options.area) || !isPair(options.size)) throw new Error(`session ${session.id}: its envOptions lack the recorded area and frame size`);
  return { area: options.area, size: options.size, view: options.view ?? [...DEFAULT_VIEW], length: options.length ?? DEFAULT_LENGTH };
}

export function recordedStepMeta(step: StepRecord, sessionId: string): RecordedStepMeta {
  const meta = step.metadata?.recorded as Partial<RecordedStepMeta> | undefined;
  const semanticOk = meta?.semantic === null || isGridDelta(meta?.semantic);
  const facingOk = Array.isArray(meta?.facing) && meta.facing.length === 2 && meta.facing.every((n) => Number.isInteger(n));
  if (!meta || !semanticOk || !facingOk || typeof meta.sleeping !== 'boolean') {
    throw new Error(`session ${sessionId}, step ${step.stepIndex}: its metadata.recorded (semantic map, facing, sleep) is missing or damaged`);
  }
  return meta as RecordedStepMeta;
}
