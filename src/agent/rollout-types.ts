// The types around an episode: what the page sees of it live, and what it runs inside.
import type { AchievementName } from '../sim/rules.ts';
import type { FrameRenderer } from '../sim/render/renderer.ts';
import type { StepRecord } from '../storage/types.ts';
import type { FrameEncoder, TraceSink } from './episode-record.ts';
import type { OnBlocked } from './step-writer.ts';
import type { RunControl } from './run-control.ts';

/** What the page shows of an episode while it plays. */
export interface LiveEpisode {
  index: number;
  seed: number;
  episode: number;
  step: number;
  /** Steps whose records are durable. */
  durable: number;
  reward: number;
  achievements: AchievementName[];
  lastActions: string[];
  /** What the episode is doing: waiting for the model, retrying, paused. */
  note: string;
  frame: { rgb: Uint8Array; width: number; height: number } | null;
  text: string;
  /** The model's last reply text, or the tool call's arguments. */
  lastReply: string | null;
}

/** The run an episode belongs to, as its session's metadata names it. */
export interface RunMetadata {
  id: string;
  name: string;
  startedAt: string;
  agentLabel: string;
}

export interface EpisodeContext {
  sink: TraceSink;
  renderer: FrameRenderer;
  /** How frames are encoded; the portable encoder when absent. */
  encoder?: FrameEncoder;
  texturePack: { name: string; sha256: string };
  control: RunControl;
  /** Absent for a person's play, which belongs to no run. */
  run?: RunMetadata;
  appVersion: string;
  crafterVersion: string;
  onLive(live: LiveEpisode): void;
  /** Steps recorded ahead of what is durable; the StepWriter's default when absent. */
  stepWindow?: number;
  /** Storage refused to write: resolves when the held steps should be tried again (the run pauses until resumed). */
  onStorageBlocked: OnBlocked;
}

/** An interrupted episode's session, to be played again before the episode goes on (see Agent.catchUp). */
export interface RecordedEpisode {
  sessionId: string;
  /** Its step records in order, the reset record first. */
  steps: StepRecord[];
}
