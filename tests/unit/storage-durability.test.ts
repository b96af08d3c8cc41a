import { afterEach, describe, expect, it, vi } from 'vitest';
import { openMemoryTraceStore, openTraceStore, type TraceStore } from '../../src/storage/index.ts';
import { humanStep, modelSessionInput, modelStep, newIndexedDB, sessionInput, sqlJs } from './storage-fixtures.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Opens the store a crashed tab left behind: the previous store object is simply abandoned, never closed. */
async function reopen(indexedDB: IDBFactory, idbName = 'traces'): Promise<TraceStore> {
  return openTraceStore({ sql: await sqlJs(), idbName, indexedDB });
}

describe('durability in IndexedDB', () => {
  it('brings back every completed step after a crash, from the journal alone', async () => {
    const indexedDB = newIndexedDB();
    const store = await reopen(indexedDB);
    const { id } = await store.createSession(sessionInput());
    for (let i = 0; i < 40; i++) await store.appendStep(id, humanStep(i));
    const before = await store.readSession(id);
    expect(store.status().lastSnapshotAt).toBeNull();

    const after = await reopen(indexedDB);
    expect(await after.readSession(id)).toEqual(before);
    expect(before.steps).toHaveLength(40);
  });

  it('brings back every completed step after a crash, from snapshots plus the journal tail', async () => {
    const indexedDB = newIndexedDB();
    const store = await openTraceStore({
      sql: await sqlJs(),
      idbName: 'traces',
      indexedDB,
      snapshotPolicy: { minJournalBytes: 20_000, journalToSnapshotRatio: 0.1 },
    });
    const { id } = await store.createSession(modelSessionInput());
    const other = await store.createSession(sessionInput());
    let snapshotsSeen = 0;
    let lastSnapshotAt: string | null = null;
    for (let i = 0; i < 60; i++) {
      await store.appendStep(id, modelStep(i));
      if (i < 5) await store.appendStep(other.id, humanStep(i));
      if (store.status().lastSnapshotAt !== lastSnapshotAt) {
        lastSnapshotAt = store.status().lastSnapshotAt;
        snapshotsSeen += 1;
      }
    }
    await store.endSession(other.id);
    const list = await store.listSessions();
    const before = await store.readSession(id);
    expect(snapshotsSeen).toBeGreaterThan(1);
    expect(store.status().journalEntries).toBeLessThan(62);

    const after = await reopen(indexedDB);
    expect(await after.listSessions()).toEqual(list);
    expect(await after.readSession(id)).toEqual(before);
    await after.appendStep(id, modelStep(60));
    expect((await after.readSession(id)).steps).toHaveLength(61);
  });

  it('keeps, after a crash, every append that had resolved, with no gaps', async () => {
    const indexedDB = newIndexedDB();
    const store = await reopen(indexedDB);
    const { id } = await store.createSession(sessionInput());
    const resolved: number[] = [];
    const pending = Array.from({ length: 30 }, (_, i) => store.appendStep(id, humanStep(i)).then(() => resolved.push(i)));
    await pending[9];
    const seenAtCrash = [...resolved];

    const after = await reopen(indexedDB);
    const steps = (await after.readSession(id)).steps.map((step) => step.stepIndex);
    expect(seenAtCrash.length).toBeGreaterThanOrEqual(10);
    expect(steps.slice(0, seenAtCrash.length)).toEqual(seenAtCrash);
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i));
    await Promise.all(pending);
  });

  it('replays ends and deletions written after the last snapshot', async () => {
    const indexedDB = newIndexedDB();
    const store = await reopen(indexedDB);
    const a = await store.createSession(sessionInput());
    const b = await store.createSession(sessionInput());
    for (let i = 0; i < 12; i++) {
      await store.appendStep(a.id, humanStep(i));
      await store.appendStep(b.id, humanStep(i));
    }
    await store.endSession(a.id, { endReason: 'done' });
    await store.deleteSession(b.id);
    const after = await reopen(indexedDB);
    expect(await after.listSessions()).toEqual(await store.listSessions());
    expect((await after.listSessions())[0].outcome?.achievements).toEqual(['collect_coal']);
  });

  it('reports IndexedDB full on append, keeps the store whole and downloadable, and carries on once space frees', async () => {
    const indexedDB = newIndexedDB();
    const store = await reopen(indexedDB);
    const { id } = await store.createSession(sessionInput());
    for (let i = 0; i < 5; i++) await store.appendStep(id, humanStep(i));

    const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(store.appendStep(id, humanStep(5))).rejects.toMatchObject({ code: 'quota_exceeded', name: 'StorageError' });
    await expect(store.appendStep(id, humanStep(5))).rejects.toMatchObject({ code: 'quota_exceeded' });
    add.mockRestore();

    const inMemory = await store.readSession(id);
    expect(inMemory.steps.map((step) => step.stepIndex)).toEqual([0, 1, 2, 3, 4]);
    const download = await openMemoryTraceStore({ sql: await sqlJs(), bytes: await store.exportSqlite() });
    expect(await download.readSession(id)).toEqual(inMemory);

    await store.appendStep(id, humanStep(5));
    const after = await reopen(indexedDB);
    expect((await after.readSession(id)).steps.map((step) => step.stepIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reports IndexedDB full when the browser aborts the commit', async () => {
    const indexedDB = newIndexedDB();
    const store = await reopen(indexedDB);
    const { id } = await store.createSession(sessionInput());
    await store.appendStep(id, humanStep(0));
    const realAdd = IDBObjectStore.prototype.add;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = realAdd.apply(this, args);
      // Browsers report a full disk by aborting the transaction with a QuotaExceededError (fake-indexeddb's internal abort).
      (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      return request;
    });
    await expect(store.appendStep(id, humanStep(1))).rejects.toMatchObject({ code: 'quota_exceeded' });
    vi.restoreAllMocks();
    expect((await store.readSession(id)).steps).toHaveLength(1);
    const after = await reopen(indexedDB);
    expect((await after.readSession(id)).steps).toHaveLength(1);
  });

  it('keeps appending when a snapshot cannot be written, and says why in status()', async () => {
    const indexedDB = newIndexedDB();
    const store = await openTraceStore({
      sql: await sqlJs(),
      idbName: 'traces',
      indexedDB,
      snapshotPolicy: { minJournalBytes: 10_000, journalToSnapshotRatio: 0 },
    });
    const { id } = await store.createSession(sessionInput());
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    for (let i = 0; i < 20; i++) await store.appendStep(id, humanStep(i));
    await vi.waitFor(() => expect(store.status().lastError).toMatchObject({ code: 'quota_exceeded' }));
    expect(store.status().lastSnapshotAt).toBeNull();
    vi.restoreAllMocks();
    const after = await reopen(indexedDB);
    expect((await after.readSession(id)).steps).toHaveLength(20);
  });

  it('refuses to open without IndexedDB, with an error naming the in-memory alternative', async () => {
    await expect(openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB: undefined })).rejects.toMatchObject({
      code: 'idb_unavailable',
      message: expect.stringContaining('openMemoryTraceStore'),
    });
    const denied = {
      open() {
        throw new DOMException('Access to IndexedDB is denied in this context.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    await expect(openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB: denied })).rejects.toMatchObject({
      code: 'idb_unavailable',
    });
  });

  it('keeps the in-memory session downloadable when IndexedDB goes away mid-session', async () => {
    const indexedDB = newIndexedDB();
    const store = await reopen(indexedDB);
    const { id } = await store.createSession(sessionInput());
    for (let i = 0; i < 3; i++) await store.appendStep(id, humanStep(i));
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('traces');
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    await expect(store.appendStep(id, humanStep(3))).rejects.toMatchObject({ code: 'idb_unavailable' });
    const download = await openMemoryTraceStore({ sql: await sqlJs(), bytes: await store.exportSqlite([id]) });
    expect((await download.readSession(id)).steps).toHaveLength(3);
  });

  it('refuses a second writer on the same store while the first holds the lock', async () => {
    const held = new Set<string>();
    const locks = {
      async request(name: string, _options: LockOptions, callback: (lock: Lock | null) => Promise<void> | undefined) {
        if (held.has(name)) return callback(null);
        held.add(name);
        await callback({ name, mode: 'exclusive' });
        held.delete(name);
      },
    } as unknown as LockManager;
    const indexedDB = newIndexedDB();
    const sql = await sqlJs();
    const first = await openTraceStore({ sql, idbName: 'traces', indexedDB, locks });
    await expect(openTraceStore({ sql, idbName: 'traces', indexedDB, locks })).rejects.toMatchObject({ code: 'store_in_use' });
    await first.close();
    const second = await openTraceStore({ sql, idbName: 'traces', indexedDB, locks });
    await second.close();
  });

  it('rejects every call after close', async () => {
    const store = await reopen(newIndexedDB());
    const { id } = await store.createSession(sessionInput());
    await store.close();
    await expect(store.appendStep(id, humanStep(0))).rejects.toMatchObject({ code: 'closed' });
    await expect(store.listSessions()).rejects.toMatchObject({ code: 'closed' });
  });
});
