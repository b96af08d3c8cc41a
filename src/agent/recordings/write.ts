// Writes Crafter Recorder episodes into a trace store, one session per file, through the store's public write API.
// A file is checked whole before its session is created, and a session whose writing fails is deleted: a bad file
// imports nothing, and the other files of the batch still import.
import type { TextStyle } from '../../sim/text.ts';
import type { JsonObject, SessionEnd, SessionInput, SessionRecord, StepInput } from '../../storage/types.ts';
import { importRecorderEpisode, type ImportedEpisode } from './import-episode.ts';
import { parseStatsJsonl, statsMatch, type StatsLine } from './stats-file.ts';

/** The part of the trace store an import writes through. */
export interface RecordingStore {
  createSession(input: SessionInput): Promise<SessionRecord>;
  appendStep(sessionId: string, step: StepInput): Promise<void>;
  endSession(sessionId: string, end?: SessionEnd): Promise<SessionRecord>;
  deleteSessions(sessionIds: string[]): Promise<void>;
}

export interface RecordingFile {
  name: string;
  /** The file's bytes, read only when its turn comes (a page hands Blobs, a script reads from disk). */
  read(): Promise<Uint8Array>;
  /** The env seed that played it, when known. */
  seed?: number | null;
  episode?: number;
}

export interface ImportProgress {
  file: string;
  filesDone: number;
  filesTotal: number;
  stepsDone: number;
}

export interface ImportBatchOptions {
  textStyle: TextStyle;
  appVersion: string;
  /** Crafter's episode length setting of the recordings; default 10000. */
  length?: number;
  /** The recording folder's stats.jsonl, to match each episode to its line. */
  stats?: { name: string; text: string } | null;
  onProgress?: (progress: ImportProgress) => void;
}

export interface FileImportResult {
  file: string;
  sessionId: string | null;
  /** Environment steps imported. */
  steps: number;
  error: string | null;
  /** Whether a seed came with it, so that verify can re-simulate it. */
  seeded: boolean;
  /** The stats.jsonl line describing this episode, or null (none given, or none matched). */
  statsLine: number | null;
}

export interface ImportBatchResult {
  files: FileImportResult[];
  /** stats.jsonl lines that matched no imported episode. */
  unmatchedStatsLines: number[];
}

/** Writes one checked episode; on any failure the session is ended, deleted, and the error rethrown. */
export async function writeImportedEpisode(store: RecordingStore, imported: ImportedEpisode, onStep?: () => void): Promise<SessionRecord> {
  const record = await store.createSession(imported.session);
  try {
    for (const step of imported.steps()) {
      await store.appendStep(record.id, step);
      onStep?.();
    }
    return await store.endSession(record.id, imported.end);
  } catch (error) {
    const reason = (error as Error).message;
    try {
      // The store deletes only sessions it is not recording.
      await store.endSession(record.id, { endReason: 'error', endDetail: `the import failed: ${reason}` }).catch(() => undefined);
      await store.deleteSessions([record.id]);
    } catch (removal) {
      throw new Error(`${reason}; the partly imported session ${record.id} could not be removed: ${(removal as Error).message}`, { cause: error });
    }
    throw error;
  }
}

export async function importRecordings(store: RecordingStore, files: readonly RecordingFile[], options: ImportBatchOptions): Promise<ImportBatchResult> {
  const statsLines: StatsLine[] = options.stats ? parseStatsJsonl(options.stats.text, options.stats.name) : [];
  const unmatched = new Set(statsLines);
  const results: FileImportResult[] = [];
  let stepsDone = 0;
  for (const file of files) {
    const seeded = file.seed !== undefined && file.seed !== null;
    const result: FileImportResult = { file: file.name, sessionId: null, steps: 0, error: null, seeded, statsLine: null };
    results.push(result);
    try {
      const imported = importRecorderEpisode(await file.read(), {
        fileName: file.name, seed: file.seed, episode: file.episode, length: options.length, textStyle: options.textStyle, appVersion: options.appVersion,
      });
      const line = [...unmatched].find((l) => statsMatch(l, imported.summary)) ?? null;
      if (line) {
        unmatched.delete(line);
        result.statsLine = line.line;
        const recording = imported.session.metadata!.recording as JsonObject;
        recording.stats = { file: options.stats!.name, line: line.line };
      }
      const session = await writeImportedEpisode(store, imported, () => {
        stepsDone++;
        options.onProgress?.({ file: file.name, filesDone: results.length - 1, filesTotal: files.length, stepsDone });
      });
      result.sessionId = session.id;
      result.steps = imported.summary.length;
    } catch (error) {
      result.error = (error as Error).message;
      if (result.statsLine !== null) unmatched.add(statsLines.find((l) => l.line === result.statsLine)!);
      result.statsLine = null;
    }
  }
  return { files: results, unmatchedStatsLines: [...unmatched].map((l) => l.line).sort((a, b) => a - b) };
}
