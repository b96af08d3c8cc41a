// Built-in agents (scripted, random) behind the agent interface: one action per turn, no key, no calls.
import type { CrafterEnv } from '../../sim/env.ts';
import type { TextStyle } from '../../sim/text.ts';
import type { JsonObject } from '../../storage/types.ts';
import { createBuiltinPolicy, isBuiltinPolicyKind, type BuiltinPolicy, type BuiltinPolicyKind } from '../builtin/policy.ts';
import type { EpisodePlan } from '../run-config.ts';
import type { Agent, AgentIdentity, Decision, Turn } from './agent.ts';
import type { AgentKind } from './registry.ts';

export interface BuiltinAgentConfig {
  kind: 'builtin';
  policy: BuiltinPolicyKind;
  /** Style of the observation text recorded with every step, for datasets. */
  promptStyle: TextStyle;
}

/** The agent's own seed follows the env seed (as scripts/eval-agent.ts does), shifted for later episodes of a seed. */
function builtinPolicySeed(plan: Pick<EpisodePlan, 'seed' | 'episode'>): number {
  return (plan.seed + (plan.episode - 1) * 1_000_003) | 0;
}

export class BuiltinAgent implements Agent {
  readonly identity: AgentIdentity;
  readonly readsFrame = false;
  readonly recordsFrom = 'reset';

  constructor(readonly policy: BuiltinPolicy, kind: BuiltinPolicyKind, policySeed: number, readonly textStyle: TextStyle) {
    this.identity = {
      source: 'builtin',
      policyName: kind,
      policy: { model: null, endpointHost: null, promptStyle: textStyle, imageMode: null, extra: { agent: kind, policySeed } },
    };
  }

  begin(_env: CrafterEnv): void {
    this.policy.reset?.();
  }

  decide(turn: Turn): Decision {
    return { actions: [this.policy.act(turn.env)] };
  }
}

export const builtinKind: AgentKind<BuiltinAgentConfig> = {
  validate(config) {
    if (!isBuiltinPolicyKind(config.policy)) throw new Error(`unknown built-in agent ${config.policy}`);
    if (config.promptStyle !== 'state' && config.promptStyle !== 'language') throw new Error(`unknown prompt style ${config.promptStyle}`);
  },
  describe: (config) => `built-in ${config.policy} agent`,
  settings: (config): JsonObject => ({ agent: 'builtin', policy: config.policy, promptStyle: config.promptStyle }),
  create: (config) => ({
    forEpisode(plan) {
      const seed = builtinPolicySeed(plan);
      return new BuiltinAgent(createBuiltinPolicy(config.policy, seed), config.policy, seed, config.promptStyle);
    },
  }),
};
