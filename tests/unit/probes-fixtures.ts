// Shared by the probe tests: a world played to a step, and small probe sets generated once per test file.
import { CrafterEnv } from '../../src/sim/env.ts';
import { createBuiltinPolicy, type BuiltinPolicyKind } from '../../src/agent/builtin/policy.ts';
import { generateProbeSet, type ProbeSet, type ProbeSpecInput } from '../../src/agent/probes/index.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';

/** A fresh world of `seed` played by a built-in agent (seeded like the generator's) up to `step`. */
export function playTo(seed: number, policy: BuiltinPolicyKind, step: number): CrafterEnv {
  const env = new CrafterEnv({ seed });
  env.wantNoise = true;
  env.reset();
  const agent = createBuiltinPolicy(policy, seed);
  while (env.step < step) env.stepAction(agent.act(env));
  return env;
}

export const SMALL_SPEC: ProbeSpecInput = { seed: 7, perFamily: 12, source: { kind: 'fresh', worlds: 4, steps: 700, policies: ['scripted', 'random'] } };

const cache = new Map<string, Promise<ProbeSet>>();

export function probeSet(spec: ProbeSpecInput = SMALL_SPEC): Promise<ProbeSet> {
  const key = JSON.stringify(spec);
  if (!cache.has(key)) cache.set(key, generateProbeSet(spec, { pack: builtinPack() }));
  return cache.get(key)!;
}
