import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICY_KINDS, createBuiltinPolicy, isBuiltinPolicyKind } from '../../src/agent/builtin/policy.ts';
import { RandomPolicy } from '../../src/agent/builtin/random.ts';
import { ScriptedPolicy } from '../../src/agent/builtin/scripted.ts';
import { playEpisode } from '../../src/agent/builtin/play.ts';
import { CrafterEnv } from '../../src/sim/env.ts';
import { ACTIONS } from '../../src/sim/rules.ts';

function actionsOf(policy: RandomPolicy, seed: number, steps: number): number[] {
  const env = new CrafterEnv({ seed });
  env.reset();
  const actions: number[] = [];
  for (let i = 0; i < steps; i++) {
    const action = policy.act(env);
    actions.push(action);
    if (env.stepAction(action).done) break;
  }
  return actions;
}

describe('built-in policy registry', () => {
  it('builds each kind and rejects unknown names', () => {
    expect(createBuiltinPolicy('random', 1)).toBeInstanceOf(RandomPolicy);
    expect(createBuiltinPolicy('scripted', 1)).toBeInstanceOf(ScriptedPolicy);
    expect(BUILTIN_POLICY_KINDS.map((kind) => createBuiltinPolicy(kind, 0).name)).toEqual(['random', 'scripted']);
    expect(isBuiltinPolicyKind('scripted')).toBe(true);
    expect(isBuiltinPolicyKind('expert')).toBe(false);
    expect(() => createBuiltinPolicy('expert' as never, 0)).toThrow(/unknown built-in policy/);
  });
});

describe('random policy', () => {
  it('plays the same actions for the same seed, and after reset', () => {
    const policy = new RandomPolicy(7);
    const first = actionsOf(policy, 3, 300);
    expect(actionsOf(new RandomPolicy(7), 3, 300)).toEqual(first);
    policy.reset();
    expect(actionsOf(policy, 3, 300)).toEqual(first);
    expect(actionsOf(new RandomPolicy(8), 3, 300)).not.toEqual(first);
  });

  it('only plays valid action indices and covers all of them', () => {
    const policy = new RandomPolicy(11);
    const env = new CrafterEnv({ seed: 0 });
    env.reset();
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const action = policy.act(env);
      expect(Number.isInteger(action) && action >= 0 && action < ACTIONS.length).toBe(true);
      seen.add(action);
    }
    expect(seen.size).toBe(ACTIONS.length);
  });

  it('leaves the game generator alone: choosing an action draws nothing from it', () => {
    const env = new CrafterEnv({ seed: 5 });
    env.reset();
    const before = env.world.random.stateBytes();
    const policy = new RandomPolicy(5);
    for (let i = 0; i < 50; i++) policy.act(env);
    expect(env.world.random.stateBytes()).toEqual(before);
  });

  it('plays whole episodes through playEpisode, ending at death or the length', () => {
    const episode = playEpisode(new RandomPolicy(2), 2, { length: 400 });
    expect(episode.length).toBeLessThanOrEqual(400);
    expect(episode.died || episode.length === 400).toBe(true);
  });
});
