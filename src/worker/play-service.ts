// A person's play, kept in the worker: the episode lives on while the page switches tabs; the human agent plays it
// through the episode loop every run uses. Operations run one at a time, in the order the page sent them.
import { proxyMarker, type ProxyMarked } from 'comlink';
import { HumanEpisode, type HumanContext, type HumanPlaySettings, type HumanView } from '../agent/human-episode.ts';
import type { EndReason } from '../storage/types.ts';

export class PlayService implements ProxyMarked {
  readonly [proxyMarker] = true as const;
  private episode: HumanEpisode | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: HumanContext) {}

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
