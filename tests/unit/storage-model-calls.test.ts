// A model run stopped on a failed or unfinished call: the session's end keeps the call with its attempts, durably, in
// downloads and imports alike.
import { describe, expect, it } from 'vitest';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { exportedBytes, openMemoryTraceStore, openTraceStore, type SessionRecord, type TraceStore } from '../../src/storage/index.ts';
import { RunService } from '../../src/worker/run-service.ts';
import { FakeEndpoint, fakeModelRun } from './agent-fake-endpoint.ts';
import { newIndexedDB, sqlJs } from './storage-fixtures.ts';

const KEY = 'sk-test-key-ABCDEFGHIJKLMNOP';

/** One long episode, each call tried `maxRetries` more times. */
const modelRun = (maxRetries: number) => fakeModelRun({ episodes: 1, stepLimit: 50, parallel: 1 }, { maxRetries });

async function durableRuns(fetch: FakeEndpoint['fetch']): Promise<{ runs: RunService; store: TraceStore; indexedDB: IDBFactory }> {
  const indexedDB = newIndexedDB();
  const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
  const pack = builtinPack();
  return { store, indexedDB, runs: new RunService({ store: () => store, pack: () => pack, fetch: fetch as typeof globalThis.fetch }) };
}

/** The session as a store opened afterwards sees it, and as a download of it imported elsewhere does. */
async function keptEverywhere(indexedDB: IDBFactory): Promise<SessionRecord[]> {
  const reopened = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
  const [session] = await reopened.listSessions();
  const copy = await openMemoryTraceStore({ sql: await sqlJs(), bytes: await exportedBytes(await reopened.exportFile()) });
  const [imported] = await copy.listSessions();
  const zipped = await openMemoryTraceStore({ sql: await sqlJs(), bytes: await exportedBytes(await reopened.exportFile(undefined, { singleFileMaxBytes: 0 })) });
  return [session, imported, (await zipped.listSessions())[0]];
}

type Unanswered = { kind: string; status: number | null; error: string; attempts: { attempt: number; status: number | null; error: string | null }[] };

describe('a stopped model call', () => {
  it('stopped while paused on a failed call: the end keeps the call and every attempt, in the store and its downloads', async () => {
    const server = new FakeEndpoint();
    // Two answers, then the endpoint fails for good: three attempts of the third call, all 503.
    server.queue.push({ kind: 'tool', actions: ['move_left', 'do'] }, { kind: 'tool', actions: ['noop', 'noop'] });
    server.fallback = { kind: 'status', status: 503, headers: { 'retry-after-ms': '1' } };
    const { runs, indexedDB } = await durableRuns(server.fetch);
    const { runId } = runs.start(modelRun(2), { apiKey: KEY });
    await expect.poll(() => runs.status(runId).state).toBe('paused');
    await runs.stop(runId);
    for (const session of await keptEverywhere(indexedDB)) {
      expect(session).toMatchObject({ state: 'ended', endReason: 'stopped', stepCount: 3, modelCallCount: 2 });
      expect(session.endDetail).toMatch(/503/);
      const calls = session.endDetails!.unansweredCalls as Unanswered[];
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ status: 503, error: expect.stringMatching(/after 3 attempts/) });
      expect(calls[0].attempts.map((a) => [a.attempt, a.status])).toEqual([[0, 503], [1, 503], [2, 503]]);
      expect(JSON.stringify(session)).not.toContain(KEY);
    }
  });

  it('stopped while its call is being retried: the end keeps the unfinished call with the attempts made', async () => {
    const server = new FakeEndpoint();
    server.queue.push({ kind: 'tool', actions: ['move_left', 'do'] }, { kind: 'status', status: 503, headers: { 'retry-after-ms': '1' } });
    // The retry of the second call is held at the endpoint until the run has been told to stop.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let retrying = false;
    const fetch: FakeEndpoint['fetch'] = async (input, init) => {
      if (server.requests.length === 2) {
        retrying = true;
        await held;
      }
      return server.fetch(input, init);
    };
    const { runs, indexedDB } = await durableRuns(fetch);
    const { runId } = runs.start(modelRun(3), { apiKey: KEY });
    await expect.poll(() => retrying).toBe(true);
    const stopping = runs.stop(runId);
    release();
    await stopping;
    expect(server.requests).toHaveLength(3);
    for (const session of await keptEverywhere(indexedDB)) {
      expect(session).toMatchObject({ endReason: 'stopped', stepCount: 2, modelCallCount: 1 });
      const calls = (session.endDetails?.unansweredCalls ?? []) as Unanswered[];
      expect(calls).toHaveLength(1);
      expect(calls[0].attempts.map((a) => a.status)).toEqual([503, null]);
    }
  });
});
