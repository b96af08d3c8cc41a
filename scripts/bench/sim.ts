// Simulator figures: world generation, headless stepping, frames, and one environment's heap.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CrafterEnv } from '../../src/sim/env.ts';
import type { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { median, timeMs } from './stats.ts';
import { actionStream } from '../lib/action-stream.ts';

export function benchReset(runs = 30): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const env = new CrafterEnv({ seed: i });
    times.push(timeMs(() => env.reset()));
  }
  return median(times);
}

export interface StepFigures {
  /** Median over batches of steps per second, as played. */
  perSecond: number;
  nightShare: number;
  /** Steps per second of day steps and of night steps alone (night draws and renders the noise). */
  dayPerSecond: number;
  nightPerSecond: number;
}

/** Steps per second over random-action episodes (resets not timed), optionally rendering every observation. */
export function benchSteps(batches: number, stepsPerBatch: number, renderer?: FrameRenderer): StepFigures {
  const rates: number[] = [];
  let night = 0;
  let total = 0;
  const phase = { dayMs: 0, daySteps: 0, nightMs: 0, nightSteps: 0 };
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
        const before = performance.now();
        const result = env.stepAction(next());
        if (renderer) renderer.render(env, frame);
        const spent = performance.now() - before;
        if (env.world.daylight < 0.5) {
          night++;
          phase.nightMs += spent;
          phase.nightSteps++;
        } else {
          phase.dayMs += spent;
          phase.daySteps++;
        }
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
  return {
    perSecond: median(rates),
    nightShare: night / total,
    dayPerSecond: phase.daySteps / (phase.dayMs / 1000),
    nightPerSecond: phase.nightSteps / (phase.nightMs / 1000),
  };
}

/** Crafter's day is 300 steps with daylight < 0.5 for this share of them (a property of its daylight curve). */
export const CRAFTER_NIGHT_SHARE = (() => {
  let night = 0;
  for (let step = 0; step < 300; step++) {
    const progress = ((step / 300) % 1) + 0.3;
    if (1 - Math.abs(Math.cos(Math.PI * progress)) ** 3 < 0.5) night++;
  }
  return night / 300;
})();

/** Steps per second at Crafter's own day/night ratio, from the day and night rates. */
export function cycleWeighted(figures: StepFigures): number {
  return 1 / ((1 - CRAFTER_NIGHT_SHARE) / figures.dayPerSecond + CRAFTER_NIGHT_SHARE / figures.nightPerSecond);
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
