// Play one whole episode with a built-in agent, headless: for evaluation scripts and tests.
import { CrafterEnv, type EnvOptions } from '../../sim/env.ts';
import { ACHIEVEMENTS, type AchievementName } from '../../sim/rules.ts';
import type { EpisodeSummary } from '../metrics.ts';
import type { BuiltinPolicy } from './policy.ts';

export interface PlayedEpisode extends EpisodeSummary {
  seed: number;
  achievements: AchievementName[];
  /** The step at which each achievement was first unlocked. */
  unlockedAt: Partial<Record<AchievementName, number>>;
  died: boolean;
  /** Milliseconds spent in the agent's decisions, and in the simulator's steps. */
  agentMs: number;
  simMs: number;
}

export interface PlayOptions extends Omit<EnvOptions, 'seed'> {
  /** Stop early once every achievement is unlocked (the rest of the episode adds nothing to the metrics). */
  stopWhenComplete?: boolean;
  /** Called after every step with the env and the action played. */
  onStep?: (env: CrafterEnv, action: number) => void;
}

export function playEpisode(policy: BuiltinPolicy, seed: number, options: PlayOptions = {}): PlayedEpisode {
  const { stopWhenComplete = false, onStep, ...envOptions } = options;
  const env = new CrafterEnv({ ...envOptions, seed });
  env.reset();
  policy.reset?.();
  const unlockedAt: Partial<Record<AchievementName, number>> = {};
  let agentMs = 0;
  let simMs = 0;
  let died = false;
  while (true) {
    const t0 = performance.now();
    const action = policy.act(env);
    const t1 = performance.now();
    const result = env.stepAction(action);
    simMs += performance.now() - t1;
    agentMs += t1 - t0;
    onStep?.(env, action);
    for (const name of result.info.achievementsAdded) unlockedAt[name] ??= env.step;
    if (result.done) {
      died = result.terminated;
      break;
    }
    if (stopWhenComplete && Object.keys(unlockedAt).length === ACHIEVEMENTS.length) break;
  }
  const achievements = ACHIEVEMENTS.filter((name) => unlockedAt[name] !== undefined);
  return { seed, achievements, unlockedAt, reward: env.totalReward, length: env.step, died, agentMs, simMs };
}
