// The episode loop, one for every kind of agent: reset, then turn after turn the agent decides, the env plays its
// actions and the step is recorded, until death, the step limit, or the run stops.
import { CrafterEnv, type StepResult } from '../sim/env.ts';
import { ACTIONS } from '../sim/rules.ts';
import { episodeWorldSeed } from '../sim/tuplehash.ts';
import { END_REASONS, type SessionInput } from '../storage/types.ts';
import type { Agent, LastTurn, Turn, TurnIO } from './agents/agent.ts';
import { isAbortError } from './backoff.ts';
import { EpisodeRecord, addTally, observe, restyle, type EpisodeResult, type Observed } from './episode-record.ts';
import type { EpisodePlan } from './run-config.ts';
import { replayRecorded } from './rollout-replay.ts';
import { lastTurn, playActions } from './rollout-play.ts';
import type { EpisodeContext, LiveEpisode, RecordedEpisode } from './rollout-types.ts';
import type { Continuation, ContinuedFrom } from './continued-episode.ts';

/**
 * Where an episode starts other than at its reset: `resumed`, an interrupted session's recorded turns are played
 * again into the new session (the runner); `continues`, they are played again unrecorded and the new session starts
 * where they end, naming the session it continues (a person's play after a reload).
 */
export type EpisodeStart = { resumed: RecordedEpisode } | { continues: Continuation };

// A long run of synchronous turns gives the event loop a turn this often, so status, pause, stop and writes get
// through; more often while frames are encoded elsewhere, as they come back as messages (at 15 ms, late enough to hold
// play back in the page; in Node's runner, with frames encoded at once, 4 ms cost about 5 % on all cores).
const YIELD_EVERY_MS = 15;
const YIELD_EVERY_MS_FRAMES_ELSEWHERE = 4;
// setTimeout(0) waits at least 1 ms in Node and 4 ms once nested in a browser; scheduler.yield (browsers) and
// setImmediate (Node) do not; a message port, the last resort, goes through the browser's IPC and can take milliseconds.
const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
const yieldToEventLoop: () => Promise<void> = scheduler?.yield
  ? () => scheduler.yield!()
  : typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : () => new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(null);
      });

function sessionInput(plan: EpisodePlan, env: CrafterEnv, agent: Agent, ctx: EpisodeContext, resumed?: RecordedEpisode, continues?: ContinuedFrom): SessionInput {
  const { source, policyName, policy } = agent.identity;
  const run = ctx.run;
  return {
    source,
    policyName,
    envOptions: { size: [env.size[0], env.size[1]], length: plan.stepLimit },
    seed: plan.seed,
    episode: plan.episode,
    worldSeed: episodeWorldSeed(env.seed, env.episode),
    crafterVersion: ctx.crafterVersion,
    texturePack: ctx.texturePack,
    policy,
    appVersion: ctx.appVersion,
    metadata: {
      ...(run && { runId: run.id, runName: run.name, runStartedAt: run.startedAt, agent: run.agentLabel, episodeIndex: plan.index }),
      length: plan.stepLimit,
      ...(resumed && { resumedFrom: resumed.sessionId, replayedSteps: resumed.steps.length - 1 }),
      ...(continues && { continues: { ...continues } }),
    },
  };
}

/** Plays the recorded actions of a continued episode, unrecorded; only the last step draws its night noise. */
function continueSilently(env: CrafterEnv, actions: number[]): StepResult | null {
  let last: StepResult | null = null;
  actions.forEach((action, i) => {
    env.wantNoise = i === actions.length - 1;
    last = env.stepAction(action);
    if (last.done) throw new Error(`the recorded episode ended at step ${env.step}; there is nothing to continue`);
  });
  env.wantNoise = true;
  return last;
}

/**
 * Plays one episode to its end (death, the step limit, or an end the agent asks for), or until the run stops; never
 * throws. `from` starts it elsewhere than at its reset (see EpisodeStart).
 */
