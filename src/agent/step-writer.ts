// Writes a session's steps in order without making play wait for each one, but never more than a window ahead of
// what is durable. When storage refuses a write (full), the store keeps the steps in memory: the writer asks its
// owner what to do (a run pauses until the user resumes), tries the held steps again, and only then goes on.
import { isStorageError, type StepInput } from '../storage/index.ts';

export interface StepSink {
  appendStep(sessionId: string, step: StepInput): Promise<void>;
  /** Writes the steps storage refused before; rejects if it refuses again. */
  retryWrites(): Promise<void>;
}

/** Called when storage refuses to write; resolves when it is worth trying again (after the user freed space, say). */
export type OnBlocked = (error: Error) => Promise<void>;

/** Steps play may run ahead of what is durable: what a crash can cost, and what keeps play from waiting on each write. */
const DEFAULT_STEP_WINDOW = 64;

export class StepWriter {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private failure: Error | null = null;
  private unblocking: Promise<void> | null = null;
  /** Step records known to be durable. */
  durable = 0;
  /** Environment steps (the records' actions) known to be durable. */
  durableActions = 0;

  constructor(
    private readonly sink: StepSink,
    private readonly sessionId: string,
    private readonly onBlocked: OnBlocked,
    private readonly maxPending = DEFAULT_STEP_WINDOW,
  ) {}

  /** Until the held steps are written: asks the owner, retries, and asks again while storage keeps refusing. */
  private unblock(error: Error): Promise<void> {
    this.unblocking ??= (async () => {
      let refused = error;
      for (;;) {
        await this.onBlocked(refused);
        try {
          await this.sink.retryWrites();
          return;
        } catch (again) {
          if (!(isStorageError(again) && again.kept)) throw again;
          refused = again;
        }
      }
    })().finally(() => {
      this.unblocking = null;
    });
    return this.unblocking;
  }

  /** Queues the step; waits when too many are not yet durable; throws the first write that failed for good. */
  async write(step: StepInput): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending++;
    const stored = this.sink.appendStep(this.sessionId, step).catch((error: unknown) => {
      // A refused write is held by the store: once it is written again, the step is durable like the others.
      if (isStorageError(error) && error.kept) return this.unblock(error);
      throw error;
    });
    // Handled through the chain below; this only keeps an early failure from counting as unhandled.
    stored.catch(() => undefined);
    this.chain = this.chain
      .then(() => stored)
      .then(
        () => {
          this.pending--;
          this.durable++;
          this.durableActions += step.actions.length;
        },
        (error: unknown) => {
          this.pending--;
          this.failure ??= error instanceof Error ? error : new Error(String(error));
        },
      );
    if (this.pending >= this.maxPending) await this.chain;
    if (this.failure) throw this.failure;
  }

  /** Resolves once every queued step is durable; throws if one failed. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }
}
