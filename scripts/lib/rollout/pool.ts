// Where a headless run's episodes play: on worker threads, one environment loop per core (built-in agents, bound by
// the CPU), or on this thread k at a time (model agents, bound by their calls). Both take episodes from one queue.
import { Worker } from 'node:worker_threads';
import type { RunAgents } from '../../../src/agent/agents/registry.ts';
import type { EpisodeResult } from '../../../src/agent/episode-record.ts';
import type { EpisodePlan } from '../../../src/agent/run-config.ts';
import type { RunControl } from '../../../src/agent/run-control.ts';
import { runEpisode } from '../../../src/agent/rollout.ts';
import type { TraceStore } from '../../../src/storage/index.ts';
import type { SessionRecord } from '../../../src/storage/types.ts';
import type { FromThread, LiveCounts, ToThread } from './protocol.ts';
import { episodeContext, type RolloutScene } from './scene.ts';

export interface Job {
  plan: EpisodePlan;
  /** An interrupted session of the episode to replay before going on (agents that can catch up). */
  replayFrom?: SessionRecord;
}

export interface PoolEvents {
  live(counts: LiveCounts): void;
  result(result: EpisodeResult, job: Job): void;
  /** The run cannot go on (storage refused to write, a thread failed): it stops with this message. */
  fatal(message: string): void;
}

/** The episodes left to play, handed out in order. */
export class JobQueue {
  private next = 0;
  private stopped = false;
  private readonly taken = new Map<number, Job>();

  constructor(private readonly jobs: Job[]) {}

  take(): Job | null {
    if (this.stopped || this.next >= this.jobs.length) return null;
    const job = this.jobs[this.next++];
    this.taken.set(job.plan.index, job);
    return job;
  }

  /** The job of an episode handed out. */
  jobOf(index: number): Job {
    const job = this.taken.get(index);
    if (!job) throw new Error(`episode ${index} was never handed out`);
    return job;
  }

  /** Hands out no more. */
  stop(): void {
    this.stopped = true;
  }
}

/** Plays the queue's episodes on this thread, `parallel` at a time, until it is empty or the run stops. */
export async function playHere(scene: RolloutScene, store: TraceStore, agents: RunAgents, control: RunControl, queue: JobQueue, parallel: number, events: PoolEvents): Promise<void> {
  const ctx = episodeContext(scene, store, control, (live) => events.live(live));
  const loop = async () => {
    for (let job = queue.take(); job && !control.stopped; job = queue.take()) {
      const recorded = job.replayFrom ? { sessionId: job.replayFrom.id, steps: (await store.readSession(job.replayFrom.id)).steps } : undefined;
      const result = await runEpisode(job.plan, agents.forEpisode(job.plan), ctx, recorded && { resumed: recorded });
      events.result(result, job);
    }
  };
  await Promise.all(Array.from({ length: parallel }, loop));
}

/** Plays the queue's episodes on `count` worker threads that record into the scene's folder. */
export class ThreadPool {
  private readonly workers: Worker[] = [];
  /** Resolves when every thread has closed its store and ended. */
  readonly done: Promise<void>;

  constructor(scene: RolloutScene, count: number, private readonly queue: JobQueue, events: PoolEvents) {
    // Threads start plain Node: register tsx there so they can load the thread's TypeScript.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL('./thread.ts', import.meta.url).href)}); })`;
    const exits: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const worker = new Worker(boot, { eval: true, workerData: scene, stderr: true });
      this.workers.push(worker);
      // What a thread printed last says why it failed.
      let printed = '';
      worker.stderr.on('data', (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-4000)));
      const send = (message: ToThread) => worker.postMessage(message);
      worker.on('message', (message: FromThread) => {
        if (message.type === 'ready') {
          const job = queue.take();
          send(job ? { type: 'plan', plan: job.plan } : { type: 'end' });
        } else if (message.type === 'live') events.live(message.live);
        else if (message.type === 'result') events.result(message.result, queue.jobOf(message.result.index));
        else events.fatal(`Recording paused: ${message.message}`);
      });
      let failed = false;
      worker.on('error', (error) => {
        failed = true;
        events.fatal(`an environment thread failed: ${error.stack ?? error.message}`);
      });
      // What the thread printed may arrive after its exit: the report waits for the end of its stderr.
      const printedAll = new Promise<void>((resolve) => worker.stderr.once('close', resolve).once('end', resolve));
      exits.push(new Promise((resolve) => worker.on('exit', (code) => {
        if (code === 0 || failed) return resolve();
        void printedAll.then(() => {
          events.fatal(`an environment thread ended with exit code ${code}${printed ? `:\n${printed.trim()}` : ''}`);
          resolve();
        });
      })));
    }
    this.done = Promise.all(exits).then(() => undefined);
  }

  /** Hands out no more episodes; those playing end as stopped, every finished step kept. */
  stop(): void {
    this.queue.stop();
    for (const worker of this.workers) worker.postMessage({ type: 'stop' } satisfies ToThread);
  }
}
