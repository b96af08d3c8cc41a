// Evaluation figures over finished episodes: per-achievement success rates, the Crafter score, BALROG progression.
import { ACHIEVEMENTS, type AchievementName } from '../sim/rules.ts';

export interface EpisodeSummary {
  /** Achievements unlocked at least once in the episode (order and repeats do not matter). */
  achievements: readonly string[];
  /** Sum of the rewards of the episode. */
  reward: number;
  /** Steps played. */
  length: number;
}

export interface AgentMetrics {
  episodes: number;
  /** Percent of episodes (0..100) in which each achievement was unlocked, in ACHIEVEMENTS order. */
  successRates: Record<AchievementName, number>;
  /** Crafter score in percent: exp(mean_i ln(1 + s_i)) - 1 over the 22 achievements, s_i in percent. */
  crafterScore: number;
  /** BALROG progression as a fraction (0..1): unique achievements per episode / 22, averaged. */
  balrogProgression: number;
  meanReward: number;
  meanLength: number;
}

const KNOWN = new Set<string>(ACHIEVEMENTS);

function uniqueAchievements(episode: EpisodeSummary): Set<AchievementName> {
  const unique = new Set<AchievementName>();
  for (const name of episode.achievements) {
    if (!KNOWN.has(name)) throw new Error(`unknown achievement ${JSON.stringify(name)}`);
    unique.add(name as AchievementName);
  }
  return unique;
}

/** Percent of episodes in which each achievement was unlocked; all zero for no episodes. */
export function successRates(episodes: readonly EpisodeSummary[]): Record<AchievementName, number> {
  const counts = Object.fromEntries(ACHIEVEMENTS.map((name) => [name, 0])) as Record<AchievementName, number>;
  for (const episode of episodes) for (const name of uniqueAchievements(episode)) counts[name] += 1;
  if (episodes.length === 0) return counts;
  for (const name of ACHIEVEMENTS) counts[name] = (100 * counts[name]) / episodes.length;
  return counts;
}

/** Crafter score (percent) from success rates in percent, one per achievement (missing ones count as 0). */
export function crafterScore(rates: Partial<Record<AchievementName, number>>): number {
  let sumLog = 0;
  for (const name of ACHIEVEMENTS) {
    const rate = rates[name] ?? 0;
    if (!(rate >= 0 && rate <= 100)) throw new RangeError(`success rate of ${name} must be in [0, 100], got ${rate}`);
    sumLog += Math.log(1 + rate);
  }
  return Math.exp(sumLog / ACHIEVEMENTS.length) - 1;
}

/** BALROG progression: the fraction of the 22 achievements unlocked per episode, averaged; 0 for no episodes. */
export function balrogProgression(episodes: readonly EpisodeSummary[]): number {
  if (episodes.length === 0) return 0;
  let sum = 0;
  for (const episode of episodes) sum += uniqueAchievements(episode).size / ACHIEVEMENTS.length;
  return sum / episodes.length;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export function summarizeEpisodes(episodes: readonly EpisodeSummary[]): AgentMetrics {
  const rates = successRates(episodes);
  return {
    episodes: episodes.length,
    successRates: rates,
    crafterScore: crafterScore(rates),
    balrogProgression: balrogProgression(episodes),
    meanReward: mean(episodes.map((e) => e.reward)),
    meanLength: mean(episodes.map((e) => e.length)),
  };
}
