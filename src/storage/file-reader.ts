// A downloaded trace file (or a zip of them) read in place: sessions are listed and read one at a time.
import type { SqlJsStatic } from 'sql.js';
import type { ByteSource } from './byte-source.ts';
import { countSessions, selectSessions } from './catalog.ts';
import { StorageError } from './errors.ts';
import { asSource, traceFiles } from './import.ts';
import type { TraceDb } from './trace-db.ts';
import { TraceFile } from './trace-file.ts';
import type { TraceReader } from './trace-store.ts';
import { readSessionRecord, readStepPage, stepsInBatches } from './trace-queries.ts';
import type { IterateStepsOptions, SessionFilter, SessionRecord, SessionTrace, StepRecord, StoreStatus } from './types.ts';

class FileTraceReader implements TraceReader {
  private records: SessionRecord[] | null = null;
  private closed = false;

  constructor(private readonly files: TraceFile[], private readonly owner: Map<string, TraceFile>) {}

  private extract(sessionId: string): TraceDb {
    if (this.closed) throw new StorageError('closed', 'the trace file has been closed');
    const file = this.owner.get(sessionId);
    if (!file) throw new StorageError('not_found', `no session ${sessionId} in the trace file`);
    return file.extract(sessionId);
  }

  /** Every session's record, found once by taking each session out in turn. */
  private all(): SessionRecord[] {
    this.records ??= [...this.owner.keys()].map((id) => {
      const tdb = this.extract(id);
      try {
        return readSessionRecord(tdb, id);
      } finally {
        tdb.close();
      }
    });
    return this.records;
  }

  async listSessions(filter?: SessionFilter): Promise<SessionRecord[]> {
    return selectSessions(this.all(), filter);
  }

  async countSessions(filter?: SessionFilter): Promise<number> {
    return countSessions(this.all(), filter);
  }

  async readSession(sessionId: string): Promise<SessionTrace> {
    const tdb = this.extract(sessionId);
    try {
      return { session: readSessionRecord(tdb, sessionId), steps: readStepPage(tdb, sessionId, -1, Number.MAX_SAFE_INTEGER, true) };
    } finally {
      tdb.close();
    }
  }

  async *iterateSteps(sessionId: string, options: IterateStepsOptions = {}): AsyncGenerator<StepRecord, void, undefined> {
    const tdb = this.extract(sessionId);
    try {
      yield* stepsInBatches(tdb, sessionId, options);
    } finally {
      tdb.close();
    }
  }

  status(): StoreStatus {
    return { persistence: 'read-only', memoryReason: null, sessions: this.owner.size, bytes: 0, pendingSteps: 0, sealingSessions: 0, blocked: null, lastError: null };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const file of this.files) file.close();
  }
}

/** Opens a trace file, or a zip of them, to read; every page is checked first. Memory holds one session at a time. */
export async function openTraceReader(sql: SqlJsStatic, file: Uint8Array | Blob | ByteSource): Promise<TraceReader> {
  const files: TraceFile[] = [];
  try {
    const owner = new Map<string, TraceFile>();
    for (const source of await traceFiles(asSource(file, 'the trace file'))) {
      const trace = await TraceFile.open(sql, source, { verify: true });
      files.push(trace);
      for (const id of trace.sessionIds()) if (!owner.has(id)) owner.set(id, trace);
    }
    return new FileTraceReader(files, owner);
  } catch (error) {
    for (const trace of files) trace.close();
    throw error;
  }
}
