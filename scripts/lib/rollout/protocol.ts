// Messages between the runner's main thread and its environment threads.
import type { EpisodeResult } from '../../../src/agent/episode-record.ts';
import type { EpisodePlan } from '../../../src/agent/run-config.ts';

/** What the progress line needs of an episode while it plays. */
export interface LiveCounts {
  index: number;
  step: number;
  achievements: string[];
}

export type ToThread = { type: 'plan'; plan: EpisodePlan } | { type: 'end' } | { type: 'stop' };

export type FromThread =
  | { type: 'ready' }
  | { type: 'live'; live: LiveCounts }
  | { type: 'result'; result: EpisodeResult }
  /** Storage refused to write (a full disk): the run stops with this message. */
  | { type: 'blocked'; message: string };
