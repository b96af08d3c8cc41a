// Durability of the IndexedDB store: group commit, a page killed in the middle of a batch, a full quota, memory-only mode.
import { unwrap } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRunAgents } from '../../src/agent/agents/registry.ts';
import { PORTABLE_FRAME_ENCODER } from '../../src/agent/episode-record.ts';
import { RunControl } from '../../src/agent/run-control.ts';
import { episodePlans, type RunConfig } from '../../src/agent/run-config.ts';
import { runEpisode } from '../../src/agent/rollout.ts';
import type { EpisodeContext } from '../../src/agent/rollout-types.ts';
import { StepWriter } from '../../src/agent/step-writer.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { IdbBackend } from '../../src/storage/backends/idb.ts';
import { idbError } from '../../src/storage/errors.ts';
import { decodeBatch, type JournalOp } from '../../src/storage/journal.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_OPS } from '../../src/storage/session-writer.ts';
import { exportedBytes, isStorageError, openMemoryTraceStore, openTraceStore, type StepInput, type TraceStore } from '../../src/storage/index.ts';
import { exportToMemory, jsonLines } from './dataset-fixtures.ts';
import { frame, humanStep, newIndexedDB, nextTurn, playedSessionInput, playedSteps, rawIndexedDB, sessionInput, sqlJs } from './storage-fixtures.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const open = async (indexedDB: IDBFactory) => openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });

/** A page that has recorded `steps` into one session, a batch at a time, and not ended it. */
async function pageRecording(indexedDB: IDBFactory, steps: StepInput[]): Promise<{ page: TraceStore; id: string }> {
  const page = await open(indexedDB);
  const { id } = await page.createSession(sessionInput());
  for (const step of steps) await page.appendStep(id, step);
  return { page, id };
}

const humanSteps = (count: number) => Array.from({ length: count }, (_, i) => humanStep(i));

/** Read-write transactions begun on any IndexedDB database from now on. */
function countWriteTransactions(): { count: number } {
  const counter = { count: 0 };
  const real = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] === 'readwrite') counter.count++;
    return real.apply(this, args);
  });
  return counter;
}

/** Every journal batch IndexedDB holds for the session, decoded, as a second connection sees them. */
async function storedBatches(indexedDB: IDBFactory, sessionId: string): Promise<{ bytes: number; ops: JournalOp[] }[]> {
  const db = await rawIndexedDB(indexedDB, 'traces');
  try {
    const batches = (await db.getAll('batches', IDBKeyRange.bound([sessionId, 0], [sessionId, Number.MAX_SAFE_INTEGER]))) as Uint8Array[];
    return batches.map((bytes, i) => ({ bytes: bytes.length, ops: decodeBatch(bytes, `batch ${i + 1}`) }));
  } finally {
    db.close();
  }
}

const stepIndices = (batches: { ops: JournalOp[] }[]) => batches.flatMap((b) => b.ops.flatMap((op) => (op.kind === 'step' ? [op.row.stepIndex] : [])));

