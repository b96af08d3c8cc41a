// Runs in the worker, beside the envs and the store: start, pause, resume and stop runs of a model or a built-in
// agent, report their progress, and give their results (kept in memory, and rebuilt from the store on demand).
import { proxyMarker, type ProxyMarked } from 'comlink';
import { createRunAgents, type RunAgents } from '../agent/agents/registry.ts';
import type { LimiterClock } from '../agent/agents/model.ts';
import { validateRunConfig, type RunConfig } from '../agent/run-config.ts';
import { runsFromStore, type RunResults, type RunState } from '../agent/run-results.ts';
import { Run, type RunStatus } from '../agent/run.ts';
import { FrameRenderer } from '../sim/render/renderer.ts';
import { CRAFTER_VERSION } from '../sim/rules.ts';
import type { TexturePack } from '../sim/textures/pack.ts';
import type { TraceStore } from '../storage/index.ts';

import { APP_VERSION } from './app-version.ts';

export interface RunServiceDeps {
  store: () => TraceStore;
  pack: () => TexturePack;
  /** For tests: the fetch the model client uses. */
  fetch?: typeof fetch;
  /** For tests: the clock and sleep that space requests under the rate limit. */
  limiterClock?: LimiterClock;
}

export interface RunSummary {
  runId: string;
  name: string;
  agent: string;
  state: RunState;
  startedAt: string;
  episodesDone: number;
  episodesTotal: number;
}

interface Entry {
  run: Run;
  /** Dropped once the run has ended: a key is needed only while the run plays. */
  agents: RunAgents | null;
}

export class RunService implements ProxyMarked {
  // Marked so comlink hands the page a live handle (`api.runs.start(...)`) rather than a copy.
  readonly [proxyMarker] = true as const;
  private readonly runs = new Map<string, Entry>();

  constructor(private readonly deps: RunServiceDeps) {}

  /** Starts a run; the API key (model runs) stays in this worker's memory only. */
  start(config: RunConfig, apiKey?: string | null): RunStatus {
    validateRunConfig(config);
    const store = this.deps.store();
    const pack = this.deps.pack();
    const agents = createRunAgents(config, { apiKey, fetch: this.deps.fetch, limiterClock: this.deps.limiterClock });
    const runId = globalThis.crypto.randomUUID();
    const run = new Run(runId, config, {
      sink: store,
      renderer: new FrameRenderer(pack),
      texturePack: { name: pack.name, sha256: pack.hash },
      appVersion: APP_VERSION,
      crafterVersion: CRAFTER_VERSION,
      createAgent: (plan) => agents.forEpisode(plan),
    });
    this.runs.set(runId, { run, agents });
    void run.done.then(() => {
      const entry = this.runs.get(runId);
      if (entry) entry.agents = null;
    });
    return run.status();
  }

  private entry(runId: string): Entry {
    const entry = this.runs.get(runId);
    if (!entry) throw new Error(`no run ${runId} in this tab; finished runs of earlier visits are under stored results`);
    return entry;
  }

  pause(runId: string): RunStatus {
    const { run } = this.entry(runId);
    run.control.requestPause();
    return run.status();
  }

  /** Resumes a paused run; a new key (after a 401, say) replaces the old one for the rest of the run. */
  resume(runId: string, apiKey?: string | null): RunStatus {
    const { run, agents } = this.entry(runId);
    if (apiKey !== undefined && apiKey !== null) agents?.setApiKey?.(apiKey);
    run.control.resume();
    return run.status();
  }

  /** Stops every episode (calls in flight are aborted); resolves once their sessions are closed. */
  async stop(runId: string): Promise<RunStatus> {
    const { run } = this.entry(runId);
    run.control.stop();
    await run.done;
    return run.status();
  }

  status(runId: string, liveIndex?: number | null): RunStatus {
    return this.entry(runId).run.status(liveIndex);
  }

  /** Resolves with the final status once the run has ended. */
  async finished(runId: string): Promise<RunStatus> {
    const { run } = this.entry(runId);
    await run.done;
    return run.status();
  }

  list(): RunSummary[] {
    return [...this.runs.values()]
      .map(({ run }) => {
        const s = run.status();
        return { runId: s.runId, name: s.name, agent: s.agent, state: s.state, startedAt: s.startedAt, episodesDone: s.episodesDone, episodesTotal: s.episodesTotal };
      })
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  results(runId: string): RunResults {
    return this.entry(runId).run.results();
  }

  /** Results of every run in this tab, plus those rebuilt from the store for runs of earlier visits; newest first. */
  async allResults(): Promise<RunResults[]> {
    const here = [...this.runs.values()].map(({ run }) => run.results());
    const known = new Set(here.map((r) => r.runId));
    const stored = (await runsFromStore(this.deps.store())).filter((r) => !known.has(r.runId));
    return [...here, ...stored].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }
}
