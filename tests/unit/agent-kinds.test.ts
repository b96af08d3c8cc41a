// Every kind of agent through the one agent interface and the one episode loop: built-in and model agents made by the
// registry, and a person's episode (the human agent) as the worker's play service drives it.
import { describe, expect, it } from 'vitest';
import type { Agent, Decision, Turn } from '../../src/agent/agents/agent.ts';
import { HumanAgent } from '../../src/agent/agents/human.ts';
import { createRunAgents, describeAgent, validateAgentConfig, type AgentConfig } from '../../src/agent/agents/registry.ts';
import { HumanEpisode, type HumanContext } from '../../src/agent/human-episode.ts';
import { RunControl } from '../../src/agent/run-control.ts';
import { episodePlans, type RunConfig } from '../../src/agent/run-config.ts';
import { runEpisode } from '../../src/agent/rollout.ts';
import type { EpisodeContext } from '../../src/agent/rollout-types.ts';
import { actionIndex } from '../../src/sim/rules.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { openMemoryTraceStore, type TraceStore } from '../../src/storage/index.ts';
import { PlayService } from '../../src/worker/play-service.ts';
import { FakeEndpoint } from './agent-fake-endpoint.ts';
import { sqlJs } from './storage-fixtures.ts';

const pack = builtinPack();

async function episodeContext(): Promise<{ store: TraceStore; ctx: EpisodeContext }> {
  const store = await openMemoryTraceStore({ sql: await sqlJs() });
  const ctx: EpisodeContext = {
    sink: store,
    renderer: new FrameRenderer(pack),
    texturePack: { name: pack.name, sha256: pack.hash },
    control: new RunControl(),
    run: { id: 'run-k', name: 'kinds', startedAt: '2026-01-01T00:00:00.000Z', agentLabel: 'test' },
    appVersion: '0.1.0',
    crafterVersion: '1.8.3',
    onLive: () => undefined,
    onStorageBlocked: () => Promise.reject(new Error('storage refused a write in a test that does not expect it')),
  };
  return { store, ctx };
}

function humanContext(store: TraceStore): HumanContext {
  return {
    sink: store,
    renderer: () => new FrameRenderer(pack),
    texturePack: () => ({ name: pack.name, sha256: pack.hash }),
    appVersion: '0.1.0',
    crafterVersion: '1.8.3',
    onStorageBlocked: () => Promise.reject(new Error('unexpected')),
  };
}

const run = (agent: AgentConfig, overrides: Partial<RunConfig> = {}): RunConfig => ({
  name: 'kinds', agent, seeds: [2], episodes: 1, stepLimit: 6, parallel: 1, requestsPerMinute: 0, ...overrides,
});

describe('the agent registry', () => {
  it('makes built-in agents whose own seed follows the plan, recorded with their name', async () => {
    const config = run({ kind: 'builtin', policy: 'random', promptStyle: 'state' }, { seeds: [5], episodes: 2 });
    const agents = createRunAgents(config);
    const { store, ctx } = await episodeContext();
    const [first, second] = episodePlans(config);
    const a = await runEpisode(first, agents.forEpisode(first), ctx);
    const b = await runEpisode(second, agents.forEpisode(second), ctx);
    const [sa, sb] = await Promise.all([store.readSession(a.sessionId!), store.readSession(b.sessionId!)]);
    expect(sa.session).toMatchObject({ source: 'builtin', policyName: 'random', envOptions: { size: [64, 64], length: 6 } });
    expect(sa.session.policy!.extra).toEqual({ agent: 'random', policySeed: 5 });
    expect(sb.session.policy!.extra).toEqual({ agent: 'random', policySeed: 5 + 1_000_003 });
    expect(sa.steps.map((s) => s.observationText!.startsWith('Step: '))).toEqual(Array(7).fill(true));
    expect(describeAgent(config.agent)).toBe('built-in random agent');
  });

  it('makes model agents that share one client and rate limit, and take a new connection', async () => {
    const server = new FakeEndpoint();
    const config = run({
      kind: 'model', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 5000, maxRetries: 0, prices: null,
      prompt: { imageMode: 'image', frameHistory: 0, historyLayout: 'separate', actionsPerCall: 3, actionFormat: 'tool', promptStyle: 'language', temperature: 0, maxTokens: 32 },
    });
    const agents = createRunAgents(config, { credentials: { apiKey: 'sk-one' }, fetch: server.fetch as typeof fetch });
    const { store, ctx } = await episodeContext();
    const [plan] = episodePlans(config);
    agents.reconnect!({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'sk-two' });
    const result = await runEpisode(plan, agents.forEpisode(plan), ctx);
    expect(result).toMatchObject({ status: 'step_limit', modelCalls: 3, length: 6 });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer sk-two', 'Bearer sk-two', 'Bearer sk-two']);
    const { session } = await store.readSession(result.sessionId!);
    expect(session).toMatchObject({ source: 'model', policyName: 'm', policy: { endpointHost: '127.0.0.1:9', imageMode: 'image' } });
  });

  it('refuses an unknown kind and bad settings with a clear error', () => {
    expect(() => validateAgentConfig({ kind: 'oracle' } as unknown as AgentConfig)).toThrow(/the agent must be one of: builtin, model/);
    expect(() => validateAgentConfig({ kind: 'builtin', policy: 'genius', promptStyle: 'state' } as unknown as AgentConfig)).toThrow(/unknown built-in agent genius/);
  });
});