describe('group commit', () => {
  it('writes many appends in few IndexedDB transactions, each append durable when it resolves', async () => {
    const indexedDB = newIndexedDB();
    const store = await open(indexedDB);
    const { id } = await store.createSession(sessionInput());
    const transactions = countWriteTransactions();
    // The recorder's own path: a window of steps in flight, each write awaited as play goes on.
    const writer = new StepWriter(store, id, () => Promise.reject(new Error('storage refused a write')), 64);
    for (let i = 0; i < 600; i++) await writer.write(humanStep(i, { frame: null }));
    await writer.flush();
    expect(writer.durable).toBe(600);
    expect(transactions.count).toBeGreaterThan(0);
    expect(transactions.count).toBeLessThanOrEqual(600 / 16);
    const batches = await storedBatches(indexedDB, id);
    expect(batches.length).toBe(transactions.count + 1);
    expect(stepIndices(batches)).toEqual(Array.from({ length: 600 }, (_, i) => i));
  });

  it("resolves a step only once a second connection can read its batch, and never while the batch's commit is held", async () => {
    const indexedDB = newIndexedDB();
    const store = await open(indexedDB);
    const { id } = await store.createSession(sessionInput());
    await store.appendStep(id, humanStep(0));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const real = IdbBackend.prototype.commitBatch;
    vi.spyOn(IdbBackend.prototype, 'commitBatch').mockImplementation(async function (this: IdbBackend, ...args) {
      await held;
      return real.apply(this, args);
    });
    const seenAtResolve = new Map<number, number[]>();
    const appends = [1, 2, 3, 4, 5].map((i) =>
      store.appendStep(id, humanStep(i)).then(async () => seenAtResolve.set(i, stepIndices(await storedBatches(indexedDB, id)))),
    );
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    expect(seenAtResolve.size).toBe(0);
    expect(store.status().pendingSteps).toBe(5);
    expect(stepIndices(await storedBatches(indexedDB, id))).toEqual([0]);
    release();
    await Promise.all(appends);
    for (const [i, seen] of seenAtResolve) expect(seen).toContain(i);
    expect(store.status().pendingSteps).toBe(0);
  });

  it(`keeps every batch within ${MAX_BATCH_OPS} changes`, async () => {
    const indexedDB = newIndexedDB();
    const store = await open(indexedDB);
    const { id } = await store.createSession(sessionInput());
    await nextTurn();
    const count = MAX_BATCH_OPS * 2 + 300;
    const appends: Promise<void>[] = [];
    for (let i = 0; i < count; i++) appends.push(store.appendStep(id, humanStep(i, { frame: null, observationText: null })));
    await Promise.all(appends);
    const batches = await storedBatches(indexedDB, id);
    expect(batches.map((b) => b.ops.length)).toEqual([1, MAX_BATCH_OPS, MAX_BATCH_OPS, 300]);
    expect(stepIndices(batches)).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it(`keeps every batch within ${MAX_BATCH_BYTES / 2 ** 20} MiB, a larger step alone in its own`, async () => {
    const indexedDB = newIndexedDB();
    const store = await open(indexedDB);
    const { id } = await store.createSession(sessionInput());
    await nextTurn();
    const text = (mib: number) => 'x'.repeat(mib * 2 ** 20);
    const sizes = [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 9, 1.5, 1.5, 1.5];
    await Promise.all(sizes.map((mib, i) => store.appendStep(id, humanStep(i, { observationText: text(mib) }))));
    const batches = (await storedBatches(indexedDB, id)).slice(1);
    for (const batch of batches) {
      if (batch.ops.length > 1) expect(batch.bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
    expect(batches.map((b) => b.ops.length)).toEqual([5, 2, 1, 3]);
    expect(stepIndices(batches)).toEqual(sizes.map((_, i) => i));
  });
});

/**
 * Lets `batches` commits through, then kills the page inside the next one: its transaction is under way (the batch
 * and the entry written into it) when the page dies, so it never commits; the store is never used or closed again.
 */
function crashInCommitAfter(batches: number, how: 'hang' | 'throw'): { crashed: () => boolean } {
  let commits = 0;
  const real = IdbBackend.prototype.commitBatch;
  vi.spyOn(IdbBackend.prototype, 'commitBatch').mockImplementation(function (this: IdbBackend, entry, seq, batch) {
    if (commits++ < batches) return real.call(this, entry, seq, batch);
    if (how === 'throw') return Promise.reject(idbError(new DOMException('The disk is gone.', 'UnknownError'), 'saving steps'));
    const tx = unwrap(this.db).transaction(['catalog', 'batches'], 'readwrite');
    tx.objectStore('batches').put(batch, [entry.record.id, seq]);
    tx.objectStore('catalog').put(entry, entry.record.id);
    tx.abort();
    return new Promise<void>(() => undefined);
  });
  return { crashed: () => commits > batches };
}

describe('a page killed in the middle of a batch', () => {
  it.each(['hang', 'throw'] as const)('keeps exactly the steps whose append resolved, when the commit %s', async (how) => {
    const indexedDB = newIndexedDB();
    const sql = await sqlJs();
    const page = await open(indexedDB);
    const healthy = await page.createSession(sessionInput({ startedAt: '2025-01-01T00:00:00.000Z' }));
    for (let i = 0; i < 5; i++) await page.appendStep(healthy.id, humanStep(i));
    await page.endSession(healthy.id, { endReason: 'died' });
    const { id } = await page.createSession(playedSessionInput(3));
    await nextTurn();
    const inputs = playedSteps(3, 120);
    const crash = crashInCommitAfter(4, how);
    const resolved: number[] = [];
    for (let i = 0; i < inputs.length; i++) {
      page.appendStep(id, inputs[i]).then(() => resolved.push(i), (error: unknown) => expect(isStorageError(error) && error.kept).toBe(true));
      if (i % 9 === 8) await nextTurn();
    }
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    expect(crash.crashed()).toBe(true);
    const durable = [...resolved];
    expect(durable.length).toBeGreaterThan(0);
    expect(durable.length).toBeLessThan(inputs.length);
    vi.restoreAllMocks();

    // The page is gone: a new one opens the same IndexedDB, never having closed the first.
    const store = await open(indexedDB);
    await store.recovered();
    const [session] = await store.listSessions({ source: 'builtin' });
    expect(session).toMatchObject({ id, state: 'interrupted', endReason: 'interrupted', stepCount: durable.length, damaged: null });
    expect(session.endedAt).toBe(inputs[durable.length - 1].completedAt);
    const trace = await store.readSession(id);
    expect(trace.steps.map((s) => s.stepIndex)).toEqual(durable.map((i) => inputs[i].stepIndex));
    expect(trace.steps.map((s) => Buffer.from(s.frame!.png).toString('base64'))).toEqual(durable.map((i) => Buffer.from(inputs[i].frame!.png).toString('base64')));
    expect(trace.steps.map((s) => s.observationText)).toEqual(durable.map((i) => inputs[i].observationText));
    expect(store.status()).toMatchObject({ pendingSteps: 0, lastError: null });
    // Sealed: nothing of the session is left in batches, its file holds it all.
    const raw = await rawIndexedDB(indexedDB, 'traces');
    expect(await raw.count('batches')).toBe(0);
    expect(await raw.count('files')).toBe(2);
    raw.close();
    // The healthy session is as it was.
    expect((await store.readSession(healthy.id)).steps).toHaveLength(5);

    // Replayable: the dataset export re-simulates the session from its seed and actions to describe it in another style.
    const { result, files } = await exportToMemory(store, { format: 'openai', sources: ['builtin'], validationRatio: 0, prompt: { textStyle: 'state', imageMode: 'text_and_image' } });
    expect(result.validation.ok).toBe(true);
    expect(jsonLines(files.get('train.jsonl'))).toHaveLength(durable.length - 1);
    // Exportable: downloaded and imported elsewhere, it is the same session.
    const copy = await openMemoryTraceStore({ sql, bytes: await exportedBytes(await store.exportFile([id])) });
    expect((await copy.readSession(id)).steps).toEqual(trace.steps);
    expect((await copy.listSessions())[0]).toMatchObject({ state: 'interrupted', stepCount: durable.length });
  });

  it('ends and seals a session whose end was durable but which was not sealed yet', async () => {
    const indexedDB = newIndexedDB();
    const { page, id } = await pageRecording(indexedDB, humanSteps(8));
    // The page dies while it seals the ended session: its end is durable, its file never written.
    vi.spyOn(IdbBackend.prototype, 'seal').mockImplementation(() => new Promise<void>(() => undefined));
    void page.endSession(id, { endReason: 'step_limit' });
    await vi.waitFor(() => expect(IdbBackend.prototype.seal).toHaveBeenCalled());
    vi.restoreAllMocks();

    const store = await open(indexedDB);
    await store.recovered();
    const [session] = await store.listSessions();
    expect(session).toMatchObject({ id, state: 'ended', endReason: 'step_limit', stepCount: 8 });
    expect((await store.readSession(id)).steps).toHaveLength(8);
    const raw = await rawIndexedDB(indexedDB, 'traces');
    expect([await raw.count('batches'), await raw.count('files')]).toEqual([0, 1]);
    raw.close();
  });
});

describe('reading while the store seals', () => {
  it('reads a session left open by a closed page while the next opening seals it, and never takes it for damaged', async () => {
    const indexedDB = newIndexedDB();
    const { id } = await pageRecording(indexedDB, humanSteps(8));
    // The page closes without ending it; the next opening marks it interrupted and seals it while it is being read.
    const store = await open(indexedDB);
    const reads: Promise<number>[] = [];
    for (let turn = 0; turn < 40; turn++) {
      reads.push(store.readSession(id).then((trace) => trace.steps.length));
      await nextTurn();
    }
    expect(await Promise.all(reads)).toEqual(reads.map(() => 8));
    await store.recovered();
    expect((await store.listSessions())[0]).toMatchObject({ id, state: 'interrupted', damaged: null });
  });

  it('reads a session too long to read at once while the opening seals it: no read loses the batches under it', async () => {
    const indexedDB = newIndexedDB();
    // One step a batch, each with a stored 12 KB frame: some 7 MB, read in pieces.
    const steps = 600;
    const { id } = await pageRecording(indexedDB, Array.from({ length: steps }, (_, i) => humanStep(i, { frame: frame(i, 0) })));
    const store = await open(indexedDB);
    let recovered = false;
    void store.recovered().then(() => (recovered = true));
    const reads: Promise<number>[] = [];
    while (!recovered) {
      reads.push(store.readSession(id).then((trace) => trace.steps.length));
      await nextTurn();
    }
    expect(reads.length).toBeGreaterThan(1);
    expect(await Promise.all(reads)).toEqual(reads.map(() => steps));
    await store.recovered();
    expect((await store.listSessions())[0]).toMatchObject({ id, state: 'interrupted', damaged: null, stepCount: steps });
  });
});

describe('a session sealed later', () => {
  it('is ended at once; reading it, downloading it and closing the store wait for its file', async () => {
    const indexedDB = newIndexedDB();
    const store = await open(indexedDB);
    const { id } = await store.createSession(sessionInput());
    for (let i = 0; i < 8; i++) await store.appendStep(id, humanStep(i));
    const ended = await store.endSession(id, { endReason: 'died' }, { sealLater: true });
    expect(ended).toMatchObject({ id, state: 'ended', endReason: 'died', stepCount: 8 });
    const raw = await rawIndexedDB(indexedDB, 'traces');
    expect(await raw.count('files')).toBe(0);
    expect(await raw.count('batches')).toBeGreaterThan(0);
    expect(store.status().sealingSessions).toBe(1);
    expect((await store.readSession(id)).steps).toHaveLength(8);
    expect([await raw.count('batches'), await raw.count('files')]).toEqual([0, 1]);
    expect(store.status().sealingSessions).toBe(0);
    const [sealed] = await store.listSessions();
    expect(sealed.bytes).toBe((await raw.get('files', id)).size);

    const next = await store.createSession(sessionInput());
    await store.appendStep(next.id, humanStep(0));
    await store.endSession(next.id, { endReason: 'stopped' }, { sealLater: true });
    const copy = await openMemoryTraceStore({ sql: await sqlJs(), bytes: await exportedBytes(await store.exportFile([next.id])) });
    expect((await copy.readSession(next.id)).steps).toHaveLength(1);
    expect(await raw.count('files')).toBe(2);

    const last = await store.createSession(sessionInput());
    await store.appendStep(last.id, humanStep(0));
    await store.endSession(last.id, { endReason: 'stopped' }, { sealLater: true });
    await store.close();
    expect([await raw.count('batches'), await raw.count('files')]).toEqual([0, 3]);
    raw.close();
  });

  it('is sealed again on the next opening when the page died after writing its file but before its entry', async () => {
    const indexedDB = newIndexedDB();
    const { page, id } = await pageRecording(indexedDB, humanSteps(8));
    // The file's transaction commits (cut short, to show it is not trusted), the entry's never begins.
    vi.spyOn(IdbBackend.prototype, 'seal').mockImplementation(function (this: IdbBackend, entry, file) {
      const tx = unwrap(this.db).transaction(['files'], 'readwrite');
      tx.objectStore('files').put(new Blob([file.subarray(0, 100) as Uint8Array<ArrayBuffer>]), entry.record.id);
      return new Promise<void>(() => undefined);
    });
    await page.endSession(id, { endReason: 'step_limit' }, { sealLater: true });
    await vi.waitFor(() => expect(IdbBackend.prototype.seal).toHaveBeenCalled());
    vi.restoreAllMocks();

    const store = await open(indexedDB);
    await store.recovered();
    expect((await store.listSessions())[0]).toMatchObject({ id, state: 'ended', endReason: 'step_limit', stepCount: 8, damaged: null });
    expect((await store.readSession(id)).steps).toHaveLength(8);
    const raw = await rawIndexedDB(indexedDB, 'traces');
    expect([await raw.count('batches'), await raw.count('files')]).toEqual([0, 1]);
    expect((await raw.get('files', id)).size).toBeGreaterThan(100);
    raw.close();
  });
});

/**
 * IndexedDB full, as browsers report it: the commit of a journal batch aborts with a QuotaExceededError, until
 * something is deleted (which frees space), or until `full` is cleared.
 */
function fullDisk(): { full: boolean; refused: number } {
  const disk = { full: true, refused: 0 };
  const realPut = IDBObjectStore.prototype.put;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    const request = realPut.apply(this, args);
    if (disk.full && this.name === 'batches') {
      disk.refused++;
      // Once the transaction's requests are made: browsers find the disk full as they commit.
      const tx = this.transaction as unknown as { _abort(name: string): void };
      queueMicrotask(() => tx._abort('QuotaExceededError'));
    }
    return request;
  });
  const realDelete = IDBObjectStore.prototype.delete;
  vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['delete']>) {
    if (this.name === 'files') disk.full = false;
    return realDelete.apply(this, args);
  });
  return disk;
}

