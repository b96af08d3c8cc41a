// Records a human's play as a session in the trace store: one step record per action, written in order.
import { ACTIONS, CRAFTER_VERSION } from '../sim/rules.ts';
import type { EnvView } from '../worker/env-service.ts';
import type { PackInfo } from '../worker/api.ts';
import type { CrafterAction, StepInput } from '../storage/types.ts';
import type { WorkerApi } from './worker-client.ts';
import { APP_VERSION } from '../worker/app-version.ts';

export interface RecorderStatus {
  pending: number;
  saved: number;
  error: string | null;
}

export class SessionRecorder {
  private writes: Promise<void>;
  private status: RecorderStatus = { pending: 0, saved: 0, error: null };
  ended = false;

  private constructor(
    private readonly api: WorkerApi,
    /** The session's id once the store has created it; steps queue behind it, so play never waits. */
    readonly sessionId: Promise<string>,
    private readonly onStatus: (status: RecorderStatus) => void,
  ) {
    this.writes = sessionId.then(() => undefined);
  }

  /** Opens a session for the episode in `first` (a reset view) and queues that first observation. */
  static start(api: WorkerApi, first: EnvView, pack: PackInfo, textStyle: string, onStatus: (s: RecorderStatus) => void): SessionRecorder {
    const session = api.createSession({
      source: 'human',
      seed: first.seed,
      episode: first.episode,
      worldSeed: first.worldSeed,
      crafterVersion: CRAFTER_VERSION,
      texturePack: { name: pack.name, sha256: pack.hash },
      policy: { model: null, endpointHost: null, promptStyle: textStyle, imageMode: 'text_and_image', extra: {} },
      appVersion: APP_VERSION,
      metadata: { length: first.packet.observation.max_steps_episode ?? 10000 },
    });
    const recorder = new SessionRecorder(api, session.then((s) => s.id), onStatus);
    session.catch((error: Error) => recorder.update({ error: `the session could not be created: ${error.message}` }));
    recorder.record(first, [], null);
    return recorder;
  }

  /** Queues the step; the store writes in order and each write is durable when it resolves. */
  record(view: EnvView, actions: number[], reactionMs: number | null): void {
    const o = view.packet.observation;
    const step: StepInput = {
      stepIndex: view.packet.step_idx,
      actions: actions.map((a) => ACTIONS[a] as CrafterAction),
      reward: view.packet.reward,
      done: view.packet.done,
      inventory: o.inventory,
      achievements: Object.fromEntries(Object.entries(o.achievements_status).map(([k, v]) => [k, v ? 1 : 0])),
      position: o.player_position,
      frame: { sha256: o.observation_image_sha256, png: view.png },
      observationText: o.text,
      reactionMs,
      achievementsUnlocked: view.packet.info.achievements_added,
    };
    this.update({ pending: this.status.pending + 1 });
    this.writes = this.writes.then(async () =>
      this.api.appendStep(await this.sessionId, step).then(
        () => this.update({ pending: this.status.pending - 1, saved: this.status.saved + 1 }),
        (error: Error) => this.update({ pending: this.status.pending - 1, error: error.message }),
      ),
    );
  }

  /** Waits for every queued step, then closes the session. */
  async end(reason: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.writes.catch(() => undefined);
    await this.api.endSession(await this.sessionId, { endReason: reason });
  }

  flushed(): Promise<void> {
    return this.writes;
  }

  private update(change: Partial<RecorderStatus>): void {
    this.status = { ...this.status, ...change };
    this.onStatus(this.status);
  }
}
