// A person's episode: the env, and its session recorded through the same EpisodeRecord as runs. The session starts
// with the first action, so looking at a new world records nothing. An episode can also continue one whose page
// closed: the recorded actions are played again to where it stopped, and a new session records from there on.
import { CrafterEnv, type StepInfo, type StepResult } from '../sim/env.ts';
import { framePacket } from '../sim/capture/frame-packet.ts';
import { noEffectReason, playerSituation } from '../sim/no-effect.ts';
import { ACTIONS } from '../sim/rules.ts';
import { observationPacket, type ObservationPacket } from '../sim/observation.ts';
import type { FrameRenderer } from '../sim/render/renderer.ts';
import type { TextStyle } from '../sim/text.ts';
import { episodeWorldSeed } from '../sim/tuplehash.ts';
import type { EndReason } from '../storage/types.ts';
import type { ContinuedFrom } from './continued-episode.ts';
import { EpisodeRecord, observe, type Observed, type TraceSink } from './episode-record.ts';
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

/** Where a continuing episode picks up: the session that stopped and the actions it recorded, in order. */
export interface Continuation {
  sessionId: string;
  actions: number[];
}

export class HumanEpisode {
  readonly env: CrafterEnv;
  private record: EpisodeRecord | null = null;
  private opening: Promise<void> | null = null;
  /** What the first record of the session shows: the reset, or the step a continuation starts from. */
  private readonly startInfo: StepInfo;
  private readonly continues: ContinuedFrom | null;
  private seen: Observed;
  private packet: ObservationPacket;
  private noEffect: string | null = null;
  private endReason: EndReason | null = null;
  private error: string | null = null;

  constructor(private readonly ctx: HumanContext, readonly settings: HumanPlaySettings, continuation: Continuation | null = null) {
    this.env = new CrafterEnv({ seed: settings.seed, length: settings.length, size: settings.size });
    // Crafter's reset counts episodes: start from the one before so this reset plays `settings.episode`.
    this.env.episode = settings.episode - 1;
    this.startInfo = this.env.reset();
    // Replayed steps draw the night noise as Crafter does but compute it only for the frame shown.
    const replay = continuation?.actions ?? [];
    let last: StepResult | undefined;
    replay.forEach((action, i) => {
      this.env.wantNoise = i === replay.length - 1;
      last = this.env.stepAction(action);
      if (last.done) throw new Error(`the recorded episode ended at step ${this.env.step}; there is nothing to continue`);
    });
    if (last) this.startInfo = last.info;
    this.env.wantNoise = true;
    this.continues = continuation && { sessionId: continuation.sessionId, stepIndex: this.env.step };
    this.seen = observe(this.env, ctx.renderer(), settings.textStyle, false);
    this.packet = this.packetOf(this.seen, last);
  }

  private packetOf(seen: Observed, result?: StepResult): ObservationPacket {
    return observationPacket(this.env, this.settings.textStyle, framePacket(seen.png, seen.sha256, seen.width, seen.height), result);
  }

  get ended(): boolean {
    return this.endReason !== null;
  }

  view(): HumanView {
    const record = this.record;
    return {
      seed: this.env.seed,
      episode: this.env.episode,
      worldSeed: episodeWorldSeed(this.env.seed, this.env.episode),
      packet: this.packet,
      rgb: this.seen.rgb,
      noEffect: this.noEffect,
      recording: {
        state: this.endReason ? 'ended' : record ? 'recording' : 'ready',
        sessionId: record?.result.sessionId ?? null,
        steps: this.env.step - this.firstStep,
        saved: record?.durableSteps ?? 0,
        continues: this.continues,
        endReason: this.endReason,
        error: this.error ?? record?.result.error ?? null,
      },
    };
  }

  private get firstStep(): number {
    return this.continues?.stepIndex ?? 0;
  }

  /** Opens the session with the reset observation (or the one it continues from), once. */
  private open(first: Observed): Promise<void> {
    this.opening ??= (async () => {
      const record = new EpisodeRecord(this.ctx.sink, { index: 0, seed: this.env.seed, episode: this.env.episode }, this.ctx.onStorageBlocked);
      this.record = record;
      await record.open({
        source: 'human',
        policyName: null,
        envOptions: { size: [...this.settings.size], length: this.settings.length },
        seed: this.env.seed,
        episode: this.env.episode,
        worldSeed: episodeWorldSeed(this.env.seed, this.env.episode),
        crafterVersion: this.ctx.crafterVersion,
        texturePack: this.ctx.texturePack(),
        policy: { model: null, endpointHost: null, promptStyle: this.settings.textStyle, imageMode: 'text_and_image', extra: {} },
        appVersion: this.ctx.appVersion,
        metadata: this.continues ? { length: this.settings.length, continues: { ...this.continues } } : { length: this.settings.length },
      });
      await record.recordReset(this.env, this.startInfo, first);
    })();
    return this.opening;
  }

  /** Plays `action` (and starts the session at the first); an ended episode takes no more actions. */
  async act(action: number, reactionMs: number | null): Promise<HumanView> {
    if (this.ended) return this.view();
    try {
      await this.open(this.seen);
      const before = playerSituation(this.env);
      const result = this.env.stepAction(action);
      this.noEffect = noEffectReason(ACTIONS[action], before, playerSituation(this.env));
      this.seen = observe(this.env, this.ctx.renderer(), this.settings.textStyle, false);
      this.packet = this.packetOf(this.seen, result);
      await this.record!.recordSteps(this.env, [result], [action], this.seen, { reactionMs });
      if (result.done) await this.end(result.terminated ? 'died' : 'step_limit');
    } catch (error) {
      this.error = (error as Error).message;
      await this.end('error');
    }
    return this.view();
  }

  /** Ends the session (if one was started); waits until every step is durable. */
  async end(reason: EndReason): Promise<HumanView> {
    if (this.ended) return this.view();
    this.endReason = reason;
    if (this.opening) {
      await this.opening.catch(() => undefined);
      await this.record?.close(reason, this.error);
    }
    return this.view();
  }

  /** Describes the current observation in another style from now on. */
  setTextStyle(style: TextStyle): HumanView {
    this.settings.textStyle = style;
    this.seen = observe(this.env, this.ctx.renderer(), style, false);
    this.packet = this.packetOf(this.seen);
    return this.view();
  }
}
