// The episode loop, for a model behind an endpoint (one record per call) and for a built-in agent (one per action).
import { CrafterEnv, type StepResult } from '../sim/env.ts';
import { ACTIONS } from '../sim/rules.ts';
import { episodeWorldSeed } from '../sim/tuplehash.ts';
import type { SessionInput } from '../storage/types.ts';
import { isAbortError } from './backoff.ts';
import { EpisodeRecord, observe, type EpisodeResult, type Observed } from './episode-record.ts';
import type { EpisodePlan } from './run-config.ts';
import { playModel } from './rollout-model.ts';
import type { EpisodeAgent, EpisodeContext, LiveEpisode } from './rollout-types.ts';

// A long built-in episode gives the worker's message loop a turn this often, so status, pause and stop get through.
const YIELD_EVERY_MS = 15;
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function sessionInput(plan: EpisodePlan, env: CrafterEnv, agent: EpisodeAgent, ctx: EpisodeContext): SessionInput {
  const policy: SessionInput['policy'] =
    agent.kind === 'model'
      ? {
          model: agent.model,
          endpointHost: agent.host,
          promptStyle: agent.prompt.promptStyle,
          imageMode: agent.prompt.imageMode,
          extra: {
            temperature: agent.prompt.temperature,
            maxTokens: agent.prompt.maxTokens,
            frameHistory: agent.prompt.frameHistory,
            historyLayout: agent.prompt.historyLayout,
            actionsPerCall: agent.prompt.actionsPerCall,
            actionFormat: agent.prompt.actionFormat,
          },
        }
      : { model: null, endpointHost: null, promptStyle: agent.promptStyle, imageMode: null, extra: { agent: agent.policyKind, policySeed: agent.policySeed } };
  return {
    source: agent.kind === 'model' ? 'model' : 'builtin',
    policyName: agent.kind === 'model' ? agent.model : agent.policyKind,
    envOptions: { size: [env.size[0], env.size[1]], length: plan.stepLimit },
    seed: plan.seed,
    episode: plan.episode,
    worldSeed: episodeWorldSeed(env.seed, env.episode),
    crafterVersion: ctx.crafterVersion,
    texturePack: ctx.texturePack,
    policy,
    appVersion: ctx.appVersion,
    metadata: {
      runId: ctx.run.id,
      runName: ctx.run.name,
      runStartedAt: ctx.run.startedAt,
      agent: ctx.run.agentLabel,
      episodeIndex: plan.index,
      length: plan.stepLimit,
    },
  };
}

/** Plays one episode to its end (death or the step limit), or until the run stops; never throws. */
export async function runEpisode(plan: EpisodePlan, agent: EpisodeAgent, ctx: EpisodeContext): Promise<EpisodeResult> {
  const record = new EpisodeRecord(ctx.sink, plan, ctx.onStorageBlocked);
  const env = new CrafterEnv({ seed: plan.seed, length: plan.stepLimit, size: plan.size });
  env.wantNoise = true;
  // Crafter's reset counts episodes: start from the one before so this reset plays episode `plan.episode`.
  env.episode = plan.episode - 1;
  const style = agent.kind === 'model' ? agent.prompt.promptStyle : agent.promptStyle;
  const live: LiveEpisode = {
    index: plan.index, seed: plan.seed, episode: plan.episode, step: 0, durable: 0, reward: 0, achievements: record.result.achievements,
    lastActions: [], note: 'starting', frame: null, text: '', lastReply: null,
  };
  const show = (seen: Observed, note: string) => {
    Object.assign(live, { step: env.step, durable: record.durableSteps, reward: env.totalReward, note, frame: { rgb: seen.rgb, width: seen.width, height: seen.height }, text: seen.text });
    ctx.onLive(live);
  };
  try {
    await ctx.control.checkpoint();
    const info = env.reset();
    await record.open(sessionInput(plan, env, agent, ctx));
    const first = observe(env, ctx.renderer, style, agent.kind === 'model');
    await record.recordReset(env, info, first);
    show(first, 'playing');
    const done = agent.kind === 'model' ? await playModel(env, agent, first, record, ctx, live, show) : await playBuiltin(env, agent, record, ctx, live, show);
    await record.close(done.terminated ? 'died' : 'step_limit');
  } catch (error) {
    if (isAbortError(error) || ctx.control.stopped) await record.close('stopped', record.result.error).catch(() => undefined);
    else await record.close('error', (error as Error)?.message ?? String(error)).catch(() => undefined);
  }
  live.note = record.result.status === 'error' ? `error: ${record.result.error}` : record.result.status;
  ctx.onLive(live);
  return record.result;
}

async function playBuiltin(
  env: CrafterEnv,
  agent: Extract<EpisodeAgent, { kind: 'builtin' }>,
  record: EpisodeRecord,
  ctx: EpisodeContext,
  live: LiveEpisode,
  show: (seen: Observed, note: string) => void,
): Promise<StepResult> {
  agent.policy.reset?.();
  let lastYield = performance.now();
  for (;;) {
    if (ctx.control.pause || ctx.control.stopped) await ctx.control.checkpoint();
    const action = agent.policy.act(env);
    const result = env.stepAction(action);
    const seen = observe(env, ctx.renderer, agent.promptStyle, false);
    await record.recordSteps(env, [result], [action], seen);
    live.lastActions = [ACTIONS[action]];
    show(seen, 'playing');
    if (result.done) return result;
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
}
