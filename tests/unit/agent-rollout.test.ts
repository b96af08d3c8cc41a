import { describe, expect, it } from 'vitest';
import { BuiltinAgent } from '../../src/agent/agents/builtin.ts';
import { ModelAgent } from '../../src/agent/agents/model.ts';
import { createBuiltinPolicy } from '../../src/agent/builtin/policy.ts';
import { ModelClient } from '../../src/agent/model-client.ts';
import type { ModelPromptSettings } from '../../src/agent/model-turn.ts';
import { RunControl } from '../../src/agent/run-control.ts';
import { runEpisode } from '../../src/agent/rollout.ts';
import type { EpisodeContext, LiveEpisode } from '../../src/agent/rollout-types.ts';
import { decodePng } from '../../src/lib/png-decode.ts';
import { base64Decode } from '../../src/lib/base64.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { openMemoryTraceStore, type TraceStore } from '../../src/storage/index.ts';
import { FakeEndpoint } from './agent-fake-endpoint.ts';
import { sqlJs } from './storage-fixtures.ts';

const KEY = 'sk-rollout-test-key-0123456789';
const SIZE: [number, number] = [64, 64];
const PROMPT: ModelPromptSettings = {
  imageMode: 'text_and_image', frameHistory: 2, historyLayout: 'separate', actionsPerCall: 2, actionFormat: 'tool',
  promptStyle: 'language', temperature: 0.2, maxTokens: 128,
};

async function context(control = new RunControl()): Promise<{ store: TraceStore; ctx: EpisodeContext; lives: LiveEpisode[] }> {
  const store = await openMemoryTraceStore({ sql: await sqlJs() });
  const pack = builtinPack();
  const lives: LiveEpisode[] = [];
  const ctx: EpisodeContext = {
    sink: store,
    renderer: new FrameRenderer(pack),
    texturePack: { name: pack.name, sha256: pack.hash },
    control,
    run: { id: 'run-1', name: 'test run', startedAt: new Date().toISOString(), agentLabel: 'test' },
    appVersion: '0.1.0',
    crafterVersion: '1.8.3',
    onLive: (live) => lives.push({ ...live }),
    onStorageBlocked: () => Promise.reject(new Error('storage refused a write in a test that does not expect it')),
  };
  return { store, ctx, lives };
}

function modelAgent(server: FakeEndpoint, prompt: Partial<ModelPromptSettings> = {}): ModelAgent {
  const client = new ModelClient({ baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model', timeoutMs: 5000, maxRetries: 2 }, { apiKey: KEY }, {
    fetch: server.fetch as typeof fetch,
    sleep: async () => undefined,
  });
  return new ModelAgent({ caller: client, prompt: { ...PROMPT, ...prompt }, prices: { inputPerMillion: 1, outputPerMillion: 2 } });
}

const imageUrls = (content: unknown): string[] =>
  (Array.isArray(content) ? content : []).filter((p: { type: string }) => p.type === 'image_url').map((p: { image_url: { url: string } }) => p.image_url.url);

describe('rollout of a built-in agent', () => {
  it('records the reset and one step per action, with frames and the observation text, until the step limit', async () => {
    const { store, ctx } = await context();
    const agent = new BuiltinAgent(createBuiltinPolicy('scripted', 3), 'scripted', 3, 'state');
    const result = await runEpisode({ index: 0, seed: 3, episode: 1, stepLimit: 40, size: SIZE }, agent, ctx);
    expect(result).toMatchObject({ status: 'step_limit', length: 40, died: false, modelCalls: 0 });
    const { session, steps } = await store.readSession(result.sessionId!);
    expect(session).toMatchObject({ source: 'builtin', policyName: 'scripted', seed: 3, episode: 1, endReason: 'step_limit' });
    expect(session.policy).toMatchObject({ model: null, promptStyle: 'state', extra: { agent: 'scripted', policySeed: 3 } });
    expect(session.metadata).toMatchObject({ runId: 'run-1', runName: 'test run', episodeIndex: 0, length: 40 });
    expect(steps.map((s) => s.stepIndex)).toEqual(Array.from({ length: 41 }, (_, i) => i));
    expect(steps[0].actions).toEqual([]);
    expect(steps.slice(1).every((s) => s.actions.length === 1 && s.frame !== null && s.observationText?.startsWith('Step: '))).toBe(true);
    expect(steps[40].done).toBe(true);
    expect(session.outcome?.achievements).toEqual(result.achievements);
    expect(result.reward).toBeCloseTo(session.outcome!.totalReward, 9);
  });

  it('plays episode n of a seed as Crafter numbers its resets', async () => {
    const { store, ctx } = await context();
    const agent = new BuiltinAgent(createBuiltinPolicy('random', 1), 'random', 1, 'language');
    const first = await runEpisode({ index: 0, seed: 5, episode: 1, stepLimit: 2, size: SIZE }, agent, ctx);
    const third = await runEpisode({ index: 1, seed: 5, episode: 3, stepLimit: 2, size: SIZE }, agent, ctx);
    const [a, b] = await Promise.all([store.readSession(first.sessionId!), store.readSession(third.sessionId!)]);
    expect(b.session.episode).toBe(3);
    expect(b.session.worldSeed).not.toBe(a.session.worldSeed);
    expect(b.steps[0].frame!.sha256).not.toBe(a.steps[0].frame!.sha256);
  });
});

