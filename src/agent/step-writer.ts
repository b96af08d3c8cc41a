// Writes a session's steps in order without making play wait for each one, but never more than a window ahead of
// what is durable. When storage refuses a write (full), the store keeps the steps in memory: the writer asks its
// owner what to do (a run pauses until the user resumes), tries the held steps again, and only then goes on. A step's
// frame may still be encoding elsewhere: steps reach the store in order all the same, each once its frame is ready.
import { isStorageError, type StepInput } from '../storage/index.ts';
import type { FrameInput } from '../storage/types.ts';

/** A step to record, whose frame may still be on its way. */
export interface PendingStep extends Omit<StepInput, 'frame'> {
  frame: StepInput['frame'] | Promise<FrameInput>;
}

export interface StepSink {
  appendStep(sessionId: string, step: StepInput): Promise<void>;
  /** Writes the steps storage refused before; rejects if it refuses again. */
  retryWrites(): Promise<void>;
}

/** Called when storage refuses to write; resolves when it is worth trying again (after the user freed space, say). */
export type OnBlocked = (error: Error) => Promise<void>;

/** Steps play may run ahead of what is durable: what a crash can cost, and what keeps play from waiting on each write. */
const DEFAULT_STEP_WINDOW = 128;

export class StepWriter {
  private chain: Promise<void> = Promise.resolve();
  /** Each queued step's link of the chain, oldest first, until it settles: the steps not yet durable. */
  private readonly unsettled: Promise<void>[] = [];
  /** Settles once the last step queued behind a frame has been handed to the store (not once durable); rejects if it never was. */
  private handedOver: Promise<unknown> = Promise.resolve();
  /** Steps queued behind frames still being encoded elsewhere. */
  private waitingForFrames = 0;
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

  /**
   * Until what storage refused (held steps, or the session's end) is written: asks the owner, retries, and asks again
   * while storage keeps refusing.
   */
  untilWritten(error: Error): Promise<void> {
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
  async write(step: PendingStep): Promise<void> {
    if (this.failure) throw this.failure;
    const stored = this.handOver(step).catch((error: unknown) => {
      // A refused write is held by the store: once it is written again, the step is durable like the others.
      if (isStorageError(error) && error.kept) return this.untilWritten(error);
      throw error;
    });
    // Handled through the chain below; this only keeps an early failure from counting as unhandled.
    stored.catch(() => undefined);
    const settled = this.chain
      .then(() => stored)
      .then(
        () => {
          this.unsettled.shift();
          this.durable++;
          this.durableActions += step.actions.length;
        },
        (error: unknown) => {
          this.unsettled.shift();
          this.failure ??= error instanceof Error ? error : new Error(String(error));
        },
      );
    this.chain = settled;
    this.unsettled.push(settled);
    // Waits for the oldest step only: waiting for all would drain the pipeline (frames, batches) at every window.
    if (this.unsettled.length >= this.maxPending) await this.unsettled[0];
    if (this.failure) throw this.failure;
  }

  /**
   * Gives the step to the store after every step before it, once its frame is ready: at once when nothing waits for a
   * frame (frames encoded at once), else behind the frames on their way. Resolves once the step is durable.
   */
  private handOver(step: PendingStep): Promise<void> {
    const { frame } = step;
    if (!(frame instanceof Promise) && this.waitingForFrames === 0) return this.sink.appendStep(this.sessionId, { ...step, frame });
    this.waitingForFrames++;
    // Wrapped so that the store's promise (durability) is not awaited here.
    const handed = Promise.all([this.handedOver, frame]).then(
      ([, ready]) => {
        this.waitingForFrames--;
        return { durable: this.sink.appendStep(this.sessionId, { ...step, frame: ready }) };
      },
      (error: unknown) => {
        // No later step is handed over: the episode ends here, without a gap in its steps.
        this.failure ??= error instanceof Error ? error : new Error(String(error));
        throw this.failure;
      },
    );
    this.handedOver = handed;
    return handed.then(({ durable }) => durable);
  }

  /** Resolves once every queued step is durable; throws if one failed. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }
}
