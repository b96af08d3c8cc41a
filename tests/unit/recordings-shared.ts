// Crafter Recorder fixtures in ../shared/crafter-recordings (skipped, saying so, where absent), numpy through python3
// as the independent reader of .npz files (skipped, saying so, without python3-numpy), and the imported records
// as the trace store would give them back.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportedEpisode } from '../../src/agent/recordings/import-episode.ts';
import type { SessionRecord, StepRecord } from '../../src/storage/types.ts';

export const RECORDINGS_DIR = fileURLToPath(new URL('../../../shared/crafter-recordings', import.meta.url));
export const HAS_RECORDINGS = existsSync(join(RECORDINGS_DIR, 'recordings.json'));
if (!HAS_RECORDINGS) console.warn(`skipping Crafter recording fixtures: ${RECORDINGS_DIR} is absent`);

/** A Python with numpy: the one on the PATH, else Debian's (python3-numpy installs for /usr/bin/python3). */
export const PYTHON = ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0) ?? 'python3';
export const HAS_NUMPY = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!HAS_NUMPY) console.warn('skipping the numpy cross-checks: python3 with numpy is not installed (Debian: apt-get install python3-numpy)');

export interface RecordingEntry {
  file: string;
  seed: number;
  episode: number;
  policy: string;
  steps: number;
  actions: number[];
}

export function recordingEntries(): RecordingEntry[] {
  return (JSON.parse(readFileSync(join(RECORDINGS_DIR, 'recordings.json'), 'utf8')) as { episodes: RecordingEntry[] }).episodes;
}

export function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(RECORDINGS_DIR, file)));
}

export interface NumpyColumn {
  /** numpy's dtype.str, e.g. "<i8". */
  dtype: string;
  shape: number[];
  /** Elements as a nested list for 1-D and 2-D columns; per-row SHA-256 of the raw bytes for larger ones. */
  values: unknown[];
}

const DUMP = `
import hashlib, json, sys
import numpy as np
out = []
for path in sys.argv[1:]:
    with np.load(path) as f:
        cols = {}
        for key in f.files:
            a = f[key]
            values = a.tolist() if a.ndim <= 2 else [hashlib.sha256(np.ascontiguousarray(r).tobytes()).hexdigest() for r in a]
            cols[key] = {'dtype': a.dtype.str, 'shape': list(a.shape), 'values': values}
        out.append({'keys': list(f.files), 'columns': cols})
print(json.dumps(out))
`;

/** numpy's reading of each file: its keys in archive order and every column. */
export function numpyRead(paths: string[]): Array<{ keys: string[]; columns: Record<string, NumpyColumn> }> {
  const run = spawnSync(PYTHON, ['-c', DUMP, ...paths], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`python3 could not read ${paths.join(', ')}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The imported session and steps as the store returns them after writing (for tests that need no store). */
export function asStored(imported: ImportedEpisode, id = 'imported-session'): { session: SessionRecord; steps: StepRecord[] } {
  const steps: StepRecord[] = [...imported.steps()].map((s) => ({
    stepIndex: s.stepIndex,
    actions: s.actions,
    reward: s.reward,
    done: s.done,
    inventory: s.inventory,
    achievements: s.achievements,
    position: s.position,
    frame: s.frame && { ...s.frame, width: 0, height: 0 },
    observationText: s.observationText ?? null,
    reactionMs: null,
    achievementsUnlocked: [],
    completedAt: '2026-01-01T00:00:00.000Z',
    metadata: s.metadata ?? null,
    modelCall: null,
    messages: [],
  }));
  const input = imported.session;
  const { reward, length } = imported.summary;
  const session: SessionRecord = {
    id, source: input.source, policyName: input.policyName ?? null, envOptions: input.envOptions ?? null, state: 'ended',
    seed: input.seed, episode: input.episode, worldSeed: input.worldSeed, crafterVersion: input.crafterVersion,
    texturePack: input.texturePack, policy: input.policy, appVersion: input.appVersion, startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:01.000Z', endReason: imported.end.endReason ?? null, endDetail: imported.end.endDetail ?? null, endDetails: null,
    metadata: input.metadata ?? null, length, totalReward: reward, achievements: [], bytes: 0, damaged: null, stepCount: steps.length,
    modelCallCount: 0, messageCount: 0, outcome: { totalReward: reward, achievements: [], length },
  };
  return { session, steps };
}

export async function* iterate<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
