// Vision checkpoints in the worker: generate probe sets (fresh worlds or the store's sessions), keep them for this
// visit, run them against a model or a baseline, keep the evaluations in the trace store (durable across visits), and
// export a set as visual question-answer training rows to any dataset destination.
import { proxyMarker, releaseProxy, type ProxyMarked } from 'comlink';
import { ModelClient } from '../agent/model-client.ts';
import { RequestRateLimiter } from '../agent/rate-limit.ts';
import type { ImageMode } from '../agent/prompt.ts';
import {
  BASELINES, StoreArchive, baselineAnswerer, evaluateProbeSet, generateProbeSet, modelAnswerer, probeRows, readProbeSet,
  type Answerer, type BaselineKind, type EvaluateProgress, type Evaluation, type FamilySummary,
  type GenerateProgress, type ProbeSet, type ProbeSpec, type ProbeSpecInput,
} from '../agent/probes/index.ts';
import type { TextStyle } from '../sim/text.ts';
import type { TexturePack } from '../sim/textures/pack.ts';
import { BlobTarget, exportProbeRows, type ProbeExportResult, type RowSourceOptionsInput } from '../dataset/index.ts';
import type { TraceStore } from '../storage/index.ts';

export interface ProbeServiceDeps {
  pack: () => TexturePack;
  /** Sessions to draw frames from; evaluations are kept among its documents. */
  store: () => TraceStore;
  /** For tests: the fetch the model client uses. */
  fetch?: typeof fetch;
}

export interface ProbeSetInfo {
  id: string;
  spec: ProbeSpec;
  texturePack: string;
  probes: number;
  frames: number;
  families: FamilySummary[];
}

/** One probe of a set as the page shows it: its frame, question and answers. */
export interface ProbeSample {
  id: string;
  family: string;
  image: string;
  question: string;
  accepted: string[];
  seed: number;
  step: number;
}

export interface ModelEvaluationRequest {
  kind: 'model';
  baseUrl: string;
  model: string;
  mode: ImageMode;
  textStyle: TextStyle;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  maxRetries: number;
  /** 0 for no limit. */
  requestsPerMinute: number;
  parallel: number;
  name?: string;
}

export type EvaluationRequest = ModelEvaluationRequest | { kind: 'baseline'; baseline: BaselineKind; textStyle: TextStyle };

/** A set as training rows: what the user turn shows, and the destination, limits and split of a dataset export. */
export interface ProbeRowsRequest {
  mode: ImageMode;
  textStyle: TextStyle;
  options: RowSourceOptionsInput;
}

/** An evaluation without its per-probe outcomes, as the page lists it. */
export type EvaluationSummary = Omit<Evaluation, 'outcomes'>;

const summary = ({ outcomes: _, ...rest }: Evaluation): EvaluationSummary => rest;

type Callback<T> = ((value: T) => void) & { [releaseProxy]?: () => void };

// A progress callback from the page is a comlink proxy: fire and forget, and let it go when done.
const quiet = <T>(callback?: Callback<T>) => callback && ((value: T) => void Promise.resolve(callback(value)).catch(() => undefined));

export class ProbeService implements ProxyMarked {
  readonly [proxyMarker] = true as const;
  private readonly sets = new Map<string, ProbeSet>();
  private storeArchive: StoreArchive | null = null;
  private running: AbortController | null = null;

  constructor(private readonly deps: ProbeServiceDeps) {}

  // The store opens after the service is made: its archive is made on first use.
  private get archive(): StoreArchive {
    return (this.storeArchive ??= new StoreArchive(this.deps.store()));
  }

  private info(set: ProbeSet): ProbeSetInfo {
    return { id: set.id, spec: set.spec, texturePack: set.texturePack.name, probes: set.probes.length, frames: set.frames.length, families: set.families };
  }

  private set(id: string): ProbeSet {
    const set = this.sets.get(id);
    if (!set) throw new Error(`no probe set ${id} in this visit; generate it again or load its file`);
    return set;
  }

  private async exclusive<T>(work: (signal: AbortSignal) => Promise<T>, callback?: { [releaseProxy]?: () => void }): Promise<T> {
    if (this.running) throw new Error('a probe set is being generated or evaluated; wait for it or cancel it');
    const controller = new AbortController();
    this.running = controller;
    try {
      return await work(controller.signal);
    } finally {
      this.running = null;
      callback?.[releaseProxy]?.();
    }
  }

