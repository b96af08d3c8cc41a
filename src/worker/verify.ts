// Re-simulates a recorded session from its seed, episode and actions and compares every frame's pixels.
import { sessionEnv } from '../agent/session-env.ts';
import type { EnvOptions, SessionRecord } from '../storage/types.ts';
import { FrameRenderer } from '../sim/render/renderer.ts';
import { actionIndex } from '../sim/rules.ts';
import { sha256Hex } from '../lib/sha256.ts';
import type { TexturePack } from '../sim/textures/pack.ts';

export interface RecordedStep {
  stepIndex: number;
  actions: string[];
  frameSha256: string | null;
}

export interface VerifyReport {
  ok: boolean;
  stepsChecked: number;
  framesCompared: number;
  /** First step whose frame (or step index) differs, or null. */
  firstMismatch: { stepIndex: number; reason: string } | null;
}

export function verifyRecording(
  recording: Pick<SessionRecord, 'seed' | 'episode'> & { envOptions?: EnvOptions | null; steps: RecordedStep[] },
  pack: TexturePack,
): VerifyReport {
  const env = sessionEnv({ envOptions: null, ...recording }, { noise: true });
  const renderer = new FrameRenderer(pack);
  const frame = new Uint8Array(env.size[0] * env.size[1] * 3);
  let framesCompared = 0;
  let stepsChecked = 0;
  for (const step of recording.steps) {
    for (const name of step.actions) env.stepAction(actionIndex(name));
    stepsChecked++;
    if (env.step !== step.stepIndex) {
      return { ok: false, stepsChecked, framesCompared, firstMismatch: { stepIndex: step.stepIndex, reason: `re-simulation is at step ${env.step}` } };
    }
    if (step.frameSha256 === null) continue;
    framesCompared++;
    const got = sha256Hex(renderer.render(env, frame));
    if (got !== step.frameSha256) {
      return { ok: false, stepsChecked, framesCompared, firstMismatch: { stepIndex: step.stepIndex, reason: 'frame pixels differ' } };
    }
  }
  return { ok: true, stepsChecked, framesCompared, firstMismatch: null };
}
