import { describe, expect, it } from 'vitest';
import type { ModelAgentConfig, RunConfig } from '../../src/agent/run-config.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { exportedBytes, openMemoryTraceStore, type TraceStore } from '../../src/storage/index.ts';
import { RunService } from '../../src/worker/run-service.ts';
import { FakeEndpoint, fakeModelRun as modelRun } from './agent-fake-endpoint.ts';
import { sqlJs } from './storage-fixtures.ts';

const KEY = 'sk-first-key-ABCDEFGHIJKLMNOP';
const NEW_KEY = 'sk-second-key-QRSTUVWXYZ012345';

async function service(server?: FakeEndpoint): Promise<{ runs: RunService; store: TraceStore }> {
  const store = await openMemoryTraceStore({ sql: await sqlJs() });
  const pack = builtinPack();
  return { store, runs: new RunService({ store: () => store, pack: () => pack, fetch: server?.fetch as typeof fetch }) };
}

const builtinRun = (overrides: Partial<RunConfig> = {}): RunConfig => ({
  name: 'scripted baseline',
  agent: { kind: 'builtin', policy: 'scripted', promptStyle: 'language' },
  seeds: [1, 2],
  episodes: 3,
  stepLimit: 30,
  parallel: 2,
  requestsPerMinute: 0,
  ...overrides,
});

function containsBytes(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle, 'utf8'));
}

