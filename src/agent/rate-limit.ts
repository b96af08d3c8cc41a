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
