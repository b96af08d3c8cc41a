// Imports: a trace file (any schema version this app knows) or a zip of them, checked at its header before anything
// else is read, then taken in one session at a time. Sessions are staged (stored, but hidden) as they come and
// published together at the end, so a file that fails anywhere leaves the store as it was.
import { crc32 } from '../lib/crc32.ts';
import { readZipDirectory, readZipMember, ZipFormatError } from '../lib/zip-read.ts';
import type { CatalogEntry } from './backend.ts';
import { blobSource, bytesSource, subSource, type ByteSource } from './byte-source.ts';
import { StorageError, describeError } from './errors.ts';
import { copySession } from './session-copy.ts';
import { isSqliteHead } from './sqlite-file.ts';
import { TraceDb } from './trace-db.ts';
import { TraceFile } from './trace-file.ts';
import { readSessionRecord, readStepPage } from './trace-queries.ts';
import type { StoreFiles } from './trace-store.ts';
import type { ImportMode, ImportResult } from './types.ts';
import { newSessionId, sessionEndRow } from './validate.ts';

export interface ImportHooks {
  /** Sessions in the store now, by id. */
  existing(): Map<string, CatalogEntry>;
  /** Sessions being recorded, which an import never touches. */
  live(): Set<string>;
  staged(entry: CatalogEntry): void;
  unstaged(ids: string[]): void;
  published(entries: CatalogEntry[], deletedIds: string[]): void;
}

const isZipHead = (head: Uint8Array) => head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6);

export function asSource(file: Uint8Array | Blob | ByteSource, what = 'the imported file'): ByteSource {
  if (file instanceof Uint8Array) return bytesSource(file, what);
  if (typeof Blob !== 'undefined' && file instanceof Blob) return blobSource(file, 'name' in file ? `the file ${String(file.name)}` : what);
  return file as ByteSource;
}

/** The trace files inside `source`: itself, or the .db members of a zip; refuses anything else after reading its head. */
export async function traceFiles(source: ByteSource): Promise<ByteSource[]> {
  if (source.size === 0) throw new StorageError('not_sqlite', `${source.what} is empty, not a trace file`);
  const head = await source.read(0, Math.min(16, source.size));
  if (isSqliteHead(head)) return [source];
  if (!isZipHead(head)) {
    throw new StorageError('not_sqlite', `${source.what} is neither a crafter-web trace file (SQLite) nor a zip of them; nothing was imported`);
  }
  try {
    const members = (await readZipDirectory(source)).filter((m) => /\.(db|sqlite3?)$/i.test(m.name));
    if (members.length === 0) throw new StorageError('not_sqlite', `${source.what} is a zip without any .db trace file`);
    return await Promise.all(members.map(async (m) => {
      const what = `${m.name} in ${source.what}`;
      return m.method === 0 ? subSource(source, m.dataOffset, m.size, what) : bytesSource(await readZipMember(source, m), what);
    }));
  } catch (error) {
    if (error instanceof ZipFormatError) throw new StorageError('truncated', `${source.what} is a damaged zip: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The session re-checked row by row into a database of its own, ended (as interrupted) if the file left it open. */
function checkedSession(file: TraceFile, sessionId: string, sql: StoreFiles['sql']): TraceDb {
  const source = file.extract(sessionId);
  const copy = TraceDb.create(sql);
  try {
    copy.begin();
    copySession(source, copy, sessionId);
    const record = readSessionRecord(copy, sessionId);
    if (!record.endedAt) {
      const last = readStepPage(copy, sessionId, -1, Number.MAX_SAFE_INTEGER, false).at(-1);
      const now = new Date().toISOString();
      copy.endSession(sessionEndRow(sessionId, { endReason: 'interrupted', endedAt: last?.completedAt ?? record.startedAt }, now));
    }
    copy.settle();
    return copy;
  } catch (error) {
    copy.close();
    throw error;
  } finally {
    source.close();
  }
}

export async function importSessions(ctx: StoreFiles, file: Uint8Array | Blob | ByteSource, mode: ImportMode, hooks: ImportHooks): Promise<ImportResult> {
  const importId = newSessionId();
  const existing = hooks.existing();
  const staged: CatalogEntry[] = [];
  const seen = new Set<string>();
  const result: ImportResult = { imported: [], skipped: [], steps: 0 };
  try {
    for (const member of await traceFiles(asSource(file))) {
      const trace = await TraceFile.open(ctx.sql, member, { verify: true });
      try {
        for (const id of trace.sessionIds()) {
          if (existing.has(id) || seen.has(id)) {
            result.skipped.push(id);
            continue;
          }
          seen.add(id);
          let copy: TraceDb;
          try {
            copy = checkedSession(trace, id, ctx.sql);
          } catch (error) {
            throw new StorageError(error instanceof StorageError ? error.code : 'invalid_input', `session ${id} of ${member.what} is not valid: ${describeError(error)}`, { cause: error });
          }
          try {
            const bytes = copy.sealedBytes();
            const record = readSessionRecord(copy, id, bytes.length);
            const entry: CatalogEntry = { record, batches: 0, batchBytes: 0, file: { bytes: bytes.length, crc32: crc32(bytes) }, staged: importId };
            await ctx.backend.seal(entry, bytes);
            staged.push(entry);
            hooks.staged(entry);
            result.imported.push(id);
            result.steps += record.length;
          } finally {
            copy.close();
          }
        }
      } finally {
        trace.close();
      }
    }
    const live = hooks.live();
    const deleted = mode === 'replace' ? [...existing.keys()].filter((id) => !live.has(id) && !seen.has(id) && !result.skipped.includes(id)) : [];
    const published = staged.map((entry) => ({ ...entry, staged: null }));
    await ctx.backend.publish(published, deleted);
    hooks.published(published, deleted);
    return result;
  } catch (error) {
    const ids = staged.map((entry) => entry.record.id);
    await ctx.backend.deleteSessions(ids).catch(() => undefined);
    hooks.unstaged(ids);
    if (error instanceof StorageError && !/nothing was imported/.test(error.message)) {
      const wrapped = new StorageError(error.code, `${error.message.replace(/[.;]\s*$/, '')}; nothing was imported`, { cause: error, details: error.details ?? undefined });
      throw wrapped;
    }
    throw error;
  }
}
