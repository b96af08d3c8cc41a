// Text summary figures: microseconds to write one step's summary in each style, over random-action episodes.
import { CrafterEnv } from '../../src/sim/env.ts';
import { TEXT_STYLES, textSummary } from '../../src/sim/text.ts';
import { median } from './stats.ts';
import { actionStream } from '../lib/action-stream.ts';

export function benchText(options: { quick?: boolean } = {}): Record<string, number> {
  const batches = options.quick ? 3 : 7;
  const steps = options.quick ? 2000 : 5000;
  const figures: Record<string, number> = {};
  for (const style of TEXT_STYLES) {
    const perStep: number[] = [];
    for (let b = 0; b <= batches; b++) {
      const env = new CrafterEnv({ seed: 2000 + b });
      env.reset();
      const next = actionStream(b + 1);
      let spent = 0;
      for (let i = 0; i < steps; i++) {
        if (env.stepAction(next()).done) env.reset();
        const start = performance.now();
        textSummary(env, style);
        spent += performance.now() - start;
      }
      // The first batch warms the code up.
      if (b > 0) perStep.push((spent * 1000) / steps);
    }
    figures[`text_summary_us_${style}`] = median(perStep);
  }
  return figures;
}
