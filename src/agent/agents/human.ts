// A person at the keys, behind the agent interface: each turn waits for the next key the page sends, and the key's
// caller is answered with the turn that follows it (or the episode's end).
import type { CrafterEnv } from '../../sim/env.ts';
import type { TextStyle } from '../../sim/text.ts';
import type { EndReason } from '../../storage/types.ts';
import type { EpisodeResult } from '../episode-record.ts';
import type { Agent, AgentIdentity, Turn, TurnOutcome } from './agent.ts';

/** Where the person's episode stands: at a turn waiting for a key, or over. */
export type HumanMoment = { turn: Turn; ended: null } | { turn: Turn | null; ended: EpisodeResult };

export class HumanAgent implements Agent {
  readonly readsFrame = true;
  readonly recordsFrom = 'first-action';
  /** The turn waiting for a key (where the episode stopped, once over), and the episode's end. */
  private moment: { turn: Turn | null; ended: EpisodeResult | null } = { turn: null, ended: null };
  private answer: ((outcome: TurnOutcome) => void) | null = null;
  private waiters: Array<(moment: HumanMoment) => void> = [];
  /** An end asked for before the loop waited for a key. */
  private endAsked: EndReason | null = null;

  constructor(public textStyle: TextStyle) {}

  get identity(): AgentIdentity {
    return { source: 'human', policyName: null, policy: { model: null, endpointHost: null, promptStyle: this.textStyle, imageMode: 'text_and_image', extra: {} } };
  }

  begin(_env: CrafterEnv): void {}

  decide(turn: Turn): Promise<TurnOutcome> {
    this.moment.turn = turn;
    this.settle();
    if (this.endAsked) return Promise.resolve({ end: this.endAsked });
    return new Promise((resolve) => (this.answer = resolve));
  }

  finish(result: EpisodeResult, final: Turn | null): void {
    this.moment.turn = final;
    this.moment.ended = result;
    this.answer = null;
    this.settle();
  }

  private settle(): void {
    const moment = this.moment as HumanMoment;
    for (const wake of this.waiters.splice(0)) wake(moment);
  }

  /** The next moment: the next turn, or the end. */
  private next(): Promise<HumanMoment> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The moment now; null before the episode's first turn. */
  peek(): HumanMoment | null {
    return this.moment.turn || this.moment.ended ? (this.moment as HumanMoment) : null;
  }

  /** The turn waiting for a key, or the end; waits for the episode's first turn. */
  current(): Promise<HumanMoment> {
    const now = this.peek();
    return now ? Promise.resolve(now) : this.next();
  }

  /** Plays `action`; resolves at the turn after it, or at the end it led to. An ended episode takes no more keys. */
  async press(action: number, reactionMs: number | null): Promise<HumanMoment> {
    await this.current();
    const answer = this.answer;
    if (!answer || this.moment.ended) return this.moment as HumanMoment;
    this.answer = null;
    const after = this.next();
    answer({ actions: [action], extras: () => ({ reactionMs }) });
    return after;
  }

  /** Ends the episode (its session, if one was started, ends with `reason`); resolves once it is closed. */
  async end(reason: EndReason): Promise<HumanMoment> {
    const answer = this.answer;
    this.answer = null;
    if (answer) answer({ end: reason });
    else this.endAsked ??= reason;
    let moment = this.moment as HumanMoment;
    while (!moment.ended) moment = await this.next();
    return moment;
  }
}
