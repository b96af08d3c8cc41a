// A session kept in its batches is replayed in slices (at an opening, or to be read): a long one leaves the thread to
// other work (recording) between them, is read a few megabytes at a time, and is rebuilt whole all the same.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as nextTaskModule from '../../src/lib/next-task.ts';
import { IdbBackend } from '../../src/storage/backends/idb.ts';
import { idbError } from '../../src/storage/errors.ts';
import { openTraceStore } from '../../src/storage/index.ts';
import { frame, humanStep, newIndexedDB, sessionInput, sqlJs } from './storage-fixtures.ts';

vi.mock('../../src/lib/next-task.ts', async (original) => {
  const real = await original<typeof nextTaskModule>();
  return { nextTask: vi.fn(real.nextTask) };
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('replaying a session from its batches', () => {
  it('gives other work turns between slices, and rebuilds every step', async () => {
    const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB: newIndexedDB() });
    const { id } = await store.createSession(sessionInput());
    const steps = 2000;
    await Promise.all(Array.from({ length: steps }, (_, i) => store.appendStep(id, humanStep(i))));
    // Its sealing fails, so the session stays in its batches, and reading it replays them.
    vi.spyOn(IdbBackend.prototype, 'seal').mockRejectedValue(idbError(new DOMException('The disk is gone.', 'UnknownError'), 'sealing a session'));
    await store.endSession(id, { endReason: 'stopped' });
    expect(store.status().lastError).toContain('stays in its saved batches');
    const turns = vi.mocked(nextTaskModule.nextTask);
    turns.mockClear();
    const trace = await store.readSession(id);
    expect(trace.steps.map((s) => s.stepIndex)).toEqual(Array.from({ length: steps }, (_, i) => i));
    // Replaying 2,000 steps takes far more than one 20 ms slice.
    expect(turns.mock.calls.length).toBeGreaterThan(0);
  });

  it('reads the batches a few megabytes at a time, each once and in order', async () => {
    const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB: newIndexedDB() });
    const { id } = await store.createSession(sessionInput());
    // Stored PNGs of about 12 KB, one step a batch: some 11 MB in 900 batches.
    const steps = 900;
    for (let i = 0; i < steps; i++) await store.appendStep(id, humanStep(i, { frame: frame(i, 0) }));
    vi.spyOn(IdbBackend.prototype, 'seal').mockRejectedValue(idbError(new DOMException('The disk is gone.', 'UnknownError'), 'sealing a session'));
    await store.endSession(id, { endReason: 'stopped' });
    const reads: Array<{ first: number; last: number; bytes: number }> = [];
    const readBatches = IdbBackend.prototype.readBatches;
    vi.spyOn(IdbBackend.prototype, 'readBatches').mockImplementation(async function (this: IdbBackend, sessionId, first, last) {
      const batches = await readBatches.call(this, sessionId, first, last);
      reads.push({ first, last, bytes: batches.reduce((sum, b) => sum + b.length, 0) });
      return batches;
    });
    const trace = await store.readSession(id);
    expect(trace.steps.map((s) => s.frame?.sha256)).toEqual(Array.from({ length: steps }, (_, i) => frame(i, 0).sha256));
    const batches = reads.at(-1)!.last;
    expect(reads.length).toBeGreaterThan(2);
    expect(reads.map((r) => r.first)).toEqual([1, ...reads.slice(0, -1).map((r) => r.last + 1)]);
    const largest = Math.max(...reads.map((r) => r.bytes / (r.last - r.first + 1)));
    for (const read of reads) expect(read.bytes).toBeLessThanOrEqual((4 << 20) + 2 * largest);
    expect(batches).toBeGreaterThan(steps - 10);
  });

  it('a session deleted while it is read in pieces is gone, not marked damaged', async () => {
    const indexedDB = newIndexedDB();
    const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    const { id } = await store.createSession(sessionInput());
    for (let i = 0; i < 600; i++) await store.appendStep(id, humanStep(i, { frame: frame(i, 0) }));
    vi.spyOn(IdbBackend.prototype, 'seal').mockRejectedValue(idbError(new DOMException('The disk is gone.', 'UnknownError'), 'sealing a session'));
    await store.endSession(id, { endReason: 'stopped' });
    const readBatches = IdbBackend.prototype.readBatches;
    let deleted: Promise<void> | null = null;
    vi.spyOn(IdbBackend.prototype, 'readBatches').mockImplementation(async function (this: IdbBackend, sessionId, first, last) {
      const batches = await readBatches.call(this, sessionId, first, last);
      // The person deletes the session just as its first piece has been read.
      deleted ??= store.deleteSessions([id]);
      await deleted;
      return batches;
    });
    await expect(store.readSession(id)).rejects.toThrow(/was deleted while it was being read/);
    expect(await store.listSessions()).toEqual([]);
    vi.restoreAllMocks();
    await store.close();
    const reopened = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    await reopened.recovered();
    expect(await reopened.listSessions()).toEqual([]);
  });
});
