// How fast a run plays: steps per second over its last seconds of playing (pauses left out), and the time it still needs.

/** Seconds of playing the rate is measured over. */
const WINDOW_MS = 20_000;
/** The least span a rate is given for. */
const MIN_SPAN_MS = 1_000;

export class StepRate {
  private samples: Array<{ at: number; steps: number }> = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Notes the run's step count; while it is not playing the measure starts over, so a pause never reads as slowness. */
  sample(steps: number, playing: boolean): void {
    if (!playing) {
      this.samples = [];
      return;
    }
    const at = this.now();
    this.samples.push({ at, steps });
    // Keep one sample at or before the window's start, so the span covers the whole window.
    while (this.samples.length > 2 && this.samples[1].at <= at - WINDOW_MS) this.samples.shift();
  }

  /** Steps per second, or null before there is a second of playing to measure. */
  perSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || last.at - first.at < MIN_SPAN_MS) return null;
    return ((last.steps - first.steps) * 1000) / (last.at - first.at);
  }
}

export interface RunProgressCounts {
  episodesTotal: number;
  stepLimit: number;
  /** Lengths of the episodes that ended by death or the step limit. */
  completeLengths: readonly number[];
  /** Episodes ended any other way (stopped, failed). */
  otherEnded: number;
  /** Steps of the episodes playing now. */
  playingSteps: readonly number[];
}

/** Steps still to play: an episode not yet ended is expected to last as long as the complete ones did (the step limit before any has ended). */
export function stepsLeft(counts: RunProgressCounts): number {
  const { completeLengths } = counts;
  const expected = completeLengths.length ? completeLengths.reduce((a, b) => a + b, 0) / completeLengths.length : counts.stepLimit;
  const waiting = counts.episodesTotal - completeLengths.length - counts.otherEnded - counts.playingSteps.length;
  const playing = counts.playingSteps.reduce((sum, step) => sum + Math.max(0, Math.min(expected, counts.stepLimit) - step), 0);
  return Math.max(0, waiting) * expected + playing;
}

/** Seconds the rest of the run should take at `rate` steps per second; null when that cannot be said. */
export function secondsLeft(steps: number, rate: number | null): number | null {
  if (steps === 0) return 0;
  return rate && rate > 0 ? steps / rate : null;
}
