// One episode's session in the trace store: the reset record, a record per step or model call, the end; and its tally.
import type { CrafterEnv, StepInfo, StepResult } from '../sim/env.ts';
import { ACTIONS, type AchievementName } from '../sim/rules.ts';
import { pngDataUrl } from '../lib/base64.ts';
import { encodePng } from '../lib/png.ts';
import { sha256Hex } from '../lib/sha256.ts';
import type { FrameRenderer } from '../sim/render/renderer.ts';
import { textSummary, type TextStyle } from '../sim/text.ts';
import { isStorageError, type EndOptions } from '../storage/index.ts';
import type { CrafterAction, EndReason, FrameInput, JsonObject, MessageInput, ModelCallInput, SessionEnd, SessionInput } from '../storage/types.ts';
import { StepWriter, type OnBlocked, type StepSink } from './step-writer.ts';

export interface TraceSink extends StepSink {
  createSession(input: SessionInput): Promise<{ id: string }>;
  endSession(sessionId: string, end?: SessionEnd, options?: EndOptions): Promise<unknown>;
}

/** The env's current observation as the trace and a model need it. */
export interface Observed {
  rgb: Uint8Array;
  width: number;
  height: number;
  /** PNG bytes and pixel hash; still on its way when the encoder works elsewhere and the agent does not read it. */
  frame: FrameInput | Promise<FrameInput>;
  text: string;
  /** The style `text` is written in. */
  style: TextStyle;
  /** Made only for agents that read the frame (a model's request). */
  dataUrl: string | null;
}

/**
 * How frames become PNG bytes and get their identity (the SHA-256 of the raw RGB pixels): at once, anywhere; Node
 * passes a faster one. `encodeElsewhere`, when offered, encodes off the caller's thread (a worker in the page), for
 * frames no agent reads at its turn; they may come back in any order (the step writer keeps the steps' order).
 */
export interface FrameEncoder {
  encode(rgb: Uint8Array, width: number, height: number): FrameInput;
  encodeElsewhere?(rgb: Uint8Array, width: number, height: number): Promise<FrameInput>;
}

export const PORTABLE_FRAME_ENCODER: FrameEncoder = { encode: (rgb, width, height) => ({ png: encodePng(rgb, width, height), sha256: sha256Hex(rgb) }) };

/** The frame of an observation made for an agent that reads it, which is encoded at once. */
export function frameNow(seen: Observed): FrameInput {
  if (seen.frame instanceof Promise) throw new Error('this observation\'s frame is still being encoded elsewhere; agents that read frames get them at once');
  return seen.frame;
}

/** An episode plays, then ends for one of the store's end reasons. */
export type EpisodeStatus = 'running' | EndReason;

/** Model calls and what they cost: what a turn adds to its episode's figures, and an episode to its run's. */
export interface TurnTally {
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Summed over calls whose price was known; null when none was. */
  costUsd: number | null;
  invalidActions: number;
  /** Calls that gave no valid action, after which noop was played. */
  fallbackNoops: number;
  retries: number;
}

export interface EpisodeResult extends TurnTally {
  index: number;
  seed: number;
  episode: number;
  sessionId: string | null;
  status: EpisodeStatus;
  error: string | null;
  achievements: AchievementName[];
  reward: number;
  length: number;
  died: boolean;
  /** [step, cumulative reward] wherever the reward changed, and at the last step. */
  rewardCurve: Array<[number, number]>;
}

/** Adds a turn's figures to its episode's. */
export function addTally(result: EpisodeResult, turn: Partial<TurnTally>): void {
  result.modelCalls += turn.modelCalls ?? 0;
  result.inputTokens += turn.inputTokens ?? 0;
  result.outputTokens += turn.outputTokens ?? 0;
  if (turn.costUsd != null) result.costUsd = (result.costUsd ?? 0) + turn.costUsd;
  result.invalidActions += turn.invalidActions ?? 0;
  result.fallbackNoops += turn.fallbackNoops ?? 0;
  result.retries += turn.retries ?? 0;
}

/** Renders and describes the env now; `readsFrame`: the agent reads the PNG at its turn, so it is encoded at once. */
export function observe(env: CrafterEnv, renderer: FrameRenderer, style: TextStyle, readsFrame: boolean, encoder = PORTABLE_FRAME_ENCODER): Observed {
  const rgb = renderer.render(env);
  const [width, height] = env.size;
  const frame = !readsFrame && encoder.encodeElsewhere ? encoder.encodeElsewhere(rgb, width, height) : encoder.encode(rgb, width, height);
  return {
    rgb,
    width,
    height,
    frame,
    text: textSummary(env, style),
    style,
    dataUrl: readsFrame && !(frame instanceof Promise) ? pngDataUrl(frame.png) : null,
  };
}

/** The same observation described in another style (the env must not have moved since). */
export function restyle(seen: Observed, env: CrafterEnv, style: TextStyle): Observed {
  return seen.style === style ? seen : { ...seen, style, text: textSummary(env, style) };
}

export interface StepExtras {
  /** A person's time from seeing the frame to pressing the key. */
  reactionMs?: number | null;
  modelCall?: ModelCallInput;
  messages?: MessageInput[];
  metadata?: JsonObject;
  /** When the step was first recorded (a replayed step keeps its time); now when absent. */
  completedAt?: string;
}

