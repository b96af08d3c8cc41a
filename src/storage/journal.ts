// IndexedDB side of durability: an append-only journal of rows, and one SQLite snapshot with its watermark.
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { StorageError, idbError } from './errors.ts';
import { stepRowBytes, type SessionEndRow, type SessionRow, type StepRow } from './rows.ts';
import type { ImportMode } from './types.ts';

/** Version of the journal entry format; a newer app replays every older version. */
export const JOURNAL_FORMAT = 1;
const IDB_VERSION = 1;

export type JournalOp =
  | { kind: 'session'; row: SessionRow }
  | { kind: 'step'; row: StepRow }
  | { kind: 'end'; row: SessionEndRow }
  | { kind: 'delete'; sessionId: string }
  | { kind: 'import'; mode: ImportMode; bytes: Uint8Array };

/** Approximate bytes an operation adds to the journal. */
export function journalOpBytes(op: JournalOp): number {
  switch (op.kind) {
    case 'step':
      return stepRowBytes(op.row);
    case 'import':
      return op.bytes.length;
    default:
      return 500;
  }
}

interface StoredOp {
  format: number;
  op: JournalOp;
}

export interface Snapshot {
  /** The SQLite file. */
  bytes: Uint8Array;
  /** Sequence number of the last journal entry the file contains. */
  watermark: number;
  schemaVersion: number;
  createdAt: string;
}

export interface JournalEntry {
  seq: number;
  op: JournalOp;
}

/** The snapshot as stored: the file as a Blob, which browsers keep out of line and Node clones without copying. */
interface StoredSnapshot {
  file: Blob;
  watermark: number;
  schemaVersion: number;
  createdAt: string;
}

interface TraceIdbSchema extends DBSchema {
  journal: { key: number; value: StoredOp };
  snapshot: { key: string; value: StoredSnapshot };
}

const SNAPSHOT_KEY = 'current';

/** A request fails with AbortError when its transaction aborts; the transaction's error says why (e.g. quota). */
function transactionError(tx: { error: DOMException | null } | undefined, error: unknown): unknown {
  const name = typeof error === 'object' && error !== null && 'name' in error ? error.name : '';
  return name === 'AbortError' && tx?.error ? tx.error : error;
}

function openRequest(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, IDB_VERSION);
    } catch (error) {
      reject(idbError(error, `opening IndexedDB database "${name}"`));
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('journal')) db.createObjectStore('journal', { autoIncrement: true });
      if (!db.objectStoreNames.contains('snapshot')) db.createObjectStore('snapshot');
    };
    request.onblocked = () => {
      reject(new StorageError('store_in_use', `IndexedDB database "${name}" is held open by an older version of the app in another tab; close it and retry`));
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      const error = request.error;
      if (error?.name === 'VersionError') {
        reject(new StorageError('newer_schema', `IndexedDB database "${name}" was written by a newer version of the app; update the app to open it`, { cause: error }));
      } else {
        reject(idbError(error, `opening IndexedDB database "${name}"`));
      }
    };
  });
}

export class IdbJournal {
  private closedReason: string | null = null;

  private constructor(
    private readonly db: IDBPDatabase<TraceIdbSchema>,
    private readonly durability: IDBTransactionDurability,
  ) {
    const raw = db as unknown as IDBDatabase;
    raw.onversionchange = () => {
      this.closedReason = 'another tab deleted or upgraded the IndexedDB database';
      db.close();
    };
    raw.onclose = () => {
      this.closedReason = 'the browser closed the IndexedDB database (storage cleared or an I/O error)';
    };
  }

  static async open(factory: IDBFactory | undefined, name: string, durability: IDBTransactionDurability): Promise<IdbJournal> {
    if (!factory) {
      throw new StorageError('idb_unavailable', 'IndexedDB is not available here; open an in-memory store (openMemoryTraceStore) instead');
    }
    const raw = await openRequest(factory, name);
    return new IdbJournal(wrap(raw) as IDBPDatabase<TraceIdbSchema>, durability);
  }

  private ensureOpen(doing: string): void {
    if (this.closedReason) {
      throw new StorageError('idb_unavailable', `IndexedDB is unavailable while ${doing}: ${this.closedReason}; nothing was written. Download the store (exportSqlite) to keep what is recorded.`);
    }
  }

  /** The snapshot and the journal entries after its watermark, in order (older entries are trimmed by the next snapshot). */
  async load(): Promise<{ snapshot: Snapshot | null; tail: JournalEntry[] }> {
    this.ensureOpen('loading the store');
    try {
      const tx = this.db.transaction(['snapshot', 'journal'], 'readonly');
      const [stored, keys, values] = await Promise.all([
        tx.objectStore('snapshot').get(SNAPSHOT_KEY),
        tx.objectStore('journal').getAllKeys(),
        tx.objectStore('journal').getAll(),
        tx.done,
      ]);
      const watermark = stored?.watermark ?? 0;
      const tail: JournalEntry[] = [];
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] <= watermark) continue;
        const stored = values[i];
        if (stored.format > JOURNAL_FORMAT) {
          throw new StorageError('newer_schema', `journal entry ${keys[i]} has format ${stored.format}, newer than this app's ${JOURNAL_FORMAT}; update the app`);
        }
        tail.push({ seq: keys[i], op: stored.op });
      }
      const snapshot: Snapshot | null = stored
        ? { bytes: new Uint8Array(await stored.file.arrayBuffer()), watermark, schemaVersion: stored.schemaVersion, createdAt: stored.createdAt }
        : null;
      return { snapshot, tail };
    } catch (error) {
      throw idbError(error, 'loading the store');
    }
  }

  /** Resolves with the entry's sequence number once its transaction has committed. */
  async append(op: JournalOp): Promise<number> {
    this.ensureOpen('saving a change');
    let tx: IDBPTransaction<TraceIdbSchema, ['journal'], 'readwrite'> | undefined;
    try {
      tx = this.db.transaction('journal', 'readwrite', { durability: this.durability });
      const [seq] = await Promise.all([tx.store.add({ format: JOURNAL_FORMAT, op }), tx.done]);
      return seq;
    } catch (error) {
      throw idbError(transactionError(tx, error), 'saving a change');
    }
  }

  async writeSnapshot(snapshot: Snapshot): Promise<void> {
    this.ensureOpen('writing a snapshot');
    let tx: IDBPTransaction<TraceIdbSchema, ['snapshot'], 'readwrite'> | undefined;
    try {
      tx = this.db.transaction('snapshot', 'readwrite', { durability: this.durability });
      const { bytes, ...rest } = snapshot;
      await Promise.all([tx.store.put({ file: new Blob([bytes as Uint8Array<ArrayBuffer>]), ...rest }, SNAPSHOT_KEY), tx.done]);
    } catch (error) {
      throw idbError(transactionError(tx, error), 'writing a snapshot');
    }
  }

  /** Deletes journal entries the snapshot already holds. */
  async dropThrough(watermark: number): Promise<void> {
    this.ensureOpen('trimming the journal');
    try {
      const tx = this.db.transaction('journal', 'readwrite');
      const deletions: Promise<void>[] = [];
      let cursor = await tx.store.openKeyCursor();
      while (cursor && cursor.key <= watermark) {
        deletions.push(tx.store.delete(cursor.primaryKey));
        cursor = await cursor.continue();
      }
      await Promise.all([...deletions, tx.done]);
    } catch (error) {
      throw idbError(error, 'trimming the journal');
    }
  }

  close(): void {
    this.closedReason ??= 'the store was closed';
    this.db.close();
  }
}
