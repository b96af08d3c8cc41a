// The contract of a probe family: its question, where its exact answer comes from in a frame's truth, how its answers
// are balanced, how a model's reply is read, and what the observation text alone answers. One module per family.
import type { TextView } from './text-view.ts';
import type { FrameTruth } from './truth.ts';

export type ProbeParams = Readonly<Record<string, string>>;

/** One question a frame allows, with its exact answer. */
export interface Asked {
  /** What varies between questions of the family (e.g. {item: "wood"}); empty when the question is fixed. */
  params: ProbeParams;
  question: string;
  /** The canonical answer. */
  answer: string;
  /** Every canonical answer that counts as right, the answer first (several when the nearest things are tied). */
  accepted: string[];
  /** The class the generator balances over: no class may take more than half of a family's probes. */
  balanceKey: string;
}

export interface ProbeFamily {
  /** Stable id, used in probe sets, evaluations and the CLI ("nearest-tree"). */
  readonly id: string;
  readonly title: string;
  /** What a right answer shows the model can do, in one line. */
  readonly description: string;
  /** The questions this frame allows, each with its exact answer; none when the family does not apply to the frame. */
  ask(truth: FrameTruth): Asked[];
  /** A model's reply as a canonical answer, or null when it cannot be read as one. Canonical answers map to themselves. */
  read(reply: string, params: ProbeParams): string | null;
  /** The answer the observation text supports, read without the state: the text-summary baseline. */
  fromText(view: TextView, params: ProbeParams): string;
}

/** A family with one fixed question per frame whose right answer is exactly one canonical answer. */
export function single(question: string, answer: string, balanceKey = answer): Asked[] {
  return [{ params: {}, question, answer, accepted: [answer], balanceKey }];
}
