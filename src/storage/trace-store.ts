// The trace store: an in-memory SQLite database, with every change journaled to IndexedDB before it counts.
import type { SqlJsStatic } from 'sql.js';
import { applyOp } from './apply-op.ts';
import { StorageError, describeError } from './errors.ts';
import { journalOpBytes, type IdbJournal, type JournalOp } from './journal.ts';
import { OpQueue } from './op-queue.ts';
import { copySession } from './session-copy.ts';
import { SCHEMA_VERSION } from './schema.ts';
import type { HeldLock } from './tab-lock.ts';
import { TraceDb } from './trace-db.ts';
import { listSessionRecords, readSessionRecord, readStepPage } from './trace-queries.ts';
import type {
  ImportMode,
  ImportResult,
  IterateStepsOptions,
  SessionEnd,
  SessionFilter,
  SessionInput,
  SessionRecord,
  SessionTrace,
  StepInput,
  StepRecord,
  StoreStatus,
} from './types.ts';
import { newSessionId, sessionEndRow, sessionRow, stepRow } from './validate.ts';

/** Reading a store or a downloaded .db file. */
export interface TraceReader {
  /** Newest first. */
  listSessions(filter?: SessionFilter): Promise<SessionRecord[]>;
  /** A session with all its steps, frames, model calls and messages. */
  readSession(sessionId: string): Promise<SessionTrace>;
  /** The steps of a session in order, fetched a batch at a time. */
  iterateSteps(sessionId: string, options?: IterateStepsOptions): AsyncGenerator<StepRecord, void, undefined>;
  /** The whole store, or the chosen sessions, as one standalone SQLite file. */
  exportSqlite(sessionIds?: string[]): Promise<Uint8Array>;
  status(): StoreStatus;
  close(): Promise<void>;
}

export interface TraceStore extends TraceReader {
  createSession(input: SessionInput): Promise<SessionRecord>;
  /** Resolves once the step is durable (in IndexedDB for a persistent store); rejects having recorded nothing. */
  appendStep(sessionId: string, step: StepInput): Promise<void>;
  endSession(sessionId: string, end?: SessionEnd): Promise<SessionRecord>;
  deleteSession(sessionId: string): Promise<void>;
  /** Adds the sessions of a trace file ("merge", skipping ids already stored) or makes the store the file's ("replace"). */
  importSqlite(bytes: Uint8Array, options: { mode: ImportMode }): Promise<ImportResult>;
}

export interface SnapshotPolicy {
  /** No snapshot before the journal holds this many bytes. */
  minJournalBytes: number;
  /** Snapshot once the journal reaches this fraction of the last snapshot's size, so appends stay O(1) amortised. */
  journalToSnapshotRatio: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { minJournalBytes: 8 * 1024 * 1024, journalToSnapshotRatio: 0.1 };

interface JournalState {
  journal: IdbJournal;
  lastSeq: number;
  entries: number;
  bytes: number;
  snapshotBytes: number;
  lastSnapshotAt: string | null;
  /** Do not retry a failed snapshot before the journal reaches this size. */
  retryAtBytes: number;
}

type Persistence = StoreStatus['persistence'];

export class SqlTraceStore implements TraceStore {
  private readonly queue = new OpQueue();
  private closed = false;
  /** Set when close() starts: later calls are refused, earlier ones still finish. */
  private closing = false;
  private snapshotRunning: Promise<void> | null = null;
  private lastError: Error | null = null;

  constructor(
    private readonly sql: SqlJsStatic,
    private readonly tdb: TraceDb,
    private readonly persistence: Persistence,
    private readonly durable: JournalState | null,
    private readonly snapshotPolicy: SnapshotPolicy,
    private readonly lock: HeldLock | null,
  ) {}

  private ensureOpen(): void {
    if (this.closed) throw new StorageError('closed', 'the trace store has been closed');
  }

  private ensureWritable(): void {
    this.ensureOpen();
    if (this.persistence === 'read-only') throw new StorageError('read_only', 'this trace file was opened read-only');
  }

  /** Applies `op` in an SQL transaction, commits it only after the journal holds it, else undoes it. */
  private write<T>(op: JournalOp, result: (applied: ReturnType<typeof applyOp>) => T): Promise<T> {
    if (this.closing) return Promise.reject(new StorageError('closed', 'the trace store has been closed'));
    return this.queue.run(async () => {
      this.ensureWritable();
      this.tdb.begin();
      let applied: ReturnType<typeof applyOp>;
      try {
        applied = applyOp(this.tdb, this.sql, op);
      } catch (error) {
        this.tdb.rollback();
        if (error instanceof StorageError) throw error;
        const message = describeError(error);
        const refused = /constraint failed/.test(message);
        throw new StorageError(refused ? 'invalid_input' : 'sql_failed', `SQLite ${refused ? 'refused' : 'failed on'} the change (${message}); nothing was changed`, {
          cause: error,
        });
      }
      const durable = this.durable;
      if (durable) {
        try {
          durable.lastSeq = await durable.journal.append(op);
        } catch (error) {
          this.tdb.rollback();
          throw error;
        }
        durable.entries += 1;
        durable.bytes += journalOpBytes(op);
      }
      this.tdb.commit();
      this.scheduleSnapshotIfDue();
      return result(applied);
    });
  }

  private read<T>(query: () => T): Promise<T> {
    if (this.closing) return Promise.reject(new StorageError('closed', 'the trace store has been closed'));
    return this.queue.run(() => {
      this.ensureOpen();
      return query();
    });
  }

