// Playing a turn's actions on the env, live or from a recording.
import type { CrafterEnv, StepResult } from '../sim/env.ts';
import type { LastTurn } from './agents/agent.ts';

/** Plays `actions` in order, stopping early if the episode ends. */
export function playActions(env: CrafterEnv, actions: number[]): StepResult[] {
  const results: StepResult[] = [];
  for (const action of actions) {
    const result = env.stepAction(action);
    results.push(result);
    if (result.done) break;
  }
  return results;
}

/** What a turn played, for the agent's next turn. */
export function lastTurn(actions: number[], results: StepResult[]): LastTurn {
  return { actions: actions.slice(0, results.length), results, reward: results.reduce((sum, r) => sum + r.reward, 0) };
}
