// The headless runner: resume after an interrupt (built-in episodes restart and come out the same, model episodes
// replay their recorded calls without asking again), a dead endpoint stops the run to be resumed, shards split a run
// and merge back, and the key is in neither the store nor the output.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { episodePlans, type RunConfig } from '../../src/agent/run-config.ts';
import { parseShard, resumeState, shardPlans } from '../../src/agent/rollout-resume.ts';
import { loadSqlJs, type SessionRecord, type TraceStore } from '../../src/storage/index.ts';
import { openTraceDir } from '../../src/storage/node.ts';
import { exportedBytes } from '../../src/storage/index.ts';
import { LOCK_FILE } from '../../scripts/lib/rollout/lock.ts';
import { readOptions } from '../../scripts/lib/rollout/options.ts';
import { rollout, type RolloutOutcome } from '../../scripts/lib/rollout/rollout.ts';
import { FakeEndpoint } from './agent-fake-endpoint.ts';

const KEY = 'sk-runner-test-key-5f1e2d3c4b5a69780';
const roots: string[] = [];
function tempStore(): string {
  const root = mkdtempSync(join(tmpdir(), 'crafter-rollout-'));
  roots.push(root);
  return join(root, 'store');
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

interface Ran extends RolloutOutcome {
  out: string;
}

async function run(args: string[], extra: { stop?: AbortController; fetch?: typeof fetch; env?: Record<string, string>; onProgress?: (line: string) => void } = {}): Promise<Ran> {
  let out = '';
  const stop = extra.stop ?? new AbortController();
  const outcome = await rollout(readOptions(args)!, {
    env: extra.env ?? {},
    out: (text) => (out += text),
    err: (text) => extra.onProgress?.(text),
    tty: false,
    plainEveryMs: 100,
    stop: stop.signal,
    fetch: extra.fetch,
  });
  return { ...outcome, out };
}

async function sessionsIn(dir: string): Promise<{ store: TraceStore; sessions: SessionRecord[] }> {
  const store = await openTraceDir({ sql: await loadSqlJs(), dir });
  return { store, sessions: await store.listSessions({ sort: { key: 'seed', descending: false } }) };
}

/** Every step's actions and frame hash, per seed: what must come out the same however the run was interrupted. */
async function playedBySeed(dir: string): Promise<Map<number, string[]>> {
  const { store, sessions } = await sessionsIn(dir);
  const bySeed = new Map<number, string[]>();
  for (const session of sessions) {
    const steps: string[] = [];
    for await (const step of store.iterateSteps(session.id, { frames: false })) steps.push(`${step.stepIndex} ${step.actions.join('+')} ${step.frame?.sha256}`);
    bySeed.set(session.seed, steps);
  }
  await store.close();
  return bySeed;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A model run's arguments; `extra` adds options or replaces these (an option may be given once). */
function modelArgs(out: string, extra: string[] = []): string[] {
  const base = [
    '--out', out, '--agent', 'model', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'test-model', '--seeds', '1-2', '--length', '40',
    '--frame-history', '1', '--actions-per-call', '2', '--parallel', '2', '--max-retries', '0',
  ];
  const replaced = new Set(extra.filter((arg) => arg.startsWith('--')));
  const kept = base.filter((arg, i) => !replaced.has(arg) && !(i > 0 && replaced.has(base[i - 1]) && !arg.startsWith('--')));
  return [...kept, ...extra];
}

describe('sharding', () => {
  it('gives every episode to exactly one shard', () => {
    const plans = episodePlans({ seeds: [1, 2, 3, 4, 5, 6, 7], episodes: 23, stepLimit: 10 } as RunConfig);
    for (const count of [1, 2, 3, 5, 23, 40]) {
      const shards = Array.from({ length: count }, (_, i) => shardPlans(plans, { index: i + 1, count }));
      const indices = shards.flat().map((p) => p.index).sort((a, b) => a - b);
      expect(indices).toEqual(plans.map((p) => p.index));
      expect(shards.every((shard) => shard.every((p) => p.index % count === shards.indexOf(shard)))).toBe(true);
    }
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(() => parseShard('0/8')).toThrow(/numbered 1 to N/);
    expect(() => parseShard('9/8')).toThrow(/numbered 1 to N/);
    expect(() => parseShard('half')).toThrow(/takes i\/N/);
  });

  it('splits a run over stores whose merge holds the whole run once, and resumes as finished', async () => {
    const [a, b, merged] = [tempStore(), tempStore(), tempStore()];
    const args = ['--seeds', '1-5', '--length', '25', '--parallel', '2'];
    const first = await run(['--out', a, '--shard', '1/2', ...args]);
    const second = await run(['--out', b, '--shard', '2/2', ...args]);
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(first.results!.runId).toBe(second.results!.runId);
    const seedsA = (await sessionsIn(a)).sessions.map((s) => s.seed);
    const seedsB = (await sessionsIn(b)).sessions.map((s) => s.seed);
    expect(seedsA).toEqual([1, 3, 5]);
    expect(seedsB).toEqual([2, 4]);
    // The stores merge with the existing import; the same command on the merged store finds every episode there.
    const target = await openTraceDir({ sql: await loadSqlJs(), dir: merged });
    for (const dir of [a, b]) {
      const source = await openTraceDir({ sql: await loadSqlJs(), dir, recover: false });
      await target.importFile(await exportedBytes(await source.exportFile()), { mode: 'merge' });
      await source.close();
    }
    await target.close();
    // The dataset exporter reads the shards' folders at once, as one store.
    const exported = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/export.ts', '--db', `${a},${b},${a}`, '--format', 'openai', '--out', join(merged, '..', 'dataset'), '--validation', '0'], { encoding: 'utf8' });
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toContain('stores: 3, 5 sessions (3 found twice, read once)');
    expect(exported.stdout).toContain(`rows: ${5 * 25} train, 0 validation; sources: builtin ${5 * 25}`);
    const whole = await run(['--out', merged, ...args]);
    expect(whole.out).toContain('every episode of this run is in the store already');
    expect(whole.results!.episodes.map((e) => e.seed)).toEqual([1, 2, 3, 4, 5]);
    expect(whole.results!.completeEpisodes).toBe(5);
    expect(whole.results!.settings).not.toHaveProperty('shard');
    expect(JSON.parse(readFileSync(whole.resultsPath!, 'utf8')).completeEpisodes).toBe(5);
  }, 120_000);
});

describe('resume', () => {
  it('restarts interrupted built-in episodes on the next run, which ends as an uninterrupted one would', async () => {
    const [whole, broken] = [tempStore(), tempStore()];
    const args = ['--seeds', '1-3', '--length', '1200', '--parallel', '2'];
    expect((await run(['--out', whole, ...args])).exitCode).toBe(0);
    const stop = new AbortController();
    const stopped = await run(['--out', broken, ...args], {
      stop,
      onProgress: (line) => {
        if (/\([1-9] playing\) · ([2-9]\d\d|\d{1,3},\d{3}) steps/.test(line)) stop.abort();
      },
    });
    expect(stopped.exitCode).toBe(130);
    const { store, sessions } = await sessionsIn(broken);
    await store.close();
    expect(sessions.some((s) => s.endReason === 'stopped' && s.stepCount > 1)).toBe(true);
    const resumed = await run(['--out', broken, ...args]);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.out).toMatch(/resuming: \d episodes already finished/);
    expect(resumed.out).toMatch(/restart from the beginning \(the agent replays exactly from its seed\)/);
    expect(await playedBySeed(broken)).toEqual(await playedBySeed(whole));
    expect(resumed.results!.metrics).toEqual((await run(['--out', whole, ...args])).results!.metrics);
  }, 180_000);

  it('replays an interrupted model episode from its recorded calls, asking the model only for the turns after', async () => {
    const dir = tempStore();
    const server = new FakeEndpoint();
    const stop = new AbortController();
    // Stop once the server has answered a few calls: the episodes end as stopped, mid-way.
    const stopping: typeof fetch = async (input, init) => {
      if (server.requests.length >= 7) stop.abort();
      return server.fetch(input as RequestInfo, init);
    };
    const first = await run(modelArgs(dir), { stop, fetch: stopping, env: { OPENAI_API_KEY: KEY } });
    expect(first.exitCode).toBe(130);
    const before = await sessionsIn(dir);
    const interrupted = await Promise.all(before.sessions.map((s) => before.store.readSession(s.id)));
    await before.store.close();
    const recordedCalls = interrupted.reduce((sum, t) => sum + t.session.modelCallCount, 0);
    expect(recordedCalls).toBeGreaterThan(0);
    const asked = server.requests.length;
    const resumed = await run(modelArgs(dir), { fetch: server.fetch as typeof fetch, env: { OPENAI_API_KEY: KEY } });
    expect(resumed.exitCode).toBe(0);
    expect(resumed.out).toMatch(/episode \d \(seed \d\): replays the \d+ recorded turns/);
    const after = await sessionsIn(dir);
    // One session per episode: the interrupted ones gave way to their replayed continuations.
    expect(after.sessions.map((s) => [s.seed, s.endReason, s.length])).toEqual([[1, 'step_limit', 40], [2, 'step_limit', 40]]);
    const finalCalls = after.sessions.reduce((sum, s) => sum + s.modelCallCount, 0);
    expect(server.requests.length - asked).toBe(finalCalls - recordedCalls);
    for (const old of interrupted) {
      const now = after.sessions.find((s) => s.seed === old.session.seed)!;
      expect(now.metadata).toMatchObject({ resumedFrom: old.session.id, replayedSteps: old.steps.length - 1 });
      const steps = (await after.store.readSession(now.id)).steps;
      // The replayed records are the recorded ones: the same requests, replies and frames.
      old.steps.forEach((step, i) => {
        expect(steps[i].modelCall?.requestMessages ?? null).toEqual(step.modelCall?.requestMessages ?? null);
        expect(steps[i].modelCall?.rawResponse ?? null).toEqual(step.modelCall?.rawResponse ?? null);
        expect(steps[i].frame!.sha256).toBe(step.frame!.sha256);
      });
      // The first call after the replay is shown the frames the replay ended on.
      const next = steps[old.steps.length].modelCall!.requestMessages[1] as { content: Array<{ type: string; image_url?: { url: string } }> };
      expect(next.content.filter((p) => p.type === 'image_url')).toHaveLength(2);
    }
    expect(resumed.results!.totals.modelCalls).toBe(finalCalls);
    await after.store.close();
  }, 120_000);

  it('stops a run whose endpoint is dead with a clear message, and resumes it once the endpoint answers', async () => {
    const dir = tempStore();
    const dead = new FakeEndpoint();
    dead.fallback = { kind: 'network' };
    const failed = await run(modelArgs(dir), { fetch: dead.fetch as typeof fetch });
    expect(failed.exitCode).toBe(3);
    expect(failed.out).toMatch(/stopped: Episode \d \(seed \d\): Could not reach 127\.0\.0\.1:9: the request failed before any response\. Is the endpoint running/);
    expect(failed.out).toMatch(/2 episodes left; run the same command again to resume/);
    const alive = new FakeEndpoint();
    const resumed = await run(modelArgs(dir), { fetch: alive.fetch as typeof fetch });
    expect(resumed.exitCode).toBe(0);
    const { store, sessions } = await sessionsIn(dir);
    expect(sessions.map((s) => s.endReason)).toEqual(['step_limit', 'step_limit']);
    await store.close();
  }, 60_000);

  it('takes up a run whose process was killed: its open sessions are recovered as interrupted, then restarted', async () => {
    const dir = tempStore();
    const args = ['--out', dir, '--seeds', '1-2', '--length', '1200', '--parallel', '2'];
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/rollout.ts', ...args], { stdio: 'ignore' });
    // Killed as soon as steps are on disk, mid-episode: nothing gets to end its sessions.
    await expect.poll(() => {
      const batches = join(dir, 'batches');
      // Batches in place (not their temporary files, nor the owner file), each counted by its session's entry.
      const placed = (id: string) => readdirSync(join(batches, id)).filter((name) => /^\d+\.bin$/.test(name)).length;
      return existsSync(batches) ? readdirSync(batches).reduce((n, id) => n + placed(id), 0) : 0;
    }, { timeout: 60_000, interval: 50 }).toBeGreaterThan(2);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const resumed = await run(args);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.out).toContain(`the runner that recorded here before (process ${child.pid}`);
    expect(resumed.out).toMatch(/restart from the beginning/);
    const { store, sessions } = await sessionsIn(dir);
    expect(sessions.map((s) => [s.seed, s.endReason === 'died' || s.endReason === 'step_limit'])).toEqual([[1, true], [2, true]]);
    await store.close();
  }, 180_000);

  it('refuses a second runner on a folder another live runner records into', async () => {
    const dir = tempStore();
    expect((await run(['--out', dir, '--seeds', '1', '--length', '5'])).exitCode).toBe(0);
    // This test's own process stands for a runner still at work.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    await expect(run(['--out', dir, '--seeds', '1-2', '--length', '5'])).rejects.toThrow(new RegExp(`another runner \\(process ${process.pid} on .*give every shard a folder of its own`));
    const { store, sessions } = await sessionsIn(dir);
    await store.close();
    expect(sessions).toHaveLength(1);
  });

  it('finds finished, interrupted and new episodes of a run in the store', () => {
    const plans = episodePlans({ seeds: [1, 2, 3, 4], episodes: 4, stepLimit: 10 } as RunConfig);
    const session = (index: number, endReason: SessionRecord['endReason'], stepCount: number, runId = 'r') =>
      ({ id: `${index}-${endReason}-${stepCount}-${runId}`, seed: index + 1, episode: 1, endReason, stepCount, damaged: null, metadata: { runId, episodeIndex: index } }) as unknown as SessionRecord;
    const sessions = [session(0, 'died', 50), session(0, 'stopped', 9), session(1, 'stopped', 3), session(1, 'interrupted', 7), session(2, 'stopped', 1), session(3, 'died', 5, 'other')];
    const replaying = resumeState(plans, sessions, 'r', true);
    expect(replaying.finished.map((f) => f.session.id)).toEqual(['0-died-50-r']);
    expect(replaying.replay.map((r) => r.session.id)).toEqual(['1-interrupted-7-r']);
    expect(replaying.restart.map((p) => p.index)).toEqual([2]);
    expect(replaying.fresh.map((p) => p.index)).toEqual([3]);
    expect(replaying.stale.map((s) => s.id).sort()).toEqual(['0-stopped-9-r', '1-stopped-3-r', '2-stopped-1-r']);
    const restarting = resumeState(plans, sessions, 'r', false);
    expect(restarting.replay).toEqual([]);
    expect(restarting.restart.map((p) => p.index)).toEqual([1, 2]);
  });
});

