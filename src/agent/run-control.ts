// Pause, resume and stop for the episodes of a run: each waits at its next checkpoint while the run is paused.
import { abortError } from './backoff.ts';

export interface PauseReason {
  by: 'user' | 'error';
  /** For an error: what went wrong and what to do, for the page. */
  message: string | null;
  /** For an error: its kind (auth, rate_limit, ...). */
  kind: string | null;
}

export class RunControl {
  private readonly controller = new AbortController();
  private reason: PauseReason | null = null;
  private waiters: Array<() => void> = [];

  /** Aborts every call in flight and every wait when the run is stopped. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  get pause(): PauseReason | null {
    return this.reason;
  }

  /** Pause after the current step or call; an error pause keeps the first error's message. */
  requestPause(reason: PauseReason = { by: 'user', message: null, kind: null }): void {
    if (this.stopped) return;
    if (this.reason?.by === 'error' && reason.by === 'error') return;
    this.reason = reason;
  }

  pauseForError(message: string, kind: string): void {
    this.requestPause({ by: 'error', message, kind });
  }

  resume(): void {
    this.reason = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  stop(): void {
    if (this.stopped) return;
    this.controller.abort(abortError('the run was stopped'));
    this.resume();
  }

  /** Resolves at once while running, waits while paused, rejects with an AbortError once stopped. */
  async checkpoint(): Promise<void> {
    while (this.reason && !this.stopped) await new Promise<void>((wake) => this.waiters.push(wake));
    if (this.stopped) throw abortError('the run was stopped');
  }
}
