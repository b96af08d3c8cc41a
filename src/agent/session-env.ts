// A recorded session's world, made again: the env at the start of its episode, with the Env options it was played
// with (Crafter's defaults where the session names none), for re-simulating it step by step.
import { CrafterEnv } from '../sim/env.ts';
import type { SessionRecord } from '../storage/types.ts';

const DEFAULT_LENGTH = 10000;

export function sessionEnv(session: Pick<SessionRecord, 'seed' | 'episode' | 'envOptions'>, options: { noise?: boolean } = {}): CrafterEnv {
  const { length = DEFAULT_LENGTH, size, area, view, reward } = session.envOptions ?? {};
  const env = new CrafterEnv({ seed: session.seed, length, size, area, view, reward });
  env.wantNoise = options.noise ?? false;
  // Crafter's reset counts episodes: start from the one before so this reset plays the session's episode.
  env.episode = session.episode - 1;
  env.reset();
  return env;
}
