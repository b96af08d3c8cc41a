// Downloads (one SQLite file, or a zip of per-session files composed from the stored files) and imports back:
// merge skips sessions the store has, replace never touches a session being recorded.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { crc32 } from '../../src/lib/crc32.ts';
import { IdbBackend } from '../../src/storage/backends/idb.ts';
import { exportedBytes, openMemoryTraceStore, openTraceFile, openTraceStore, type ExportedFile, type SessionTrace, type TraceStore } from '../../src/storage/index.ts';
import { humanStep, modelSessionInput, modelStep, newIndexedDB, rawIndexedDB, sessionInput, sqlJs } from './storage-fixtures.ts';

const SQLITE3 = '/usr/bin/sqlite3';
const UNZIP = '/usr/bin/unzip';
const scratch = mkdtempSync(join(tmpdir(), 'crafter-downloads-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

/** A durable store of three ended sessions (human, model, human) and their traces. */
async function storeOfThree(): Promise<{ store: TraceStore; indexedDB: IDBFactory; traces: Map<string, SessionTrace> }> {
  const indexedDB = newIndexedDB();
  const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
  for (const [n, model] of [[0, false], [1, true], [2, false]] as const) {
    const { id } = await store.createSession(model ? modelSessionInput({ startedAt: `2025-01-0${n + 1}T00:00:00.000Z` }) : sessionInput({ startedAt: `2025-01-0${n + 1}T00:00:00.000Z`, seed: n }));
    for (let i = 0; i < 12 + n; i++) await store.appendStep(id, model ? modelStep(i) : humanStep(i));
    await store.endSession(id, { endReason: 'step_limit' });
  }
  const traces = new Map<string, SessionTrace>();
  for (const session of await store.listSessions()) traces.set(session.id, await store.readSession(session.id));
  return { store, indexedDB, traces };
}

async function expectSameSessions(bytes: Uint8Array, traces: Map<string, SessionTrace>): Promise<void> {
  const copy = await openMemoryTraceStore({ sql: await sqlJs(), bytes });
  expect((await copy.listSessions()).map((s) => s.id).sort()).toEqual([...traces.keys()].sort());
  for (const [id, trace] of traces) {
    const read = await copy.readSession(id);
    expect(read.steps).toEqual(trace.steps);
    const { bytes: _a, ...session } = read.session;
    const { bytes: _b, ...original } = trace.session;
    expect(session).toEqual(original);
  }
}

/** Writes the download to a file and returns its path. */
async function saved(file: ExportedFile, name: string): Promise<string> {
  const path = join(scratch, name);
  writeFileSync(path, await exportedBytes(file));
  return path;
}

const shell = (args: string[]) => spawnSync(SQLITE3, args, { encoding: 'utf8' });

describe('downloads', () => {
  it('a zip of per-session files: each member opens in sql.js and imports back whole, the zip too', async () => {
    const { store, traces } = await storeOfThree();
    const file = await store.exportFile(undefined, { singleFileMaxBytes: 0, now: new Date('2025-03-04T05:06:07Z') });
    expect(file).toMatchObject({ kind: 'zip', name: 'crafter-traces-2025-03-04T05-06-07.zip', sessions: 3, leftOut: [] });
    const bytes = await exportedBytes(file);
    expect(bytes.length).toBe(file.bytes);
    const members = unzipSync(bytes);
    expect(Object.keys(members).sort()).toEqual(['README.txt', ...[...traces.keys()].map((id) => `sessions/${id}.db`)].sort());
    const sql = await sqlJs();
    for (const [id, trace] of traces) {
      const member = members[`sessions/${id}.db`];
      const db = new sql.Database(member);
      expect(db.exec('SELECT session_id FROM session_traces')[0].values).toEqual([[id]]);
      expect(db.exec('PRAGMA integrity_check')[0].values).toEqual([['ok']]);
      db.close();
      const alone = await openTraceFile({ sql, file: member });
      expect((await alone.readSession(id)).steps).toEqual(trace.steps);
    }
    await expectSameSessions(bytes, traces);
  });

  it.skipIf(!existsSync(SQLITE3) || !existsSync(UNZIP))('a zip the unzip tool tests clean, whose members the sqlite3 shell opens (skipped where /usr/bin/sqlite3 or unzip is absent)', async () => {
    const { store, traces } = await storeOfThree();
    const path = await saved(await store.exportFile(undefined, { singleFileMaxBytes: 0 }), 'sessions.zip');
    const tested = spawnSync(UNZIP, ['-t', path], { encoding: 'utf8' });
    expect(tested.stdout).toMatch(/No errors detected/);
    spawnSync(UNZIP, ['-o', '-q', path, '-d', join(scratch, 'unzipped')]);
    for (const [id, trace] of traces) {
      const member = join(scratch, 'unzipped', 'sessions', `${id}.db`);
      const out = shell([member, 'PRAGMA integrity_check; SELECT count(*) FROM session_timesteps; SELECT source FROM session_traces;']);
      expect(out.stderr).toBe('');
      expect(out.stdout.trim().split('\n')).toEqual(['ok', String(trace.steps.length), trace.session.source]);
    }
  });

  it('one SQLite file below the single-file size: opens in sql.js, imports back whole', async () => {
    const { store, traces } = await storeOfThree();
    const file = await store.exportFile();
    expect(file).toMatchObject({ kind: 'sqlite', sessions: 3, leftOut: [] });
    const bytes = await exportedBytes(file);
    const sql = await sqlJs();
    const db = new sql.Database(bytes);
    expect(db.exec('PRAGMA integrity_check')[0].values).toEqual([['ok']]);
    expect(db.exec('SELECT count(*) FROM session_traces')[0].values).toEqual([[3]]);
    db.close();
    await expectSameSessions(bytes, traces);
    const chosen = [...traces.keys()][1];
    await expectSameSessions(await exportedBytes(await store.exportFile([chosen])), new Map([[chosen, traces.get(chosen)!]]));
  });

  it.skipIf(!existsSync(SQLITE3))('one SQLite file the sqlite3 shell opens (skipped where /usr/bin/sqlite3 is absent)', async () => {
    const { store, traces } = await storeOfThree();
    const path = await saved(await store.exportFile(), 'sessions.db');
    const out = shell([path, 'PRAGMA integrity_check; SELECT count(*) FROM session_traces; SELECT count(*) FROM session_timesteps;']);
    expect(out.stderr).toBe('');
    expect(out.stdout.trim().split('\n')).toEqual(['ok', '3', String([...traces.values()].reduce((n, t) => n + t.steps.length, 0))]);
  });

  it('composes the zip from the stored files as they are, reading none of them into memory', async () => {
    const { store, indexedDB, traces } = await storeOfThree();
    const stored = new Set<unknown>();
    const realRead = IdbBackend.prototype.readFile;
    vi.spyOn(IdbBackend.prototype, 'readFile').mockImplementation(async function (this: IdbBackend, id: string) {
      const file = await realRead.call(this, id);
      stored.add(file);
      return file;
    });
    const reads = [vi.spyOn(Blob.prototype, 'arrayBuffer'), vi.spyOn(Blob.prototype, 'stream'), vi.spyOn(Blob.prototype, 'bytes'), vi.spyOn(Blob.prototype, 'text')];
    const file = await store.exportFile(undefined, { singleFileMaxBytes: 0 });
    const parts: (Uint8Array | Blob)[] = [];
    for await (const part of file.parts()) parts.push(part);
    for (const read of reads) expect(read).not.toHaveBeenCalled();
    const blobs = parts.filter((part): part is Blob => part instanceof Blob);
    expect(blobs).toHaveLength(3);
    for (const blob of blobs) expect(stored.has(blob)).toBe(true);
    // The other parts are headers and the README: small.
    expect(Math.max(...parts.filter((p) => p instanceof Uint8Array).map((p) => (p as Uint8Array).length))).toBeLessThan(1024);
    // Each stored file is the sealed session, whose size and CRC-32 the zip declares.
    const raw = await rawIndexedDB(indexedDB, 'traces');
    for (const id of traces.keys()) {
      const blob = (await raw.get('files', id)) as Blob;
      const entry = (await raw.get('catalog', id)) as { file: { bytes: number; crc32: number } };
      expect(entry.file).toEqual({ bytes: blob.size, crc32: crc32(new Uint8Array(await blob.arrayBuffer())) });
    }
    raw.close();
  });
});

describe('imports into a store', () => {
  async function fileOf(...sessions: { id?: string; steps: number }[]): Promise<{ bytes: Uint8Array; ids: string[] }> {
    const other = await openMemoryTraceStore({ sql: await sqlJs() });
    const ids: string[] = [];
    for (const [n, s] of sessions.entries()) {
      const { id } = await other.createSession(sessionInput({ startedAt: `2025-02-0${n + 1}T00:00:00.000Z`, seed: 100 + n }));
      for (let i = 0; i < s.steps; i++) await other.appendStep(id, humanStep(i));
      await other.endSession(id);
      ids.push(id);
    }
    return { bytes: await exportedBytes(await other.exportFile()), ids };
  }

  it('merge adds the new sessions and skips those the store has, leaving them as they were', async () => {
    const { store, traces } = await storeOfThree();
    const [present] = traces.keys();
    const { bytes, ids } = await fileOf({ steps: 4 }, { steps: 6 });
    // A file that also holds a session the store already has (changed there: it must not replace ours).
    const own = await openMemoryTraceStore({ sql: await sqlJs(), bytes });
    await own.importFile(await exportedBytes(await store.exportFile([present])), { mode: 'merge' });
    const both = await exportedBytes(await own.exportFile());
    const result = await store.importFile(both, { mode: 'merge' });
    expect(result).toEqual({ imported: ids, skipped: [present], steps: 3 + 5 });
    expect(await store.readSession(present)).toEqual(traces.get(present));
    expect(await store.countSessions()).toBe(5);
    const again = await store.importFile(both, { mode: 'merge' });
    expect(again).toEqual({ imported: [], skipped: expect.arrayContaining([present, ...ids]), steps: 0 });
  });

  it('replace makes the file the store, except a session being recorded, which goes on', async () => {
    const { store, indexedDB } = await storeOfThree();
    const live = await store.createSession(sessionInput({ seed: 42 }));
    for (let i = 0; i < 5; i++) await store.appendStep(live.id, humanStep(i));
    const { bytes, ids } = await fileOf({ steps: 3 });
    const result = await store.importFile(bytes, { mode: 'replace' });
    expect(result).toEqual({ imported: ids, skipped: [], steps: 2 });
    expect((await store.listSessions()).map((s) => s.id).sort()).toEqual([live.id, ...ids].sort());
    for (let i = 5; i < 9; i++) await store.appendStep(live.id, humanStep(i));
    await store.endSession(live.id, { endReason: 'died' });
    expect((await store.readSession(live.id)).steps.map((s) => s.stepIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // The replaced sessions' bytes are gone from IndexedDB at once.
    const raw = await rawIndexedDB(indexedDB, 'traces');
    expect([await raw.count('catalog'), await raw.count('files'), await raw.count('batches')]).toEqual([2, 2, 0]);
    raw.close();
    const reopened = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    expect((await reopened.listSessions()).map((s) => [s.id, s.state])).toEqual(expect.arrayContaining([[live.id, 'ended'], [ids[0], 'ended']]));
  });

  it('replace by a file holding the recorded session itself still leaves that session alone', async () => {
    const { store } = await storeOfThree();
    const live = await store.createSession(sessionInput());
    for (let i = 0; i < 3; i++) await store.appendStep(live.id, humanStep(i));
    const bytes = await exportedBytes(await store.exportFile([live.id]));
    const result = await store.importFile(bytes, { mode: 'replace' });
    expect(result).toEqual({ imported: [], skipped: [live.id], steps: 0 });
    expect((await store.listSessions()).map((s) => [s.id, s.state])).toEqual([[live.id, 'recording']]);
    await store.appendStep(live.id, humanStep(3));
    expect((await store.readSession(live.id)).steps).toHaveLength(4);
  });
});
