// A request rate limit shared by the episodes of a run: request starts are spaced evenly, in order of asking.
import { sleep as defaultSleep, type Sleep } from './backoff.ts';

export class RequestRateLimiter {
  private nextSlot = 0;

  /** `requestsPerMinute` 0 means no limit. */
  constructor(
    readonly requestsPerMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = defaultSleep,
  ) {
    if (!(Number.isFinite(requestsPerMinute) && requestsPerMinute >= 0)) throw new Error('requests per minute must be a number >= 0 (0: no limit)');
  }

  get intervalMs(): number {
    return this.requestsPerMinute > 0 ? 60_000 / this.requestsPerMinute : 0;
  }

  /** Resolves when the caller may send its request; the slot is taken at once, so callers queue fairly. */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now, signal);
  }
}

/**
 * A token budget per minute shared by the calls of a run: a call starts while the tokens answered in the last minute,
 * plus what the calls in flight are expected to take (the mean per call so far), stay within the budget. A call
 * bigger than the whole budget still goes alone.
 */
export class TokenRateLimiter {
  /** [time answered, tokens] of the last minute's calls. */
  private recent: Array<[number, number]> = [];
  private inFlight = 0;
  private answered = 0;
  private answeredTokens = 0;

  /** `tokensPerMinute` 0 means no limit. */
  constructor(
    readonly tokensPerMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = defaultSleep,
  ) {
    if (!(Number.isFinite(tokensPerMinute) && tokensPerMinute >= 0)) throw new Error('tokens per minute must be a number >= 0 (0: no limit)');
  }

  private get expected(): number {
    return this.answered ? this.answeredTokens / this.answered : 0;
  }

  /** Resolves when a call may start; call the returned function with the tokens it took (0 when it failed). */
  async acquire(signal?: AbortSignal): Promise<(tokens: number) => void> {
    if (this.tokensPerMinute > 0) {
      for (;;) {
        const now = this.now();
        while (this.recent.length && this.recent[0][0] <= now - 60_000) this.recent.shift();
        const used = this.recent.reduce((sum, [, tokens]) => sum + tokens, 0) + this.inFlight * this.expected;
        if (used + this.expected <= this.tokensPerMinute || (used === 0 && this.inFlight === 0)) break;
        // Wait until the oldest call leaves the window, or a second when only calls in flight fill it.
        await this.sleep(this.recent.length ? Math.max(1, this.recent[0][0] + 60_000 - now) : 1000, signal);
      }
    }
    this.inFlight++;
    let released = false;
    return (tokens) => {
      if (released) return;
      released = true;
      this.inFlight--;
      if (tokens <= 0) return;
      this.answered++;
      this.answeredTokens += tokens;
      if (this.tokensPerMinute > 0) this.recent.push([this.now(), tokens]);
    };
  }
}