/** Records an episode's steps as they happen and keeps the figures the run's results need. */
export class EpisodeRecord {
  readonly result: EpisodeResult;
  private writer: StepWriter | null = null;
  private readonly unlocked = new Set<AchievementName>();
  /** Model calls that failed for good and were not yet followed by one that answered: kept with the end if the episode stops. */
  private unansweredCalls: JsonObject[] = [];

  constructor(
    private readonly sink: TraceSink,
    plan: { index: number; seed: number; episode: number },
    private readonly onBlocked: OnBlocked,
    /** Steps that may be recorded ahead of what is durable (the StepWriter's default when absent). */
    private readonly window?: number,
  ) {
    this.result = {
      index: plan.index, seed: plan.seed, episode: plan.episode, sessionId: null, status: 'running', error: null, achievements: [], reward: 0, length: 0, died: false,
      modelCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null, invalidActions: 0, fallbackNoops: 0, retries: 0, rewardCurve: [[0, 0]],
    };
  }

  async open(session: SessionInput): Promise<void> {
    const created = await this.sink.createSession(session);
    this.result.sessionId = created.id;
    this.writer = new StepWriter(this.sink, created.id, this.onBlocked, this.window);
  }

  /** A call failed for good: the episode's error until one answers, and kept with the end if the episode stops first. */
  callFailed(call: JsonObject, message: string): void {
    this.unansweredCalls.push(call);
    this.result.error = message;
  }

  /** A call answered: the failures before it go with its step, not with the end. */
  callAnswered(): void {
    this.result.error = null;
    this.unansweredCalls = [];
  }

  /** The first record: the reset observation. */
  async recordReset(env: CrafterEnv, info: StepInfo, seen: Observed): Promise<void> {
    await this.write(env, info, seen, [], 0, false, [], {});
  }

  /** A record after `actions` were played (one step, or a model call's actions). */
  async recordSteps(env: CrafterEnv, results: StepResult[], actions: number[], seen: Observed, extras: StepExtras = {}): Promise<void> {
    const last = results[results.length - 1];
    const reward = results.reduce((sum, r) => sum + r.reward, 0);
    const added = results.flatMap((r) => r.info.achievementsAdded);
    this.result.length = env.step;
    this.result.reward = env.totalReward;
    if (reward !== 0) this.result.rewardCurve.push([env.step, env.totalReward]);
    if (last.done) this.result.died = last.terminated;
    await this.write(env, last.info, seen, actions, reward, last.done, added, extras);
  }

  private async write(env: CrafterEnv, info: StepInfo, seen: Observed, actions: number[], reward: number, done: boolean, added: AchievementName[], extras: StepExtras): Promise<void> {
    if (!this.writer) throw new Error('the episode session is not open');
    for (const name of added) {
      if (!this.unlocked.has(name)) this.result.achievements.push(name);
      this.unlocked.add(name);
    }
    await this.writer.write({
      stepIndex: env.step,
      actions: actions.map((a) => ACTIONS[a] as CrafterAction),
      reward,
      done,
      inventory: info.inventory,
      achievements: info.achievements,
      position: [info.playerPos[0], info.playerPos[1]],
      frame: seen.frame,
      observationText: seen.text,
      reactionMs: extras.reactionMs,
      achievementsUnlocked: [...new Set(added)],
      modelCall: extras.modelCall,
      messages: extras.messages,
      metadata: extras.metadata,
      completedAt: extras.completedAt,
    });
  }

  /** Step records of the session known to be durable (the reset record included). */
  get durableRecords(): number {
    return this.writer?.durable ?? 0;
  }

  /** Environment steps of the session known to be durable. */
  get durableSteps(): number {
    return this.writer?.durableActions ?? 0;
  }

  /** Waits for the queued steps, then ends the session; the result keeps `status` and any error, the end any unanswered calls. */
  async close(status: EndReason, error: string | null = null): Promise<void> {
    this.result.status = status;
    this.result.error = error;
    const last = this.result.rewardCurve[this.result.rewardCurve.length - 1];
    if (last[0] !== this.result.length) this.result.rewardCurve.push([this.result.length, this.result.reward]);
    const id = this.result.sessionId;
    if (!id) return;
    try {
      await this.writer?.flush();
    } catch (failure) {
      this.result.status = 'error';
      this.result.error ??= `a step could not be stored: ${(failure as Error).message}`;
    }
    const { status: final, error: why } = this.result;
    const unanswered = this.unansweredCalls.length ? { unansweredCalls: this.unansweredCalls } : null;
    // An episode that ended by itself is sealed a moment later, so the next one starts without waiting for the file;
    // one stopped (or failed) is sealed at once, before its run ends and the page may close.
    const sealLater = final === 'died' || final === 'step_limit';
    try {
      await this.sink.endSession(id, { endReason: final as EndReason, endDetail: why?.slice(0, 2000) ?? null, details: unanswered }, { sealLater });
    } catch (error) {
      // Storage full as the end is written: the store holds it like a step, and writing it again ends the session.
      if (!(isStorageError(error) && error.kept) || !this.writer) throw error;
      await this.writer.untilWritten(error);
    }
  }
}
