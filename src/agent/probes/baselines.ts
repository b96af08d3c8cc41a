// The baselines the tool computes itself: the oracle (reads the recorded state, so it must score 100 %), the majority
// answer (the best constant answer of each family in the set), and the text summary alone (reads only the text).
import type { TextStyle } from '../../sim/text.ts';
import type { Answerer, BaselineKind, ProbeReply } from './evaluate.ts';
import { familyById } from './families/index.ts';
import { findAsked, type Probe, type ProbeFrame, type ProbeSet } from './set.ts';
import { readTextView } from './text-view.ts';
import type { FrameTruth } from './truth.ts';

/** The most frequent answer of each family in the set (ties to the alphabetically first). */
export function majorityAnswers(set: ProbeSet): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const probe of set.probes) {
    const family = counts.get(probe.family) ?? new Map<string, number>();
    family.set(probe.answer, (family.get(probe.answer) ?? 0) + 1);
    counts.set(probe.family, family);
  }
  const majority = new Map<string, string>();
  for (const [family, answers] of counts) {
    const [best] = [...answers].sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
    majority.set(family, best[0]);
  }
  return majority;
}

function answerFor(set: ProbeSet, kind: BaselineKind, textStyle: TextStyle): (probe: Probe, frame: ProbeFrame) => string {
  switch (kind) {
    case 'oracle':
      return (probe, frame) => {
        const asked = findAsked(familyById(probe.family).ask(frame.truth as FrameTruth), probe.params);
        if (!asked) throw new Error(`the ${probe.family} family asks nothing with ${JSON.stringify(probe.params)} of frame ${frame.id}`);
        return asked.answer;
      };
    case 'majority': {
      const majority = majorityAnswers(set);
      return (probe) => majority.get(probe.family)!;
    }
    case 'text':
      return (probe, frame) => familyById(probe.family).fromText(readTextView(frame.text[textStyle], textStyle), probe.params);
  }
}

export function baselineAnswerer(set: ProbeSet, baseline: BaselineKind, textStyle: TextStyle = 'language'): Answerer {
  const answer = answerFor(set, baseline, textStyle);
  return {
    subject: { kind: 'baseline', baseline, textStyle },
    answer: async (probe, frame): Promise<ProbeReply> => ({ reply: answer(probe, frame), error: null }),
  };
}