  async createSession(input: SessionInput): Promise<SessionRecord> {
    const row = sessionRow(input, newSessionId(), new Date().toISOString());
    return this.write({ kind: 'session', row }, () => readSessionRecord(this.tdb, row.sessionId));
  }

  async appendStep(sessionId: string, step: StepInput): Promise<void> {
    const row = stepRow(sessionId, step, new Date().toISOString());
    return this.write({ kind: 'step', row }, () => undefined);
  }

  async endSession(sessionId: string, end: SessionEnd = {}): Promise<SessionRecord> {
    const row = sessionEndRow(sessionId, end, new Date().toISOString());
    return this.write({ kind: 'end', row }, () => readSessionRecord(this.tdb, sessionId));
  }

  async deleteSession(sessionId: string): Promise<void> {
    return this.write({ kind: 'delete', sessionId }, () => undefined);
  }

  async importSqlite(bytes: Uint8Array, options: { mode: ImportMode }): Promise<ImportResult> {
    if (!(bytes instanceof Uint8Array)) throw new StorageError('invalid_input', 'importSqlite needs the file as a Uint8Array');
    if (options?.mode !== 'merge' && options?.mode !== 'replace') {
      throw new StorageError('invalid_input', 'importSqlite needs options.mode "merge" or "replace"');
    }
    return this.write({ kind: 'import', mode: options.mode, bytes: bytes.slice() }, (applied) => applied as ImportResult);
  }

  listSessions(filter?: SessionFilter): Promise<SessionRecord[]> {
    return this.read(() => listSessionRecords(this.tdb, filter));
  }

  readSession(sessionId: string): Promise<SessionTrace> {
    return this.read(() => {
      const session = readSessionRecord(this.tdb, sessionId);
      return { session, steps: readStepPage(this.tdb, sessionId, -1, Number.MAX_SAFE_INTEGER, true) };
    });
  }

  async *iterateSteps(sessionId: string, options: IterateStepsOptions = {}): AsyncGenerator<StepRecord, void, undefined> {
    const batchSize = options.batchSize ?? 256;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new StorageError('invalid_input', 'iterateSteps: batchSize must be a positive integer');
    await this.read(() => readSessionRecord(this.tdb, sessionId));
    let after = -1;
    for (;;) {
      const page = await this.read(() => readStepPage(this.tdb, sessionId, after, batchSize, options.frames ?? true));
      yield* page;
      if (page.length < batchSize) return;
      after = page[page.length - 1].stepIndex;
    }
  }

  exportSqlite(sessionIds?: string[]): Promise<Uint8Array> {
    return this.read(() => {
      if (sessionIds === undefined) return this.tdb.exportBytes();
      const out = TraceDb.create(this.sql);
      try {
        out.begin();
        for (const sessionId of new Set(sessionIds)) {
          if (!this.tdb.hasSession(sessionId)) throw new StorageError('not_found', `no session ${sessionId} in the store`);
          copySession(this.tdb, out, sessionId);
        }
        out.commit();
        return out.exportBytes();
      } finally {
        out.close();
      }
    });
  }

  status(): StoreStatus {
    return {
      persistence: this.persistence,
      journalEntries: this.durable?.entries ?? 0,
      journalBytes: this.durable?.bytes ?? 0,
      snapshotBytes: this.durable?.snapshotBytes ?? 0,
      lastSnapshotAt: this.durable?.lastSnapshotAt ?? null,
      lastError: this.lastError,
    };
  }

  /** Starts a snapshot in the background once the journal is large enough relative to the last one. */
  scheduleSnapshotIfDue(): void {
    const durable = this.durable;
    if (!durable || this.snapshotRunning || this.closed) return;
    const due = Math.max(this.snapshotPolicy.minJournalBytes, this.snapshotPolicy.journalToSnapshotRatio * durable.snapshotBytes);
    if (durable.bytes < due || durable.bytes < durable.retryAtBytes) return;
    this.startSnapshot();
  }

  /** Writes the whole database to IndexedDB, then trims the journal it covers; a failure keeps the journal. */
  private startSnapshot(): Promise<void> {
    const durable = this.durable;
    if (!durable) return Promise.resolve();
    this.snapshotRunning ??= (async () => {
      try {
        const taken = await this.queue.run(() => ({
          bytes: this.tdb.exportBytes(),
          watermark: durable.lastSeq,
          entries: durable.entries,
          journalBytes: durable.bytes,
        }));
        await durable.journal.writeSnapshot({
          bytes: taken.bytes,
          watermark: taken.watermark,
          schemaVersion: SCHEMA_VERSION,
          createdAt: new Date().toISOString(),
        });
        durable.entries -= taken.entries;
        durable.bytes -= taken.journalBytes;
        durable.retryAtBytes = 0;
        durable.snapshotBytes = taken.bytes.length;
        durable.lastSnapshotAt = new Date().toISOString();
        await durable.journal.dropThrough(taken.watermark);
      } catch (error) {
        this.lastError = error instanceof Error ? error : new Error(String(error));
        durable.retryAtBytes = durable.bytes + this.snapshotPolicy.minJournalBytes;
      } finally {
        this.snapshotRunning = null;
      }
    })();
    return this.snapshotRunning;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.queue.idle();
    await this.snapshotRunning;
    await this.queue.run(() => {
      this.closed = true;
      this.durable?.journal.close();
      this.tdb.close();
      this.lock?.release();
    });
  }
}
