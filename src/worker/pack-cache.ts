// Texture packs the user loaded (Crafter's original, say), kept in IndexedDB so they survive reloads.
import { openDB, type IDBPDatabase } from 'idb';

const DB_NAME = 'crafter-web-packs';
const STORE = 'packs';
const SELECTED = 'selected';

export interface CachedPack {
  name: string;
  hash: string;
  files: Record<string, Uint8Array>;
}

export class PackCache {
  private constructor(private readonly db: IDBPDatabase) {}

  static async open(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<PackCache | null> {
    if (!factory) return null;
    const db = await openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore(STORE);
      },
    });
    return new PackCache(db);
  }

  /** Remember `pack` as the one to use after a reload. */
  async select(pack: CachedPack | null): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    if (pack) await tx.store.put(pack, SELECTED);
    else await tx.store.delete(SELECTED);
    await tx.done;
  }

  async selected(): Promise<CachedPack | null> {
    return ((await this.db.get(STORE, SELECTED)) as CachedPack | undefined) ?? null;
  }
}
