// Runs in the worker, beside the envs and the store: start, pause, resume and stop runs of a model or a built-in
// agent, report their progress, and give their results (kept in memory, and rebuilt from the store on demand); and
// test a connection before a run.
import { proxyMarker, type ProxyMarked } from 'comlink';
import { createRunAgents, type RunAgents } from '../agent/agents/registry.ts';
import type { FrameEncoder } from '../agent/episode-record.ts';
import type { LimiterClock } from '../agent/agents/model.ts';
import { ModelClient, type Credentials, type ModelConnection } from '../agent/model-client.ts';
import { probeEndpoint, type ProbeReport, type ProbeSettings } from '../agent/model-probe.ts';
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
  /** How frames are encoded: the page's encodes those of built-in agents in a worker of their own. */
  encoder?: FrameEncoder;
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

  /** Starts a run; the credentials (model runs) stay in this worker's memory only. */
  start(config: RunConfig, credentials?: Credentials | null): RunStatus {
    validateRunConfig(config);
    const store = this.deps.store();
    const pack = this.deps.pack();
    const agents = createRunAgents(config, { credentials, fetch: this.deps.fetch, limiterClock: this.deps.limiterClock });
    const runId = globalThis.crypto.randomUUID();
    const run = new Run(runId, config, {
      sink: store,
      renderer: new FrameRenderer(pack),
      texturePack: { name: pack.name, sha256: pack.hash },
      appVersion: APP_VERSION,
      crafterVersion: CRAFTER_VERSION,
      createAgent: (plan) => agents.forEpisode(plan),
      encoder: this.deps.encoder,
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

  /** Resumes a paused run; a model run's calls go to `connection` (the fields as corrected: URL, model, key, headers) from then on. */
  resume(runId: string, connection?: ModelConnection | null): RunStatus {
    const { run, agents } = this.entry(runId);
    if (connection && agents?.reconnect) {
      agents.reconnect(connection);
      run.connectTo(connection.baseUrl, connection.model);
    }
    run.control.resume();
    return run.status();
  }

  /** Storage has room again (sessions were deleted, or writing was retried): runs paused because it was full go on. */
  resumeAfterStorage(): void {
    for (const { run } of this.runs.values()) if (run.control.pause?.kind === 'storage') run.control.resume();
  }

  /** One tiny request with the run's settings: does the endpoint answer, know the model, take images and tools? */
  probe(connection: ModelConnection, settings: ProbeSettings & { timeoutMs: number }): Promise<ProbeReport> {
    const endpoint = { baseUrl: connection.baseUrl, model: connection.model, timeoutMs: settings.timeoutMs, maxRetries: 0 };
    const client = new ModelClient(endpoint, connection, { fetch: this.deps.fetch });
    return probeEndpoint(client, settings);
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
