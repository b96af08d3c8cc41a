// A headless run from start to results: open the folder store (recovering what an earlier process left open), find
// what it already holds of this run, play the rest (on threads, or k calls at a time), print and write the results.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeResult } from '../../../src/agent/episode-record.ts';
import { createRunAgents } from '../../../src/agent/agents/registry.ts';
import { redactText } from '../../../src/agent/redact.ts';
import { describeAgent, episodePlans, publicSettings } from '../../../src/agent/run-config.ts';
import { RunControl } from '../../../src/agent/run-control.ts';
import { episodeFromSession, isComplete, summarizeRun, type RunResults } from '../../../src/agent/run-results.ts';
import { resumeState, runIdentity, shardPlans, type ResumeState } from '../../../src/agent/rollout-resume.ts';
import { CRAFTER_VERSION } from '../../../src/sim/rules.ts';
import { loadSqlJs } from '../../../src/storage/index.ts';
import { STORE_MARKER, openTraceDir } from '../../../src/storage/node.ts';
import { lockStore } from './lock.ts';
import type { RolloutOptions } from './options.ts';
import { JobQueue, ThreadPool, playHere, type Job, type PoolEvents } from './pool.ts';
import { Progress } from './progress.ts';
import { resultsText } from './report.ts';
import { scenePack, type RolloutScene } from './scene.ts';

export interface RolloutIO {
  /** Where the key is read from (process.env). */
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  /** Redraw progress in place. */
  tty: boolean;
  /** Between plain progress lines (not a terminal); 10 s by default. */
  plainEveryMs?: number;
  /** Aborted to stop the run cleanly (Ctrl-C). */
  stop: AbortSignal;
  /** For tests: the fetch model calls use. */
  fetch?: typeof fetch;
}

export interface RolloutOutcome {
  /** 0 every episode finished; 1 the run could not start; 3 it stopped on an error, or an episode ended in one; 130 it was stopped. */
  exitCode: number;
  results: RunResults | null;
  resultsPath: string | null;
}

const list = (plans: { index: number }[]) => {
  const shown = plans.slice(0, 8).map((p) => p.index + 1).join(', ');
  return plans.length > 8 ? `${shown} and ${plans.length - 8} more` : shown;
};

/** What the store already holds of the run, and what becomes of each unfinished episode. */
function resumeLines(state: ResumeState, canReplay: boolean): string[] {
  const lines = [`resuming: ${state.finished.length} episodes already finished, ${state.fresh.length} not started`];
  for (const { plan, session } of state.replay) {
    lines.push(`  episode ${plan.index + 1} (seed ${plan.seed}): replays the ${session.stepCount - 1} recorded turns (${session.length} steps) of its ${session.endReason ?? 'unfinished'} session, then goes on`);
  }
  if (state.restart.length) lines.push(`  episodes ${list(state.restart)}: restart from the beginning (${canReplay ? 'nothing recorded to replay' : 'the agent replays exactly from its seed'})`);
  return lines;
}

