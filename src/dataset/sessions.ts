// Choosing the sessions of an export: list them all, know each one's reward and achievements, apply the session filters.
import type { SessionRecord, TraceReader } from '../storage/index.ts';
import type { ExportOptions } from './options.ts';
import { sessionOrigin } from './session-origin.ts';
import { toMicro } from './step-window.ts';

const PAGE = 500;

export interface SessionSummary {
  session: SessionRecord;
  totalRewardMicro: number;
  /** Distinct achievements unlocked in the session. */
  achievements: string[];
}

/** Every session of the chosen sources, oldest first (listSessions pages newest first). */
export async function listAllSessions(reader: TraceReader, sources: ExportOptions['sources']): Promise<SessionRecord[]> {
  const all: SessionRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await reader.listSessions({ ...(sources.length ? { source: sources } : {}), limit: PAGE, offset });
    all.push(...page);
    if (page.length < PAGE) break;
  }
  return all.reverse();
}

/** Reward and achievements from the stored outcome, or, for a session still open, from one pass over its steps without frames. */
export async function summarize(reader: TraceReader, session: SessionRecord): Promise<SessionSummary> {
  if (session.outcome || session.damaged) {
    if (!session.outcome) return { session, totalRewardMicro: 0, achievements: [] };
    return { session, totalRewardMicro: toMicro(session.outcome.totalReward), achievements: [...new Set(session.outcome.achievements)] };
  }
  let totalRewardMicro = 0;
  const achievements = new Set<string>();
  for await (const step of reader.iterateSteps(session.id, { frames: false })) {
    totalRewardMicro += toMicro(step.reward);
    for (const name of step.achievementsUnlocked) achievements.add(name);
  }
  return { session, totalRewardMicro, achievements: [...achievements] };
}

/** Why a session is left out, or null when it is kept. */
export function sessionExclusion(summary: SessionSummary, options: ExportOptions): string | null {
  if (summary.session.damaged) return 'damaged';
  const origin = sessionOrigin(summary.session);
  if (options.models.length && !(origin.model !== null && options.models.includes(origin.model))) return 'model';
  if (summary.achievements.length < options.minAchievements) return 'achievements';
  const unlocked = new Set(summary.achievements);
  if (!options.withAchievements.every((name) => unlocked.has(name))) return 'achievements';
  if (options.withoutAchievements.some((name) => unlocked.has(name))) return 'achievements';
  // Achievement reward: Crafter's +1 per unlock, without the health changes (+0.1 regeneration, -0.1 damage).
  if (options.rewardAbove !== null && !(summary.achievements.length > options.rewardAbove)) return 'reward';
  return null;
}