describe('an agent of another kind', () => {
  it('plays through the same loop: several actions per turn, its extras and tally recorded, an end it asks for', async () => {
    // A kind the loop has never heard of: it plays move_up twice per turn, then ends the episode itself after two turns.
    const turns: Turn[] = [];
    const agent: Agent = {
      identity: { source: 'builtin', policyName: 'twice', policy: { model: null, endpointHost: null, promptStyle: 'state', imageMode: null, extra: {} } },
      textStyle: 'state',
      readsFrame: true,
      recordsFrom: 'reset',
      begin: () => undefined,
      decide(turn): Decision | { end: 'stopped' } {
        turns.push(turn);
        if (turns.length > 2) return { end: 'stopped' };
        return { actions: [actionIndex('move_up'), actionIndex('move_up')], tally: { modelCalls: 1, inputTokens: 7 }, extras: (played) => ({ metadata: { played } }) };
      },
    };
    const { store, ctx } = await episodeContext();
    const result = await runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 100, size: [64, 64] }, agent, ctx);
    expect(result).toMatchObject({ status: 'stopped', length: 4, modelCalls: 2, inputTokens: 14 });
    expect(turns[0].seen.dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(turns[1].last).toMatchObject({ actions: [actionIndex('move_up'), actionIndex('move_up')] });
    const { steps } = await store.readSession(result.sessionId!);
    expect(steps.map((s) => [s.stepIndex, s.actions, s.metadata])).toEqual([[0, [], null], [2, ['move_up', 'move_up'], { played: 2 }], [4, ['move_up', 'move_up'], { played: 2 }]]);
  });

  it('draws frames at the plan\'s size', async () => {
    const { store, ctx } = await episodeContext();
    const agents = createRunAgents(run({ kind: 'builtin', policy: 'scripted', promptStyle: 'state' }));
    const plan = { index: 0, seed: 3, episode: 1, stepLimit: 2, size: [96, 80] as [number, number] };
    const result = await runEpisode(plan, agents.forEpisode(plan), ctx);
    const { session, steps } = await store.readSession(result.sessionId!);
    expect(session.envOptions).toEqual({ size: [96, 80], length: 2 });
    expect([steps[1].frame!.width, steps[1].frame!.height]).toEqual([96, 80]);
  });
});