export async function rollout(options: RolloutOptions, io: RolloutIO): Promise<RolloutOutcome> {
  const { config } = options;
  const key = config.agent.kind === 'model' ? io.env[options.apiKeyEnv]?.trim() || null : null;
  // Whatever is printed passes through this, so the key never reaches the terminal or a log.
  const say = (line: string) => io.out(`${key ? redactText(line, key) : line}\n`);
  if (config.agent.kind === 'model' && options.keyRequired && !key) {
    say(`rollout: the variable ${options.apiKeyEnv} is not set; it should hold the API key`);
    return { exitCode: 1, results: null, resultsPath: null };
  }

  // The lock comes before the store opens (and recovers what was left open), or right after it creates a new one.
  const existing = existsSync(join(options.out, STORE_MARKER));
  let lock = existing ? lockStore(options.out) : null;
  const store = await openTraceDir({ sql: await loadSqlJs(), dir: options.out }).catch((error: unknown) => {
    lock?.release();
    throw error;
  });
  lock ??= lockStore(options.out);
  if (lock.tookOver) say(`the runner that recorded here before (process ${lock.tookOver.pid}, since ${lock.tookOver.startedAt}) is gone; its open sessions are recovered`);
  try {
    await store.recovered();
    const pack = scenePack(options);
    const runId = runIdentity(config, pack.hash, CRAFTER_VERSION);
    const allPlans = episodePlans(config);
    const plans = options.shard ? shardPlans(allPlans, options.shard) : allPlans;
    const agents = createRunAgents(config, { credentials: { apiKey: key }, fetch: io.fetch });
    const canReplay = plans.length > 0 && typeof agents.forEpisode(plans[0]).catchUp === 'function';
    const sessions = await store.listSessions();
    const state = resumeState(plans, sessions, runId, canReplay);
    const ofRun = sessions.filter((s) => s.metadata?.runId === runId);
    const startedAt = ofRun.map((s) => String(s.metadata?.runStartedAt ?? s.startedAt)).sort()[0] ?? new Date().toISOString();
    const shardText = options.shard ? `, shard ${options.shard.index} of ${options.shard.count}` : '';
    say(`run ${runId}: ${describeAgent(config.agent)}, ${plans.length} of ${allPlans.length} episodes${shardText}, length ${config.stepLimit}, store ${options.out}`);
    if (ofRun.length) resumeLines(state, canReplay).forEach(say);
    if (state.stale.length) await store.deleteSessions(state.stale.map((s) => s.id));

    const jobs: Job[] = [
      ...state.replay.map(({ plan, session }) => ({ plan, replayFrom: session })),
      ...[...state.restart, ...state.fresh].sort((a, b) => a.index - b.index).map((plan) => ({ plan })),
    ];
    const scene: RolloutScene = { dir: options.out, config, assets: options.assets, run: { id: runId, name: config.name, startedAt, agentLabel: describeAgent(config.agent) } };
    const earlier = state.finished.map(({ session }) => ({ achievements: session.achievements, reward: session.totalReward, length: session.length }));
    const progress = new Progress({ episodes: jobs.length, stepLimit: config.stepLimit, earlier, tty: io.tty, plainEveryMs: io.plainEveryMs, write: io.err });
    const played: EpisodeResult[] = [];
    const superseded: string[] = [];
    let failure: string | null = null;
    const control = new RunControl();
    let pool: ThreadPool | null = null;
    const stopAll = () => {
      control.stop();
      pool?.stop();
    };
    const events: PoolEvents = {
      live: (counts) => progress.onLive(counts),
      result: (result, job) => {
        played.push(result);
        progress.onResult(result);
        // A replayed session is superseded once its new session holds every step it had.
        if (job.replayFrom && result.sessionId && result.length >= job.replayFrom.length) superseded.push(job.replayFrom.id);
      },
      fatal: (message) => {
        if (failure) return;
        failure = message;
        stopAll();
      },
    };
    const onStop = () => {
      progress.say('stopping: the episodes playing end here, every finished step is kept (Ctrl-C again quits at once)');
      stopAll();
    };
    io.stop.addEventListener('abort', onStop, { once: true });
    // A call that failed for good pauses the run in the page; here it stops it, to be resumed by running again.
    const watch = setInterval(() => {
      if (control.pause?.by === 'error') events.fatal(control.pause.message ?? 'a call failed');
    }, 100);
    if (jobs.length) progress.start();
    try {
      const queue = new JobQueue(jobs);
      if (jobs.length === 0) {
        say('every episode of this run is in the store already: its results follow');
      } else if (config.agent.kind === 'builtin') {
        pool = new ThreadPool(scene, Math.min(options.parallel, jobs.length), queue, events);
        if (control.stopped) pool.stop();
        await pool.done;
      } else {
        await playHere(scene, store, agents, control, queue, Math.min(options.parallel, jobs.length), events);
      }
    } finally {
      clearInterval(watch);
      io.stop.removeEventListener('abort', onStop);
      if (jobs.length) progress.stop();
    }
    if (superseded.length) await store.deleteSessions(superseded);

    const before = await Promise.all(state.finished.map(({ session }) => episodeFromSession(store, session)));
    const episodes = [...before, ...played];
    const stopped = failure !== null || io.stop.aborted;
    const settings = { ...publicSettings(config), ...(options.shard && { shard: `${options.shard.index}/${options.shard.count}` }) };
    const results = summarizeRun(
      { runId, name: config.name, agent: describeAgent(config.agent), settings, startedAt, endedAt: new Date().toISOString(), state: stopped || !episodes.every(isComplete) ? 'stopped' : 'finished' },
      episodes,
    );
    say(resultsText(results));
    const resultsPath = options.results ?? join(options.out, `results-${runId}${options.shard ? `-shard-${options.shard.index}-of-${options.shard.count}` : ''}.json`);
    writeFileSync(resultsPath, JSON.stringify(results, null, 2));
    say(`results: ${resultsPath}`);
    const left = plans.length - episodes.filter(isComplete).length;
    const errors = played.filter((e) => e.status === 'error');
    if (errors.length) say(`${errors.length} episodes ended in an error, e.g. episode ${errors[0].index + 1}: ${errors[0].error}`);
    if (failure) say(`stopped: ${failure}\n${left} episodes left; run the same command again to resume once this is mended`);
    else if (io.stop.aborted) say(`stopped: ${left} episodes left; run the same command again to resume`);
    return { exitCode: failure || errors.length ? 3 : io.stop.aborted ? 130 : 0, results, resultsPath };
  } finally {
    await store.close();
    lock.release();
  }
}

