// When an episode's session is sealed: one that ended by itself a moment later (the next episode does not wait for
// its file), one that was stopped at once (its run, or the page, may be about to end).
import { describe, expect, it } from 'vitest';
import { createRunAgents } from '../../src/agent/agents/registry.ts';
import { PORTABLE_FRAME_ENCODER } from '../../src/agent/episode-record.ts';
import { RunControl } from '../../src/agent/run-control.ts';
import { episodePlans, type RunConfig } from '../../src/agent/run-config.ts';
import { runEpisode } from '../../src/agent/rollout.ts';
import type { EpisodeContext } from '../../src/agent/rollout-types.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { openMemoryTraceStore, type EndOptions, type TraceStore } from '../../src/storage/index.ts';
import { sqlJs } from './storage-fixtures.ts';

const pack = builtinPack();
const config: RunConfig = {
  name: 'sealing', agent: { kind: 'builtin', policy: 'scripted', promptStyle: 'language' }, seeds: [5], episodes: 1, stepLimit: 30, parallel: 1, requestsPerMinute: 0,
};

/** Plays the episode, stopped after `stopAfter` live updates if given; gives how its end asked to be sealed. */
async function endOf(stopAfter?: number): Promise<{ status: string; options: EndOptions | undefined; store: TraceStore; sessionId: string | null }> {
  const store = await openMemoryTraceStore({ sql: await sqlJs() });
  const ends: (EndOptions | undefined)[] = [];
  const sink: EpisodeContext['sink'] = {
    createSession: (input) => store.createSession(input),
    appendStep: (id, step) => store.appendStep(id, step),
    retryWrites: () => store.retryWrites(),
    endSession: (id, end, options) => {
      ends.push(options);
      return store.endSession(id, end, options);
    },
  };
  const control = new RunControl();
  let updates = 0;
  const ctx: EpisodeContext = {
    sink, renderer: new FrameRenderer(pack), encoder: PORTABLE_FRAME_ENCODER, texturePack: { name: pack.name, sha256: pack.hash }, control,
    appVersion: '0.1.0', crafterVersion: '1.8.3',
    onLive: () => {
      if (stopAfter !== undefined && ++updates === stopAfter) control.stop();
    },
    onStorageBlocked: () => Promise.reject(new Error('storage refused a write in a test that does not expect it')),
  };
  const [plan] = episodePlans(config);
  const result = await runEpisode(plan, createRunAgents(config).forEpisode(plan), ctx);
  expect(ends).toHaveLength(1);
  return { status: result.status, options: ends[0], store, sessionId: result.sessionId };
}

describe('sealing an episode', () => {
  it('seals an episode that reached its step limit a moment later, and one that was stopped at once', async () => {
    const limit = await endOf();
    expect(limit).toMatchObject({ status: 'step_limit', options: { sealLater: true } });
    expect((await limit.store.readSession(limit.sessionId!)).steps).toHaveLength(31);
    const stopped = await endOf(10);
    expect(stopped).toMatchObject({ status: 'stopped', options: { sealLater: false } });
    expect((await stopped.store.listSessions())[0]).toMatchObject({ state: 'ended', endReason: 'stopped' });
  });
});
