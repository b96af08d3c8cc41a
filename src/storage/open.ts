// Ways to open a trace store: durable in IndexedDB, in memory only, or a downloaded file read-only.
import type { SqlJsStatic } from 'sql.js';
import { applyOp } from './apply-op.ts';
import { StorageError, describeError } from './errors.ts';
import { IdbJournal, journalOpBytes, type JournalEntry } from './journal.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { acquireStoreLock } from './tab-lock.ts';
import { TraceDb } from './trace-db.ts';
import { DEFAULT_SNAPSHOT_POLICY, SqlTraceStore, type SnapshotPolicy, type TraceReader, type TraceStore } from './trace-store.ts';

export interface OpenTraceStoreOptions {
  /** The object initSqlJs() resolved to (see loadSqlJs). */
  sql: SqlJsStatic;
  /** Name of the IndexedDB database holding the journal and snapshot. */
  idbName: string;
  /** Defaults to globalThis.indexedDB; must be the implementation whose classes are the global IDB* ones (idb checks them). */
  indexedDB?: IDBFactory;
  /**
   * IndexedDB commit durability. "relaxed" (default) survives closing or crashing the tab or the browser;
   * "strict" also survives an operating-system crash or power loss, at several milliseconds per step.
   */
  durability?: 'relaxed' | 'strict';
  snapshotPolicy?: Partial<SnapshotPolicy>;
  /** Defaults to navigator.locks where it exists. */
  locks?: LockManager;
}

function checkSql(sql: SqlJsStatic | undefined): asserts sql is SqlJsStatic {
  if (typeof sql?.Database !== 'function') {
    throw new StorageError('sql_init_failed', 'options.sql must be the sql.js module that initSqlJs() (or loadSqlJs()) resolved to');
  }
}

function replay(tdb: TraceDb, sql: SqlJsStatic, tail: JournalEntry[]): void {
  if (tail.length === 0) return;
  tdb.begin();
  for (const entry of tail) {
    try {
      applyOp(tdb, sql, entry.op);
    } catch (error) {
      tdb.rollback();
      throw new StorageError(
        'corrupt',
        `the stored journal entry ${entry.seq} (${entry.op.kind}) cannot be replayed: ${describeError(error)}; IndexedDB was left untouched`,
        { cause: error },
      );
    }
  }
  tdb.commit();
}

/** Opens (or creates) the durable store: the last snapshot plus the journal written after it. */
export async function openTraceStore(options: OpenTraceStoreOptions): Promise<TraceStore> {
  checkSql(options.sql);
  if (typeof options.idbName !== 'string' || options.idbName.length === 0) {
    throw new StorageError('invalid_input', 'openTraceStore needs a non-empty idbName');
  }
  const factory = 'indexedDB' in options ? options.indexedDB : globalThis.indexedDB;
  const locks = options.locks ?? (globalThis.navigator as Navigator | undefined)?.locks;
  const lock = await acquireStoreLock(`crafter-web-traces:${options.idbName}`, locks);
  let journal: IdbJournal | undefined;
  let tdb: TraceDb | undefined;
  try {
    journal = await IdbJournal.open(factory, options.idbName, options.durability ?? 'relaxed');
    const { snapshot, tail } = await journal.load();
    tdb = snapshot ? TraceDb.fromBytes(options.sql, snapshot.bytes, 'the stored snapshot', { verify: false }) : TraceDb.create(options.sql);
    replay(tdb, options.sql, tail);
    const state = {
      journal,
      lastSeq: tail.length ? tail[tail.length - 1].seq : (snapshot?.watermark ?? 0),
      entries: tail.length,
      bytes: 0,
      snapshotBytes: snapshot?.bytes.length ?? 0,
      lastSnapshotAt: snapshot?.createdAt ?? null,
      retryAtBytes: 0,
    };
    const policy = { ...DEFAULT_SNAPSHOT_POLICY, ...options.snapshotPolicy };
    const store = new SqlTraceStore(options.sql, tdb, 'indexeddb', state, policy, lock);
    // The replayed tail counts toward the next snapshot; a snapshot of an older schema is rewritten soon.
    state.bytes = tail.reduce((sum, entry) => sum + journalOpBytes(entry.op), 0);
    if (snapshot && snapshot.schemaVersion < SCHEMA_VERSION) state.bytes = Math.max(state.bytes, policy.minJournalBytes);
    store.scheduleSnapshotIfDue();
    return store;
  } catch (error) {
    tdb?.close();
    journal?.close();
    lock?.release();
    throw error;
  }
}

export interface OpenMemoryTraceStoreOptions {
  sql: SqlJsStatic;
  /** Start from this trace file (it is copied; the bytes are not changed). */
  bytes?: Uint8Array;
}

/** A store kept only in this process's memory: for Node scripts, tests, or when IndexedDB is unavailable. */
export async function openMemoryTraceStore(options: OpenMemoryTraceStoreOptions): Promise<TraceStore> {
  checkSql(options.sql);
  const tdb = options.bytes
    ? TraceDb.fromBytes(options.sql, options.bytes, 'the given file', { verify: true })
    : TraceDb.create(options.sql);
  return new SqlTraceStore(options.sql, tdb, 'memory', null, DEFAULT_SNAPSHOT_POLICY, null);
}

/** Opens a downloaded trace file for reading; an older schema is upgraded in a private copy. */
export async function openTraceFile(options: { sql: SqlJsStatic; bytes: Uint8Array }): Promise<TraceReader> {
  checkSql(options.sql);
  if (!(options.bytes instanceof Uint8Array)) throw new StorageError('invalid_input', 'openTraceFile needs the file as a Uint8Array');
  const tdb = TraceDb.fromBytes(options.sql, options.bytes, 'the trace file', { verify: true });
  return new SqlTraceStore(options.sql, tdb, 'read-only', null, DEFAULT_SNAPSHOT_POLICY, null);
}
