// Crafter's `size` as runs and play choose it: parsed, bounded, carried into the env and recorded with the session.
import { describe, expect, it } from 'vitest';
import { BuiltinAgent } from '../../src/agent/agents/builtin.ts';
import { createBuiltinPolicy } from '../../src/agent/builtin/policy.ts';
import { parseFrameSize, validateFrameSize } from '../../src/agent/frame-size.ts';
import { RunControl } from '../../src/agent/run-control.ts';
import { episodePlans, publicSettings, validateRunConfig, type RunConfig } from '../../src/agent/run-config.ts';
import { runEpisode } from '../../src/agent/rollout.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { openMemoryTraceStore } from '../../src/storage/index.ts';
import { sqlJs } from './storage-fixtures.ts';

const RUN: RunConfig = {
  name: 'sized', agent: { kind: 'builtin', policy: 'random', promptStyle: 'language' }, seeds: [1, 2], episodes: 2, stepLimit: 5, parallel: 1, requestsPerMinute: 0,
};

describe('frame size', () => {
  it('reads one side or width x height, within what Crafter can draw', () => {
    expect(parseFrameSize('256')).toEqual([256, 256]);
    expect(parseFrameSize(' 320 x 240 ')).toEqual([320, 240]);
    expect(parseFrameSize('100×90')).toEqual([100, 90]);
    expect(() => parseFrameSize('big')).toThrow('is not a frame size');
    expect(() => parseFrameSize('8')).toThrow('from 9 to 1024');
    expect(() => validateFrameSize([64])).toThrow('two whole numbers');
    expect(() => validateFrameSize([64.5, 64])).toThrow();
  });

  it('is part of a run: validated, given to every episode, shown in its settings', () => {
    expect(() => validateRunConfig({ ...RUN, size: [4096, 64] })).toThrow('frame size');
    expect(episodePlans({ ...RUN, size: [256, 256] }).map((p) => p.size)).toEqual([[256, 256], [256, 256]]);
    expect(episodePlans(RUN)[0].size).toEqual([64, 64]);
    expect(publicSettings({ ...RUN, size: [128, 96] }).size).toEqual([128, 96]);
  });

  it('makes the episode play and record frames of that size', async () => {
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    const pack = builtinPack();
    const [plan] = episodePlans({ ...RUN, size: [128, 96] });
    const result = await runEpisode(plan, new BuiltinAgent(createBuiltinPolicy('random', 1), 'random', 1, 'language'), {
      sink: store,
      renderer: new FrameRenderer(pack),
      texturePack: { name: pack.name, sha256: pack.hash },
      control: new RunControl(),
      run: { id: 'r', name: 'sized', startedAt: new Date().toISOString(), agentLabel: 'random' },
      appVersion: 'test',
      crafterVersion: '1.8.3',
      onLive: () => undefined,
      onStorageBlocked: () => Promise.reject(new Error('unexpected')),
    });
    const { session, steps } = await store.readSession(result.sessionId!);
    expect(session.envOptions).toEqual({ size: [128, 96], length: 5 });
    expect(steps.map((s) => [s.frame!.width, s.frame!.height])).toEqual(Array(6).fill([128, 96]));
    await store.close();
  });
});
