// Crafter's own file formats for the page: import Recorder episodes (.npz, with stats.jsonl) into the store, export
// sessions as a Recorder folder (zipped) and a run as a scores/*.json run, verify imported episodes.
import { proxyMarker, releaseProxy, type ProxyMarked } from 'comlink';
import { recorderEpisode } from '../agent/recordings/episode-rows.ts';
import { recordingInfo } from '../agent/recordings/metadata.ts';
import { verifyImported, type ImportVerifyReport } from '../agent/recordings/verify-import.ts';
import { importRecordings, type ImportBatchResult, type ImportProgress } from '../agent/recordings/write.ts';
import { crafterEpisodeFiles, writeEpisodesArchive, type CrafterExportDeps } from '../dataset/crafter/export.ts';
import { scoresJson, scoresOfSessions, sessionsOfRun } from '../dataset/crafter/scores.ts';
import type { ZipSink } from '../lib/zip.ts';
import { FrameRenderer } from '../sim/render/renderer.ts';
import { ACHIEVEMENTS, ITEM_NAMES } from '../sim/rules.ts';
import type { TextStyle } from '../sim/text.ts';
import type { TexturePack } from '../sim/textures/pack.ts';
import type { SessionFilter, SessionRecord, SessionTrace, TraceStore } from '../storage/index.ts';
import { APP_VERSION } from './app-version.ts';

/** What the Crafter export is given: Crafter's names, and the session-to-rows conversion of src/agent. */
export function crafterExportDeps(packs: readonly TexturePack[]): CrafterExportDeps {
  return { names: { items: ITEM_NAMES, achievements: ACHIEVEMENTS }, episode: (session) => recorderEpisode(session, packs) };
}

export interface RecordingUpload {
  name: string;
  blob: Blob;
  seed?: number | null;
  episode?: number;
}

export interface ScoresRequest {
  runId: string;
  method: string;
  task?: string;
  seed?: string;
}

function blobSink(): ZipSink<Blob> {
  const parts: Uint8Array[] = [];
  return { write: (chunk) => void parts.push(chunk.slice()), close: async () => new Blob(parts as BlobPart[], { type: 'application/zip' }) };
}

// A progress callback from the page is a comlink proxy: fire and forget, and let it go at the end.
const notify = <T>(callback: ((value: T) => void) | undefined) =>
  callback && ((value: T) => void Promise.resolve(callback(value)).catch(() => undefined));
const release = (callback: unknown) => (callback as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();

export class RecordingsService implements ProxyMarked {
  // Marked so comlink hands the page a live handle (`api.recordings.importFiles(...)`) rather than a copy.
  readonly [proxyMarker] = true as const;

  constructor(private readonly store: () => TraceStore, private readonly packs: () => TexturePack[]) {}

  /** Imports each file as one session; a bad file is reported and imports nothing, the others still import. */
  async importFiles(
    files: RecordingUpload[],
    options: { textStyle: TextStyle; stats?: { name: string; text: string } | null; length?: number },
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportBatchResult> {
    try {
      return await importRecordings(
        this.store(),
        files.map((f) => ({ name: f.name, seed: f.seed, episode: f.episode, read: async () => new Uint8Array(await f.blob.arrayBuffer()) })),
        { textStyle: options.textStyle, appVersion: APP_VERSION, length: options.length, stats: options.stats ?? null, onProgress: notify(onProgress) },
      );
    } finally {
      release(onProgress);
    }
  }

  /** The chosen sessions as a zip of Recorder .npz files and their stats.jsonl. */
  async exportEpisodes(filter: { sessionIds?: string[] } & SessionFilter, onProgress?: (done: number) => void): Promise<{ zip: Blob; episodes: number }> {
    const reader = this.store();
    try {
      const { sessionIds, ...list } = filter;
      const sessions = sessionIds
        ? await Promise.all(sessionIds.map(async (id) => (await reader.readSession(id)).session))
        : (await reader.listSessions({ limit: 1_000_000, ended: true, ...list })).reverse();
      if (!sessions.length) throw new Error('no ended sessions to export');
      const progress = notify(onProgress);
      let done = 0;
      const files = crafterEpisodeFiles(reader, sessions, crafterExportDeps(this.packs()));
      const counted = (async function* () {
        for await (const file of files) {
          yield file;
          progress?.(++done);
        }
      })();
      const { file, episodes } = await writeEpisodesArchive(counted, blobSink());
      return { zip: file, episodes };
    } finally {
      release(onProgress);
    }
  }

  /** A run's finished episodes as the text of a Crafter scores/*.json file (one run). */
  async scores(request: ScoresRequest): Promise<{ json: string; episodes: number; unfinished: number }> {
    const reader = this.store();
    const sessions = await sessionsOfRun(reader, request.runId);
    const { run, episodes, unfinished } = await scoresOfSessions(reader, sessions, ACHIEVEMENTS, {
      task: request.task ?? 'crafter_reward', method: request.method, seed: request.seed ?? '0',
    });
    return { json: scoresJson([run]), episodes, unfinished };
  }

  /** Verifies an imported session; frames are compared when Crafter's own textures are loaded. */
  verify(trace: SessionTrace): ImportVerifyReport & { packMatches: boolean } {
    const pack = this.packs().find((p) => p.hash === trace.session.texturePack.sha256) ?? null;
    return { ...verifyImported(trace.session, trace.steps, pack && new FrameRenderer(pack)), packMatches: pack !== null };
  }

  static isImported(session: SessionRecord): boolean {
    return recordingInfo(session) !== null;
  }
}
