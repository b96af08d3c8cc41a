// Random actions for tools and tests, from a small LCG of their own: the same seed plays the same actions on every
// run, and the game's RandomState is never touched.
import { ACTIONS } from '../../src/sim/rules.ts';

/** The next action index of a seeded stream, each call. */
export function actionStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(1664525, state) + 1013904223) >>> 0;
    return (state >>> 16) % ACTIONS.length;
  };
}
