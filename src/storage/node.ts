// The trace store in Node: a folder of per-session files (the same SQLite files the page keeps in IndexedDB),
// read and written by the CLI tools and the headless runner; and files on disk read in place.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { SqlJsStatic } from 'sql.js';
import { FilesBackend } from './backends/files.ts';
import type { ByteSource } from './byte-source.ts';
import { checkSql, openStoreOn } from './open.ts';
import type { TraceStore } from './trace-store.ts';
import type { ExportedFile } from './types.ts';

export { FilesBackend, STORE_MARKER } from './backends/files.ts';

export interface OpenTraceDirOptions {
  sql: SqlJsStatic;
  dir: string;
  durability?: 'relaxed' | 'strict';
  /**
   * Default true: sessions left open in the folder are marked interrupted and sealed. Several threads or processes
   * may record into one folder at once: one opens it first with recovery, the others with `recover: false`, so
   * none takes another's open sessions for leftovers.
   */
  recover?: boolean;
}

/** Opens (or creates) the store in folder `dir`. */
export async function openTraceDir(options: OpenTraceDirOptions): Promise<TraceStore> {
  checkSql(options.sql);
  return openStoreOn(options.sql, FilesBackend.open(options.dir, { durability: options.durability }), null, null, { recover: options.recover });
}

/** A file on disk, read a range at a time (SQLite reads it in place). */
export function fileSource(path: string, what = `the file ${path}`): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const readSyncRange = (offset: number, length: number) => {
    const n = Math.max(0, Math.min(length, size - offset));
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) done += readSync(fd, out, done, n - done, offset + done);
    return out;
  };
  return { size, what, read: async (offset, length) => readSyncRange(offset, length), readSync: readSyncRange, close: () => closeSync(fd) };
}

/** Writes a download to `path` a part at a time. */
export async function writeExportedFile(file: ExportedFile, path: string): Promise<void> {
  const fd = openSync(path, 'w');
  try {
    for await (const part of file.parts()) writeSync(fd, part instanceof Uint8Array ? part : new Uint8Array(await part.arrayBuffer()));
  } finally {
    closeSync(fd);
  }
}
