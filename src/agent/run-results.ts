// A run's results: Crafter score, success rates, BALROG progression, reward, length, tokens and cost per step, reward
// over steps; built from the episodes in memory, or rebuilt from the sessions a run left in the trace store.
import { ACHIEVEMENTS, type AchievementName } from '../sim/rules.ts';
import type { IterateStepsOptions, JsonObject, SessionFilter, SessionRecord, StepRecord } from '../storage/types.ts';
import { addTally, type EpisodeResult, type EpisodeStatus, type TurnTally } from './episode-record.ts';
import { summarizeEpisodes, type AgentMetrics } from './metrics.ts';

export type RunState = 'running' | 'paused' | 'stopping' | 'stopped' | 'finished';

export interface RunTotals extends TurnTally {
  steps: number;
}

export interface RunMeta {
  runId: string;
  name: string;
  agent: string;
  settings: JsonObject;
  startedAt: string;
  endedAt: string | null;
  state: RunState;
}

export interface RunResults extends RunMeta {
  episodes: EpisodeResult[];
  /** Over the complete episodes only (ended by death or the step limit), so a stopped run does not skew them. */
  metrics: AgentMetrics;
  completeEpisodes: number;
  totals: RunTotals;
  perStep: { inputTokens: number; outputTokens: number; costUsd: number | null };
  /** Mean cumulative reward of the complete episodes at evenly spaced steps: [step, reward]. */
  rewardCurve: Array<[number, number]>;
}


const COMPLETE: ReadonlySet<EpisodeStatus> = new Set(['died', 'step_limit']);

export function isComplete(episode: EpisodeResult): boolean {
  return COMPLETE.has(episode.status);
}

/** Cumulative reward of an episode at `step` (its curve holds the points where the reward changed). */
function rewardAt(curve: ReadonlyArray<[number, number]>, step: number): number {
  let value = 0;
  for (const [s, r] of curve) {
    if (s > step) break;
    value = r;
  }
  return value;
}

export function meanRewardCurve(episodes: readonly EpisodeResult[], points = 50): Array<[number, number]> {
  if (episodes.length === 0) return [];
  const longest = Math.max(...episodes.map((e) => e.length));
  const steps = [...new Set(Array.from({ length: points + 1 }, (_, i) => Math.round((i * longest) / points)))];
  return steps.map((step) => [step, episodes.reduce((sum, e) => sum + rewardAt(e.rewardCurve, step), 0) / episodes.length]);
}

export function summarizeRun(meta: RunMeta, episodes: readonly EpisodeResult[]): RunResults {
  const complete = episodes.filter(isComplete);
  const totals: RunTotals = { steps: 0, modelCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null, invalidActions: 0, fallbackNoops: 0, retries: 0 };
  for (const e of episodes) {
    totals.steps += e.length;
    totals.modelCalls += e.modelCalls;
    totals.inputTokens += e.inputTokens;
    totals.outputTokens += e.outputTokens;
    if (e.costUsd !== null) totals.costUsd = (totals.costUsd ?? 0) + e.costUsd;
    totals.invalidActions += e.invalidActions;
    totals.fallbackNoops += e.fallbackNoops;
    totals.retries += e.retries;
  }
  const per = (n: number) => (totals.steps ? n / totals.steps : 0);
  return {
    ...meta,
    episodes: [...episodes].sort((a, b) => a.index - b.index),
    metrics: summarizeEpisodes(complete),
    completeEpisodes: complete.length,
    totals,
    perStep: { inputTokens: per(totals.inputTokens), outputTokens: per(totals.outputTokens), costUsd: totals.costUsd === null ? null : per(totals.costUsd) },
    rewardCurve: meanRewardCurve(complete),
  };
}

/** Per achievement, the episodes that unlocked it, out of those given. */
export function achievementCounts(episodes: ReadonlyArray<{ achievements: readonly string[] }>): Record<AchievementName, number> {
  const counts = Object.fromEntries(ACHIEVEMENTS.map((a) => [a, 0])) as Record<AchievementName, number>;
  for (const e of episodes) for (const a of new Set(e.achievements)) if (a in counts) counts[a as AchievementName] += 1;
  return counts;
}

export interface StoredRunReader {
  listSessions(filter?: SessionFilter): Promise<SessionRecord[]>;
  iterateSteps(sessionId: string, options?: IterateStepsOptions): AsyncIterable<StepRecord>;
}