describe('the human agent', () => {
  const settings = { seed: 4, episode: 1, length: 3, size: [64, 64] as [number, number], textStyle: 'state' as const };

  it('records nothing until the first key, then one step per key with its reaction time, until the step limit', async () => {
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    const episode = new HumanEpisode(humanContext(store), { ...settings });
    const ready = await episode.view();
    expect(ready.recording).toMatchObject({ state: 'ready', sessionId: null, steps: 0 });
    expect(ready.packet.step_idx).toBe(0);
    expect(await store.countSessions()).toBe(0);
    // The style chosen before the first key is the one the reset record is written in.
    expect(episode.setTextStyle('language')!.packet.observation.text).toContain('You see');
    const first = await episode.act(actionIndex('move_left'), 250);
    expect(first.recording).toMatchObject({ state: 'recording', steps: 1 });
    expect(first.packet.observation.num_steps_taken).toBe(1);
    await episode.act(actionIndex('do'), null);
    const last = await episode.act(actionIndex('noop'), 90);
    expect(last.recording).toMatchObject({ state: 'ended', endReason: 'step_limit', steps: 3, saved: 3 });
    expect(last.packet.done).toBe(true);
    // An ended episode takes no more keys.
    expect((await episode.act(actionIndex('noop'), 1)).recording.steps).toBe(3);
    const { session, steps } = await store.readSession(last.recording.sessionId!);
    expect(session).toMatchObject({ source: 'human', policyName: null, endReason: 'step_limit', policy: { promptStyle: 'language' }, metadata: { length: 3 } });
    expect(steps.map((s) => [s.stepIndex, s.actions, s.reactionMs])).toEqual([[0, [], null], [1, ['move_left'], 250], [2, ['do'], null], [3, ['noop'], 90]]);
    expect(ready.packet.observation.text).toMatch(/^Step: /);
    expect(steps[0].observationText).toContain('You see');
  });

  it('ends a started recording as stopped, and a world only looked at without a session', async () => {
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    const looked = new HumanEpisode(humanContext(store), { ...settings, length: 100 });
    expect((await looked.end('stopped')).recording).toMatchObject({ state: 'ended', sessionId: null, endReason: 'stopped' });
    const played = new HumanEpisode(humanContext(store), { ...settings, length: 100 });
    await played.act(actionIndex('move_up'), 10);
    const end = await played.end('stopped');
    expect(end.recording).toMatchObject({ state: 'ended', endReason: 'stopped', steps: 1, saved: 1 });
    expect((await store.listSessions()).map((s) => [s.endReason, s.length])).toEqual([['stopped', 1]]);
  });

  it('answers a key with the turn after it, so the page never waits for more than one step', async () => {
    const agent = new HumanAgent('state');
    const { ctx } = await episodeContext();
    const done = runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 50, size: [64, 64] }, agent, ctx);
    const start = await agent.current();
    expect(start.turn!.env.step).toBe(0);
    const after = await agent.press(actionIndex('move_right'), null);
    expect(after.turn!.env.step).toBe(1);
    expect(after.turn!.last!.actions).toEqual([actionIndex('move_right')]);
    await agent.end('stopped');
    expect((await done).status).toBe('stopped');
  });
});

describe('the play service', () => {
  it('keeps its API: start, act, next, stop, current, status, setTextStyle', async () => {
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    const play = new PlayService(humanContext(store), () => store);
    expect(await play.current()).toBeNull();
    expect(play.status()).toBeNull();
    const started = await play.start({ seed: 7, episode: 1, length: 100, size: [64, 64], textStyle: 'state' });
    expect(started).toMatchObject({ seed: 7, episode: 1, recording: { state: 'ready' } });
    await play.act(actionIndex('move_down'), 120);
    expect(play.status()).toMatchObject({ state: 'recording', steps: 1 });
    expect((await play.setTextStyle('language'))!.packet.observation.text_style).toBe('language');
    const next = await play.next();
    expect(next).toMatchObject({ seed: 7, episode: 2, recording: { state: 'ready' } });
    expect((await play.current())!.episode).toBe(2);
    await play.act(actionIndex('noop'), 5);
    expect((await play.stop())!.recording).toMatchObject({ state: 'ended', endReason: 'stopped' });
    const sessions = await store.listSessions({ sort: { key: 'startedAt', descending: false } });
    expect(sessions.map((s) => [s.episode, s.endReason, s.length])).toEqual([[1, 'stopped', 1], [2, 'stopped', 1]]);
  });
});
