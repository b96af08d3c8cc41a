// The runner's progress: on a terminal one line redrawn in place (a bar, steps/s, episodes done and left, time left,
// achievements so far, calls and cost); otherwise a plain line every few seconds. Other messages print above it.
import type { EpisodeResult } from '../../../src/agent/episode-record.ts';
import { summarizeEpisodes, type EpisodeSummary } from '../../../src/agent/metrics.ts';
import { isComplete } from '../../../src/agent/run-results.ts';
import { money } from '../../../src/agent/results-table.ts';
import { ACHIEVEMENTS } from '../../../src/sim/rules.ts';
import type { LiveCounts } from './protocol.ts';

const RATE_WINDOW_MS = 5000;

export interface ProgressOptions {
  /** Episodes this invocation plays. */
  episodes: number;
  stepLimit: number;
  /** Complete episodes of the run found in the store, counted in the achievements and the score. */
  earlier: EpisodeSummary[];
  /** Redraw one line in place (a terminal), or print plain lines. */
  tty: boolean;
  /** Between plain lines. */
  plainEveryMs?: number;
  write?: (text: string) => void;
  columns?: () => number;
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const compact = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : String(n));

export class Progress {
  private readonly live = new Map<number, LiveCounts>();
  private readonly results: EpisodeResult[] = [];
  private readonly started = performance.now();
  private readonly samples: Array<[number, number]> = [];
  private finishedSteps = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private drawn = false;
  private readonly write: (text: string) => void;

  constructor(private readonly options: ProgressOptions) {
    this.write = options.write ?? ((text) => process.stderr.write(text));
  }

  start(): void {
    this.timer = setInterval(() => this.draw(), this.options.tty ? 200 : (this.options.plainEveryMs ?? 10_000));
    this.timer.unref();
    this.draw();
  }

  onLive(counts: LiveCounts): void {
    this.live.set(counts.index, counts);
  }

  onResult(result: EpisodeResult): void {
    this.live.delete(result.index);
    this.results.push(result);
    this.finishedSteps += result.length;
  }

  /** Prints a message of its own, above the progress line. */
  say(line: string): void {
    this.clear();
    this.write(`${line}\n`);
    if (this.timer && this.options.tty) this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.draw(true);
    if (this.options.tty && this.drawn) this.write('\n');
    this.drawn = false;
  }

  private clear(): void {
    if (this.options.tty && this.drawn) this.write('\r\x1b[2K');
    this.drawn = false;
  }

  get steps(): number {
    let steps = this.finishedSteps;
    for (const live of this.live.values()) steps += live.step;
    return steps;
  }

  /** The progress line as it is now. */
  line(): string {
    const now = performance.now();
    const steps = this.steps;
    this.samples.push([now, steps]);
    while (this.samples.length > 2 && this.samples[0][0] < now - RATE_WINDOW_MS) this.samples.shift();
    const [t0, s0] = this.samples[0];
    const rate = now > t0 ? ((steps - s0) * 1000) / (now - t0) : 0;
    const { episodes, stepLimit, earlier } = this.options;
    const done = this.results.length;
    const fraction = (done + [...this.live.values()].reduce((sum, l) => sum + Math.min(1, l.step / stepLimit), 0)) / Math.max(1, episodes);
    const left = fraction > 0 ? ((now - this.started) * (1 - fraction)) / fraction : Infinity;
    const complete = [...earlier, ...this.results.filter(isComplete)];
    const unlocked = new Set<string>();
    for (const e of [...complete, ...this.results, ...this.live.values()]) for (const a of e.achievements) unlocked.add(a);
    const score = complete.length ? `, score ${summarizeEpisodes(complete).crafterScore.toFixed(1)} %` : '';
    const parts = [
      `${done}/${episodes} episodes, ${episodes - done} left (${this.live.size} playing)`,
      `${count(steps)} steps`,
      `${count(rate)} steps/s`,
      `${done === episodes ? 'done' : `${duration(left)} left`}`,
      `${unlocked.size}/${ACHIEVEMENTS.length} achievements${score}`,
    ];
    const calls = this.results.reduce((sum, r) => sum + r.modelCalls, 0);
    if (calls) {
      const tokens = this.results.reduce((sum, r) => sum + r.inputTokens + r.outputTokens, 0);
      const known = this.results.filter((r) => r.costUsd !== null);
      parts.push(`${count(calls)} calls, ${compact(tokens)} tokens${known.length ? `, ${money(known.reduce((sum, r) => sum + r.costUsd!, 0))}` : ''}`);
    }
    return parts.join(' · ');
  }

  private draw(final = false): void {
    const text = this.line();
    if (!this.options.tty) {
      this.write(`progress: ${text}\n`);
      return;
    }
    // A terminal that does not say its width (0) gets a usual one.
    const columns = this.options.columns?.() || process.stderr.columns || 100;
    const width = Math.max(10, Math.min(30, columns - text.length - 4));
    const share = Math.min(1, this.results.length / Math.max(1, this.options.episodes));
    const bar = `[${'#'.repeat(Math.round(share * width)).padEnd(width, '-')}] `;
    this.write(`\r\x1b[2K${(bar + text).slice(0, Math.max(1, columns - 1))}`);
    this.drawn = true;
  }
}
