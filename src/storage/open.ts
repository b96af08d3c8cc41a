// Ways to open a trace store: durable in IndexedDB, in memory only, or a downloaded file read in place.
import type { SqlJsStatic } from 'sql.js';
import type { StoreBackend } from './backend.ts';
import { IdbBackend } from './backends/idb.ts';
import { MemoryBackend } from './backends/memory.ts';
import type { ByteSource } from './byte-source.ts';
import { StorageError } from './errors.ts';
import { openTraceReader } from './file-reader.ts';
import { migrateLegacyStore } from './legacy.ts';
import { acquireStoreLock, type HeldLock } from './tab-lock.ts';
import { SessionStore, type TraceReader, type TraceStore } from './trace-store.ts';

export interface OpenTraceStoreOptions {
  /** The object initSqlJs() resolved to (see loadSqlJs). */
  sql: SqlJsStatic;
  /** Name of the IndexedDB database. */
  idbName: string;
  /** Defaults to globalThis.indexedDB; must be the implementation whose classes are the global IDB* ones (idb checks them). */
  indexedDB?: IDBFactory;
  /**
   * IndexedDB commit durability. "relaxed" (default) survives closing or crashing the tab or the browser;
   * "strict" also survives an operating-system crash or power loss, at a disk flush per batch.
   */
  durability?: 'relaxed' | 'strict';
  /** Defaults to navigator.locks where it exists. */
  locks?: LockManager;
}

export function checkSql(sql: SqlJsStatic | undefined): asserts sql is SqlJsStatic {
  if (typeof sql?.Database !== 'function') {
    throw new StorageError('sql_init_failed', 'options.sql must be the sql.js module that initSqlJs() (or loadSqlJs()) resolved to');
  }
}

/**
 * A store over `backend`: its catalog loaded and, unless `recover` is false, sessions left open by an earlier page
 * or process recovered in the background; `problem` is a failure met while opening, for status().
 */
export async function openStoreOn(
  sql: SqlJsStatic,
  backend: StoreBackend,
  lock: HeldLock | null,
  memoryReason: string | null = null,
  options: { problem?: string | null; recover?: boolean } = {},
): Promise<TraceStore> {
  const entries = await backend.loadCatalog();
  return new SessionStore(sql, backend, entries, lock, memoryReason, options);
}

/** Opens (or creates) the durable store in IndexedDB; only one tab or worker may hold it. */
export async function openTraceStore(options: OpenTraceStoreOptions): Promise<TraceStore> {
  checkSql(options.sql);
  if (typeof options.idbName !== 'string' || options.idbName.length === 0) {
    throw new StorageError('invalid_input', 'openTraceStore needs a non-empty idbName');
  }
  const factory = 'indexedDB' in options ? options.indexedDB : globalThis.indexedDB;
  const locks = options.locks ?? (globalThis.navigator as Navigator | undefined)?.locks;
  const lock = await acquireStoreLock(`crafter-web-traces:${options.idbName}`, locks);
  let backend: IdbBackend | undefined;
  try {
    backend = await IdbBackend.open(factory, options.idbName, options.durability ?? 'relaxed');
    let problem: string | null = null;
    if (await backend.hasLegacyData()) {
      const problems = await migrateLegacyStore({ sql: options.sql, backend }, backend);
      if (problems.length) problem = `some sessions of the old store layout could not be moved and stay where they were: ${problems.join('; ')}`;
    }
    return await openStoreOn(options.sql, backend, lock, null, { problem });
  } catch (error) {
    backend?.close();
    lock?.release();
    throw error;
  }
}

export interface OpenMemoryTraceStoreOptions {
  sql: SqlJsStatic;
  /** Why the store is in memory only, for the page to show. */
  reason?: string;
  /** Start with the sessions of this trace file (it is copied; the bytes are not changed). */
  bytes?: Uint8Array;
}

/** A store kept only in this process's memory: for tests and scripts, or when IndexedDB is unavailable. */
export async function openMemoryTraceStore(options: OpenMemoryTraceStoreOptions): Promise<TraceStore> {
  checkSql(options.sql);
  const store = await openStoreOn(options.sql, new MemoryBackend(), null, options.reason ?? 'this store was opened in memory');
  if (options.bytes) await store.importFile(options.bytes, { mode: 'merge' });
  return store;
}

/** Opens a downloaded trace file (or a zip of them) to read, in place: memory holds one session at a time. */
export async function openTraceFile(options: { sql: SqlJsStatic; file: Uint8Array | Blob | ByteSource }): Promise<TraceReader> {
  checkSql(options.sql);
  return openTraceReader(options.sql, options.file);
}
