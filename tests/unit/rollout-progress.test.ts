// The runner's progress: a line redrawn in place on a terminal, plain lines otherwise, messages printed above it.
import { describe, expect, it } from 'vitest';
import type { EpisodeResult } from '../../src/agent/episode-record.ts';
import { Progress } from '../../scripts/lib/rollout/progress.ts';

const episode = (index: number, achievements: string[], overrides: Partial<EpisodeResult> = {}): EpisodeResult => ({
  index, seed: index + 1, episode: 1, sessionId: `s${index}`, status: 'step_limit', error: null, achievements: achievements as EpisodeResult['achievements'],
  reward: achievements.length, length: 100, died: false, modelCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null, invalidActions: 0,
  fallbackNoops: 0, retries: 0, rewardCurve: [[0, 0]], ...overrides,
});

describe('the progress line', () => {
  it('counts episodes done and left, steps, achievements so far (earlier ones too), calls and cost', () => {
    const progress = new Progress({ episodes: 4, stepLimit: 100, earlier: [{ achievements: ['collect_wood'], reward: 1, length: 100 }], tty: false, write: () => undefined });
    progress.onLive({ index: 0, step: 40, achievements: ['collect_sapling'] });
    progress.onResult(episode(1, ['collect_drink'], { modelCalls: 3, inputTokens: 12_000, outputTokens: 500, costUsd: 0.25 }));
    const line = progress.line();
    expect(line).toMatch(/^1\/4 episodes, 3 left \(1 playing\) · 140 steps · \d+ steps\/s · [\d.hms]+ left · 3\/22 achievements, score [\d.]+ % · 3 calls, 13k tokens, \$0\.2500$/);
    progress.onResult(episode(0, ['collect_sapling']));
    expect(progress.steps).toBe(200);
    expect(progress.line()).toMatch(/^2\/4 episodes, 2 left \(0 playing\)/);
  });

  it('redraws one line on a terminal, prints messages above it, and ends it with a newline', () => {
    let screen = '';
    const progress = new Progress({ episodes: 2, stepLimit: 10, earlier: [], tty: true, write: (text) => (screen += text), columns: () => 120 });
    progress.start();
    progress.say('resuming: 1 episode');
    progress.onResult(episode(0, []));
    progress.stop();
    const frames = screen.split('\r\x1b[2K');
    expect(frames.some((f) => f.startsWith('resuming: 1 episode\n'))).toBe(true);
    const [, done, left] = /^\[(#*)(-*)\] 1\/2 episodes, 1 left .*\n$/.exec(frames.at(-1)!)!;
    expect(done.length).toBe(Math.round((done.length + left.length) / 2));
    // Each redraw fits the terminal's width.
    expect(frames.every((f) => f.replace(/\n$/, '').length < 120)).toBe(true);
  });

  it('writes a plain line now and then when not on a terminal', async () => {
    const lines: string[] = [];
    const progress = new Progress({ episodes: 1, stepLimit: 10, earlier: [], tty: false, plainEveryMs: 20, write: (text) => lines.push(text) });
    progress.start();
    await new Promise((resolve) => setTimeout(resolve, 70));
    progress.onResult(episode(0, ['wake_up']));
    progress.stop();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.every((line) => line.startsWith('progress: ') && line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^progress: 1\/1 episodes, 0 left \(0 playing\) · 100 steps · .* · done · 1\/22 achievements/);
  });
});
