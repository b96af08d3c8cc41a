// Several trace stores read as one: store folders (the runner's, one per machine of a sharded run), downloaded .db
// files and zips of session files. A session found in more than one (the same file given twice) is read once.
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { countSessions, selectSessions } from '../../src/storage/catalog.ts';
import { openTraceFile, type TraceReader } from '../../src/storage/index.ts';
import { STORE_MARKER, fileSource, openTraceDir } from '../../src/storage/node.ts';
import type { IterateStepsOptions, SessionFilter, SessionRecord, SessionTrace, StepRecord, StoreStatus } from '../../src/storage/types.ts';

/** Opens one store to read: a folder in place (nothing in it is changed), or a file read a range at a time. */
async function openStoreToRead(sql: SqlJsStatic, path: string): Promise<TraceReader> {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  if (statSync(path).isDirectory()) {
    if (!existsSync(join(path, STORE_MARKER))) throw new Error(`${path} is a folder but not a trace store (no ${STORE_MARKER})`);
    return openTraceDir({ sql, dir: path, recover: false });
  }
  const reader = await openTraceFile({ sql, file: fileSource(path, basename(path)) }).catch((error: Error) => {
    throw new Error(`${basename(path)} is not a usable trace store: ${error.message}`);
  });
  return reader;
}

class UnionReader implements TraceReader {
  constructor(private readonly readers: TraceReader[], private readonly owner: Map<string, { reader: TraceReader; record: SessionRecord }>) {}

  private readerOf(sessionId: string): TraceReader {
    const found = this.owner.get(sessionId);
    if (!found) throw new Error(`no session ${sessionId} in the stores`);
    return found.reader;
  }

  private records(): SessionRecord[] {
    return [...this.owner.values()].map((o) => o.record);
  }

  async listSessions(filter?: SessionFilter): Promise<SessionRecord[]> {
    return selectSessions(this.records(), filter);
  }

  async countSessions(filter?: SessionFilter): Promise<number> {
    return countSessions(this.records(), filter);
  }

  readSession(sessionId: string): Promise<SessionTrace> {
    return this.readerOf(sessionId).readSession(sessionId);
  }

  iterateSteps(sessionId: string, options?: IterateStepsOptions): AsyncGenerator<StepRecord, void, undefined> {
    return this.readerOf(sessionId).iterateSteps(sessionId, options);
  }

  status(): StoreStatus {
    const records = this.records();
    return { persistence: 'read-only', memoryReason: null, sessions: records.length, bytes: records.reduce((n, r) => n + r.bytes, 0), pendingSteps: 0, sealingSessions: 0, blocked: null, lastError: null };
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.close()));
  }
}

/** The stores at `paths` as one reader; `duplicates` counts sessions found again in a later store. */
export async function openStores(sql: SqlJsStatic, paths: string[]): Promise<{ reader: TraceReader; duplicates: number }> {
  const readers: TraceReader[] = [];
  const owner = new Map<string, { reader: TraceReader; record: SessionRecord }>();
  let duplicates = 0;
  try {
    for (const path of paths) {
      const reader = await openStoreToRead(sql, path);
      readers.push(reader);
      for (const record of await reader.listSessions()) {
        if (owner.has(record.id)) duplicates++;
        else owner.set(record.id, { reader, record });
      }
    }
  } catch (error) {
    await Promise.all(readers.map((r) => r.close()));
    throw error;
  }
  return { reader: new UnionReader(readers, owner), duplicates };
}
