// An episode recorded over more than one session: a session that continues an interrupted one starts where that one
// stopped (its first record is the observation there, with no action) and names it in its metadata. The episode's
// steps are those of the chain, earliest first: what re-simulation needs to reach any step of it.
import type { JsonObject, SessionRecord, StepRecord, TraceReader } from '../storage/index.ts';

/** Metadata of a session that continues another: which one, and the step it continues from. */
export interface ContinuedFrom {
  sessionId: string;
  stepIndex: number;
}

/** Where a continuing episode picks up: the session that stopped and the actions it recorded, in order. */
export interface Continuation {
  sessionId: string;
  actions: number[];
}

export type EpisodeReader = Pick<TraceReader, 'listSessions' | 'iterateSteps'>;

export function continuedFrom(metadata: JsonObject | null): ContinuedFrom | null {
  const value = metadata?.continues;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { sessionId, stepIndex } = value as Record<string, unknown>;
  return typeof sessionId === 'string' && Number.isInteger(stepIndex) ? { sessionId, stepIndex: stepIndex as number } : null;
}

/**
 * The steps of the episode up to the end of `session` (frames only by hash): those of the sessions it continues,
 * each up to where the next one takes over, then its own.
 */
export async function episodeSteps(reader: EpisodeReader, session: SessionRecord): Promise<StepRecord[]> {
  const byId = new Map((await reader.listSessions({ seed: session.seed })).map((s) => [s.id, s]));
  const chain: { record: SessionRecord; until: number }[] = [{ record: session, until: Number.MAX_SAFE_INTEGER }];
  for (let from = continuedFrom(session.metadata); from; ) {
    const earlier = byId.get(from.sessionId);
    if (!earlier) throw new Error(`session ${session.id} continues session ${from.sessionId}, which is not in the store; without its actions the episode cannot be re-simulated`);
    if (chain.some((link) => link.record.id === earlier.id)) throw new Error(`session ${earlier.id} continues itself`);
    chain.unshift({ record: earlier, until: from.stepIndex });
    from = continuedFrom(earlier.metadata);
  }
  const steps: StepRecord[] = [];
  for (const [i, { record, until }] of chain.entries()) {
    for await (const step of reader.iterateSteps(record.id, { frames: false })) {
      // A continuing session's first record repeats the observation it starts from; the earlier one has it.
      if (i > 0 && step.actions.length === 0 && steps.at(-1)?.stepIndex === step.stepIndex) continue;
      if (step.stepIndex > until) break;
      steps.push(step);
    }
  }
  return steps;
}