describe('run service', () => {
  it('plays a built-in run over the seeds, k at a time, and gives results that the store can rebuild', async () => {
    const { runs, store } = await service();
    const started = runs.start(builtinRun());
    expect(started).toMatchObject({ state: 'running', episodesTotal: 3, name: 'scripted baseline', agent: 'built-in scripted agent' });
    const end = await runs.finished(started.runId);
    expect(end).toMatchObject({ state: 'finished', episodesDone: 3, progress: 1, steps: 90 });
    expect(end.live?.frame?.rgb).toBeInstanceOf(Uint8Array);
    const results = runs.results(started.runId);
    expect(results.episodes.map((e) => [e.seed, e.episode, e.status, e.length])).toEqual([[1, 1, 'step_limit', 30], [2, 1, 'step_limit', 30], [1, 2, 'step_limit', 30]]);
    expect(results.metrics.episodes).toBe(3);
    expect(results.metrics.successRates.collect_wood).toBeGreaterThan(0);
    expect(results.totals).toMatchObject({ steps: 90, modelCalls: 0, costUsd: null });
    expect(results.rewardCurve[0]).toEqual([0, 0]);
    expect(results.rewardCurve.at(-1)![0]).toBe(30);
    const sessions = await store.listSessions();
    expect(sessions.filter((s) => s.metadata?.runId === started.runId)).toHaveLength(3);
    // A later visit (a fresh service on the same store) rebuilds the same figures from the sessions.
    const again = new RunService({ store: () => store, pack: () => builtinPack() });
    const [rebuilt] = await again.allResults();
    expect(rebuilt.runId).toBe(started.runId);
    expect(rebuilt.name).toBe('scripted baseline');
    expect(rebuilt.metrics).toEqual(results.metrics);
    expect(rebuilt.rewardCurve).toEqual(results.rewardCurve);
    expect(rebuilt.episodes.map((e) => e.achievements.slice().sort())).toEqual(results.episodes.map((e) => e.achievements.slice().sort()));
  });

  it('pauses a model run on a bad key, resumes with a new key, and keeps both keys out of the store', async () => {
    const server = new FakeEndpoint();
    server.queue.push({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } });
    const { runs, store } = await service(server);
    const { runId } = runs.start(modelRun({ parallel: 1 }), { apiKey: KEY });
    await expect.poll(() => runs.status(runId).state).toBe('paused');
    const paused = runs.status(runId);
    expect(paused.pause).toMatchObject({ by: 'error', kind: 'auth' });
    expect(paused.pause!.message).toMatch(/refused the API key \(401/);
    expect(paused.pause!.message).not.toContain(KEY);
    runs.resume(runId, { baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model', apiKey: NEW_KEY });
    const end = await runs.finished(runId);
    expect(end.state).toBe('finished');
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${NEW_KEY}`);
    const results = runs.results(runId);
    expect(results.totals).toMatchObject({ modelCalls: 4, inputTokens: 400, outputTokens: 40 });
    expect(results.perStep.inputTokens).toBe(50);
    const bytes = await exportedBytes(await store.exportFile());
    expect(containsBytes(bytes, 'refused the API key')).toBe(true);
    for (const key of [KEY, NEW_KEY]) {
      expect(containsBytes(bytes, key)).toBe(false);
      expect(JSON.stringify(results)).not.toContain(key);
      expect(JSON.stringify(runs.status(runId))).not.toContain(key);
    }
  });

  it('resumes with the connection as corrected: base URL, model, key and headers', async () => {
    const server = new FakeEndpoint();
    server.queue.push({ kind: 'status', status: 404, body: { error: { message: 'no route POST /wrong/v1/chat/completions' } } });
    const { runs, store } = await service(server);
    const wrong = modelRun({ episodes: 1, parallel: 1 });
    const { runId } = runs.start({ ...wrong, agent: { ...(wrong.agent as ModelAgentConfig), baseUrl: 'http://127.0.0.1:9/wrong/v1', model: 'tset-model' } }, { apiKey: KEY });
    await expect.poll(() => runs.status(runId).pause?.kind).toBe('unknown_model');
    expect(runs.status(runId).pause!.message).toMatch(/does not know model "tset-model" \(404\), or the base URL is wrong/);
    expect(() => runs.resume(runId, { baseUrl: 'localhost/v1', model: 'test-model' })).toThrow(/not a URL/);
    expect(runs.status(runId).state).toBe('paused');
    runs.resume(runId, { baseUrl: 'http://127.0.0.2:8/v1', model: 'test-model', apiKey: NEW_KEY, headers: { 'X-Team': 'crafter' } });
    const end = await runs.finished(runId);
    expect(end).toMatchObject({ state: 'finished', agent: 'test-model @ 127.0.0.2:8' });
    expect(server.requests[0]).toMatchObject({ url: 'http://127.0.0.1:9/wrong/v1/chat/completions', body: { model: 'tset-model' } });
    for (const request of server.requests.slice(1)) {
      expect(request).toMatchObject({ url: 'http://127.0.0.2:8/v1/chat/completions', body: { model: 'test-model' }, headers: { authorization: `Bearer ${NEW_KEY}`, 'x-team': 'crafter' } });
    }
    expect(runs.results(runId).settings).toMatchObject({ model: 'test-model', endpointHost: '127.0.0.2:8' });
    const [session] = await store.listSessions();
    const steps = (await store.readSession(session.id)).steps.filter((s) => s.modelCall);
    expect(steps.map((s) => [s.modelCall!.model, s.modelCall!.provider])).toEqual(steps.map(() => ['test-model', '127.0.0.2:8']));
    expect(steps[0].metadata).toMatchObject({ failedCalls: [expect.objectContaining({ kind: 'unknown_model', status: 404 })] });
  });

  it('counts achievements of complete episodes in the live table, those of playing episodes apart, and measures its pace', async () => {
    const { runs } = await service();
    const { runId } = runs.start(builtinRun({ seeds: [1], episodes: 3, stepLimit: 400, parallel: 1 }));
    await expect.poll(() => runs.status(runId).playingAchievementCounts.collect_wood, { timeout: 20_000 }).toBe(1);
    runs.pause(runId);
    const playing = runs.status(runId);
    expect(playing).toMatchObject({ completeEpisodes: 0, achievementCounts: expect.objectContaining({ collect_wood: 0 }) });
    expect(playing.stepsPerSecond).toBeNull();
    expect(playing.secondsLeft).toBeNull();
    runs.resume(runId);
    await expect.poll(() => runs.status(runId).completeEpisodes, { timeout: 20_000 }).toBe(1);
    const one = runs.status(runId);
    expect(one.achievementCounts.collect_wood).toBe(1);
    const end = await runs.finished(runId);
    expect(end).toMatchObject({ completeEpisodes: 3, secondsLeft: 0, playingAchievementCounts: expect.objectContaining({ collect_wood: 0 }) });
    expect(end.achievementCounts.collect_wood).toBe(3);
  });

  it('user pause holds every episode until resume; stop ends their sessions as stopped', async () => {
    const server = new FakeEndpoint();
    server.delayMs = 5;
    const { runs, store } = await service(server);
    const { runId } = runs.start(modelRun({ stepLimit: 1000, episodes: 3, parallel: 2 }), { apiKey: KEY });
    await expect.poll(() => server.requests.length).toBeGreaterThan(2);
    runs.pause(runId);
    expect(runs.status(runId).state).toBe('paused');
    await new Promise((r) => setTimeout(r, 30));
    const calls = server.requests.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests.length).toBe(calls);
    runs.resume(runId);
    await expect.poll(() => server.requests.length).toBeGreaterThan(calls);
    const end = await runs.stop(runId);
    expect(end.state).toBe('stopped');
    const results = runs.results(runId);
    expect(results.episodes.map((e) => e.status)).toEqual(['stopped', 'stopped']);
    expect(results.completeEpisodes).toBe(0);
    const ended = (await store.listSessions()).map((s) => s.endReason);
    expect(ended).toEqual(['stopped', 'stopped']);
  });

  it('a run stopped while paused on an error says so in the session', async () => {
    const server = new FakeEndpoint();
    server.fallback = { kind: 'status', status: 404, body: { error: { message: 'The model `test-model` does not exist' } } };
    const { runs, store } = await service(server);
    const { runId } = runs.start(modelRun({ episodes: 1, parallel: 1 }), { apiKey: KEY });
    await expect.poll(() => runs.status(runId).pause?.kind).toBe('unknown_model');
    await runs.stop(runId);
    const [session] = await store.listSessions();
    expect(session.endReason).toBe('stopped');
    expect(session.endDetail).toMatch(/^127\.0\.0\.1:9 does not know model "test-model" \(404\)/);
    // The call that failed is kept with the end, attempts and all.
    const unanswered = session.endDetails?.unansweredCalls as { kind: string; attempts: unknown[] }[];
    expect(unanswered).toHaveLength(1);
    expect(unanswered[0]).toMatchObject({ kind: 'unknown_model', status: 404 });
    expect(unanswered[0].attempts.length).toBeGreaterThanOrEqual(1);
    expect(runs.results(runId).episodes[0]).toMatchObject({ status: 'stopped', error: expect.stringMatching(/does not know model/) });
    const [rebuilt] = await new RunService({ store: () => store, pack: () => builtinPack() }).allResults();
    expect(rebuilt.episodes[0]).toMatchObject({ status: 'stopped', error: expect.stringMatching(/^127\.0\.0\.1:9 does not know model/) });
  });

  it('spaces the calls of parallel episodes by the request rate limit', async () => {
    const server = new FakeEndpoint();
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    // A clock that only moves when the limiter sleeps: every wait it asks for is recorded, none is real.
    let now = 0;
    const waits: number[] = [];
    const limiterClock = { now: () => now, sleep: async (ms: number) => { waits.push(ms); now += ms; } };
    const runs = new RunService({ store: () => store, pack: () => builtinPack(), fetch: server.fetch as typeof fetch, limiterClock });
    const { runId } = runs.start(modelRun({ requestsPerMinute: 1200, episodes: 2, parallel: 2, stepLimit: 4 }), { apiKey: KEY });
    await runs.finished(runId);
    expect(server.requests).toHaveLength(4);
    // 1200 a minute is one every 50 ms: the four calls take slots 0, 50, 100 and 150.
    expect(waits.reduce((a, b) => a + b, 0)).toBe(150);
    expect(now).toBe(150);
    expect(runs.list()).toEqual([expect.objectContaining({ runId, state: 'finished', episodesDone: 2 })]);
  });

  it('refuses a bad configuration with a clear error', async () => {
    const { runs } = await service();
    expect(() => runs.start(builtinRun({ episodes: 0 }))).toThrow(/episodes must be a whole number from 1/);
    expect(() => runs.start(builtinRun({ seeds: [] }))).toThrow(/seeds/);
    const agent = modelRun().agent as ModelAgentConfig;
    expect(() => runs.start(modelRun({ agent: { ...agent, baseUrl: 'localhost:11434' } }))).toThrow(/must start with http/);
    expect(() => runs.start(modelRun({ agent: { ...agent, prompt: { ...agent.prompt, frameHistory: 12 } } }))).toThrow(/at most 10 images/);
    expect(() => runs.status('nope')).toThrow(/no run nope/);
  });
});
