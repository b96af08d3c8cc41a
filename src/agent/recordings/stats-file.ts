// Crafter's stats.jsonl (its StatsRecorder): one line per finished episode with its length, reward (rounded to
// 0.1; absent before late 2021) and achievement counts. Read, checked, and matched to imported episodes.
import { pythonRound1 } from '../../lib/python-float.ts';
import { ACHIEVEMENTS, type AchievementName } from '../../sim/rules.ts';
import type { EpisodeSummary } from './import-episode.ts';
import { RecordingError } from './recorder-file.ts';

export interface StatsLine {
  /** 1-based line number in the file. */
  line: number;
  length: number;
  reward: number | null;
  achievements: Record<AchievementName, number>;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export function parseStatsJsonl(text: string, file = 'stats.jsonl'): StatsLine[] {
  const lines: StatsLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    const at = `${file}, line ${i + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      throw new RecordingError(`${at}: not JSON: ${(error as Error).message}`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new RecordingError(`${at}: not a JSON object`);
    const fields = record as Record<string, unknown>;
    if (!isCount(fields.length) || fields.length === 0) throw new RecordingError(`${at}: "length" must be a positive integer, got ${JSON.stringify(fields.length)}`);
    if (fields.reward !== undefined && !(typeof fields.reward === 'number' && Number.isFinite(fields.reward))) {
      throw new RecordingError(`${at}: "reward" must be a number, got ${JSON.stringify(fields.reward)}`);
    }
    const missing = ACHIEVEMENTS.filter((name) => !isCount(fields[`achievement_${name}`]));
    if (missing.length) throw new RecordingError(`${at}: ${missing.map((name) => `achievement_${name}`).join(', ')} missing or not a count`);
    lines.push({
      line: i + 1,
      length: fields.length,
      reward: (fields.reward as number | undefined) ?? null,
      achievements: Object.fromEntries(ACHIEVEMENTS.map((name) => [name, fields[`achievement_${name}`]])) as Record<AchievementName, number>,
    });
  });
  return lines;
}

/** Whether the stats line describes this episode: same length, achievement counts and (when written) rounded reward. */
export function statsMatch(line: StatsLine, episode: EpisodeSummary): boolean {
  return line.length === episode.length
    && (line.reward === null || line.reward === pythonRound1(episode.reward))
    && ACHIEVEMENTS.every((name) => line.achievements[name] === episode.achievements[name]);
}
