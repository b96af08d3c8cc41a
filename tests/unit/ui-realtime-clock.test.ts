import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealtimeClock } from '../../src/ui/realtime-clock.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the real-time clock', () => {
  it('ticks nothing until started, then at once and at its rate, and not after a stop', () => {
    const tick = vi.fn();
    const running: boolean[] = [];
    const clock = new RealtimeClock(tick, (r) => running.push(r));
    vi.advanceTimersByTime(5000);
    expect(tick).not.toHaveBeenCalled();
    clock.start(5);
    expect(tick).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(tick).toHaveBeenCalledTimes(6);
    clock.start(5);
    expect(tick).toHaveBeenCalledTimes(6);
    clock.stop();
    vi.advanceTimersByTime(5000);
    expect(tick).toHaveBeenCalledTimes(6);
    expect(running).toEqual([true, false]);
    expect(clock.running).toBe(false);
  });
});
