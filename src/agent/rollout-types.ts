// The types around an episode: the agent that plays it, what the page sees of it live, and what it runs inside.
import type { AchievementName } from '../sim/rules.ts';
import type { FrameRenderer } from '../sim/render/renderer.ts';
import type { TextStyle } from '../sim/text.ts';
import type { BuiltinPolicy, BuiltinPolicyKind } from './builtin/policy.ts';
import type { TraceSink } from './episode-record.ts';
import type { OnBlocked } from './step-writer.ts';
import type { CallOptions, ChatRequestOptions, ChatResult } from './model-client.ts';
import type { ModelPromptSettings } from './model-turn.ts';
import type { TokenPrices } from './pricing.ts';
import type { ChatMessage } from './prompt.ts';
import type { RunControl } from './run-control.ts';

export interface ModelCaller {
  complete(messages: ChatMessage[], options: ChatRequestOptions, call?: CallOptions): Promise<ChatResult>;
}

export type EpisodeAgent =
  | { kind: 'builtin'; policyKind: BuiltinPolicyKind; policy: BuiltinPolicy; policySeed: number; promptStyle: TextStyle }
  | {
      kind: 'model';
      caller: ModelCaller;
      model: string;
      host: string;
      prompt: ModelPromptSettings;
      prices: TokenPrices | null;
      beforeAttempt?: (signal?: AbortSignal) => Promise<void>;
    };

/** What the page shows of an episode while it plays. */
export interface LiveEpisode {
  index: number;
  seed: number;
  episode: number;
  step: number;
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

export interface EpisodeContext {
  sink: TraceSink;
  renderer: FrameRenderer;
  texturePack: { name: string; sha256: string };
  control: RunControl;
  run: { id: string; name: string; startedAt: string; agentLabel: string };
  appVersion: string;
  crafterVersion: string;
  onLive(live: LiveEpisode): void;
  /** Storage refused to write: resolves when the held steps should be tried again (the run pauses until resumed). */
  onStorageBlocked: OnBlocked;
}
