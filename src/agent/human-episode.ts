// A person's episode: the human agent playing through the one episode loop, recorded like every run's; what the page
// shows of it (the observation packet, the frame's pixels, the recording's counts, why an action did nothing). The
// session starts with the first action, so looking at a new world records nothing. An episode can also continue one
// whose page closed: the recorded actions are played again to where it stopped, and a new session records from there.
import { framePacket } from '../sim/capture/frame-packet.ts';
import { noEffectReason, playerSituation } from '../sim/no-effect.ts';
import { observationPacket, type ObservationPacket } from '../sim/observation.ts';
import type { FrameRenderer } from '../sim/render/renderer.ts';
import { ACTIONS } from '../sim/rules.ts';
import type { TextStyle } from '../sim/text.ts';
import { episodeWorldSeed } from '../sim/tuplehash.ts';
import type { EndReason } from '../storage/types.ts';
import { HumanAgent, type HumanMoment } from './agents/human.ts';
import type { Continuation, ContinuedFrom } from './continued-episode.ts';
import { frameNow, type EpisodeResult, type TraceSink } from './episode-record.ts';
import { RunControl } from './run-control.ts';
import { runEpisode } from './rollout.ts';
import type { OnBlocked } from './step-writer.ts';

export interface HumanPlaySettings {
  seed: number;
  /** Crafter's episode number of the seed to play (1 for the first reset). */
  episode: number;
  /** Crafter's `length`. */
  length: number;
  /** Crafter's `size`: the frame's width and height. */
  size: [number, number];
  textStyle: TextStyle;
}

export interface HumanContext {
  sink: TraceSink;
  renderer: () => FrameRenderer;
  texturePack: () => { name: string; sha256: string };
  appVersion: string;
  crafterVersion: string;
  onStorageBlocked: OnBlocked;
}

export interface RecordingState {
  /** ready: nothing recorded yet (the first action starts the session); recording; ended. */
  state: 'ready' | 'recording' | 'ended';
  sessionId: string | null;
  /** Steps taken in this session (after `continues.stepIndex` when it continues another). */
  steps: number;
  /** Of those, the steps known to be durable. */
  saved: number;
  /** The interrupted session this one continues, and the step it continues from. */
  continues: ContinuedFrom | null;
  endReason: EndReason | null;
  error: string | null;
}

export interface HumanView {
  seed: number;
  episode: number;
  worldSeed: number;
  packet: ObservationPacket;
  /** The frame's raw RGB pixels, for drawing without decoding. */
  rgb: Uint8Array;
  /** Why the last action changed nothing, in one line (a table with 1 wood, crafting away from a table), or null. */
  noEffect: string | null;
  recording: RecordingState;
}

export class HumanEpisode {
  private readonly agent: HumanAgent;
  private readonly continues: ContinuedFrom | null;
  private noEffect: string | null = null;
  /** Resolves with the episode's figures once it is over. */
  readonly done: Promise<EpisodeResult>;

  constructor(ctx: HumanContext, readonly settings: HumanPlaySettings, continuation: Continuation | null = null) {
    this.agent = new HumanAgent(settings.textStyle);
    this.continues = continuation && { sessionId: continuation.sessionId, stepIndex: continuation.actions.length };
    const plan = { index: 0, seed: settings.seed, episode: settings.episode, stepLimit: settings.length, size: settings.size };
    const context = {
      sink: ctx.sink,
      renderer: ctx.renderer(),
      texturePack: ctx.texturePack(),
      control: new RunControl(),
      appVersion: ctx.appVersion,
      crafterVersion: ctx.crafterVersion,
      onLive: () => undefined,
      onStorageBlocked: ctx.onStorageBlocked,
    };
    this.done = runEpisode(plan, this.agent, context, continuation ? { continues: continuation } : undefined);
  }

  private viewOf(moment: HumanMoment): HumanView {
    const { turn, ended } = moment;
    if (!turn) throw new Error(`the episode could not start: ${ended?.error ?? 'unknown error'}`);
    const { env, seen, last, record } = turn;
    const frame = frameNow(seen);
    const result = record.result;
    const { seed, episode } = this.settings;
    return {
      seed,
      episode,
      worldSeed: episodeWorldSeed(seed, episode),
      packet: observationPacket(env, this.agent.textStyle, framePacket(frame.png, frame.sha256, seen.width, seen.height), last?.results.at(-1)),
      rgb: seen.rgb,
      noEffect: this.noEffect,
      recording: {
        state: ended ? 'ended' : result.sessionId ? 'recording' : 'ready',
        sessionId: result.sessionId,
        steps: env.step - (this.continues?.stepIndex ?? 0),
        saved: record.durableSteps,
        continues: this.continues,
        endReason: ended ? (ended.status as EndReason) : null,
        error: result.error,
      },
    };
  }

  /** What the page shows now; waits for the episode's first observation. */
  async view(): Promise<HumanView> {
    return this.viewOf(await this.agent.current());
  }

  /** The view as it is now, once the episode has started. */
  peek(): HumanView | null {
    const moment = this.agent.peek();
    return moment && this.viewOf(moment);
  }

  /** Where the simulator stands: its step and the player's position (to check a continuation reached the recording). */
  async position(): Promise<{ step: number; x: number; y: number }> {
    const { turn } = await this.agent.current();
    if (!turn) throw new Error('the episode could not start');
    return { step: turn.env.step, x: turn.env.player.x, y: turn.env.player.y };
  }

  /** Plays `action` (the first starts the session); an ended episode takes no more actions. */
  async act(action: number, reactionMs: number | null): Promise<HumanView> {
    const now = (await this.agent.current()).turn;
    const before = now && playerSituation(now.env);
    const after = await this.agent.press(action, reactionMs);
    this.noEffect = before && after.turn && !after.ended ? noEffectReason(ACTIONS[action], before, playerSituation(after.turn.env)) : null;
    return this.viewOf(after);
  }

  /** Ends the session (if one was started); resolves once every step is durable. */
  async end(reason: EndReason): Promise<HumanView> {
    return this.viewOf(await this.agent.end(reason));
  }

  /** Describes the observation in another style from now on. */
  setTextStyle(style: TextStyle): HumanView | null {
    this.agent.textStyle = style;
    return this.peek();
  }
}
