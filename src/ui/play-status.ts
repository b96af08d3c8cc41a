// The Play tab's status line: where the episode is, what is recorded and whether it is saved, and what to do next.
import type { HumanView } from '../agent/human-episode.ts';
import { END_REASONS, type StoreStatus } from '../storage/types.ts';
import { plural } from './format.ts';

type Store = Pick<StoreStatus, 'persistence' | 'blocked'> | null;

/** "12 steps, all saved", "12 steps, 9 saved", "12 steps, kept in memory only (not saved)". */
function kept(steps: number, saved: number, store: Store): string {
  if (store?.persistence === 'memory') return `${plural(steps, 'step')}, kept in memory only (not saved)`;
  if (steps === 0) return 'no steps yet';
  return `${plural(steps, 'step')}, ${saved >= steps ? 'all saved' : `${saved} saved`}`;
}

export function playStatus(view: HumanView, store: Store): string {
  const { recording: rec } = view;
  const o = view.packet.observation;
  const where = `Seed ${view.seed}, episode ${view.episode} (${o.observation_image_width}x${o.observation_image_height}).`;
  const from = rec.continues ? ` Continues the interrupted recording from step ${rec.continues.stepIndex}.` : '';
  if (rec.state === 'ready') return `${where}${from} Ready: the first key starts recording.`;
  if (rec.state === 'recording') {
    const held = store?.blocked ? ' Storage refuses to write: the rest is held in memory until space is freed.' : '';
    return `${where}${from} Recording: ${kept(rec.steps, rec.saved, store)}.${held}`;
  }
  const reason = rec.endReason ? END_REASONS[rec.endReason] : END_REASONS.stopped;
  return `${where} Episode over: ${reason}, ${kept(rec.steps, rec.saved, store)}. Press Enter or "Next episode" for the next episode of seed ${view.seed}, or "New world".`;
}
