// A person's episode: the human agent playing through the one episode loop, recorded like every run's; what the page
// shows of it (the observation packet, the frame's pixels, the recording's counts). The session starts with the first
// action, so looking at a new world records nothing.
import { framePacket } from '../sim/capture/frame-packet.ts';
import { observationPacket, type ObservationPacket } from '../sim/observation.ts';
import type { FrameRenderer } from '../sim/render/renderer.ts';
import type { TextStyle } from '../sim/text.ts';
import { episodeWorldSeed } from '../sim/tuplehash.ts';
import type { EndReason } from '../storage/types.ts';
import { HumanAgent, type HumanMoment } from './agents/human.ts';
import type { EpisodeResult, TraceSink } from './episode-record.ts';
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
  /** Steps taken in the episode. */
  steps: number;
  /** Step records known to be durable (the reset record included). */
  durable: number;
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
  recording: RecordingState;
}

export class HumanEpisode {
  private readonly agent: HumanAgent;
  /** Resolves with the episode's figures once it is over. */
  readonly done: Promise<EpisodeResult>;

  constructor(ctx: HumanContext, readonly settings: HumanPlaySettings) {
    this.agent = new HumanAgent(settings.textStyle);
    const plan = { index: 0, seed: settings.seed, episode: settings.episode, stepLimit: settings.length, size: settings.size };
    this.done = runEpisode(plan, this.agent, {
      sink: ctx.sink,
      renderer: ctx.renderer(),
      texturePack: ctx.texturePack(),
      control: new RunControl(),
      appVersion: ctx.appVersion,
      crafterVersion: ctx.crafterVersion,
      onLive: () => undefined,
      onStorageBlocked: ctx.onStorageBlocked,
    });
  }

  private viewOf(moment: HumanMoment): HumanView {
    const { turn, ended } = moment;
    if (!turn) throw new Error(`the episode could not start: ${ended?.error ?? 'unknown error'}`);
    const { env, seen, last, record } = turn;
    const result = record.result;
    const { seed, episode } = this.settings;
    return {
      seed,
      episode,
      worldSeed: episodeWorldSeed(seed, episode),
      packet: observationPacket(env, this.agent.textStyle, framePacket(seen.png, seen.sha256, seen.width, seen.height), last?.results.at(-1)),
      rgb: seen.rgb,
      recording: {
        state: ended ? 'ended' : result.sessionId ? 'recording' : 'ready',
        sessionId: result.sessionId,
        steps: env.step,
        durable: record.durableSteps,
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

  /** Plays `action` (the first starts the session); an ended episode takes no more actions. */
  async act(action: number, reactionMs: number | null): Promise<HumanView> {
    return this.viewOf(await this.agent.press(action, reactionMs));
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