describe('the key', () => {
  it('is sent to the endpoint and written nowhere: not in the store, the results or the output', async () => {
    const dir = tempStore();
    const server = new FakeEndpoint();
    server.queue.push({ kind: 'status', status: 500, body: { error: { message: `upstream rejected ${KEY}` } } });
    const ran = await run(modelArgs(dir, ['--max-retries', '2']), { fetch: server.fetch as typeof fetch, env: { OPENAI_API_KEY: KEY } });
    expect(ran.exitCode).toBe(0);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    for (const file of filesUnder(dir)) expect(readFileSync(file).includes(Buffer.from(KEY)), file).toBe(false);
    expect(filesUnder(dir).some((f) => f.endsWith('.db'))).toBe(true);
    expect(ran.out).not.toContain(KEY);
    expect(readFileSync(ran.resultsPath!, 'utf8')).not.toContain(KEY);
    expect(ran.results!.totals.retries).toBe(1);
  }, 60_000);

  it('must be set when a variable is named for it', async () => {
    const ran = await run(modelArgs(tempStore(), ['--api-key-env', 'MY_VLLM_KEY']), { fetch: new FakeEndpoint().fetch as typeof fetch });
    expect(ran.exitCode).toBe(1);
    expect(ran.out).toContain('the variable MY_VLLM_KEY is not set');
  });
});
