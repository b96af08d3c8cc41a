// A run's results as Crafter's scores/*.json: a list of runs, each with task, method, seed and, per finished
// episode in order, xs (cumulative steps), length, reward and one achievement_<name> count list per achievement,
// which Crafter's analysis scripts (analysis/common.py) read beside the published agents' files.
import type { SessionRecord, TraceReader } from '../../storage/index.ts';
import { pythonRound1 } from '../../lib/python-float.ts';
import { pythonJson, type PythonDict, type PythonValue } from './python-json.ts';

export interface ScoresRunOptions {
  /** Crafter's files say "crafter_reward" or "crafter_noreward" (the human file: "crafter-reward"). */
  task: string;
  /** The method's name in plots and tables, e.g. a model name. */
  method: string;
  /** Runs of one method are told apart by seed; a string in Crafter's files. */
  seed: string;
}

export interface FinishedEpisode {
  length: number;
  /** The episode's reward, rounded to 0.1 as stats.jsonl has it. */
  reward: number;
  /** Final count per achievement, in the order of the names given. */
  achievements: number[];
}

/** The session's episode if it finished (its last record is done, as Crafter's stats count only those), else null. */
async function finishedEpisode(reader: TraceReader, session: SessionRecord, achievementNames: readonly string[]): Promise<FinishedEpisode | null> {
  let last = null;
  let reward = 0;
  for await (const step of reader.iterateSteps(session.id, { frames: false })) {
    if (step.stepIndex > 0) reward += step.reward;
    last = step;
  }
  if (!last?.done) return null;
  return { length: last.stepIndex, reward: pythonRound1(reward), achievements: achievementNames.map((name) => last.achievements[name] ?? 0) };
}

/** Sessions in the order a run played them: by episode index when recorded, then by start time. */
function playOrder(sessions: readonly SessionRecord[]): SessionRecord[] {
  const index = (s: SessionRecord) => (typeof s.metadata?.episodeIndex === 'number' ? s.metadata.episodeIndex : Number.POSITIVE_INFINITY);
  return [...sessions].sort((a, b) => index(a) - index(b) || a.startedAt.localeCompare(b.startedAt));
}

export function scoresRun(episodes: readonly FinishedEpisode[], achievementNames: readonly string[], options: ScoresRunOptions): PythonDict {
  let steps = 0;
  const run: Record<string, PythonValue> = {
    task: options.task,
    method: options.method,
    seed: options.seed,
    xs: episodes.map((e) => ({ int: (steps += e.length) })),
    length: episodes.map((e) => ({ int: e.length })),
    reward: episodes.map((e) => ({ float: e.reward })),
  };
  achievementNames.forEach((name, i) => (run[`achievement_${name}`] = episodes.map((e) => ({ int: e.achievements[i] }))));
  return run;
}

/** The scores file: a JSON list of runs, as Crafter's read_metrics.py writes it. */
export function scoresJson(runs: readonly PythonDict[]): string {
  return pythonJson(runs);
}

/** The sessions a run left in the store (they carry its runId), in play order. */
export async function sessionsOfRun(reader: TraceReader, runId: string): Promise<SessionRecord[]> {
  const sessions = (await reader.listSessions({ limit: 1_000_000 })).filter((s) => s.metadata?.runId === runId);
  if (!sessions.length) throw new Error(`no sessions of run ${JSON.stringify(runId)} in the store`);
  return playOrder(sessions);
}

/** One scores run of the finished episodes among the sessions (in the order given). */
export async function scoresOfSessions(
  reader: TraceReader,
  sessions: readonly SessionRecord[],
  achievementNames: readonly string[],
  options: ScoresRunOptions,
): Promise<{ run: PythonDict; episodes: number; unfinished: number }> {
  const episodes: FinishedEpisode[] = [];
  for (const session of sessions) {
    const episode = await finishedEpisode(reader, session, achievementNames);
    if (episode) episodes.push(episode);
  }
  return { run: scoresRun(episodes, achievementNames, options), episodes: episodes.length, unfinished: sessions.length - episodes.length };
}
