// A person's play, kept in the worker: the episode lives on while the page switches tabs; the human agent plays it
// through the episode loop every run uses. Operations run one at a time, in the order the page sent them.
import { proxyMarker, type ProxyMarked } from 'comlink';
import { continuedFrom, episodeSteps, type EpisodeReader } from '../agent/continued-episode.ts';
import { HumanEpisode, type HumanContext, type HumanPlaySettings, type HumanView } from '../agent/human-episode.ts';
import { actionIndex } from '../sim/rules.ts';
import type { EndReason, SessionRecord } from '../storage/types.ts';

/** A person's episode whose page closed while it recorded: it can be continued from its last recorded step. */
export interface InterruptedEpisode {
  sessionId: string;
  seed: number;
  episode: number;
  /** The episode's step the recording reached (counting the sessions it continues). */
  stepIndex: number;
  startedAt: string;
}

const DEFAULT_LENGTH = 10000;

function reachedStep(session: SessionRecord): number {
  return (continuedFrom(session.metadata)?.stepIndex ?? 0) + session.length;
}

export class PlayService implements ProxyMarked {
  readonly [proxyMarker] = true as const;
  private episode: HumanEpisode | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: HumanContext, private readonly reader: () => EpisodeReader) {}

  private inOrder<T>(operation: () => T | Promise<T>): Promise<T> {
    const result = this.chain.then(operation);
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** The episode in play, if any (after the page comes back to the Play tab). */
  current(): Promise<HumanView | null> {
    return this.inOrder(() => this.episode?.view() ?? null);
  }

  private async begin(settings: HumanPlaySettings): Promise<HumanView> {
    const episode = new HumanEpisode(this.ctx, { ...settings, size: [...settings.size] });
    this.episode = episode;
    return episode.view();
  }

  /** A new world (or another episode of the same seed); the episode in play, if recording, ends as stopped. */
  start(settings: HumanPlaySettings): Promise<HumanView> {
    return this.inOrder(async () => {
      await this.episode?.end('stopped');
      return this.begin(settings);
    });
  }

  /** The next episode of the current seed. */
  next(): Promise<HumanView> {
    return this.inOrder(async () => {
      const current = this.episode;
      if (!current) throw new Error('no episode is in play; start one first');
      await current.end('stopped');
      return this.begin({ ...current.settings, episode: current.settings.episode + 1 });
    });
  }

  /** The person's latest session, when its page closed while it recorded steps (offered to continue after a reload). */
  async interrupted(): Promise<InterruptedEpisode | null> {
    const [latest] = await this.reader().listSessions({ source: 'human', limit: 1 });
    if (!latest || latest.state !== 'interrupted' || latest.length === 0) return null;
    return { sessionId: latest.id, seed: latest.seed, episode: latest.episode, stepIndex: reachedStep(latest), startedAt: latest.startedAt };
  }

  /**
   * Plays the interrupted session's recorded actions again (and those of the sessions it continues) to its last
   * step, checks the simulator is where the recording says, and plays on from there; the steps to come are recorded
   * in a new session that names the one it continues. The interrupted session stays as it was.
   */
  resume(sessionId: string, textStyle: HumanPlaySettings['textStyle']): Promise<HumanView> {
    return this.inOrder(async () => {
      const reader = this.reader();
      const session = (await reader.listSessions({ source: 'human' })).find((s) => s.id === sessionId);
      if (!session) throw new Error(`no session ${sessionId} of a person's play in the store`);
      if (session.state !== 'interrupted') throw new Error(`session ${sessionId} was not interrupted; only an interrupted episode can be continued`);
      const steps = await episodeSteps(reader, session);
      const settings: HumanPlaySettings = {
        seed: session.seed,
        episode: session.episode,
        length: session.envOptions?.length ?? (typeof session.metadata?.length === 'number' ? session.metadata.length : DEFAULT_LENGTH),
        size: session.envOptions?.size ?? [64, 64],
        textStyle,
      };
      const episode = new HumanEpisode(this.ctx, settings, { sessionId, actions: steps.flatMap((s) => s.actions.map(actionIndex)) });
      const last = steps.at(-1);
      const at = await episode.position();
      if (last && (last.stepIndex !== at.step || last.position[0] !== at.x || last.position[1] !== at.y)) {
        await episode.end('stopped');
        throw new Error(`playing the recorded actions again reaches step ${at.step} at (${at.x}, ${at.y}), not step ${last.stepIndex} at (${last.position.join(', ')}) as recorded; the episode cannot be continued`);
      }
      await this.episode?.end('stopped');
      this.episode = episode;
      return episode.view();
    });
  }

  act(action: number, reactionMs: number | null): Promise<HumanView> {
    return this.inOrder(() => {
      if (!this.episode) throw new Error('no episode is in play; start one first');
      return this.episode.act(action, reactionMs);
    });
  }

  /** Ends the episode's recording (the world stays on screen). */
  stop(reason: EndReason = 'stopped'): Promise<HumanView | null> {
    return this.inOrder(async () => (this.episode ? this.episode.end(reason) : null));
  }

  setTextStyle(style: HumanPlaySettings['textStyle']): Promise<HumanView | null> {
    return this.inOrder(() => this.episode?.setTextStyle(style) ?? null);
  }

  /** The recording's counts as they are now (durable steps catch up after the step that made them). */
  status(): HumanView['recording'] | null {
    return this.episode?.peek()?.recording ?? null;
  }
}
