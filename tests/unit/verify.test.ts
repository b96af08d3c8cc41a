import { describe, expect, it } from 'vitest';
import { EnvService } from '../../src/worker/env-service.ts';
import { verifyRecording, type RecordedStep } from '../../src/worker/verify.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { ACTIONS } from '../../src/sim/rules.ts';

function record(seed: number, actions: number[]): { episode: number; steps: RecordedStep[] } {
  const envs = new EnvService(builtinPack());
  const first = envs.create({ seed, textStyle: 'language' });
  const steps: RecordedStep[] = [{ stepIndex: 0, actions: [], frameSha256: first.packet.observation.observation_image_sha256 }];
  for (const a of actions) {
    const view = envs.step(first.envId, a);
    steps.push({ stepIndex: view.packet.step_idx, actions: [ACTIONS[a]], frameSha256: view.packet.observation.observation_image_sha256 });
  }
  return { episode: first.episode, steps };
}

describe('replay verification', () => {
  const actions = Array.from({ length: 250 }, (_, i) => [1, 5, 3, 5, 2, 0, 4, 5][i % 8]);

  it('re-simulates a recording and finds every frame equal', () => {
    const { episode, steps } = record(4, actions);
    expect(verifyRecording({ seed: 4, episode, steps }, builtinPack())).toEqual({ ok: true, stepsChecked: 251, framesCompared: 251, firstMismatch: null });
  });

  it('reports the first step where a changed recording diverges', () => {
    const { episode, steps } = record(4, actions);
    const tampered = steps.map((s, i) => (i === 40 ? { ...s, actions: ['noop'] } : s));
    const report = verifyRecording({ seed: 4, episode, steps: tampered }, builtinPack());
    expect(report.ok).toBe(false);
    expect(report.firstMismatch?.stepIndex).toBeGreaterThanOrEqual(40);
  });
});
