// The headless runner's speed: the scripted agent with frames on, recording into a folder store on disk, on one worker
// thread and on one per core. Steps per second are counted over a fixed window once the threads have finished a few
// episodes each, so thread start-up and compiling the code (per thread) do not count, as in a run of thousands of
// episodes. `npx tsx --v8-pool-size=0 scripts/bench/rollout.ts [--quick]` prints them alone, as `npm run rollout` runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { episodePlans, type RunConfig } from '../../src/agent/run-config.ts';
import { JobQueue, ThreadPool } from '../lib/rollout/pool.ts';
import type { LiveCounts } from '../lib/rollout/protocol.ts';
import { median } from './stats.ts';

const LENGTH = 1000;
/** Episodes played per thread before the window opens: by then V8 has compiled the hot code. */
const WARM_UP_EPISODES = 5;

/** Steps per second of `threads` environment loops over `windowMs`, once all of them play. */
async function stepsPerSecond(threads: number, windowMs: number): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'crafter-bench-rollout-'));
  const config: RunConfig = {
    name: 'bench', agent: { kind: 'builtin', policy: 'scripted', promptStyle: 'language' },
    seeds: Array.from({ length: 1000 }, (_, i) => i + 1), episodes: 1000, stepLimit: LENGTH, parallel: threads, requestsPerMinute: 0,
  };
  const queue = new JobQueue(episodePlans(config).map((plan) => ({ plan })));
  const live = new Map<number, number>();
  let finished = 0;
  let episodesDone = 0;
  const steps = () => finished + [...live.values()].reduce((a, b) => a + b, 0);
  let failure: string | null = null;
  const pool = new ThreadPool({ dir: join(root, 'store'), config, assets: null, run: { id: 'bench', name: 'bench', startedAt: new Date().toISOString(), agentLabel: 'bench' } }, threads, queue, {
    live: (counts: LiveCounts) => live.set(counts.index, counts.step),
    result: (result) => {
      live.delete(result.index);
      finished += result.length;
      episodesDone++;
    },
    fatal: (message) => (failure ??= message),
  });
  try {
    while (episodesDone < WARM_UP_EPISODES * threads && !failure) await new Promise((r) => setTimeout(r, 20));
    const [t0, s0] = [performance.now(), steps()];
    await new Promise((r) => setTimeout(r, windowMs));
    const [t1, s1] = [performance.now(), steps()];
    if (failure) throw new Error(failure);
    return ((s1 - s0) * 1000) / (t1 - t0);
  } finally {
    pool.stop();
    await pool.done;
    rmSync(root, { recursive: true, force: true });
  }
}

export async function benchRollout(options: { quick?: boolean } = {}): Promise<Record<string, number>> {
  const windowMs = options.quick ? 3000 : 8000;
  const repeats = options.quick ? 1 : 3;
  const all = availableParallelism();
  const one: number[] = [];
  const every: number[] = [];
  for (let i = 0; i < repeats; i++) {
    one.push(await stepsPerSecond(1, windowMs));
    every.push(await stepsPerSecond(all, windowMs));
  }
  return { rollout_steps_per_s_1: median(one), rollout_steps_per_s_all: median(every), rollout_threads_all: all };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchRollout({ quick: process.argv.includes('--quick') })));
}
