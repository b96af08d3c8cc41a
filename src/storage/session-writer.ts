// A session being recorded: its rows go into its own SQL database at once, and into the backend in batches (group
// commit): while one batch is being written, the next gathers, so a busy recorder writes large batches and an idle
// one waits for nobody. A change counts as recorded only when its batch is durable. When writing fails (storage
// full), the changes are held in memory, in order, until retry() writes them.
import { crc32Yielding } from '../lib/crc32.ts';
import { applyOp } from './apply-op.ts';
import type { CatalogEntry, StoreBackend } from './backend.ts';
import { StorageError, describeError } from './errors.ts';
import { encodeBatch, journalOpBytes, type JournalOp } from './journal.ts';
import type { TraceDb } from './trace-db.ts';
import type { SessionRecord } from './types.ts';

/** Bounds of one batch: a slow disk never makes one write carry more than this. */
export const MAX_BATCH_OPS = 1024;
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;

interface Pending {
  op: JournalOp;
  bytes: number;
  resolve: () => void;
  reject: (error: StorageError) => void;
}

/** The record after `op`: what the session list shows, kept from the rows without reading the database. */
export function summarize(record: SessionRecord, op: JournalOp): SessionRecord {
  switch (op.kind) {
    case 'session':
      return record;
    case 'step': {
      const row = op.row;
      const achievements = [...record.achievements];
      for (const name of row.achievementsUnlocked ?? []) if (!achievements.includes(name)) achievements.push(name);
      return {
        ...record,
        stepCount: record.stepCount + 1,
        modelCallCount: record.modelCallCount + (row.modelCall ? 1 : 0),
        messageCount: record.messageCount + row.messages.length,
        length: record.length + row.actionCount,
        totalReward: record.totalReward + row.reward,
        achievements,
      };
    }
    case 'end':
      return {
        ...record,
        endedAt: op.row.endedAt,
        endReason: op.row.endReason as SessionRecord['endReason'],
        endDetail: op.row.endDetail,
        endDetails: op.row.endMetadata === null ? null : (JSON.parse(op.row.endMetadata) as SessionRecord['endDetails']),
        state: op.row.endReason === 'interrupted' ? 'interrupted' : 'ended',
        outcome: { totalReward: record.totalReward, length: record.length, achievements: [...record.achievements] },
      };
  }
}

function kept(error: unknown): StorageError {
  const failure = error instanceof StorageError ? error : new StorageError('idb_failed', `saving steps failed: ${describeError(error)}`, { cause: error });
  failure.kept = true;
  return failure;
}

export class SessionWriter {
  private readonly pending: Pending[] = [];
  private committing = false;
  private scheduled = false;
  private idle: Array<{ resolve: () => void; reject: (error: StorageError) => void }> = [];
  /** The failure that stopped writing, until retry(). */
  blocked: StorageError | null = null;
  /** Set once the session's end has been accepted: it is sealed when everything is durable. */
  ending = false;

  constructor(
    private readonly backend: StoreBackend,
    readonly tdb: TraceDb,
    /** The durable entry: what the backend holds. */
    public entry: CatalogEntry,
    /** Called after every durable batch and every change of state. */
    private readonly onChange: () => void,
  ) {}

  get id(): string {
    return this.entry.record.id;
  }

  get pendingSteps(): number {
    return this.pending.reduce((n, p) => n + (p.op.kind === 'step' ? 1 : 0), 0);
  }

