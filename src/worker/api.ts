// The worker's API, exposed to the page with comlink: environments, texture packs, the trace store, verification.
import { episodeSteps } from '../agent/continued-episode.ts';
import { builtinPack } from '../sim/textures/builtin/index.ts';
import { packFromPngFiles, type TexturePack } from '../sim/textures/pack.ts';
import { CRAFTER_VERSION } from '../sim/rules.ts';
import { loadSqlJs, openMemoryTraceStore, openTraceStore, type TraceStore } from '../storage/index.ts';
import type { ImportMode, ImportResult, SessionFilter, SessionRecord, SessionTrace, StoreStatus } from '../storage/index.ts';
import { StorageGate } from './storage-gate.ts';
import { WorkerFrameEncoder } from './worker-frame-encoder.ts';
import { PlayService } from './play-service.ts';
import { EnvService, type EnvConfig, type EnvView } from './env-service.ts';
import { ExportService } from './export-service.ts';
import { PackCache } from './pack-cache.ts';
import { ProbeService } from './probe-service.ts';
import { RecordingsService } from './recordings-service.ts';
import { RunService } from './run-service.ts';
import { verifyRecording, type VerifyReport } from './verify.ts';
import { APP_VERSION } from './app-version.ts';

export interface PackInfo {
  name: string;
  hash: string;
  builtin: boolean;
}

export interface InitOptions {
  /** URL of sql.js's sql-wasm.wasm as served to the page. */
  wasmUrl: string;
  /** IndexedDB database of the trace store. */
  idbName?: string;
}

export interface StoreDownload {
  blob: Blob;
  name: string;
  kind: 'sqlite' | 'zip';
  bytes: number;
  sessions: number;
  leftOut: { id: string; reason: string }[];
}

export interface InitInfo {
  pack: PackInfo;
  crafterVersion: string;
  store: StoreStatus;
  /** How long opening the trace store took, in milliseconds. */
  storeOpenMs: number;
  /** What went wrong while starting (a saved texture pack that could not be loaded), if anything. */
  storeWarning: string | null;
}

function info(pack: TexturePack, builtin: boolean): PackInfo {
  return { name: pack.name, hash: pack.hash, builtin };
}

/**
 * After a delete, held recording is tried again this long after: the browser frees the deleted bytes in the
 * background, and Chromium was seen to take more than 15 s.
 */
const RETRY_AFTER_DELETE_MS = [1000, 2000, 4000, 8000, 15_000, 30_000, 60_000];

export class CrafterWorkerApi {
  private envs = new EnvService(builtinPack());
  private builtin = true;
  private store: TraceStore | null = null;
  private packCache: PackCache | null = null;
  /** Held recordings wait here while storage is full; freeing space (a delete) or a retry lets them go on. */
  private readonly storageGate = new StorageGate();
  private retriesAfterDelete: Array<ReturnType<typeof setTimeout>> = [];
  /** Runs of a model or a built-in agent: `api.runs.start(config, key)`, pause, resume, stop, status, results. */
  readonly runs = new RunService({ store: () => this.traces(), pack: () => this.envs.pack, encoder: new WorkerFrameEncoder() });
  /** A person's play, recorded like runs: `api.play.start(settings)`, act, stop, current. */
  readonly play = new PlayService({
    sink: { createSession: (i) => this.traces().createSession(i), appendStep: (id, s) => this.traces().appendStep(id, s),
      endSession: (id, e, o) => this.traces().endSession(id, e, o), retryWrites: () => this.traces().retryWrites() },
    renderer: () => this.envs.renderer,
    texturePack: () => ({ name: this.envs.pack.name, sha256: this.envs.pack.hash }),
    appVersion: APP_VERSION,
    crafterVersion: CRAFTER_VERSION,
    onStorageBlocked: () => this.storageGate.wait(),
  }, () => this.traces());
  /** Dataset export of the store: `api.exports.run(options, onProgress)` gives the files as Blobs; `cancel()` stops it. */
  readonly exports = new ExportService(() => this.traces());
  /** Vision checkpoints: `api.probes.generate(spec)`, `evaluate(setId, request, key)`, `baselines`, `evaluations`. */
  readonly probes = new ProbeService({ pack: () => this.envs.pack, store: () => this.traces() });
  /** Crafter's own files: `api.recordings.importFiles(...)`, `exportEpisodes(...)`, `scores(...)`. */
  readonly recordings = new RecordingsService(() => this.traces(), () => [this.envs.pack, builtinPack()]);

  async init(options: InitOptions): Promise<InitInfo> {
    const sql = await loadSqlJs({ locateFile: () => options.wasmUrl });
    let storeWarning: string | null = null;
    const opening = performance.now();
    try {
      this.store = await openTraceStore({ sql, idbName: options.idbName ?? 'crafter-web-traces' });
    } catch (error) {
      this.store = await openMemoryTraceStore({ sql, reason: (error as Error).message });
    }
    const storeOpenMs = performance.now() - opening;
    try {
      this.packCache = await PackCache.open();
      const cached = await this.packCache?.selected();
      if (cached) this.applyPack(packFromPngFiles(cached.name, cached.files), false);
    } catch (error) {
      storeWarning ??= `the saved texture pack could not be loaded: ${(error as Error).message}`;
    }
    return { pack: this.packInfo(), crafterVersion: CRAFTER_VERSION, store: this.traces().status(), storeOpenMs, storeWarning };
  }

