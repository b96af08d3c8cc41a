// The IndexedDB backend: a catalog entry per session, its journal batches until it is sealed, then its SQLite file as
// a Blob (which the browser keeps as a file of its own, so deleting it frees the bytes at once), and small documents.
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { CatalogEntry, StoreBackend, StoredFile } from '../backend.ts';
import { missingBatches, StorageError, idbError } from '../errors.ts';
import type { JsonObject } from '../types.ts';

/** Version 1 held one journal and one snapshot of the whole store (see legacy.ts); version 2 keeps sessions apart. */
export const IDB_VERSION = 2;

interface TraceIdbSchema extends DBSchema {
  catalog: { key: string; value: CatalogEntry };
  batches: { key: [string, number]; value: Uint8Array };
  files: { key: string; value: Blob };
  documents: { key: [string, string]; value: JsonObject };
  /** Version 1's whole-store journal and snapshot, read once by the migration and then emptied. */
  journal: { key: number; value: unknown };
  snapshot: { key: string; value: unknown };
}

type Store = StoreNames<TraceIdbSchema>;

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
      for (const store of ['catalog', 'files'] as const) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
      for (const store of ['batches', 'documents'] as const) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
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

const batchRange = (sessionId: string) => IDBKeyRange.bound([sessionId, 0], [sessionId, Number.MAX_SAFE_INTEGER]);

export class IdbBackend implements StoreBackend {
  readonly persistence = 'indexeddb' as const;
  private closedReason: string | null = null;

  private constructor(
    readonly db: IDBPDatabase<TraceIdbSchema>,
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

  static async open(factory: IDBFactory | undefined, name: string, durability: IDBTransactionDurability): Promise<IdbBackend> {
    if (!factory) throw new StorageError('idb_unavailable', 'IndexedDB is not available here');
    const raw = await openRequest(factory, name);
    return new IdbBackend(wrap(raw) as IDBPDatabase<TraceIdbSchema>, durability);
  }

  /** Runs `body` in one read-write transaction over `stores` and resolves when it has committed. */
  private async write(stores: Store[], doing: string, body: (tx: IDBPTransaction<TraceIdbSchema, Store[], 'readwrite'>) => Promise<unknown>[]): Promise<void> {
    if (this.closedReason) throw new StorageError('idb_unavailable', `IndexedDB is unavailable while ${doing}: ${this.closedReason}`);
    let tx: IDBPTransaction<TraceIdbSchema, Store[], 'readwrite'> | undefined;
    try {
      tx = this.db.transaction(stores, 'readwrite', { durability: this.durability });
      await Promise.all([...body(tx), tx.done]);
    } catch (error) {
      throw idbError(transactionError(tx, error), doing);
    }
  }

  private async read<T>(doing: string, body: () => Promise<T>): Promise<T> {
    if (this.closedReason) throw new StorageError('idb_unavailable', `IndexedDB is unavailable while ${doing}: ${this.closedReason}`);
    try {
      return await body();
    } catch (error) {
      throw idbError(error, doing);
    }
  }

  loadCatalog(): Promise<CatalogEntry[]> {
    return this.read('loading the session list', () => this.db.getAll('catalog'));
  }

  commitBatch(entry: CatalogEntry, seq: number, batch: Uint8Array): Promise<void> {
    return this.write(['catalog', 'batches'], 'saving steps', (tx) => [
      tx.objectStore('batches').put(batch, [entry.record.id, seq]),
      tx.objectStore('catalog').put(entry, entry.record.id),
    ]);
  }

  putEntry(entry: CatalogEntry): Promise<void> {
    return this.write(['catalog'], 'saving the session list', (tx) => [tx.objectStore('catalog').put(entry, entry.record.id)]);
  }

  /**
   * The file goes in first, in a transaction of its own, so that other sessions' batches (catalog, batches) commit
   * beside it instead of waiting for tens of megabytes; the entry that points at it follows. Should the page close in
   * between, the entry still counts the batches, and sealing again on the next opening puts the file over this one.
   */
  async seal(entry: CatalogEntry, file: Uint8Array): Promise<void> {
    const blob = new Blob([file as Uint8Array<ArrayBuffer>], { type: 'application/vnd.sqlite3' });
    await this.write(['files'], 'sealing a session', (tx) => [tx.objectStore('files').put(blob, entry.record.id)]);
    await this.write(['catalog', 'batches'], 'sealing a session', (tx) => [
      tx.objectStore('batches').delete(batchRange(entry.record.id)),
      tx.objectStore('catalog').put(entry, entry.record.id),
    ]);
  }

  readBatches(sessionId: string, first: number, last: number): Promise<Uint8Array[]> {
    return this.read('reading a session', async () => {
      const batches = await this.db.getAll('batches', IDBKeyRange.bound([sessionId, first], [sessionId, last]));
      if (batches.length < last - first + 1) throw missingBatches(sessionId, batches.length, first, last);
      return batches;
    });
  }

  readFile(sessionId: string): Promise<StoredFile> {
    return this.read('reading a session', async () => {
      const file = await this.db.get('files', sessionId);
      if (!file) throw new StorageError('corrupt', `the file of session ${sessionId} is missing`);
      return file;
    });
  }

  deleteSessions(sessionIds: string[]): Promise<void> {
    return this.write(['catalog', 'batches', 'files'], 'deleting sessions', (tx) =>
      sessionIds.flatMap((id) => [
        tx.objectStore('catalog').delete(id),
        tx.objectStore('batches').delete(batchRange(id)),
        tx.objectStore('files').delete(id),
      ]),
    );
  }

  publish(entries: CatalogEntry[], deleteIds: string[]): Promise<void> {
    return this.write(['catalog', 'batches', 'files'], 'finishing the import', (tx) => [
      ...deleteIds.flatMap((id) => [
        tx.objectStore('catalog').delete(id),
        tx.objectStore('batches').delete(batchRange(id)),
        tx.objectStore('files').delete(id),
      ]),
      ...entries.map((entry) => tx.objectStore('catalog').put(entry, entry.record.id)),
    ]);
  }

  putDocument(kind: string, id: string, value: JsonObject): Promise<void> {
    return this.write(['documents'], `saving a ${kind}`, (tx) => [tx.objectStore('documents').put(value, [kind, id])]);
  }

  listDocuments(kind: string): Promise<JsonObject[]> {
    return this.read(`reading ${kind}s`, () => this.db.getAll('documents', IDBKeyRange.bound([kind, ''], [kind, '\uffff'])));
  }

  deleteDocument(kind: string, id: string): Promise<void> {
    return this.write(['documents'], `deleting a ${kind}`, (tx) => [tx.objectStore('documents').delete([kind, id])]);
  }

  /** Whether version 1's whole-store journal or snapshot still holds data to migrate. */
  async hasLegacyData(): Promise<boolean> {
    if (!this.db.objectStoreNames.contains('snapshot')) return false;
    const [snapshots, entries] = await Promise.all([this.db.count('snapshot'), this.db.count('journal')]);
    return snapshots + entries > 0;
  }

  close(): void {
    this.closedReason ??= 'the store was closed';
    this.db.close();
  }
}
