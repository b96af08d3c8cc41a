// Running a probe set through an answerer (a model, or a baseline) and scoring it exactly per family.
import type { TextStyle } from '../../sim/text.ts';
import type { ImageMode } from '../prompt.ts';
import { familyById, PROBE_FAMILIES } from './families/index.ts';
import { score, type Score } from './score.ts';
import type { Probe, ProbeFrame, ProbeSet } from './set.ts';

export const EVALUATION_FORMAT = 'crafter-web-probe-eval/1';

export const BASELINES = ['oracle', 'majority', 'text'] as const;
export type BaselineKind = (typeof BASELINES)[number];

export type EvaluationSubject =
  | { kind: 'model'; model: string; endpointHost: string; mode: ImageMode; textStyle: TextStyle; temperature: number; maxTokens: number }
  | { kind: 'baseline'; baseline: BaselineKind; textStyle: TextStyle };

export interface ProbeReply {
  /** The answer as given (a model's text), or null when the call failed for good. */
  reply: string | null;
  error: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  retries?: number;
}

export interface Answerer {
  readonly subject: EvaluationSubject;
  answer(probe: Probe, frame: ProbeFrame, signal?: AbortSignal): Promise<ProbeReply>;
}

export interface ProbeOutcome {
  probe: string;
  family: string;
  /** The reply as given, at most 500 characters. */
  reply: string | null;
  /** The reply read as a canonical answer, or null. */
  answer: string | null;
  correct: boolean;
  error: string | null;
}

export interface FamilyScore extends Score {
  family: string;
}

export interface Evaluation {
  format: typeof EVALUATION_FORMAT;
  id: string;
  name: string;
  set: { id: string; seed: number; probes: number };
  subject: EvaluationSubject;
  startedAt: string;
  endedAt: string;
  /** One per family of the set, in registry order. */
  families: FamilyScore[];
  /** Over every probe. */
  overall: Score;
  /** Mean of the family accuracies, each family weighted alike. */
  macroAccuracy: number;
  usage: { calls: number; inputTokens: number; outputTokens: number; retries: number };
  outcomes: ProbeOutcome[];
}

export interface EvaluateProgress {
  done: number;
  total: number;
  correct: number;
  failed: number;
}

export interface EvaluateOptions {
  name?: string;
  /** Probes asked at once (model calls in flight). */
  parallel?: number;
  signal?: AbortSignal;
  onProgress?: (progress: EvaluateProgress) => void;
  /** Evaluation ids; random by default. */
  newId?: () => string;
}

export function subjectLabel(subject: EvaluationSubject): string {
  if (subject.kind === 'model') {
    const mode = { image: 'image only', text: 'text only', text_and_image: 'image and text' }[subject.mode];
    return `${subject.model} (${mode}${subject.mode === 'image' ? '' : `, ${subject.textStyle} text`})`;
  }
  return { oracle: 'oracle (reads the state)', majority: 'majority answer', text: `text summary alone (${subject.textStyle})` }[subject.baseline];
}

// Reasoning models may think aloud first: only what follows the thinking is the answer.
const visibleAnswer = (reply: string) => reply.replace(/<think>[\s\S]*?<\/think>/gi, '');

/** Scores one reply against its probe. */
export function judge(probe: Probe, given: ProbeReply): ProbeOutcome {
  const answer = given.reply === null ? null : familyById(probe.family).read(visibleAnswer(given.reply), probe.params);
  return {
    probe: probe.id,
    family: probe.family,
    reply: given.reply === null ? null : given.reply.slice(0, 500),
    answer,
    correct: answer !== null && probe.accepted.includes(answer),
    error: given.error,
  };
}

export async function evaluateProbeSet(set: ProbeSet, answerer: Answerer, options: EvaluateOptions = {}): Promise<Evaluation> {
  const parallel = options.parallel ?? 1;
  if (!(Number.isInteger(parallel) && parallel >= 1 && parallel <= 64)) throw new Error('parallel must be a whole number from 1 to 64');
  const frames = new Map(set.frames.map((f) => [f.id, f]));
  const startedAt = new Date().toISOString();
  const outcomes: ProbeOutcome[] = new Array(set.probes.length);
  const usage = { calls: 0, inputTokens: 0, outputTokens: 0, retries: 0 };
  const progress: EvaluateProgress = { done: 0, total: set.probes.length, correct: 0, failed: 0 };
  // One failure that stops the evaluation stops the calls still in flight too.
  const stop = new AbortController();
  const forward = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) forward();
  options.signal?.addEventListener('abort', forward, { once: true });
  let next = 0;
  const work = async () => {
    while (next < set.probes.length) {
      stop.signal.throwIfAborted();
      const index = next++;
      const probe = set.probes[index];
      const given = await answerer.answer(probe, frames.get(probe.frame)!, stop.signal);
      const outcome = judge(probe, given);
      outcomes[index] = outcome;
      if (answerer.subject.kind === 'model') usage.calls += 1;
      usage.inputTokens += given.inputTokens ?? 0;
      usage.outputTokens += given.outputTokens ?? 0;
      usage.retries += given.retries ?? 0;
      progress.done += 1;
      if (outcome.correct) progress.correct += 1;
      if (outcome.error !== null) progress.failed += 1;
      options.onProgress?.({ ...progress });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, Math.max(1, set.probes.length)) }, () => work().catch((error) => {
      stop.abort(error);
      throw error;
    })));
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
  const asked = new Set(set.probes.map((p) => p.family));
  const families = PROBE_FAMILIES.filter((f) => asked.has(f.id)).map(({ id }) => ({ family: id, ...score(outcomes.filter((o) => o.family === id)) }));
  return {
    format: EVALUATION_FORMAT,
    id: options.newId?.() ?? globalThis.crypto.randomUUID(),
    name: options.name?.trim() || subjectLabel(answerer.subject),
    set: { id: set.id, seed: set.spec.seed, probes: set.probes.length },
    subject: answerer.subject,
    startedAt,
    endedAt: new Date().toISOString(),
    families,
    overall: score(outcomes),
    macroAccuracy: families.length ? families.reduce((sum, f) => sum + f.accuracy, 0) / families.length : 0,
    usage,
    outcomes,
  };
}