export async function runEpisode(plan: EpisodePlan, agent: Agent, ctx: EpisodeContext, from?: EpisodeStart): Promise<EpisodeResult> {
  const resumed = from && 'resumed' in from ? from.resumed : undefined;
  const continuation = from && 'continues' in from ? from.continues : undefined;
  const record = new EpisodeRecord(ctx.sink, plan, ctx.onStorageBlocked, ctx.stepWindow);
  const env = new CrafterEnv({ seed: plan.seed, length: plan.stepLimit, size: plan.size });
  env.wantNoise = true;
  // Crafter's reset counts episodes: start from the one before so this reset plays episode `plan.episode`.
  env.episode = plan.episode - 1;
  const live: LiveEpisode = {
    index: plan.index, seed: plan.seed, episode: plan.episode, step: 0, durable: 0, reward: 0, achievements: record.result.achievements,
    lastActions: [], note: 'starting', frame: null, text: '', lastReply: null,
  };
  const show = (seen: Observed, note: string) => {
    Object.assign(live, { step: env.step, durable: record.durableSteps, reward: env.totalReward, note, frame: { rgb: seen.rgb, width: seen.width, height: seen.height }, text: seen.text });
    ctx.onLive(live);
  };
  const io: TurnIO = {
    signal: ctx.control.signal,
    checkpoint: () => ctx.control.checkpoint(),
    note: (text) => {
      live.note = text;
      ctx.onLive(live);
    },
    pauseForError: (message, kind) => ctx.control.pauseForError(message, kind),
    callFailed: (call, message) => record.callFailed(call, message),
    callAnswered: () => record.callAnswered(),
  };
  const observeNow = () => observe(env, ctx.renderer, agent.textStyle, agent.readsFrame, ctx.encoder);
  let seen: Observed | null = null;
  let last: LastTurn | null = null;
  try {
    await ctx.control.checkpoint();
    const reset = env.reset();
    const continued = continuation ? continueSilently(env, continuation.actions) : null;
    // The session's first record: the reset, or the step the continued episode had reached.
    const info = continued?.info ?? reset;
    const continues = continuation && { sessionId: continuation.sessionId, stepIndex: env.step };
    agent.begin(env);
    const first = observeNow();
    let opened = false;
    // The reset record carries the text in the style of the moment the session opens.
    const open = async () => {
      opened = true;
      await record.open(sessionInput(plan, env, agent, ctx, resumed, continues));
      await record.recordReset(env, info, restyle(first, env, agent.textStyle));
    };
    seen = first;
    if (agent.recordsFrom === 'reset') await open();
    let final: StepResult | null = null;
    show(seen, 'playing');
    if (resumed) {
      if (!agent.catchUp) throw new Error('this agent cannot resume an episode; it must be restarted');
      io.note(`replaying ${resumed.steps.length - 1} recorded steps`);
      ({ seen, last, final } = await replayRecorded(resumed, { env, first, record, plan, io, agent, observe: observeNow }));
      show(seen, 'playing');
    }
    const yieldEvery = ctx.encoder?.encodeElsewhere && !agent.readsFrame ? YIELD_EVERY_MS_FRAMES_ELSEWHERE : YIELD_EVERY_MS;
    let lastYield = performance.now();
    while (!final?.done) {
      if (ctx.control.pause || ctx.control.stopped) await ctx.control.checkpoint();
      const turn: Turn = { env, seen, last, plan, record, io };
      const pending = agent.decide(turn);
      // An agent that waits (for a model, a key) lets the event loop run meanwhile; one that answers at once does not.
      const outcome = pending instanceof Promise ? await pending : pending;
      if (pending instanceof Promise) lastYield = performance.now();
      if ('end' in outcome) {
        await record.close(outcome.end);
        break;
      }
      if (!opened) await open();
      const results = playActions(env, outcome.actions);
      last = lastTurn(outcome.actions, results);
      seen = observeNow();
      if (outcome.tally) addTally(record.result, outcome.tally);
      await record.recordSteps(env, results, last.actions, seen, outcome.extras?.(results.length));
      live.lastActions = last.actions.map((a) => ACTIONS[a]);
      if (outcome.reply !== undefined) live.lastReply = outcome.reply;
      show(seen, 'playing');
      final = results[results.length - 1];
      if (performance.now() - lastYield > yieldEvery) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    if (final?.done) await record.close(final.terminated ? 'died' : 'step_limit');
  } catch (error) {
    if (isAbortError(error) || ctx.control.stopped) await record.close('stopped', record.result.error).catch(() => undefined);
    else await record.close('error', (error as Error)?.message ?? String(error)).catch(() => undefined);
  }
  const status = record.result.status;
  live.note = status === 'error' ? `error: ${record.result.error}` : status === 'running' ? 'playing' : END_REASONS[status];
  ctx.onLive(live);
  agent.finish?.(record.result, seen && { env, seen, last, plan, record, io });
  return record.result;
}
