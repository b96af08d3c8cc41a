// The trace store: a catalog of sessions in memory, each session's data apart in the backend. Memory holds the
// catalog and the sessions being written or read, never the whole store.
import type { SqlJsStatic } from 'sql.js';
import { nextTask } from '../lib/next-task.ts';
import { applyOp } from './apply-op.ts';
import { checkedBytes, checkedSize, storedBytes, type CatalogEntry, type StoreBackend, type StoredFile } from './backend.ts';
import type { ByteSource } from './byte-source.ts';
import { countSessions, selectSessions } from './catalog.ts';
import { StorageError, describeError } from './errors.ts';
import { exportSessions, type ExportOptions } from './export-file.ts';
import { importSessions } from './import.ts';
import { decodeBatch } from './journal.ts';
import { OpQueue } from './op-queue.ts';
import { SessionWriter } from './session-writer.ts';
import type { HeldLock } from './tab-lock.ts';
import { TraceDb } from './trace-db.ts';
import { lastStepCompletedAt, readSessionRecord, readStepPage, stepsInBatches } from './trace-queries.ts';
import type {
  ExportedFile,
  ImportMode,
  ImportResult,
  IterateStepsOptions,
  JsonObject,
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

/** Reading a store, or a downloaded trace file. */
export interface TraceReader {
  /** Newest first unless the filter sorts otherwise; every session unless it pages. */
  listSessions(filter?: SessionFilter): Promise<SessionRecord[]>;
  countSessions(filter?: SessionFilter): Promise<number>;
  /** A session with all its steps, frames, model calls and messages. */
  readSession(sessionId: string): Promise<SessionTrace>;
  /** The steps of a session in order, fetched a batch at a time. */
  iterateSteps(sessionId: string, options?: IterateStepsOptions): AsyncGenerator<StepRecord, void, undefined>;
  status(): StoreStatus;
  close(): Promise<void>;
}

/** How endSession seals: see there. */
export interface EndOptions {
  sealLater?: boolean;
}

export interface TraceStore extends TraceReader {
  /** Starts a session; its changes are written in batches from now on. */
  createSession(input: SessionInput): Promise<SessionRecord>;
  /**
   * Resolves once the step is durable. Rejects with invalid_input (nothing recorded), or, when storage refuses the
   * write, with an error whose `kept` is true: the step is held in memory, in order, until retryWrites() succeeds.
   */
  appendStep(sessionId: string, step: StepInput): Promise<void>;
  /**
   * Ends the session once everything is durable, and stores it sealed as one SQLite file. With `sealLater`, resolves
   * once the end is durable and seals shortly after, in the background (reads, deletes and downloads of the session
   * wait for it; close() too): a recorder's next episode starts without waiting for the file.
   */
  endSession(sessionId: string, end?: SessionEnd, options?: EndOptions): Promise<SessionRecord>;
  /** Deletes the sessions at once (never one being recorded); their bytes are freed, and held writes are tried again. */
  deleteSessions(sessionIds: string[]): Promise<void>;
  /** Writes what storage refused before (after sessions were deleted, say); rejects if it is refused again. */
  retryWrites(): Promise<void>;
  /** Adds the sessions of a trace file or a zip of them ("merge"), or makes them the store's ("replace"; sessions being recorded stay). */
  importFile(file: Uint8Array | Blob | ByteSource, options: { mode: ImportMode }): Promise<ImportResult>;
  /** The chosen sessions (default: all) as one SQLite file, or a zip of per-session files above the single-file size. */
  exportFile(sessionIds?: string[], options?: Partial<ExportOptions>): Promise<ExportedFile>;
  /** Small JSON documents beside the sessions (run results, evaluations), by kind and id. */
  putDocument(kind: string, id: string, value: JsonObject): Promise<void>;
  listDocuments(kind: string): Promise<JsonObject[]>;
  deleteDocument(kind: string, id: string): Promise<void>;
  /** Resolves once sessions an earlier page left open are marked interrupted and sealed. */
  recovered(): Promise<void>;
}

/** What imports and the old layout's migration write through. */
export interface StoreFiles {
  readonly sql: SqlJsStatic;
  readonly backend: StoreBackend;
}

export interface StoreContext extends StoreFiles {
  /** The session's database to read, opened for the caller, who closes it. Damage found marks the session. */
  sessionDb(entry: CatalogEntry): Promise<TraceDb>;
  /** A sealed session's stored file as it is (a Blob stays on disk), checked for its size. Damage found marks the session. */
  sealedFile(entry: CatalogEntry): Promise<StoredFile>;
}

/** A session an opening must seal (after marking it interrupted if it was left open): one kept in its batches. */
const leftInBatches = (entry: CatalogEntry): boolean => !entry.staged && !entry.file && !entry.record.damaged;

/** The longest the thread is held by replaying batches before other work gets a turn. */
const REPLAY_SLICE_MS = 20;
/**
 * About how many bytes of batches are read at a time: a read's answer is unpacked on the thread in one go (a 35 MB
 * session read whole held it for a quarter of a second), and only what is being replayed is held in memory.
 */
const REPLAY_READ_BYTES = 4 << 20;

/** Rebuilds a session's database from its journal batches, read a few megabytes at a time. */
export async function replayBatches(sql: SqlJsStatic, backend: StoreBackend, entry: CatalogEntry): Promise<TraceDb> {
  const id = entry.record.id;
  const perRead = Math.max(1, Math.floor(REPLAY_READ_BYTES / Math.max(1, entry.batchBytes / Math.max(1, entry.batches))));
  const tdb = TraceDb.create(sql);
  try {
    tdb.begin();
    let sliceStart = performance.now();
    for (let first = 1; first <= entry.batches; first += perRead) {
      const batches = await backend.readBatches(id, first, Math.min(entry.batches, first + perRead - 1));
      for (const [i, bytes] of batches.entries()) {
        // A long session takes a second or more to replay (at an opening, say): recording goes on between slices.
        if (performance.now() - sliceStart > REPLAY_SLICE_MS) {
          await nextTask();
          sliceStart = performance.now();
        }
        const what = `saved batch ${first + i} of session ${id}`;
        for (const op of decodeBatch(bytes, what)) {
          try {
            applyOp(tdb, op);
          } catch (error) {
            throw new StorageError('corrupt', `${what} cannot be replayed: ${describeError(error)}`, { cause: error });
          }
        }
      }
    }
    tdb.settle();
    return tdb;
  } catch (error) {
    tdb.close();
    throw error;
  }
}

/**
 * How long after its end a session recorded with `sealLater` is sealed: making the file holds the thread (60 ms for a
 * 40 MB session), and a moment later that falls inside the next episode, not on its start, when its first steps are due.
 */
const SEAL_LATER_MS = 500;

export class SessionStore implements TraceStore, StoreContext {
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly writers = new Map<string, SessionWriter>();
  /** The latest retry of refused writes, so that retries run one after another. */
  private retrying: Promise<void> = Promise.resolve();
  /** Ended sessions being sealed in the background (the next episode does not wait): each until its file is stored. */
  private readonly sealing = new Map<string, Promise<void>>();
  /** Sessions whose deletion is under way: a read that loses their batches finds them deleted, not damaged. */
  private readonly deleting = new Set<string>();
  /** Store-wide changes (recovery, deletes, imports) run one at a time. */
  private readonly queue = new OpQueue();
  private readonly recovery: Promise<void>;
  /** The last background failure, for status(). */
  private lastError: string | null;
  private closed = false;

  constructor(
    readonly sql: SqlJsStatic,
    readonly backend: StoreBackend,
    entries: CatalogEntry[],
    private readonly lock: HeldLock | null,
    private readonly memoryReason: string | null = null,
    /** `problem`: a failure met while opening; `recover` false when other threads may record into the same folder. */
    options: { problem?: string | null; recover?: boolean } = {},
  ) {
    this.lastError = options.problem ?? null;
    const recover = options.recover ?? true;
    for (const entry of entries) {
      // A session still "recording" when the store opens was left open by a page that is gone.
      const shown = recover && entry.record.state === 'recording' ? { ...entry, record: { ...entry.record, state: 'interrupted' as const } } : entry;
      this.entries.set(entry.record.id, shown);
    }
    this.recovery = recover ? this.queue.run(() => this.recover(entries)) : Promise.resolve();
    if (recover) {
      // Reading a session the recovery will seal waits for it: its batches may be deleted between a read's pieces.
      const recovered = this.recovery.catch(() => undefined);
      for (const entry of entries) if (leftInBatches(entry)) this.sealing.set(entry.record.id, recovered);
      void recovered.then(() => {
        for (const [id, sealing] of this.sealing) if (sealing === recovered) this.sealing.delete(id);
      });
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new StorageError('closed', 'the trace store has been closed');
  }

  /** What the list shows: for a session being recorded, what is durable so far (so counts never promise more). */
  private records(): SessionRecord[] {
    const out: SessionRecord[] = [];
    for (const entry of this.entries.values()) if (!entry.staged) out.push(entry.record);
    return out;
  }

  private entry(sessionId: string): CatalogEntry {
    const entry = this.entries.get(sessionId);
    if (!entry || entry.staged) throw new StorageError('not_found', `no session ${sessionId} in the store`);
    return entry;
  }

  private writer(sessionId: string): SessionWriter {
    const writer = this.writers.get(sessionId);
    if (writer) return writer;
    const entry = this.entry(sessionId);
    throw new StorageError('conflict', entry.record.endedAt ? `session ${sessionId} has ended; no more steps can be added` : `session ${sessionId} is not being recorded here`);
  }

  private newWriter(tdb: TraceDb, entry: CatalogEntry): SessionWriter {
    const writer = new SessionWriter(this.backend, tdb, entry, () => this.entries.set(writer.id, writer.entry));
    return writer;
  }

  async createSession(input: SessionInput): Promise<SessionRecord> {
    this.ensureOpen();
    const row = sessionRow(input, newSessionId(), new Date().toISOString());
    const tdb = TraceDb.create(this.sql);
    tdb.insertSession(row);
    const entry: CatalogEntry = { record: readSessionRecord(tdb, row.sessionId), batches: 0, batchBytes: 0, file: null, staged: null };
    const writer = this.newWriter(tdb, entry);
    this.writers.set(row.sessionId, writer);
    this.entries.set(row.sessionId, entry);
    // Accepted now, durable with the session's first batch; a refused write surfaces on the next step.
    writer.accept({ kind: 'session', row }, true).catch(() => undefined);
    return entry.record;
  }

  appendStep(sessionId: string, step: StepInput): Promise<void> {
    try {
      this.ensureOpen();
      const writer = this.writer(sessionId);
      return writer.accept({ kind: 'step', row: stepRow(sessionId, step, new Date().toISOString()) });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async endSession(sessionId: string, end: SessionEnd = {}, options: EndOptions = {}): Promise<SessionRecord> {
    this.ensureOpen();
    const writer = this.writer(sessionId);
    if (writer.ending) throw new StorageError('conflict', `session ${sessionId} is already ending`);
    writer.ending = true;
    const row = sessionEndRow(sessionId, end, new Date().toISOString());
    try {
      await writer.accept({ kind: 'end', row });
    } catch (error) {
      if (!(error instanceof StorageError && error.kept)) writer.ending = false;
      throw error;
    }
    const sealed = this.finish(writer, options.sealLater ? SEAL_LATER_MS : 0);
    if (!options.sealLater) await sealed;
    return writer.entry.record;
  }

  /** Lets an ended, durable session go (one recorded here, or found by an opening): seals it after `delayMs` (reads of it wait), then closes its database. */
  private finish(writer: SessionWriter, delayMs: number): Promise<void> {
    this.writers.delete(writer.id);
    return this.whileSealing(writer.id, async () => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const failure = await writer.seal();
      if (failure) this.lastError = `session ${writer.id} stays in its saved batches (it could not be sealed: ${failure.message})`;
      this.entries.set(writer.id, writer.entry);
      writer.tdb.close();
    });
  }

  /**
   * Runs `seal` as the session's sealing. Reads, deletes and downloads of the session wait for it: one begun with the
   * entry from before would look for batches the sealing has just deleted, and take the session for damaged.
   */
  private whileSealing(sessionId: string, seal: () => Promise<void>): Promise<void> {
    const done = seal().finally(() => this.sealing.delete(sessionId));
    this.sealing.set(sessionId, done);
    return done;
  }

  /** Resolves once none of `sessionIds` (default: all) is being sealed. */
  private async sealed(sessionIds?: Iterable<string>): Promise<void> {
    const ids = sessionIds ? [...sessionIds] : [...this.sealing.keys()];
    await Promise.allSettled(ids.map((id) => this.sealing.get(id)));
  }

  async deleteSessions(sessionIds: string[]): Promise<void> {
    this.ensureOpen();
    const ids = [...new Set(sessionIds)];
    for (const id of ids) {
      this.entry(id);
      if (this.writers.has(id)) throw new StorageError('conflict', `session ${id} is being recorded; stop it before deleting it`);
    }
    await this.sealed(ids);
    await this.queue.run(async () => {
      for (const id of ids) this.deleting.add(id);
      try {
        await this.backend.deleteSessions(ids);
        for (const id of ids) this.entries.delete(id);
      } finally {
        for (const id of ids) this.deleting.delete(id);
      }
    });
    // Space was freed: writes that storage refused get another chance.
    if ([...this.writers.values()].some((w) => w.blocked)) this.retryWrites().catch(() => undefined);
  }

  retryWrites(): Promise<void> {
    this.ensureOpen();
    // After any retry already under way (a delete starts one): a caller learns that what was held is written now.
    const pass = this.retrying.catch(() => undefined).then(async () => {
      const blocked = [...this.writers.values()].filter((w) => w.blocked);
      await Promise.all(blocked.map((w) => w.retry()));
      for (const writer of blocked) if (writer.ending && this.writers.has(writer.id)) await this.finish(writer, 0);
    });
    this.retrying = pass;
    return pass;
  }

  /** Runs `read` on the session's stored data; damage it finds marks the session, and a session marked so is not read. */
  private async reading<T>(entry: CatalogEntry, read: () => Promise<T>): Promise<T> {
    if (entry.record.damaged) throw new StorageError('corrupt', `session ${entry.record.id} is damaged: ${entry.record.damaged}`);
    try {
      return await read();
    } catch (error) {
      const now = this.entries.get(entry.record.id);
      // Deleted while it was read in pieces: its batches went under the read, nothing is damaged.
      if (!now || this.deleting.has(entry.record.id)) {
        throw new StorageError('not_found', `session ${entry.record.id} was deleted while it was being read`, { cause: error });
      }
      // Likewise a session whose data changed since the read began (sealed, say): only damage to what was read counts.
      const unchanged = now.file?.crc32 === entry.file?.crc32 && now.batches === entry.batches;
      if (unchanged && error instanceof StorageError && (error.code === 'corrupt' || error.code === 'newer_schema' || error.code === 'truncated')) {
        await this.markDamaged(entry, error.message);
      }
      throw error;
    }
  }

  /** A session's database to read: its sealed file, or its batches replayed. */
  sessionDb(entry: CatalogEntry): Promise<TraceDb> {
    const id = entry.record.id;
    return this.reading(entry, async () => {
      if (!entry.file) return replayBatches(this.sql, this.backend, entry);
      const bytes = checkedBytes(entry, await storedBytes(await this.backend.readFile(id)));
      return TraceDb.fromBytes(this.sql, bytes, `the stored file of session ${id}`, { verify: false });
    });
  }

  sealedFile(entry: CatalogEntry): Promise<StoredFile> {
    return this.reading(entry, async () => checkedSize(entry, await this.backend.readFile(entry.record.id)));
  }

  private async markDamaged(entry: CatalogEntry, reason: string): Promise<void> {
    const damaged = { ...entry, record: { ...entry.record, damaged: reason } };
    this.entries.set(entry.record.id, damaged);
    await this.backend.putEntry(damaged).catch((error: unknown) => {
      this.lastError = `could not note that session ${entry.record.id} is damaged: ${describeError(error)}`;
    });
  }

  /** Runs `read` on the session's database, opened for it and closed after (the live one stays open). */
  private async withSession<T>(sessionId: string, read: (tdb: TraceDb, entry: CatalogEntry) => T | Promise<T>): Promise<T> {
    this.ensureOpen();
    await this.sealed([sessionId]);
    const writer = this.writers.get(sessionId);
    if (writer) return read(writer.tdb, writer.entry);
    const entry = this.entry(sessionId);
    const tdb = await this.sessionDb(entry);
    try {
      return await read(tdb, entry);
    } finally {
      tdb.close();
    }
  }

  async listSessions(filter?: SessionFilter): Promise<SessionRecord[]> {
    this.ensureOpen();
    return selectSessions(this.records(), filter);
  }

  async countSessions(filter?: SessionFilter): Promise<number> {
    this.ensureOpen();
    return countSessions(this.records(), filter);
  }

  readSession(sessionId: string): Promise<SessionTrace> {
    return this.withSession(sessionId, (tdb, entry) => ({
      session: { ...readSessionRecord(tdb, sessionId, entry.record.bytes), state: this.writers.has(sessionId) ? 'recording' : entry.record.state },
      steps: readStepPage(tdb, sessionId, -1, Number.MAX_SAFE_INTEGER, true),
    }));
  }

  async *iterateSteps(sessionId: string, options: IterateStepsOptions = {}): AsyncGenerator<StepRecord, void, undefined> {
    this.ensureOpen();
    await this.sealed([sessionId]);
    const writer = this.writers.get(sessionId);
    const tdb = writer?.tdb ?? (await this.sessionDb(this.entry(sessionId)));
    try {
      yield* stepsInBatches(tdb, sessionId, options);
    } finally {
      if (!writer) tdb.close();
    }
  }

  async importFile(file: Uint8Array | Blob | ByteSource, options: { mode: ImportMode }): Promise<ImportResult> {
    this.ensureOpen();
    if (options?.mode !== 'merge' && options?.mode !== 'replace') throw new StorageError('invalid_input', 'import needs mode "merge" or "replace"');
    await this.recovery;
    await this.sealed();
    return this.queue.run(() => importSessions(this, file, options.mode, {
      existing: () => new Map([...this.entries].filter(([, e]) => !e.staged)),
      live: () => new Set(this.writers.keys()),
      staged: (entry) => this.entries.set(entry.record.id, entry),
      unstaged: (ids) => ids.forEach((id) => this.entries.delete(id)),
      published: (entries, deleted) => {
        for (const id of deleted) this.entries.delete(id);
        for (const entry of entries) this.entries.set(entry.record.id, entry);
      },
    }));
  }

  async exportFile(sessionIds?: string[], options: Partial<ExportOptions> = {}): Promise<ExportedFile> {
    this.ensureOpen();
    await this.recovery;
    const ids = sessionIds ? [...new Set(sessionIds)] : this.records().map((r) => r.id);
    await this.sealed(ids);
    const entries = ids.map((id) => this.entry(id));
    const live = new Map([...this.writers].map(([id, w]) => [id, w.tdb]));
    return this.queue.run(() => exportSessions(this, entries, live, options));
  }

  putDocument(kind: string, id: string, value: JsonObject): Promise<void> {
    this.ensureOpen();
    return this.backend.putDocument(kind, id, value);
  }

  listDocuments(kind: string): Promise<JsonObject[]> {
    this.ensureOpen();
    return this.backend.listDocuments(kind);
  }

  deleteDocument(kind: string, id: string): Promise<void> {
    this.ensureOpen();
    return this.backend.deleteDocument(kind, id);
  }

  recovered(): Promise<void> {
    return this.recovery;
  }

  /** Marks sessions left open as interrupted (their steps kept), seals ended ones left in batches, drops abandoned imports. */
  private async recover(entries: CatalogEntry[]): Promise<void> {
    const abandoned = entries.filter((e) => e.staged).map((e) => e.record.id);
    if (abandoned.length) {
      await this.backend.deleteSessions(abandoned).catch((error: unknown) => {
        this.lastError = `could not drop an unfinished import: ${describeError(error)}`;
      });
      for (const id of abandoned) this.entries.delete(id);
    }
    for (const original of entries) {
      if (!leftInBatches(original) || this.closed) continue;
      const entry = this.entries.get(original.record.id) ?? original;
      let tdb: TraceDb;
      try {
        tdb = await replayBatches(this.sql, this.backend, original);
      } catch (error) {
        await this.markDamaged(entry, (error as Error).message);
        continue;
      }
      const writer = this.newWriter(tdb, original);
      try {
        if (!original.record.endedAt) {
          const endedAt = lastStepCompletedAt(tdb, original.record.id) ?? original.record.startedAt;
          const row = sessionEndRow(original.record.id, { endReason: 'interrupted', endedAt }, new Date().toISOString());
          await writer.accept({ kind: 'end', row });
        }
      } catch (error) {
        this.lastError = `session ${original.record.id} could not be marked interrupted: ${describeError(error)}`;
        tdb.close();
        continue;
      }
      await this.finish(writer, 0);
    }
  }

  status(): StoreStatus {
    const records = this.records();
    const writers = [...this.writers.values()];
    const blocked = writers.find((w) => w.blocked)?.blocked ?? null;
    return {
      persistence: this.backend.persistence,
      memoryReason: this.memoryReason,
      sessions: records.length,
      bytes: records.reduce((sum, r) => sum + r.bytes, 0),
      pendingSteps: writers.reduce((sum, w) => sum + w.pendingSteps, 0),
      sealingSessions: this.sealing.size,
      blocked: blocked && { code: blocked.code, message: blocked.message },
      lastError: this.lastError,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.recovery;
    await this.queue.idle();
    await this.sealed();
    await Promise.all([...this.writers.values()].map((w) => w.flushed().catch(() => undefined)));
    this.closed = true;
    for (const writer of this.writers.values()) writer.tdb.close();
    this.writers.clear();
    this.backend.close();
    this.lock?.release();
  }
}