  /** A set from fresh worlds, or from sessions of the store (every session when the list is empty). */
  async generate(spec: ProbeSpecInput, onProgress?: Callback<GenerateProgress>): Promise<ProbeSetInfo> {
    return this.exclusive(async (signal) => {
      const reader = this.deps.store();
      let input = spec;
      if (spec.source?.kind === 'sessions' && spec.source.sessions.length === 0) {
        const ids = (await reader.listSessions({ limit: 1_000_000 })).map((s) => s.id).sort();
        if (!ids.length) throw new Error('the store holds no sessions yet: record some, or draw from fresh worlds');
        input = { ...spec, source: { kind: 'sessions', sessions: ids } };
      }
      const set = await generateProbeSet(input, { pack: this.deps.pack(), reader, signal, onProgress: quiet(onProgress) });
      this.sets.set(set.id, set);
      return this.info(set);
    }, onProgress);
  }

  /** A set from its JSON file (checked before it is kept). */
  importSet(text: string): ProbeSetInfo {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error('the file is not JSON');
    }
    const set = readProbeSet(data);
    this.sets.set(set.id, set);
    return this.info(set);
  }

  listSets(): ProbeSetInfo[] {
    return [...this.sets.values()].map((s) => this.info(s));
  }

  setJson(id: string): string {
    return JSON.stringify(this.set(id));
  }

  /** The first `perFamily` probes of each family. */
  samples(id: string, perFamily = 1): ProbeSample[] {
    const set = this.set(id);
    const frames = new Map(set.frames.map((f) => [f.id, f]));
    const seen = new Map<string, number>();
    return set.probes.filter((p) => {
      const n = seen.get(p.family) ?? 0;
      seen.set(p.family, n + 1);
      return n < perFamily;
    }).map((p) => {
      const frame = frames.get(p.frame)!;
      return { id: p.id, family: p.family, image: frame.image, question: p.question, accepted: p.accepted, seed: frame.seed, step: frame.step };
    });
  }

  /** Runs a set against a model (the key stays in this worker, for this evaluation only) or a baseline, and keeps it. */
  async evaluate(setId: string, request: EvaluationRequest, apiKey?: string | null, onProgress?: Callback<EvaluateProgress>): Promise<EvaluationSummary> {
    const set = this.set(setId);
    const { answerer, parallel } = this.answerer(set, request, apiKey);
    return this.exclusive(async (signal) => {
      const evaluation = await evaluateProbeSet(set, answerer, { parallel, signal, name: request.kind === 'model' ? request.name : undefined, onProgress: quiet(onProgress) });
      await this.archive.save(evaluation);
      return summary(evaluation);
    }, onProgress);
  }

  /** The oracle, the majority answer and the text summary alone, one after the other. */
  async baselines(setId: string, textStyle: TextStyle): Promise<EvaluationSummary[]> {
    const done: EvaluationSummary[] = [];
    for (const baseline of BASELINES) done.push(await this.evaluate(setId, { kind: 'baseline', baseline, textStyle }));
    return done;
  }

  private answerer(set: ProbeSet, request: EvaluationRequest, apiKey?: string | null): { answerer: Answerer; parallel: number } {
    if (request.kind === 'baseline') return { answerer: baselineAnswerer(set, request.baseline, request.textStyle), parallel: 1 };
    const client = new ModelClient(
      { baseUrl: request.baseUrl.trim(), model: request.model.trim(), timeoutMs: request.timeoutMs, maxRetries: request.maxRetries },
      { apiKey },
      { fetch: this.deps.fetch },
    );
    const limiter = new RequestRateLimiter(request.requestsPerMinute);
    const answerer = modelAnswerer({
      caller: client,
      model: client.model,
      mode: request.mode,
      textStyle: request.textStyle,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      beforeAttempt: (signal) => limiter.acquire(signal),
    });
    return { answerer, parallel: request.parallel };
  }

  /** Evaluations kept, newest first; of one set when given. */
  async evaluations(setId?: string): Promise<EvaluationSummary[]> {
    return (await this.archive.list()).filter((e) => !setId || e.set.id === setId).map(summary);
  }

  async deleteEvaluation(id: string): Promise<void> {
    await this.archive.delete(id);
  }

  /** Evaluations with every probe's reply, as JSON, for download. */
  async evaluationsJson(setId?: string): Promise<string> {
    return JSON.stringify((await this.archive.list()).filter((e) => !setId || e.set.id === setId), null, 1);
  }

  /** The set's probes as training rows in the destination's files (Blobs for the page to download); the checks' problems come with them. */
  async exportRows(setId: string, request: ProbeRowsRequest): Promise<ProbeExportResult> {
    const set = this.set(setId);
    return this.exclusive((signal) => exportProbeRows({
      rows: [...probeRows(set, { mode: request.mode, textStyle: request.textStyle })],
      options: request.options,
      target: new BlobTarget(),
      signal,
    }));
  }

  /** Stops the generation, evaluation or export under way; it keeps nothing. */
  cancel(): boolean {
    this.running?.abort();
    return this.running !== null;
  }
}
