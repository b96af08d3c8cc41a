// One environment loop in a worker thread: it asks the main thread for episodes one at a time, plays each with a
// built-in agent and records it into the shared folder store (opened without recovery: the other threads' open
// sessions are theirs), and reports progress and results. Model runs stay on the main thread (calls wait, not CPU).
import { parentPort, workerData } from 'node:worker_threads';
import { createRunAgents } from '../../../src/agent/agents/registry.ts';
import { RunControl } from '../../../src/agent/run-control.ts';
import { runEpisode } from '../../../src/agent/rollout.ts';
import type { LiveEpisode } from '../../../src/agent/rollout-types.ts';
import { loadSqlJs } from '../../../src/storage/index.ts';
import { openTraceDir } from '../../../src/storage/node.ts';
import { episodeContext, type RolloutScene } from './scene.ts';
import type { FromThread, ToThread } from './protocol.ts';

const port = parentPort!;
const scene = workerData as RolloutScene;
const post = (message: FromThread) => port.postMessage(message);

// Progress goes to the main thread when an achievement is unlocked, else a few times a second.
const LIVE_EVERY_MS = 250;
let lastLive = { at: 0, index: -1, achievements: 0 };
function postLive(live: LiveEpisode): void {
  const now = performance.now();
  if (live.index === lastLive.index && live.achievements.length === lastLive.achievements && now - lastLive.at < LIVE_EVERY_MS) return;
  lastLive = { at: now, index: live.index, achievements: live.achievements.length };
  post({ type: 'live', live: { index: live.index, step: live.step, achievements: [...live.achievements] } });
}

const store = await openTraceDir({ sql: await loadSqlJs(), dir: scene.dir, recover: false });
const control = new RunControl();
const agents = createRunAgents(scene.config);
const ctx = episodeContext(scene, store, control, postLive);
const pauseForStorage = ctx.onStorageBlocked;
ctx.onStorageBlocked = (error) => {
  post({ type: 'blocked', message: error.message });
  return pauseForStorage(error);
};

port.on('message', (message: ToThread) => {
  if (message.type === 'stop') control.stop();
  else if (message.type === 'plan') void play(message.plan);
  // No more episodes: every step is durable once the store closes.
  else void store.close().then(() => port.close());
});

async function play(plan: Extract<ToThread, { type: 'plan' }>['plan']): Promise<void> {
  const result = await runEpisode(plan, agents.forEpisode(plan), ctx);
  post({ type: 'result', result });
  post({ type: 'ready' });
}

post({ type: 'ready' });
