// Walks a session's step records once, in order, with a bounded look-back (earlier observations for frame
// history) and a bounded look-ahead of k records (achievements and rewards that follow), never the whole session.
import type { StepRecord } from '../storage/index.ts';

export interface Turn {
  /** The record whose observation the prompt shows (the one before `record`). */
  observation: StepRecord;
  /** Records before `observation`, oldest first, at most `lookBack` of them. */
  earlier: StepRecord[];
  /** The record of the turn: its actions, reward and model call. */
  record: StepRecord;
  /** Up to k records after `record`. */
  following: StepRecord[];
  /** Sum of rewards from `record` to the end of the session, in micro-units (exact for Crafter's 0.1 steps). */
  returnToGoMicro: number;
}

export const MICRO = 1_000_000;
export const toMicro = (reward: number): number => Math.round(reward * MICRO);

/**
 * Yields one turn per record after the first. `totalRewardMicro` is the session's reward sum, so the return
 * to go is known without reading ahead to the end; at most lookBack + 2 + k records are held at once.
 */
export async function* sessionTurns(
  steps: AsyncIterable<StepRecord>,
  options: { lookBack: number; lookahead: number; totalRewardMicro: number },
): AsyncGenerator<Turn, void, undefined> {
  const past: StepRecord[] = [];
  const pending: StepRecord[] = [];
  let rewardBeforeMicro = 0;
  const emit = (): Turn => {
    const record = pending.shift()!;
    const observation = past[past.length - 1];
    const turn: Turn = {
      observation,
      earlier: past.slice(0, -1),
      record,
      following: pending.slice(0, options.lookahead),
      returnToGoMicro: options.totalRewardMicro - rewardBeforeMicro,
    };
    rewardBeforeMicro += toMicro(record.reward);
    past.push(record);
    if (past.length > options.lookBack + 1) past.shift();
    return turn;
  };
  for await (const step of steps) {
    if (past.length === 0 && pending.length === 0) {
      // The reset record: an observation with no turn of its own.
      rewardBeforeMicro += toMicro(step.reward);
      past.push(step);
      continue;
    }
    pending.push(step);
    if (pending.length > options.lookahead) yield emit();
  }
  while (pending.length > 0) yield emit();
}
