// The kinds of agent a run can be given, in one list: each checks its settings, names itself, and makes the agent of
// every episode. A new kind is a file in this folder and a line here.
import type { JsonObject } from '../../storage/types.ts';
import type { Credentials, ModelConnection } from '../model-client.ts';
import type { EpisodePlan, RunConfig } from '../run-config.ts';
import type { Agent } from './agent.ts';
import { builtinKind, type BuiltinAgentConfig } from './builtin.ts';
import { modelKind, type LimiterClock, type ModelAgentConfig } from './model.ts';

export type AgentConfig = BuiltinAgentConfig | ModelAgentConfig;

/** What agents may need from where they run; the key is held in memory only. */
export interface AgentDeps {
  credentials?: Credentials | null;
  /** For tests: the fetch a model client uses. */
  fetch?: typeof fetch;
  limiterClock?: LimiterClock;
}

/** A run's calls per minute, shared by its episodes; 0 for no limit. */
export interface CallLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
}

/** The agents of one run. */
export interface RunAgents {
  /** A fresh agent for one episode. */
  forEpisode(plan: EpisodePlan): Agent;
  /** Calls from now on go to this connection (the fields as corrected after a failure: URL, model, key, headers). */
  reconnect?(connection: ModelConnection): void;
}

export interface AgentKind<C extends AgentConfig> {
  /** Throws a clear error for settings that cannot work. */
  validate(config: C): void;
  /** The agent in a few words, e.g. "built-in scripted agent" or "gpt-4o @ api.openai.com". */
  describe(config: C): string;
  /** The settings to show and keep with results: never a key, an endpoint by host only. */
  settings(config: C): JsonObject;
  create(config: C, limits: CallLimits, deps: AgentDeps): RunAgents;
}

const AGENT_KINDS: { [K in AgentConfig['kind']]: AgentKind<Extract<AgentConfig, { kind: K }>> } = {
  builtin: builtinKind,
  model: modelKind,
};

function kindOf<C extends AgentConfig>(config: C): AgentKind<C> {
  const kind = (AGENT_KINDS as Record<string, AgentKind<AgentConfig>>)[(config as { kind?: string } | null)?.kind ?? ''];
  if (!kind) throw new Error(`the agent must be one of: ${Object.keys(AGENT_KINDS).join(', ')}`);
  return kind as AgentKind<C>;
}

export function validateAgentConfig(config: AgentConfig): void {
  kindOf(config).validate(config);
}

export function describeAgent(config: AgentConfig): string {
  return kindOf(config).describe(config);
}

export function agentSettings(config: AgentConfig): JsonObject {
  return kindOf(config).settings(config);
}

/** The agents of a run of `config` (validated). */
export function createRunAgents(config: RunConfig, deps: AgentDeps = {}): RunAgents {
  const limits = { requestsPerMinute: config.requestsPerMinute, tokensPerMinute: config.tokensPerMinute ?? 0 };
  return kindOf(config.agent).create(config.agent, limits, deps);
}
