// Verifies an imported episode whose seed the user gave: re-simulates it and compares every record's reward, done,
// inventory, achievements, position and semantic map, and its frame too when the renderer has Crafter's own art.
import { CrafterEnv } from '../../sim/env.ts';
import type { FrameRenderer } from '../../sim/render/renderer.ts';
import { ACHIEVEMENTS, ITEM_NAMES, actionIndex } from '../../sim/rules.ts';
import { sha256Hex } from '../../lib/sha256.ts';
import type { SessionRecord, StepRecord } from '../../storage/types.ts';
import { recordedEnv, recordingInfo } from './metadata.ts';
import { RecordedMaps } from './recorded-maps.ts';

export const NO_SEED = 'cannot be verified: no seed (a Crafter Recorder file does not keep it; import it with its seed to verify it)';

export interface ImportVerifyReport {
  ok: boolean;
  stepsChecked: number;
  framesCompared: number;
  firstMismatch: { stepIndex: number; reason: string } | null;
  /** Why the session cannot be verified at all, or null. */
  unverifiable: string | null;
}

// Key order aside: a record read back from the store need not list its names in Crafter's order.
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** `renderer` must draw with the pack the frames were made with (Crafter's originals), or be null to skip frames. */
export function verifyImported(session: SessionRecord, steps: readonly StepRecord[], renderer: FrameRenderer | null): ImportVerifyReport {
  const info = recordingInfo(session);
  if (!info) throw new Error(`session ${session.id} is not an imported Crafter recording`);
  const report: ImportVerifyReport = { ok: true, stepsChecked: 0, framesCompared: 0, firstMismatch: null, unverifiable: null };
  if (info.seed === null) return { ...report, ok: false, unverifiable: NO_SEED };
  const { area, view, size, length } = recordedEnv(session);
  const env = new CrafterEnv({ seed: info.seed, length, area, view, size });
  env.wantNoise = renderer !== null;
  env.episode = (info.episode ?? 1) - 1;
  env.reset();
  const maps = new RecordedMaps(area, session.id);
  const fail = (step: StepRecord, reason: string): ImportVerifyReport => ({ ...report, ok: false, firstMismatch: { stepIndex: step.stepIndex, reason } });
  for (const step of steps) {
    let reward = 0;
    let done = false;
    for (const action of step.actions) {
      const result = env.stepAction(actionIndex(action));
      reward += result.info.reward;
      done = result.done;
    }
    report.stepsChecked++;
    if (env.step !== step.stepIndex) return fail(step, `the re-simulation is at step ${env.step}`);
    const { map } = maps.next(step);
    const p = env.player;
    const inventory = Object.fromEntries(ITEM_NAMES.map((name, i) => [name, p.inventory[i]]));
    const achievements = Object.fromEntries(ACHIEVEMENTS.map((name, i) => [name, p.achievements[i]]));
    const checks: Array<[string, unknown, unknown]> = [
      ['position', step.position, [p.x, p.y]],
      ['inventory', step.inventory, inventory],
      ['achievements', step.achievements, achievements],
    ];
    if (step.stepIndex > 0) checks.push(['reward', step.reward, reward], ['done', step.done, done]);
    for (const [field, recorded, simulated] of checks) {
      if (!same(recorded, simulated)) return fail(step, `${field} differs: recorded ${JSON.stringify(recorded)}, re-simulated ${JSON.stringify(simulated)}`);
    }
    if (map && !env.semanticMap().every((id, i) => id === map[i])) return fail(step, 'the semantic map differs');
    if (renderer && step.frame) {
      report.framesCompared++;
      if (sha256Hex(renderer.render(env)) !== step.frame.sha256) return fail(step, 'frame pixels differ');
    }
  }
  return report;
}
