// The random agent: uniformly random actions from its own seeded generator, so the game's random stream is untouched.
import type { CrafterEnv } from '../../sim/env.ts';
import { ACTIONS } from '../../sim/rules.ts';
import type { BuiltinPolicy } from './policy.ts';
import { mulberry32 } from './prng.ts';

export class RandomPolicy implements BuiltinPolicy {
  readonly name = 'random';
  private next: () => number;

  constructor(private readonly seed = 0) {
    this.next = mulberry32(seed);
  }

  /** Start the action sequence over, as a fresh agent with the same seed would. */
  reset(): void {
    this.next = mulberry32(this.seed);
  }

  act(_env: CrafterEnv): number {
    return Math.floor(this.next() * ACTIONS.length);
  }
}
