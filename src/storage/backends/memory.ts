// A backend in this process's memory: for tests, scripts that keep nothing, and the page when IndexedDB is out of reach.
import type { CatalogEntry, StoreBackend, StoredFile } from '../backend.ts';
import { missingBatches, StorageError } from '../errors.ts';
import type { JsonObject } from '../types.ts';

const clone = <T>(value: T): T => structuredClone(value);

export class MemoryBackend implements StoreBackend {
  readonly persistence = 'memory' as const;
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly batches = new Map<string, Uint8Array[]>();
  private readonly files = new Map<string, Uint8Array>();
  private readonly documents = new Map<string, Map<string, JsonObject>>();

  async loadCatalog(): Promise<CatalogEntry[]> {
    return [...this.entries.values()].map(clone);
  }

  async commitBatch(entry: CatalogEntry, seq: number, batch: Uint8Array): Promise<void> {
    const list = this.batches.get(entry.record.id) ?? [];
    if (seq !== list.length + 1) throw new StorageError('conflict', `batch ${seq} of session ${entry.record.id} does not follow batch ${list.length}`);
    list.push(batch.slice());
    this.batches.set(entry.record.id, list);
    this.entries.set(entry.record.id, clone(entry));
  }

  async putEntry(entry: CatalogEntry): Promise<void> {
    this.entries.set(entry.record.id, clone(entry));
  }

  async seal(entry: CatalogEntry, file: Uint8Array): Promise<void> {
    this.files.set(entry.record.id, file.slice());
    this.batches.delete(entry.record.id);
    this.entries.set(entry.record.id, clone(entry));
  }

  async readBatches(sessionId: string, first: number, last: number): Promise<Uint8Array[]> {
    const batches = (this.batches.get(sessionId) ?? []).slice(first - 1, last);
    if (batches.length < last - first + 1) throw missingBatches(sessionId, batches.length, first, last);
    return batches;
  }

  async readFile(sessionId: string): Promise<StoredFile> {
    const file = this.files.get(sessionId);
    if (!file) throw new StorageError('corrupt', `the file of session ${sessionId} is missing`);
    return file;
  }

  async deleteSessions(sessionIds: string[]): Promise<void> {
    for (const id of sessionIds) {
      this.entries.delete(id);
      this.batches.delete(id);
      this.files.delete(id);
    }
  }

  async publish(entries: CatalogEntry[], deleteIds: string[]): Promise<void> {
    await this.deleteSessions(deleteIds);
    for (const entry of entries) this.entries.set(entry.record.id, clone(entry));
  }

  async putDocument(kind: string, id: string, value: JsonObject): Promise<void> {
    const docs = this.documents.get(kind) ?? new Map<string, JsonObject>();
    docs.set(id, clone(value));
    this.documents.set(kind, docs);
  }

  async listDocuments(kind: string): Promise<JsonObject[]> {
    return [...(this.documents.get(kind)?.values() ?? [])].map(clone);
  }

  async deleteDocument(kind: string, id: string): Promise<void> {
    this.documents.get(kind)?.delete(id);
  }

  close(): void {}
}