  /**
   * Applies the change to the session's database now (or refuses it, recording nothing) and resolves once it is
   * durable; `applied` when the caller has applied it already.
   */
  accept(op: JournalOp, applied = false): Promise<void> {
    if (!applied) this.apply(op);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ op, bytes: journalOpBytes(op), resolve, reject });
      if (this.blocked) {
        reject(this.blocked);
        return;
      }
      this.schedule();
    });
  }

  private apply(op: JournalOp): void {
    // Changes between two batches share one SQL transaction: SQLite's per-statement commits were most of its cost.
    if (!this.tdb.inTransaction) this.tdb.begin();
    // Prepared once: parsing these two statements at every change took an eighth of recording's time.
    this.tdb.run('SAVEPOINT change', []);
    try {
      applyOp(this.tdb, op);
      this.tdb.run('RELEASE change', []);
    } catch (error) {
      this.tdb.db.exec('ROLLBACK TO change; RELEASE change');
      this.tdb.forgetState();
      if (error instanceof StorageError) throw error;
      const message = describeError(error);
      throw new StorageError(/constraint failed/.test(message) ? 'invalid_input' : 'sql_failed', `SQLite refused the change (${message}); nothing was recorded`, { cause: error });
    }
  }

  private schedule(): void {
    if (this.scheduled || this.committing || this.blocked) return;
    this.scheduled = true;
    // One turn later, so the changes made in the same turn go into the same batch.
    queueMicrotask(() => {
      this.scheduled = false;
      void this.commitAll();
    });
  }

  private async commitAll(): Promise<void> {
    if (this.committing || this.blocked) return;
    this.committing = true;
    try {
      while (this.pending.length && !this.blocked) {
        let count = 0;
        let bytes = 0;
        while (count < this.pending.length && count < MAX_BATCH_OPS && (count === 0 || bytes + this.pending[count].bytes <= MAX_BATCH_BYTES)) {
          bytes += this.pending[count].bytes;
          count++;
        }
        const batch = this.pending.slice(0, count);
        this.tdb.settle();
        const encoded = encodeBatch(batch.map((p) => p.op));
        const record = batch.reduce((r, p) => summarize(r, p.op), this.entry.record);
        const next: CatalogEntry = {
          ...this.entry,
          record: { ...record, bytes: this.entry.batchBytes + encoded.length },
          batches: this.entry.batches + 1,
          batchBytes: this.entry.batchBytes + encoded.length,
        };
        try {
          await this.backend.commitBatch(next, next.batches, encoded);
        } catch (error) {
          this.blocked = kept(error);
          for (const p of this.pending) p.reject(this.blocked);
          break;
        }
        this.entry = next;
        this.pending.splice(0, count);
        for (const p of batch) p.resolve();
        this.onChange();
      }
    } finally {
      this.committing = false;
      this.settleIdle();
      this.onChange();
    }
  }

  private settleIdle(): void {
    if (this.blocked) {
      for (const waiter of this.idle.splice(0)) waiter.reject(this.blocked);
    } else if (!this.pending.length) {
      for (const waiter of this.idle.splice(0)) waiter.resolve();
    }
  }

  /** Resolves when every accepted change is durable; rejects (changes kept) while writing is blocked. */
  flushed(): Promise<void> {
    if (this.blocked) return Promise.reject(this.blocked);
    if (!this.pending.length && !this.committing) return Promise.resolve();
    return new Promise((resolve, reject) => this.idle.push({ resolve, reject }));
  }

  /** Tries the held changes again. */
  retry(): Promise<void> {
    this.blocked = null;
    this.onChange();
    const done = this.flushed();
    this.schedule();
    return done;
  }

  /**
   * Once everything is durable, stores the session as one SQLite file and drops its batches. A session that cannot be
   * sealed stays readable from its batches; the error is returned, not thrown.
   */
  async seal(): Promise<Error | null> {
    await this.flushed();
    try {
      const file = this.tdb.sealedBytes();
      const crc = await crc32Yielding(file);
      const entry: CatalogEntry = {
        ...this.entry,
        record: { ...this.entry.record, bytes: file.length },
        batches: 0,
        batchBytes: 0,
        file: { bytes: file.length, crc32: crc },
      };
      await this.backend.seal(entry, file);
      this.entry = entry;
      return null;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    } finally {
      this.onChange();
    }
  }
}
