// A session kept in its batches is replayed in slices (at an opening, or to be read): a long one leaves the thread to
// other work (recording) between them, and is rebuilt whole all the same.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as nextTaskModule from '../../src/lib/next-task.ts';
import { IdbBackend } from '../../src/storage/backends/idb.ts';
import { idbError } from '../../src/storage/errors.ts';
import { openTraceStore } from '../../src/storage/index.ts';
import { humanStep, newIndexedDB, sessionInput, sqlJs } from './storage-fixtures.ts';

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
});
