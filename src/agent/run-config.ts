// What a run is: the agent (a model behind an endpoint, or a built-in agent), the seeds, limits and parallelism.
import { DEFAULT_FRAME_SIZE, validateFrameSize, type FrameSize } from './frame-size.ts';
import type { JsonObject } from '../storage/types.ts';
import { agentSettings, describeAgent, validateAgentConfig, type AgentConfig } from './agents/registry.ts';

export type { AgentConfig } from './agents/registry.ts';
export type { BuiltinAgentConfig } from './agents/builtin.ts';
export type { ModelAgentConfig } from './agents/model.ts';
export { describeAgent };

export interface RunConfig {
  name: string;
  agent: AgentConfig;
  /** Env seeds, used in turn: episode i plays seeds[i % n], episode number floor(i / n) + 1 of that seed. */
  seeds: number[];
  episodes: number;
  /** Crafter's episode length for every episode. */
  stepLimit: number;
  /** Crafter's `size` for every episode: the frame's [width, height]; 64x64 when absent. */
  size?: FrameSize;
  /** Episodes played at once. */
  parallel: number;
  /** Model calls per minute over the whole run; 0 for no limit. */
  requestsPerMinute: number;
  /** Model tokens (prompt and completion) per minute over the whole run; 0 or absent for no limit. */
  tokensPerMinute?: number;
}

export interface EpisodePlan {
  /** 0-based position in the run. */
  index: number;
  seed: number;
  /** Crafter's episode number of this seed (1 for the first reset). */
  episode: number;
  stepLimit: number;
  /** Crafter's `size`: the frame's [width, height]. */
  size: FrameSize;
}

export const MAX_EPISODES = 10_000;
export const MAX_STEP_LIMIT = 10_000;
export const MAX_PARALLEL = 64;
/** Frame sides from Crafter's smallest useful view to what a model would still take. */

/** Seeds from text such as "1-5", "7, 9, 12" or "0-3, 10"; throws on anything else. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^(-?\d+)\s*(?:-|\.\.)\s*(-?\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new Error(`the seed range "${part}" runs backwards`);
      if (to - from + 1 > MAX_EPISODES) throw new Error(`the seed range "${part}" holds more than ${MAX_EPISODES} seeds`);
      for (let s = from; s <= to; s++) seeds.push(s);
    } else if (/^-?\d+$/.test(part)) {
      seeds.push(Number(part));
    } else {
      throw new Error(`"${part}" is not a seed or a range of seeds (write 1-10 or 1, 2, 3)`);
    }
  }
  if (seeds.length === 0) throw new Error('give at least one seed, e.g. 1-10');
  if (!seeds.every(Number.isSafeInteger)) throw new Error('seeds must be whole numbers');
  return seeds;
}

function wholeIn(value: number, min: number, max: number, what: string): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) throw new Error(`${what} must be a whole number from ${min} to ${max}, got ${value}`);
}

export function validateRunConfig(config: RunConfig): void {
  if (!config || typeof config !== 'object') throw new Error('the run needs a configuration');
  if (typeof config.name !== 'string' || !config.name.trim()) throw new Error('give the run a name');
  if (!Array.isArray(config.seeds) || config.seeds.length === 0 || !config.seeds.every(Number.isSafeInteger)) throw new Error('the run needs whole-number seeds');
  wholeIn(config.episodes, 1, MAX_EPISODES, 'episodes');
  wholeIn(config.stepLimit, 1, MAX_STEP_LIMIT, 'the step limit');
  if (config.size !== undefined) validateFrameSize(config.size);
  wholeIn(config.parallel, 1, MAX_PARALLEL, 'episodes in parallel');
  if (!(Number.isFinite(config.requestsPerMinute) && config.requestsPerMinute >= 0)) throw new Error('requests per minute must be a number >= 0 (0: no limit)');
  const tokens = config.tokensPerMinute ?? 0;
  if (!(Number.isFinite(tokens) && tokens >= 0)) throw new Error('tokens per minute must be a number >= 0 (0: no limit)');
  validateAgentConfig(config.agent);
}

export function episodePlans(config: RunConfig): EpisodePlan[] {
  const n = config.seeds.length;
  return Array.from({ length: config.episodes }, (_, index) => ({
    index,
    seed: config.seeds[index % n],
    episode: Math.floor(index / n) + 1,
    stepLimit: config.stepLimit,
    size: [...(config.size ?? DEFAULT_FRAME_SIZE)] as FrameSize,
  }));
}

/** The settings to show and keep with results: the endpoint by host only (a URL may carry a token in its query). */
export function publicSettings(config: RunConfig): JsonObject {
  const common: JsonObject = { seeds: config.seeds, episodes: config.episodes, stepLimit: config.stepLimit, parallel: config.parallel, requestsPerMinute: config.requestsPerMinute };
  if (config.tokensPerMinute) common.tokensPerMinute = config.tokensPerMinute;
  common.size = [...(config.size ?? DEFAULT_FRAME_SIZE)];
  return { ...common, ...agentSettings(config.agent) };
}
