// Simulator figures: world generation, headless stepping, frames, and one environment's heap.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CrafterEnv } from '../../src/sim/env.ts';
import type { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { median, timeMs } from './stats.ts';

// A small LCG so every run plays the same random actions.
function actionStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(1664525, state) + 1013904223) >>> 0;
    return (state >>> 16) % 17;
  };
}

export function benchReset(runs = 30): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const env = new CrafterEnv({ seed: i });
    times.push(timeMs(() => env.reset()));
  }
  return median(times);
}

/** Steps per second over random-action episodes (resets not timed), optionally rendering every observation. */
export function benchSteps(batches: number, stepsPerBatch: number, renderer?: FrameRenderer): { perSecond: number; nightShare: number } {
  const rates: number[] = [];
  let night = 0;
  let total = 0;
  for (let b = 0; b < batches; b++) {
    const env = new CrafterEnv({ seed: 1000 + b });
    env.wantNoise = !!renderer;
    const next = actionStream(b + 1);
    env.reset();
    const frame = new Uint8Array(env.size[0] * env.size[1] * 3);
    let elapsed = 0;
    for (let done = 0; done < stepsPerBatch; ) {
      const chunk = Math.min(500, stepsPerBatch - done);
      let ended = false;
      const start = performance.now();
      for (let i = 0; i < chunk; i++) {
        const result = env.stepAction(next());
        if (renderer) renderer.render(env, frame);
        if (env.world.daylight < 0.5) night++;
        total++;
        if (result.done) {
          ended = true;
          done += i + 1;
          break;
        }
      }
      elapsed += performance.now() - start;
      if (ended) env.reset();
      else done += chunk;
    }
    rates.push(stepsPerBatch / (elapsed / 1000));
  }
  return { perSecond: median(rates), nightShare: night / total };
}

/** Memory held by one environment after 200 steps (JS heap plus typed-array buffers), averaged over several. */
export function benchEnvHeap(count = 20): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  const envs: CrafterEnv[] = [];
  for (let i = 0; i < count; i++) {
    const env = new CrafterEnv({ seed: i });
    env.reset();
    for (let s = 0; s < 200; s++) env.stepAction(s % 17);
    envs.push(env);
  }
  gc();
  const after = used();
  if (envs.length !== count) throw new Error('unreachable');
  return (after - before) / count;
}
