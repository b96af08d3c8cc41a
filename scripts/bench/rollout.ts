// The headless runner's speed: the scripted agent with frames on, recording into a folder store on disk, on one worker
// thread and on one per core. Steps per second are counted over a fixed window once the threads have finished a few
// episodes each, so thread start-up and compiling the code (per thread) do not count, as in a run of thousands of
// episodes. `npx tsx scripts/bench/rollout.ts [--quick]` prints them alone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { episodePlans, type RunConfig } from '../../src/agent/run-config.ts';
import { JobQueue, ThreadPool } from '../lib/rollout/pool.ts';
import type { LiveCounts } from '../lib/rollout/protocol.ts';
import { median } from './stats.ts';

const LENGTH = 1000;
/** Node's flags in package.json's `rollout` script (`tsx <flags> scripts/rollout.ts`), which this benchmark times. */
function rolloutNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  return scripts.rollout.split(/\s+/).filter((word) => word.startsWith('--'));
}
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

/** The figures measured in this process, which must run with the flags `npm run rollout` passes Node. */
async function measure(quick: boolean): Promise<Record<string, number>> {
  const windowMs = quick ? 3000 : 8000;
  const repeats = quick ? 1 : 3;
  const all = availableParallelism();
  const one: number[] = [];
  const every: number[] = [];
  for (let i = 0; i < repeats; i++) {
    one.push(await stepsPerSecond(1, windowMs));
    every.push(await stepsPerSecond(all, windowMs));
  }
  return { rollout_steps_per_s_1: median(one), rollout_steps_per_s_all: median(every), rollout_threads_all: all };
}

/** Measures in a Node process of its own started as `npm run rollout` starts one (its V8 flags are process-wide). */
export async function benchRollout(options: { quick?: boolean } = {}): Promise<Record<string, number>> {
  const args = [...process.execArgv, ...rolloutNodeFlags(), fileURLToPath(import.meta.url), '--measure', ...(options.quick ? ['--quick'] : [])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  console.log(JSON.stringify(process.argv.includes('--measure') ? await measure(quick) : await benchRollout({ quick })));
}
