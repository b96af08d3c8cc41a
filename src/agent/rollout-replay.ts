// Resuming an interrupted episode: its recorded turns are played again from the reset, each checked against the
// re-simulation (step count and frame), and written into the new session with what the agent recorded then (the
// model call, messages, metadata), while the agent catches up on what it saw. Nothing is asked of the model again.
import type { CrafterEnv, StepResult } from '../sim/env.ts';
import { actionIndex } from '../sim/rules.ts';
import type { Agent, LastTurn, TurnIO } from './agents/agent.ts';
import { addTally, type EpisodeRecord, type Observed } from './episode-record.ts';
import type { EpisodePlan } from './run-config.ts';
import { recordedStepTally } from './run-results.ts';
import { lastTurn, playActions } from './rollout-play.ts';
import type { RecordedEpisode } from './rollout-types.ts';

export interface ReplayScene {
  env: CrafterEnv;
  /** The reset observation. */
  first: Observed;
  record: EpisodeRecord;
  plan: EpisodePlan;
  io: TurnIO;
  agent: Agent;
  observe(): Observed;
}

function mismatch(recorded: RecordedEpisode, stepIndex: number, what: string): Error {
  return new Error(`session ${recorded.sessionId} does not replay: at step ${stepIndex} ${what} (recorded with another texture pack or version?); delete it to play the episode again`);
}

/** Plays the recorded turns again; returns where the episode stands after them. */
export async function replayRecorded(recorded: RecordedEpisode, scene: ReplayScene): Promise<{ seen: Observed; last: LastTurn | null; final: StepResult | null }> {
  const { env, record, plan, io, agent } = scene;
  const [reset, ...turns] = recorded.steps;
  if (reset?.stepIndex !== 0) throw mismatch(recorded, 0, 'there is no reset record');
  if (reset.frame && reset.frame.sha256 !== (await scene.first.frame).sha256) throw mismatch(recorded, 0, 'the frame differs');
  let seen = scene.first;
  let last: LastTurn | null = null;
  let final: StepResult | null = null;
  for (const step of turns) {
    await io.checkpoint();
    agent.catchUp?.({ env, seen, last, plan, record, io });
    const actions = step.actions.map((name) => actionIndex(name));
    const results = playActions(env, actions);
    if (results.length !== actions.length || env.step !== step.stepIndex) throw mismatch(recorded, step.stepIndex, `the re-simulation is at step ${env.step}`);
    seen = scene.observe();
    if (step.frame && step.frame.sha256 !== (await seen.frame).sha256) throw mismatch(recorded, step.stepIndex, 'the frame differs');
    const tally = recordedStepTally(step);
    if (tally) addTally(record.result, tally);
    await record.recordSteps(env, results, actions, seen, {
      reactionMs: step.reactionMs,
      modelCall: step.modelCall ?? undefined,
      messages: step.messages,
      metadata: step.metadata ?? undefined,
      completedAt: step.completedAt,
    });
    last = lastTurn(actions, results);
    final = results[results.length - 1];
    if (final.done) break;
  }
  return { seen, last, final };
}
