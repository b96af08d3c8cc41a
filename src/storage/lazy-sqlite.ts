// Opens an SQLite file that stays where it is (a File, a file on disk) as a read-only sql.js database: SQLite reads
// the pages it needs through a synchronous read, so a file of any size is read in pieces, never whole.
//
// sql.js keeps a database as an Emscripten in-memory file whose contents it reads with `contents.subarray(a, b)`.
// Given an object that answers subarray() from the source, it reads through that object instead of copying the file.
import type { Database, SqlJsStatic } from 'sql.js';
import type { ByteSource } from './byte-source.ts';
import { StorageError } from './errors.ts';

const CHUNK = 256 * 1024;
const CHUNKS_KEPT = 16;

/** The source as sql.js's file contents: reads go through a small cache of aligned chunks. */
class LazyContents {
  readonly length: number;
  private readonly chunks = new Map<number, Uint8Array>();

  constructor(private readonly readSync: (offset: number, length: number) => Uint8Array, size: number, private readonly walHeader: boolean) {
    this.length = size;
  }

  private chunk(index: number): Uint8Array {
    let chunk = this.chunks.get(index);
    if (chunk) {
      this.chunks.delete(index);
    } else {
      chunk = this.readSync(index * CHUNK, Math.min(CHUNK, this.length - index * CHUNK));
      // A file saved in WAL mode is read as a rollback-journal file: sql.js has no shared memory for WAL.
      if (index === 0 && this.walHeader && chunk.length > 19) {
        chunk = chunk.slice();
        chunk[18] = 1;
        chunk[19] = 1;
      }
      if (this.chunks.size >= CHUNKS_KEPT) this.chunks.delete(this.chunks.keys().next().value!);
    }
    this.chunks.set(index, chunk);
    return chunk;
  }

  subarray(start: number, end: number): Uint8Array {
    const out = new Uint8Array(end - start);
    for (let at = start; at < end; ) {
      const index = Math.floor(at / CHUNK);
      const chunk = this.chunk(index);
      const from = at - index * CHUNK;
      const n = Math.min(chunk.length - from, end - at);
      if (n <= 0) throw new StorageError('truncated', 'the file ended before SQLite expected it to');
      out.set(chunk.subarray(from, from + n), at - start);
      at += n;
    }
    return out;
  }

  /** sql.js takes over the array it is given by slicing it; the lazy contents are their own slice. */
  slice(start: number, end: number): LazyContents {
    if (start !== 0 || end !== this.length) throw new Error('lazy SQLite contents are only taken whole');
    return this;
  }

  set(): void {
    throw new Error('the file is opened read-only');
  }
}

/** Opens `source` read-only without reading it into memory; the header must already have been checked. */
export function openLazySqlite(sql: SqlJsStatic, source: ByteSource, head: Uint8Array): Database {
  if (!source.readSync) throw new StorageError('invalid_input', `${source.what} cannot be read piece by piece here`);
  const contents = new LazyContents(source.readSync, source.size, head[18] === 2 || head[19] === 2);
  const db = new sql.Database(contents as unknown as Uint8Array);
  db.exec('PRAGMA query_only = 1');
  return db;
}
