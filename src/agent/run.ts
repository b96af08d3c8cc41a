// A run: its episodes played k at a time, paused, resumed or stopped together, with progress and results on demand.
import type { AchievementName } from '../sim/rules.ts';
import type { EpisodeResult } from './episode-record.ts';
import { describeAgent, episodePlans, publicSettings, validateRunConfig, type EpisodePlan, type RunConfig } from './run-config.ts';
import { RunControl, type PauseReason } from './run-control.ts';
import { StepRate, secondsLeft, stepsLeft } from './run-pace.ts';
import { achievementCounts, isComplete, summarizeRun, type RunResults, type RunState } from './run-results.ts';
import { runEpisode } from './rollout.ts';
import type { Agent } from './agents/agent.ts';
import type { EpisodeContext, LiveEpisode } from './rollout-types.ts';

export interface RunDeps extends Omit<EpisodeContext, 'control' | 'run' | 'onLive' | 'onStorageBlocked'> {
  /** The agent for one episode (see createRunAgents). */
  createAgent(plan: EpisodePlan): Agent;
  /** For tests: the clock the step rate is measured with. */
  now?: () => number;
}

export interface ActiveEpisode {
  index: number;
  seed: number;
  episode: number;
  step: number;
  reward: number;
  note: string;
}

export interface RunStatus {
  runId: string;
  name: string;
  agent: string;
  state: RunState;
  pause: PauseReason | null;
  startedAt: string;
  endedAt: string | null;
  episodesTotal: number;
  episodesDone: number;
  stepLimit: number;
  /** 0 to 1: finished episodes plus the step fraction of those playing. */
  progress: number;
  steps: number;
  /** Over the last seconds of playing; null before a second has been measured, and while paused. */
  stepsPerSecond: number | null;
  /** At that rate, with episodes expected to last as long as the complete ones did; null when it cannot be said. */
  secondsLeft: number | null;
  active: ActiveEpisode[];
  /** The episode shown live (with its frame): the one asked for, else the first playing, else the last to finish. */
  live: LiveEpisode | null;
  /** Per achievement, how many complete episodes (ended by death or the step limit) unlocked it, as the results count. */
  achievementCounts: Record<AchievementName, number>;
  completeEpisodes: number;
  /** Per achievement, how many of the episodes playing now have unlocked it so far. */
  playingAchievementCounts: Record<AchievementName, number>;
}

export class Run {
  readonly control = new RunControl();
  readonly startedAt = new Date().toISOString();
  private endedAt: string | null = null;
  private readonly plans: EpisodePlan[];
  private readonly finished: EpisodeResult[] = [];
  private readonly lives = new Map<number, LiveEpisode>();
  private lastLive: LiveEpisode | null = null;
  private nextPlan = 0;
  private ended = false;
  /** How the agent is named in status, results and sessions; a model run's follows its connection. */
  private label: string;
  private readonly rate: StepRate;
  /** Resolves when every episode has ended (finished or stopped). */
  readonly done: Promise<void>;

  constructor(readonly id: string, private config: RunConfig, private readonly deps: RunDeps) {
    validateRunConfig(config);
    this.plans = episodePlans(config);
    this.label = describeAgent(config.agent);
    this.rate = new StepRate(deps.now);
    const workers = Array.from({ length: Math.min(config.parallel, this.plans.length) }, () => this.work());
    this.done = Promise.all(workers).then(() => {
      this.ended = true;
      this.endedAt = new Date().toISOString();
    });
  }

  private async work(): Promise<void> {
    while (this.nextPlan < this.plans.length && !this.control.stopped) {
      const plan = this.plans[this.nextPlan++];
      let agent: Agent;
      try {
        agent = this.deps.createAgent(plan);
      } catch (error) {
        this.control.pauseForError(`the agent could not be made: ${(error as Error).message}`, 'agent');
        this.nextPlan--;
        await this.control.checkpoint().catch(() => undefined);
        continue;
      }
      const result = await runEpisode(plan, agent, {
        ...this.deps,
        control: this.control,
        run: { id: this.id, name: this.config.name, startedAt: this.startedAt, agentLabel: this.label },
        onLive: (live) => this.lives.set(live.index, live),
        onStorageBlocked: async (error) => {
          this.control.pauseForError(`Recording paused: ${error.message}`, 'storage');
          await this.control.checkpoint();
        },
      });
      this.finished.push(result);
      this.lastLive = this.lives.get(plan.index) ?? this.lastLive;
      this.lives.delete(plan.index);
    }
  }

  /** A model run's later calls and sessions name this endpoint and model (its connection was corrected on resume). */
  connectTo(baseUrl: string, model: string): void {
    const agent = this.config.agent;
    if (agent.kind !== 'model') throw new Error('only a model run has an endpoint');
    const config = { ...this.config, agent: { ...agent, baseUrl: baseUrl.trim(), model: model.trim() } };
    validateRunConfig(config);
    this.config = config;
    this.label = describeAgent(config.agent);
  }

  get state(): RunState {
    if (this.ended) return this.control.stopped ? 'stopped' : 'finished';
    if (this.control.stopped) return 'stopping';
    return this.control.pause ? 'paused' : 'running';
  }

  status(liveIndex?: number | null): RunStatus {
    const playing = [...this.lives.values()].sort((a, b) => a.index - b.index);
    const live = (liveIndex != null ? this.lives.get(liveIndex) : undefined) ?? playing[0] ?? this.lastLive;
    const stepFraction = playing.reduce((sum, e) => sum + e.step / this.config.stepLimit, 0);
    const complete = this.finished.filter(isComplete);
    // Steps count once durable: finished episodes are, playing ones as far as their records are.
    const steps = this.finished.reduce((sum, e) => sum + e.length, 0) + playing.reduce((sum, e) => sum + e.durable, 0);
    const state = this.state;
    this.rate.sample(steps, state === 'running');
    const stepsPerSecond = this.rate.perSecond();
    const left = stepsLeft({
      episodesTotal: this.plans.length,
      stepLimit: this.config.stepLimit,
      completeLengths: complete.map((e) => e.length),
      otherEnded: this.finished.length - complete.length,
      playingSteps: playing.map((e) => e.step),
    });
    return {
      runId: this.id,
      name: this.config.name,
      agent: this.label,
      state,
      pause: this.control.pause,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      episodesTotal: this.plans.length,
      episodesDone: this.finished.length,
      stepLimit: this.config.stepLimit,
      progress: Math.min(1, (this.finished.length + stepFraction) / this.plans.length),
      steps,
      stepsPerSecond,
      secondsLeft: state === 'finished' ? 0 : state === 'running' ? secondsLeft(left, stepsPerSecond) : null,
      active: playing.map(({ index, seed, episode, step, reward, note }) => ({ index, seed, episode, step, reward, note })),
      live: live ? { ...live, achievements: [...live.achievements], lastActions: [...live.lastActions] } : null,
      achievementCounts: achievementCounts(complete),
      completeEpisodes: complete.length,
      playingAchievementCounts: achievementCounts(playing),
    };
  }

  results(): RunResults {
    return summarizeRun(
      {
        runId: this.id,
        name: this.config.name,
        agent: this.label,
        settings: publicSettings(this.config),
        startedAt: this.startedAt,
        endedAt: this.endedAt,
        state: this.state,
      },
      this.finished,
    );
  }
}
