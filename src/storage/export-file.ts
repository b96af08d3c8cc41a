// Downloads: the chosen sessions as one SQLite file while they are small, else a zip of each session's own SQLite
// file, composed from the stored files as they are (a Blob in the page stays on disk), so memory is bounded by the
// largest session, not by the store.
import { crc32 } from '../lib/crc32.ts';
import { storedZip, type StoredMember } from '../lib/zip-store.ts';
import type { CatalogEntry, StoredFile } from './backend.ts';
import { StorageError } from './errors.ts';
import { PAGE_SIZE } from './schema.ts';
import { copySession } from './session-copy.ts';
import type { StoreContext } from './trace-store.ts';
import { TraceDb } from './trace-db.ts';
import type { ExportedFile } from './types.ts';

export interface ExportOptions {
  /** Sessions taking more bytes than this together are downloaded as a zip of per-session SQLite files. */
  singleFileMaxBytes: number;
  /** The time in the file name; defaults to now. */
  now: Date;
}

export const SINGLE_FILE_MAX_BYTES = 64 * 1024 * 1024;

const README = `Sessions recorded by crafter-web, one SQLite file each (sessions/<session id>.db).
Each file is a complete crafter-web trace store holding one session: it opens in the sqlite3 shell, in Python's
sqlite3 module, or back in crafter-web (Sessions > Import takes this zip as it is). The tables are described in
crafter-web's docs/storage-schema.md.
`;

/** A download's bytes in memory (small downloads, tests); large ones are written a part at a time instead. */
export async function exportedBytes(file: ExportedFile): Promise<Uint8Array> {
  const out = new Uint8Array(file.bytes);
  let at = 0;
  for await (const part of file.parts()) {
    const bytes = part instanceof Uint8Array ? part : new Uint8Array(await part.arrayBuffer());
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

const README_BYTES = new TextEncoder().encode(README);

const stamp = (now: Date) => now.toISOString().slice(0, 19).replaceAll(':', '-');

export async function exportSessions(
  ctx: StoreContext,
  entries: CatalogEntry[],
  live: Map<string, TraceDb>,
  options: Partial<ExportOptions>,
): Promise<ExportedFile> {
  const { singleFileMaxBytes = SINGLE_FILE_MAX_BYTES, now = new Date() } = options;
  const leftOut: ExportedFile['leftOut'] = [];
  const usable = entries.filter((entry) => {
    if (entry.record.damaged) leftOut.push({ id: entry.record.id, reason: entry.record.damaged });
    return !entry.record.damaged;
  });
  const total = usable.reduce((sum, entry) => sum + entry.record.bytes, 0);
  const name = `crafter-traces-${stamp(now)}`;

  /** Opens a session to copy from; a session found damaged now is left out, like those known before. */
  const open = async (entry: CatalogEntry): Promise<{ tdb: TraceDb; owned: boolean } | null> => {
    const running = live.get(entry.record.id);
    if (running) {
      running.settle();
      return { tdb: running, owned: false };
    }
    try {
      return { tdb: await ctx.sessionDb(entry), owned: true };
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      leftOut.push({ id: entry.record.id, reason: error.message });
      return null;
    }
  };

  if (total <= singleFileMaxBytes) {
    const out = TraceDb.create(ctx.sql, PAGE_SIZE);
    try {
      out.begin();
      let sessions = 0;
      for (const entry of usable) {
        const opened = await open(entry);
        if (!opened) continue;
        try {
          copySession(opened.tdb, out, entry.record.id);
          sessions++;
        } finally {
          if (opened.owned) opened.tdb.close();
        }
      }
      out.settle();
      const bytes = out.exportBytes();
      return { kind: 'sqlite', name: `${name}.db`, parts: async function* () { yield bytes; }, bytes: bytes.length, sessions, leftOut };
    } finally {
      out.close();
    }
  }

  const members: StoredMember<StoredFile>[] = [{ name: 'README.txt', size: README_BYTES.length, crc32: crc32(README_BYTES), data: async () => README_BYTES }];
  for (const entry of usable) {
    const id = entry.record.id;
    const file = entry.file;
    if (file && !live.has(id)) {
      // Its size is checked now, so a damaged file is left out rather than breaking the zip; its bytes are read as the zip is.
      try {
        await ctx.sealedFile(entry);
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        leftOut.push({ id, reason: error.message });
        continue;
      }
      members.push({ name: `sessions/${id}.db`, size: file.bytes, crc32: file.crc32, data: () => ctx.backend.readFile(id) });
      continue;
    }
    // A session still being recorded is written as it is now.
    const opened = await open(entry);
    if (!opened) continue;
    const bytes = opened.tdb.exportBytes();
    if (opened.owned) opened.tdb.close();
    members.push({ name: `sessions/${id}.db`, size: bytes.length, crc32: crc32(bytes), data: async () => bytes });
  }
  const zip = storedZip(members);
  return { kind: 'zip', name: `${name}.zip`, parts: zip.parts, bytes: zip.bytes, sessions: members.length - 1, leftOut };
}