  packInfo(): PackInfo {
    return info(this.envs.pack, this.builtin);
  }

  async useBuiltinPack(): Promise<PackInfo> {
    this.applyPack(builtinPack(), true);
    await this.packCache?.select(null);
    return this.packInfo();
  }

  /** Use a pack given as PNG files by texture name (the stems of Crafter's asset files); it is remembered. */
  async usePackFiles(name: string, files: Record<string, Uint8Array>): Promise<PackInfo> {
    const pack = packFromPngFiles(name, files);
    this.applyPack(pack, false);
    await this.packCache?.select({ name: pack.name, hash: pack.hash, files });
    return this.packInfo();
  }

  private applyPack(pack: TexturePack, builtin: boolean): void {
    this.envs.setPack(pack);
    this.builtin = builtin;
  }

  /** A new environment, reset: its first observation packet (frame, text) and the PNG to store. */
  initialize(config: EnvConfig): EnvView {
    return this.envs.create(config);
  }
  step(envId: number, action: number): EnvView {
    return this.envs.step(envId, action);
  }
  resetEnv(envId: number): EnvView {
    return this.envs.reset(envId);
  }
  setTextStyle(envId: number, style: EnvConfig['textStyle']): EnvView {
    return this.envs.setTextStyle(envId, style);
  }
  disposeEnv(envId: number): void {
    this.envs.dispose(envId);
  }

  private traces(): TraceStore {
    if (!this.store) throw new Error('the worker is not initialised: call init() first');
    return this.store;
  }

  listSessions(filter?: SessionFilter): Promise<SessionRecord[]> {
    return this.traces().listSessions(filter);
  }
  countSessions(filter?: SessionFilter): Promise<number> {
    return this.traces().countSessions(filter);
  }
  /** The model names the sessions were played by, sorted, for the session list's filter. */
  async sessionModels(): Promise<string[]> {
    const sessions = await this.traces().listSessions({ source: 'model' });
    return [...new Set(sessions.flatMap((s) => (s.policy?.model ? [s.policy.model] : [])))].sort();
  }
  private async session(sessionId: string): Promise<SessionRecord> {
    const found = (await this.traces().listSessions()).find((s) => s.id === sessionId);
    if (!found) throw new Error(`no session ${sessionId} in the store`);
    return found;
  }
  readSession(sessionId: string): Promise<SessionTrace> {
    return this.traces().readSession(sessionId);
  }
  /** Deletes the sessions at once, freeing their space; recording that storage had refused goes on (runs it paused, too). */
  async deleteSessions(sessionIds: string[]): Promise<void> {
    await this.traces().deleteSessions(sessionIds);
    this.recordingMayGoOn();
    // The browser frees a deleted file's bytes in the background: recording refused again at once may go on moments later.
    for (const timer of this.retriesAfterDelete) clearTimeout(timer);
    this.retriesAfterDelete = RETRY_AFTER_DELETE_MS.map((ms) => setTimeout(() => this.recordingMayGoOn(), ms));
  }
  /** Space was freed, or writing works again: play's held steps and runs paused for storage go on. */
  private recordingMayGoOn(): void {
    this.storageGate.release();
    this.runs.resumeAfterStorage();
  }
  /** The chosen sessions (default: all) as one download, built from the stored files without copying them. */
  async exportStore(sessionIds?: string[]): Promise<StoreDownload> {
    const file = await this.traces().exportFile(sessionIds);
    const parts: BlobPart[] = [];
    for await (const part of file.parts()) parts.push(part as BlobPart);
    const mime = file.kind === 'zip' ? 'application/zip' : 'application/vnd.sqlite3';
    return { blob: new Blob(parts, { type: mime }), name: file.name, kind: file.kind, bytes: file.bytes, sessions: file.sessions, leftOut: file.leftOut };
  }
  /** Imports a trace file or a zip of them (a File stays on disk: it is read a piece at a time). */
  importStore(file: Blob, mode: ImportMode): Promise<ImportResult> {
    return this.traces().importFile(file, { mode });
  }
  storeStatus(): StoreStatus {
    return this.traces().status();
  }
  /** Tries again the writes storage refused (after space was freed elsewhere). */
  async retryWrites(): Promise<void> {
    await this.traces().retryWrites();
    this.recordingMayGoOn();
  }

  /**
   * Re-simulate a stored session from its seed and actions (with those of the sessions it continues); frames are
   * compared when the pack that made them is at hand. An imported Crafter recording verifies only with its seed.
   */
  async verifySession(sessionId: string): Promise<VerifyReport & { packMatches: boolean; unverifiable: string | null }> {
    const session = await this.session(sessionId);
    if (RecordingsService.isImported(session)) return this.recordings.verify(await this.traces().readSession(sessionId));
    const steps = await episodeSteps(this.traces(), session);
    const pack = [this.envs.pack, builtinPack()].find((p) => p.hash === session.texturePack.sha256) ?? null;
    const report = verifyRecording(
      {
        seed: session.seed,
        episode: session.episode,
        envOptions: session.envOptions,
        steps: steps.map((s) => ({ stepIndex: s.stepIndex, actions: s.actions, frameSha256: pack ? (s.frame?.sha256 ?? null) : null })),
      },
      pack ?? this.envs.pack,
    );
    return { ...report, packMatches: pack !== null, unverifiable: null };
  }

}
