// The contract every built-in agent meets, and the registry that builds one by kind.
import type { CrafterEnv } from '../../sim/env.ts';
import { RandomPolicy } from './random.ts';
import { ScriptedPolicy } from './scripted.ts';

export interface BuiltinPolicy {
  readonly name: string;
  /** The action index (into ACTIONS) to play in the env's current state; reads the env, never changes it. */
  act(env: CrafterEnv): number;
  /** Forget everything about the previous episode. */
  reset?(): void;
}

export const BUILTIN_POLICY_KINDS = ['random', 'scripted'] as const;
export type BuiltinPolicyKind = (typeof BUILTIN_POLICY_KINDS)[number];

export function isBuiltinPolicyKind(value: string): value is BuiltinPolicyKind {
  return (BUILTIN_POLICY_KINDS as readonly string[]).includes(value);
}

export function createBuiltinPolicy(kind: BuiltinPolicyKind, seed: number): BuiltinPolicy {
  switch (kind) {
    case 'random':
      return new RandomPolicy(seed);
    case 'scripted':
      return new ScriptedPolicy(seed);
    default: {
      const unknown: never = kind;
      throw new Error(`unknown built-in policy ${JSON.stringify(unknown)}; expected one of ${BUILTIN_POLICY_KINDS.join(', ')}`);
    }
  }
}
