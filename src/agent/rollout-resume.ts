// A run that can be split and taken up again: its identity (the same command names the same run, on every machine),
// its shards (every N-th episode), and what the store already holds of it (finished episodes are skipped, interrupted
// ones replayed when the agent can catch up, restarted otherwise).
import { sha256Hex } from '../lib/sha256.ts';
import type { SessionRecord } from '../storage/types.ts';
import { agentSettings } from './agents/registry.ts';
import type { EpisodePlan, RunConfig } from './run-config.ts';

/** What makes two runs the same run: not where the endpoint is, how fast it is called, or how the run is split. */
const CONNECTION_SETTINGS = ['endpointHost', 'timeoutMs', 'maxRetries', 'prices'];

/** The run's id: the run's name, then a hash of everything that decides its episodes. */
export function runIdentity(config: RunConfig, texturePackSha256: string, crafterVersion: string): string {
  const agent = Object.fromEntries(Object.entries(agentSettings(config.agent)).filter(([key]) => !CONNECTION_SETTINGS.includes(key)));
  const decisive = { name: config.name, agent, seeds: config.seeds, episodes: config.episodes, stepLimit: config.stepLimit, size: config.size ?? null, texturePackSha256, crafterVersion };
  const slug = config.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'run';
  return `${slug}-${sha256Hex(new TextEncoder().encode(JSON.stringify(decisive))).slice(0, 12)}`;
}

export interface Shard {
  /** 1 to count. */
  index: number;
  count: number;
}

/** "i/N" with i from 1 to N. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`--shard takes i/N, e.g. 2/8 for the second of eight shards, not "${text}"`);
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || index < 1 || index > count) throw new Error(`shards are numbered 1 to N: ${text} has no such shard`);
  return { index, count };
}

/** Shard i of N: every N-th episode, starting with episode i; the shards together hold every episode once. */
export function shardPlans(plans: EpisodePlan[], shard: Shard): EpisodePlan[] {
  return plans.filter((plan) => plan.index % shard.count === shard.index - 1);
}

const COMPLETE = new Set(['died', 'step_limit']);

export interface ResumeState {
  /** Episodes whose session ended by death or the step limit. */
  finished: Array<{ plan: EpisodePlan; session: SessionRecord }>;
  /** Interrupted episodes to be played again from their longest session, then continued. */
  replay: Array<{ plan: EpisodePlan; session: SessionRecord }>;
  /** Interrupted episodes to be played from the start. */
  restart: EpisodePlan[];
  /** Episodes never started. */
  fresh: EpisodePlan[];
  /** Sessions of the run no longer needed once the episodes above are under way: unfinished ones already superseded. */
  stale: SessionRecord[];
}

/** Where each planned episode of run `runId` stands in the store; `canReplay` when the agent can catch up on recorded turns. */
export function resumeState(plans: EpisodePlan[], sessions: SessionRecord[], runId: string, canReplay: boolean): ResumeState {
  const byIndex = new Map<number, SessionRecord[]>();
  for (const session of sessions) {
    const meta = session.metadata;
    if (meta?.runId !== runId || typeof meta.episodeIndex !== 'number') continue;
    byIndex.set(meta.episodeIndex, [...(byIndex.get(meta.episodeIndex) ?? []), session]);
  }
  const state: ResumeState = { finished: [], replay: [], restart: [], fresh: [], stale: [] };
  for (const plan of plans) {
    const own = (byIndex.get(plan.index) ?? []).filter((s) => s.seed === plan.seed && s.episode === plan.episode);
    const done = own.find((s) => s.endReason !== null && COMPLETE.has(s.endReason) && !s.damaged);
    if (done) {
      state.finished.push({ plan, session: done });
      state.stale.push(...own.filter((s) => s !== done));
      continue;
    }
    if (own.length === 0) {
      state.fresh.push(plan);
      continue;
    }
    // The longest readable session carries the most; the others were superseded by it.
    const longest = own.filter((s) => !s.damaged).sort((a, b) => b.stepCount - a.stepCount)[0];
    if (canReplay && longest && longest.stepCount > 1) {
      state.replay.push({ plan, session: longest });
      state.stale.push(...own.filter((s) => s !== longest));
    } else {
      state.restart.push(plan);
      state.stale.push(...own);
    }
  }
  return state;
}