async function recordedStore(): Promise<{ store: TraceStore; indexedDB: IDBFactory; old: string; id: string; inputs: StepInput[] }> {
  const indexedDB = newIndexedDB();
  const store = await open(indexedDB);
  const old = await store.createSession(sessionInput({ startedAt: '2025-01-01T00:00:00.000Z' }));
  for (let i = 0; i < 4; i++) await store.appendStep(old.id, humanStep(i));
  await store.endSession(old.id);
  const { id } = await store.createSession(sessionInput());
  const inputs = Array.from({ length: 30 }, (_, i) => humanStep(i));
  for (let i = 0; i < 10; i++) await store.appendStep(id, inputs[i]);
  return { store, indexedDB, old: old.id, id, inputs };
}

describe('a full quota', () => {
  it('rejects with the steps kept, loses nothing, says so in status(), and retryWrites() writes them in order', async () => {
    const { store, indexedDB, id, inputs } = await recordedStore();
    const disk = fullDisk();
    const refused = await store.appendStep(id, inputs[10]).catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'StorageError', code: 'quota_exceeded', kept: true });
    expect(disk.refused).toBe(1);
    for (let i = 11; i < 20; i++) await expect(store.appendStep(id, inputs[i])).rejects.toMatchObject({ code: 'quota_exceeded', kept: true });
    expect(store.status()).toMatchObject({ pendingSteps: 10, blocked: { code: 'quota_exceeded', message: expect.stringContaining('full') } });
    // Nothing is lost: the held steps read back and download; the list counts only what is durable.
    expect((await store.readSession(id)).steps.map((s) => s.stepIndex)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect((await store.listSessions())[0]).toMatchObject({ id, stepCount: 10 });
    const download = await openMemoryTraceStore({ sql: await sqlJs(), bytes: await exportedBytes(await store.exportFile([id])) });
    expect((await download.readSession(id)).steps).toHaveLength(20);
    // Still full: retrying is refused again, nothing written, nothing dropped.
    await expect(store.retryWrites()).rejects.toMatchObject({ code: 'quota_exceeded', kept: true });
    expect(store.status().pendingSteps).toBe(10);

    disk.full = false;
    await store.retryWrites();
    expect(store.status()).toMatchObject({ pendingSteps: 0, blocked: null });
    for (let i = 20; i < 30; i++) await store.appendStep(id, inputs[i]);
    const reopened = await open(indexedDB);
    await reopened.recovered();
    expect((await reopened.readSession(id)).steps.map((s) => s.stepIndex)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(stepIndices(await storedBatches(indexedDB, id))).toEqual([]);
  });

  it('writes the held steps once a deleted session frees space, without being asked', async () => {
    const { store, indexedDB, old, id, inputs } = await recordedStore();
    fullDisk();
    for (let i = 10; i < 15; i++) await expect(store.appendStep(id, inputs[i])).rejects.toMatchObject({ code: 'quota_exceeded', kept: true });
    expect(store.status().blocked).not.toBeNull();
    await store.deleteSessions([old]);
    await vi.waitFor(() => expect(store.status()).toMatchObject({ pendingSteps: 0, blocked: null }));
    expect(stepIndices(await storedBatches(indexedDB, id))).toEqual(Array.from({ length: 15 }, (_, i) => i));
    const raw = await rawIndexedDB(indexedDB, 'traces');
    expect([await raw.count('files'), await raw.count('catalog')]).toEqual([0, 1]);
    raw.close();
  });

  it('ends a session whose end was refused once its steps are written', async () => {
    const { store, indexedDB, id, inputs } = await recordedStore();
    const disk = fullDisk();
    await expect(store.appendStep(id, inputs[10])).rejects.toMatchObject({ kept: true });
    await expect(store.endSession(id, { endReason: 'stopped' })).rejects.toMatchObject({ code: 'quota_exceeded', kept: true });
    disk.full = false;
    await store.retryWrites();
    const reopened = await open(indexedDB);
    await reopened.recovered();
    const session = (await reopened.listSessions()).find((s) => s.id === id);
    expect(session).toMatchObject({ state: 'ended', endReason: 'stopped', stepCount: 11 });
  });

  it('the recorder pauses on a full quota and goes on, in order, once space is freed', async () => {
    const { store, indexedDB, old, id, inputs } = await recordedStore();
    fullDisk();
    const blockedBy: string[] = [];
    const writer = new StepWriter(store, id, async (error) => {
      blockedBy.push((error as Error).message);
      await store.deleteSessions([old]);
    }, 4);
    for (let i = 10; i < 30; i++) await writer.write(inputs[i]);
    await writer.flush();
    expect(blockedBy).toHaveLength(1);
    expect(writer.durable).toBe(20);
    expect(stepIndices(await storedBatches(indexedDB, id))).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});

describe('a full quota as an episode ends', () => {
  it('holds the end like a step: the recorder waits for space, then the episode ends as it should', async () => {
    const { store, old } = await recordedStore();
    const pack = builtinPack();
    const config: RunConfig = {
      name: 'end refused', agent: { kind: 'builtin', policy: 'scripted', promptStyle: 'language' }, seeds: [4], episodes: 1, stepLimit: 20, parallel: 1, requestsPerMinute: 0,
    };
    const blockedBy: string[] = [];
    const sink: EpisodeContext['sink'] = {
      createSession: (input) => store.createSession(input),
      appendStep: (id, step) => store.appendStep(id, step),
      retryWrites: () => store.retryWrites(),
      endSession: (id, end, options) => {
        // Storage fills up just as the end is written.
        fullDisk();
        return store.endSession(id, end, options);
      },
    };
    const ctx: EpisodeContext = {
      sink, renderer: new FrameRenderer(pack), encoder: PORTABLE_FRAME_ENCODER, texturePack: { name: pack.name, sha256: pack.hash }, control: new RunControl(),
      appVersion: '0.1.0', crafterVersion: '1.8.3', onLive: () => undefined,
      onStorageBlocked: async (error) => {
        blockedBy.push(error.message);
        await store.deleteSessions([old]);
      },
    };
    const [plan] = episodePlans(config);
    const result = await runEpisode(plan, createRunAgents(config).forEpisode(plan), ctx);
    expect(blockedBy).toHaveLength(1);
    expect(result).toMatchObject({ status: 'step_limit', length: 20 });
    const session = (await store.listSessions()).find((s) => s.id === result.sessionId);
    expect(session).toMatchObject({ state: 'ended', endReason: 'step_limit', length: 20 });
    expect((await store.readSession(result.sessionId!)).steps).toHaveLength(21);
  });
});

describe('memory-only mode', () => {
  it('says it keeps nothing, and why', async () => {
    const store = await openMemoryTraceStore({ sql: await sqlJs(), reason: 'IndexedDB is disabled in private windows' });
    expect(store.status()).toMatchObject({ persistence: 'memory', memoryReason: 'IndexedDB is disabled in private windows' });
    const plain = await openMemoryTraceStore({ sql: await sqlJs() });
    expect(plain.status()).toMatchObject({ persistence: 'memory', memoryReason: expect.stringMatching(/memory/) });
    const durable = await open(newIndexedDB());
    expect(durable.status()).toMatchObject({ persistence: 'indexeddb', memoryReason: null });
  });
});
