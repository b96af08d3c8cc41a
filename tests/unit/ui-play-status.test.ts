import { describe, expect, it } from 'vitest';
import type { HumanView, RecordingState } from '../../src/agent/human-episode.ts';
import { playStatus } from '../../src/ui/play-status.ts';

function view(recording: Partial<RecordingState>): HumanView {
  return {
    seed: 4,
    episode: 2,
    worldSeed: 0,
    packet: { observation: { observation_image_width: 256, observation_image_height: 256 } } as HumanView['packet'],
    rgb: new Uint8Array(),
    noEffect: null,
    recording: { state: 'recording', sessionId: 's', steps: 12, saved: 12, continues: null, endReason: null, error: null, ...recording },
  };
}
const saved = { persistence: 'indexeddb' as const, blocked: null };
const memory = { persistence: 'memory' as const, blocked: null };

describe('the Play status line', () => {
  it('says where the episode is and what the first key does', () => {
    expect(playStatus(view({ state: 'ready', steps: 0, saved: 0, sessionId: null }), saved)).toBe('Seed 4, episode 2 (256x256). Ready: the first key starts recording.');
    expect(playStatus(view({ state: 'ready', steps: 0, saved: 0, continues: { sessionId: 'x', stepIndex: 23 } }), saved)).toContain('Continues the interrupted recording from step 23. Ready');
  });

  it('counts steps taken and says which are saved', () => {
    expect(playStatus(view({}), saved)).toBe('Seed 4, episode 2 (256x256). Recording: 12 steps, all saved.');
    expect(playStatus(view({ saved: 9 }), saved)).toBe('Seed 4, episode 2 (256x256). Recording: 12 steps, 9 saved.');
    expect(playStatus(view({ saved: 9 }), { persistence: 'indexeddb', blocked: { code: 'quota_exceeded', message: 'full' } })).toContain('Storage refuses to write');
  });

  it('never calls memory-only steps saved', () => {
    expect(playStatus(view({}), memory)).toBe('Seed 4, episode 2 (256x256). Recording: 12 steps, kept in memory only (not saved).');
    expect(playStatus(view({ state: 'ended', endReason: 'stopped' }), memory)).not.toContain('all saved');
  });

  it('after the end, says how it ended and how to start the next', () => {
    expect(playStatus(view({ state: 'ended', endReason: 'stopped', steps: 3, saved: 3 }), saved)).toBe(
      'Seed 4, episode 2 (256x256). Episode over: stopped, 3 steps, all saved. Press Enter or "Next episode" for the next episode of seed 4, or "New world".',
    );
    expect(playStatus(view({ state: 'ended', endReason: 'step_limit' }), saved)).toContain('Episode over: reached the step limit');
  });
});
