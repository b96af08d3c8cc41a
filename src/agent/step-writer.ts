// Writes a session's steps in order without making play wait for each one, but never more than a few behind.
import type { StepInput } from '../storage/types.ts';

export interface StepSink {
  appendStep(sessionId: string, step: StepInput): Promise<void>;
}

export class StepWriter {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private failure: Error | null = null;

  constructor(private readonly sink: StepSink, private readonly sessionId: string, private readonly maxPending = 32) {}

  /** Queues the step; waits when too many are queued; throws the first write that failed (later ones are skipped). */
  async write(step: StepInput): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending++;
    this.chain = this.chain
      .then(() => (this.failure ? undefined : this.sink.appendStep(this.sessionId, step)))
      .then(
        () => {
          this.pending--;
        },
        (error: unknown) => {
          this.pending--;
          this.failure ??= error instanceof Error ? error : new Error(String(error));
        },
      );
    if (this.pending >= this.maxPending) await this.chain;
    if (this.failure) throw this.failure;
  }

  /** Resolves once every queued step is stored; throws if one failed. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }
}
