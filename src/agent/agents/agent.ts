// One interface for whatever plays an episode: a model behind an endpoint, a built-in agent, a person at the keys.
// The episode loop (rollout.ts) shows the agent each observation, plays the actions it decides and records the step.
import type { CrafterEnv, StepResult } from '../../sim/env.ts';
import type { TextStyle } from '../../sim/text.ts';
import type { EndReason, JsonObject, PolicySettings, SessionSource } from '../../storage/types.ts';
import type { EpisodeResult, Observed, StepExtras, TurnTally } from '../episode-record.ts';

/** Who played, as the session records it. */
export interface AgentIdentity {
  source: SessionSource;
  /** The built-in agent's kind or the model's name; null for a person. */
  policyName: string | null;
  policy: PolicySettings;
}

/** What the previous turn played. */
export interface LastTurn {
  /** The actions executed (a turn's last ones are dropped when the episode ends first). */
  actions: number[];
  results: StepResult[];
  reward: number;
}

/** The episode around a turn: what an agent may tell the run, and the run's stop signal. */
export interface TurnIO {
  /** Aborts once the run is stopped. */
  signal: AbortSignal;
  /** Resolves at once while the run plays, waits while it is paused, throws once it is stopped. */
  checkpoint(): Promise<void>;
  /** What the episode is doing now (waiting for the model, retrying), shown live. */
  note(text: string): void;
  /** Pauses the run with a message saying what went wrong and what to do. */
  pauseForError(message: string, kind: string): void;
  /** A call failed for good: kept with the session's end if the run stops before another call answers. */
  callFailed(call: JsonObject, message: string): void;
  /** A call answered: the failures before it go with its step instead. */
  callAnswered(): void;
}

/** What the episode's recorder tells of itself, live. */
export interface RecordingView {
  readonly result: EpisodeResult;
  /** Step records known to be durable. */
  readonly durableSteps: number;
}

export interface Turn {
  /** The env to read; only the loop changes it. */
  env: CrafterEnv;
  /** The observation to act on. */
  seen: Observed;
  /** Null on the first turn. */
  last: LastTurn | null;
  plan: { index: number; seed: number; episode: number };
  record: RecordingView;
  io: TurnIO;
}

export interface Decision {
  /** Action indices (into ACTIONS) played in order until the episode ends; at least one. */
  actions: number[];
  /** What the step's record keeps besides the env's state, once `played` of the actions were played. */
  extras?(played: number): StepExtras;
  /** What the turn adds to the episode's figures. */
  tally?: Partial<TurnTally>;
  /** The model's reply, shown live. */
  reply?: string | null;
}

/** A turn's outcome: actions to play, or the end of the episode (a person stopped). */
export type TurnOutcome = Decision | { end: EndReason };

export interface Agent {
  /** Read when the session opens. */
  readonly identity: AgentIdentity;
  /** The style of the observation text; read at every step (a person may change it mid-episode). */
  readonly textStyle: TextStyle;
  /** Whether the agent reads the frame at its turn (a model is sent it, a person's page shows it): then it is encoded at once, not elsewhere later. */
  readonly readsFrame: boolean;
  /** "first-action": the session opens at the first action, so looking at a new world records nothing. */
  readonly recordsFrom: 'reset' | 'first-action';
  /** A new episode starts on the freshly reset env. */
  begin(env: CrafterEnv): void;
  decide(turn: Turn): TurnOutcome | Promise<TurnOutcome>;
  /**
   * A turn recorded earlier is played again to resume an interrupted episode: the agent takes in what it would have
   * seen. Agents without it have such episodes restarted.
   */
  catchUp?(turn: Turn): void;
  /** The episode is over and its session closed; `final` is where it stood (null when it never started). */
  finish?(result: EpisodeResult, final: Turn | null): void;
}