/** What a recorded step's model call added to its episode's figures; null for a step without one. */
export function recordedStepTally(step: StepRecord): TurnTally | null {
  const call = step.modelCall;
  if (!call) return null;
  const meta = step.metadata ?? {};
  let retries = Array.isArray(meta.attempts) ? Math.max(0, meta.attempts.length - 1) : 0;
  if (Array.isArray(meta.failedCalls)) {
    for (const failed of meta.failedCalls) {
      const attempts = (failed as { attempts?: unknown[] } | null)?.attempts;
      retries += Array.isArray(attempts) ? attempts.length : 0;
    }
  }
  return {
    modelCalls: 1,
    inputTokens: call.usage.inputTokens ?? 0,
    outputTokens: call.usage.outputTokens ?? 0,
    costUsd: typeof meta.costUsd === 'number' ? meta.costUsd : null,
    invalidActions: call.invalidActions.length,
    fallbackNoops: meta.fallbackNoop === true ? 1 : 0,
    retries,
  };
}

/** An episode's figures rebuilt from its session in the store. */
export async function episodeFromSession(reader: StoredRunReader, session: SessionRecord): Promise<EpisodeResult> {
  const metadata = session.metadata ?? {};
  const status: EpisodeStatus = session.endReason ?? 'running';
  const result: EpisodeResult = {
    index: typeof metadata.episodeIndex === 'number' ? metadata.episodeIndex : 0,
    seed: session.seed,
    episode: session.episode,
    sessionId: session.id,
    status,
    error: session.endDetail,
    achievements: [],
    reward: 0,
    length: 0,
    died: false,
    modelCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null, invalidActions: 0, fallbackNoops: 0, retries: 0,
    rewardCurve: [[0, 0]],
  };
  for await (const step of reader.iterateSteps(session.id, { frames: false })) {
    result.length = step.stepIndex;
    for (const name of step.achievementsUnlocked) if (!result.achievements.includes(name as AchievementName)) result.achievements.push(name as AchievementName);
    if (step.reward !== 0) {
      result.reward += step.reward;
      result.rewardCurve.push([step.stepIndex, result.reward]);
    }
    if (step.done && status === 'died') result.died = true;
    const tally = recordedStepTally(step);
    if (tally) addTally(result, tally);
  }
  const last = result.rewardCurve[result.rewardCurve.length - 1];
  if (last[0] !== result.length) result.rewardCurve.push([result.length, result.reward]);
  return result;
}

function settingsOf(session: SessionRecord): JsonObject {
  const p = session.policy;
  return {
    agent: session.source === 'model' ? 'model' : 'builtin',
    ...(p ? { model: p.model, endpointHost: p.endpointHost, promptStyle: p.promptStyle, imageMode: p.imageMode, ...p.extra } : {}),
    stepLimit: session.metadata?.length ?? null,
  };
}

/** Every run whose sessions are in the store (sessions carry runId and runName), newest first. */
export async function runsFromStore(reader: StoredRunReader): Promise<RunResults[]> {
  const sessions = (await reader.listSessions({ limit: 1_000_000 })).filter((s) => typeof s.metadata?.runId === 'string');
  const byRun = new Map<string, SessionRecord[]>();
  for (const s of sessions) {
    const id = s.metadata!.runId as string;
    byRun.set(id, [...(byRun.get(id) ?? []), s]);
  }
  const runs: RunResults[] = [];
  for (const [runId, group] of byRun) {
    const first = group.reduce((a, b) => (a.startedAt <= b.startedAt ? a : b));
    const episodes = await Promise.all(group.map((s) => episodeFromSession(reader, s)));
    const ended = group.every((s) => s.endedAt !== null);
    const endedAt = ended ? group.map((s) => s.endedAt as string).sort().at(-1) ?? null : null;
    const meta = first.metadata ?? {};
    runs.push(
      summarizeRun(
        {
          runId,
          name: typeof meta.runName === 'string' ? meta.runName : runId,
          agent: typeof meta.agent === 'string' ? meta.agent : first.source,
          settings: { ...settingsOf(first), episodes: group.length },
          startedAt: typeof meta.runStartedAt === 'string' ? meta.runStartedAt : first.startedAt,
          endedAt,
          state: episodes.every(isComplete) ? 'finished' : 'stopped',
        },
        episodes,
      ),
    );
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
