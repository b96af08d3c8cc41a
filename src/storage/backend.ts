// Where a store keeps its bytes: IndexedDB in the page, a folder of files in Node, or memory. One small interface,
// so the store's logic (batches, sealing, recovery, import, download) is written once.
import { crc32 } from '../lib/crc32.ts';
import { StorageError } from './errors.ts';
import type { JsonObject, SessionRecord } from './types.ts';

/** What the store knows of a session without opening its data: what the session list shows, and where its data is. */
export interface CatalogEntry {
  record: SessionRecord;
  /** Durable journal batches, numbered 1..batches; the session's data until it is sealed. */
  batches: number;
  batchBytes: number;
  /** The sealed session: its SQLite file's size and CRC-32 (for zips built without reading it again). */
  file: { bytes: number; crc32: number } | null;
  /** Set while an import is under way: the session is hidden until the import publishes it, and dropped if it never does. */
  staged: string | null;
}

export type Persistence = 'indexeddb' | 'files' | 'memory';

/** A stored session file: bytes in memory, or a Blob the browser keeps on disk. */
export type StoredFile = Uint8Array | Blob;

export interface StoreBackend {
  readonly persistence: Persistence;
  loadCatalog(): Promise<CatalogEntry[]>;
  /** Makes one batch of a session and its updated entry durable together. */
  commitBatch(entry: CatalogEntry, seq: number, batch: Uint8Array): Promise<void>;
  putEntry(entry: CatalogEntry): Promise<void>;
  /** Stores the session's file with its final entry and drops its batches, all at once. */
  seal(entry: CatalogEntry, file: Uint8Array): Promise<void>;
  /** Batches `first` to `last` (numbered from 1) of a session, in order; all of them, or a 'corrupt' error. */
  readBatches(sessionId: string, first: number, last: number): Promise<Uint8Array[]>;
  readFile(sessionId: string): Promise<StoredFile>;
  /** Deletes the sessions and everything they own in one step; their bytes are freed at once. */
  deleteSessions(sessionIds: string[]): Promise<void>;
  /** Makes staged entries visible and deletes the given sessions, in one step (the end of an import). */
  publish(entries: CatalogEntry[], deleteIds: string[]): Promise<void>;
  putDocument(kind: string, id: string, value: JsonObject): Promise<void>;
  listDocuments(kind: string): Promise<JsonObject[]>;
  deleteDocument(kind: string, id: string): Promise<void>;
  close(): void;
}

/** Reads a stored file into memory (sessions are bounded; the store never reads more than one at a time for itself). */
export async function storedBytes(file: StoredFile): Promise<Uint8Array> {
  return file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer());
}

/** A sealed session's stored file, refused unless it has the size it was sealed with (what can be checked without reading it). */
export function checkedSize<T extends StoredFile>(entry: CatalogEntry, file: T): T {
  const saved = entry.file!.bytes;
  const size = file instanceof Uint8Array ? file.length : file.size;
  const what = `the stored file of session ${entry.record.id}`;
  if (size < saved) throw new StorageError('truncated', `${what} is truncated: ${size} of its ${saved} bytes are left`);
  if (size !== saved) throw new StorageError('corrupt', `${what} has changed since it was saved (it is ${size} bytes, not ${saved})`);
  return file;
}

/** A sealed session's bytes, refused unless they have the size and CRC-32 it was sealed with. */
export function checkedBytes(entry: CatalogEntry, bytes: Uint8Array): Uint8Array {
  checkedSize(entry, bytes);
  if (crc32(bytes) !== entry.file!.crc32) throw new StorageError('corrupt', `the stored file of session ${entry.record.id} has changed since it was saved (its CRC-32 differs)`);
  return bytes;
}