describe('rollout of a model', () => {
  it('records one step per call with the request exactly as sent, images and history included', async () => {
    const server = new FakeEndpoint();
    const { store, ctx } = await context();
    const result = await runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 6, size: SIZE }, modelAgent(server), ctx);
    expect(result).toMatchObject({ status: 'step_limit', length: 6, modelCalls: 3, inputTokens: 300, outputTokens: 30 });
    expect(result.costUsd).toBeCloseTo((300 * 1 + 30 * 2) / 1e6, 12);
    const { session, steps } = await store.readSession(result.sessionId!);
    expect(session.source).toBe('model');
    expect(session.policy).toEqual({
      model: 'test-model', endpointHost: '127.0.0.1:9', promptStyle: 'language', imageMode: 'text_and_image',
      extra: { temperature: 0.2, maxTokens: 128, frameHistory: 2, historyLayout: 'separate', actionsPerCall: 2, actionFormat: 'tool' },
    });
    expect(steps.map((s) => [s.stepIndex, s.actions])).toEqual([[0, []], [2, ['move_left', 'do']], [4, ['move_left', 'do']], [6, ['move_left', 'do']]]);
    // What the server received is what the trace holds, image parts and all.
    expect(server.requests).toHaveLength(3);
    steps.slice(1).forEach((step, i) => {
      const call = step.modelCall!;
      expect(call.requestMessages).toEqual(server.requests[i].body.messages);
      expect(call.requestOptions).toEqual({ tools: server.requests[i].body.tools, tool_choice: 'required', temperature: 0.2, max_tokens: 128 });
      expect(call.parsedActions).toEqual(['move_left', 'do']);
      expect(call.usage).toEqual({ inputTokens: 100, outputTokens: 10, totalTokens: 110 });
      expect(call.error).toBeNull();
      expect(imageUrls(call.requestMessages[1] && (call.requestMessages[1] as { content: unknown }).content)).toHaveLength(Math.min(i, 2) + 1);
      expect(step.messages.map((m) => [m.role, m.isPolicyUserPrompt])).toEqual([['system', false], ['user', true], ['assistant', false]]);
      expect(step.messages[2].extra).toEqual({ tool_calls: (call.rawResponse as { choices: { message: { tool_calls: unknown } }[] }).choices[0].message.tool_calls });
      expect(step.metadata).toMatchObject({ fallbackNoop: false, actionSource: 'tool', unexecutedActions: [] });
    });
    // The current frame of a call is the frame recorded after the previous call, and it becomes history after.
    const urls = steps.slice(1).map((s) => imageUrls((s.modelCall!.requestMessages[1] as { content: unknown }).content));
    const frameUrl = (i: number) => `data:image/png;base64,${Buffer.from(steps[i].frame!.png).toString('base64')}`;
    expect(urls[0]).toEqual([frameUrl(0)]);
    expect(urls[2]).toEqual([frameUrl(0), frameUrl(1), frameUrl(2)]);
    expect(steps[1].observationText).toContain('Your status:');
    expect(JSON.stringify(steps)).not.toContain(KEY);
  });

  it('plays noop for a reply without a valid action and records why; reads actions from text', async () => {
    const server = new FakeEndpoint();
    server.queue.push({ kind: 'text', text: '%%% garbage {not json' }, { kind: 'tool', actions: ['jump', 'do'] }, { kind: 'text', text: 'I will move_up.' });
    const { store, ctx } = await context();
    const result = await runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 3, size: SIZE }, modelAgent(server), ctx);
    const { steps } = await store.readSession(result.sessionId!);
    expect(steps.slice(1).map((s) => s.actions)).toEqual([['noop'], ['do'], ['move_up']]);
    expect(steps[1].modelCall).toMatchObject({ parsedActions: [], invalidActions: [] });
    expect(steps[1].modelCall!.error).toMatch(/no valid action in the reply; played noop instead/);
    expect(steps[1].metadata).toMatchObject({ fallbackNoop: true });
    expect(steps[2].modelCall).toMatchObject({ parsedActions: ['do'], invalidActions: ['jump'] });
    expect(steps[2].modelCall!.error).toMatch(/invalid actions: "jump"/);
    expect(steps[3].metadata).toMatchObject({ actionSource: 'text' });
    expect(result).toMatchObject({ fallbackNoops: 1, invalidActions: 1 });
  });

  it('stops playing a call\'s actions when the episode ends and records those left over', async () => {
    const server = new FakeEndpoint();
    const { store, ctx } = await context();
    const result = await runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 3, size: SIZE }, modelAgent(server), ctx);
    const { steps } = await store.readSession(result.sessionId!);
    expect(steps.map((s) => s.stepIndex)).toEqual([0, 2, 3]);
    expect(steps[2]).toMatchObject({ actions: ['move_left'], done: true, metadata: { unexecutedActions: ['do'] } });
  });

  it('stitches history into one sheet image', async () => {
    const server = new FakeEndpoint();
    const { ctx } = await context();
    await runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 6, size: SIZE }, modelAgent(server, { frameHistory: 3, historyLayout: 'sheet' }), ctx);
    const last = imageUrls(server.requests[2].body.messages[1] && (server.requests[2].body.messages[1] as { content: unknown }).content);
    expect(last).toHaveLength(2);
    const sheet = decodePng(base64Decode(last[0].slice('data:image/png;base64,'.length)));
    expect([sheet.width, sheet.height]).toEqual([2 + 2 * (64 + 2), 64 + 4]);
  });

  it('sends text only when asked, and plain-text action format without tools, where no tool call is no error', async () => {
    const server = new FakeEndpoint();
    server.fallback = { kind: 'text', text: 'Actions: move_up, do' };
    const { store, ctx } = await context();
    const result = await runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 2, size: SIZE }, modelAgent(server, { imageMode: 'text', actionFormat: 'text' }), ctx);
    const body = server.requests[0].body;
    expect(body.tools).toBeUndefined();
    expect(body.tool_choice).toBeUndefined();
    expect(typeof (body.messages[1] as { content: unknown }).content).toBe('string');
    const { steps } = await store.readSession(result.sessionId!);
    expect(steps[1].modelCall).toMatchObject({ parsedActions: ['move_up', 'do'], error: null, requestOptions: { temperature: 0.2, max_tokens: 128 } });
    // In the tool format the same reply is a deviation worth recording.
    const toolServer = new FakeEndpoint();
    toolServer.fallback = { kind: 'text', text: 'Actions: move_up, do' };
    const tool = await runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 2, size: SIZE }, modelAgent(toolServer), ctx);
    expect((await store.readSession(tool.sessionId!)).steps[1].modelCall!.error).toBe('no tool call');
  });

  it('pauses the run on a failed call and retries the same turn after resume, recording the failure', async () => {
    const server = new FakeEndpoint();
    server.queue.push({ kind: 'status', status: 401, body: { error: { message: 'bad key' } } });
    const control = new RunControl();
    const { store, ctx, lives } = await context(control);
    const episode = runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 2, size: SIZE }, modelAgent(server), ctx);
    await expect.poll(() => control.pause?.kind).toBe('auth');
    expect(control.pause?.message).toMatch(/Episode 1 \(seed 1\): .*refused the API key/);
    expect(lives.at(-1)?.note).toMatch(/^paused: /);
    expect(server.requests).toHaveLength(1);
    control.resume();
    const result = await episode;
    expect(result.status).toBe('step_limit');
    const { steps } = await store.readSession(result.sessionId!);
    expect(steps).toHaveLength(2);
    expect(steps[1].metadata!.failedCalls).toEqual([expect.objectContaining({ kind: 'auth', status: 401 })]);
    expect(server.requests[0].body).toEqual(server.requests[1].body);
  });

  it('ends the session as stopped when the run stops during a call', async () => {
    const server = new FakeEndpoint();
    let release!: () => void;
    server.gate = new Promise((r) => (release = r));
    const control = new RunControl();
    const { store, ctx } = await context(control);
    const episode = runEpisode({ index: 0, seed: 1, episode: 1, stepLimit: 10, size: SIZE }, modelAgent(server), ctx);
    await expect.poll(() => server.requests.length).toBe(1);
    control.stop();
    release();
    const result = await episode;
    expect(result.status).toBe('stopped');
    const { session, steps } = await store.readSession(result.sessionId!);
    expect(session.endReason).toBe('stopped');
    expect(steps).toHaveLength(1);
  });
});
