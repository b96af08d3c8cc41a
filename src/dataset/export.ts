// An export of recorded sessions: rows from the sessions (session-rows.ts) written to the chosen destination
// (write-rows.ts), with progress, cancelling, the preview's figures and a few sample rows.
import type { TraceReader } from '../storage/index.ts';
import type { ExportDeps } from './deps.ts';
import { openAiRow } from './destinations/openai.ts';
import { destination } from './destinations/registry.ts';
import type { RowMetadata } from './metadata.ts';
import { parseExportOptions, type ExportOptions } from './options.ts';
import type { OutputTarget, WrittenFile } from './output.ts';
import { sessionRows } from './session-rows.ts';
import { StatsCollector, type ExportStats } from './stats.ts';
import { ProblemList, type Problem } from './validate/problems.ts';
import type { OpenAiRow } from './validate/schemas.ts';
import { writeRows } from './write-rows.ts';

export interface ExportProgress {
  phase: 'sessions' | 'rows' | 'files' | 'done';
  sessionsDone: number;
  sessionsTotal: number;
  stepsDone: number;
  stepsTotal: number;
  rows: number;
}

export interface ExportRequest {
  reader: TraceReader;
  /** Checked with parseExportOptions; see ExportOptionsInput. */
  options: unknown;
  deps: ExportDeps;
  target: OutputTarget;
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
}

export interface SampleRow {
  /** The row as an OpenAI upload line, whatever the destination: the preview shows prompts and images. */
  row: OpenAiRow;
  metadata: RowMetadata;
}

export interface ExportResult {
  options: ExportOptions;
  files: WrittenFile[];
  stats: ExportStats;
  /** Errors break the destination's rules; warnings (too few examples for a service) do not stop a download. */
  validation: { ok: boolean; count: number; problems: Problem[]; warnings: Problem[] };
  samples: SampleRow[];
  elapsedMs: number;
}

export class ExportCancelled extends Error {
  override name = 'ExportCancelled';
  constructor() {
    super('the export was cancelled; nothing was kept');
  }
}

/** The files an export to `format` may write (which of them depends on the split), to check before overwriting. */
export function outputFileNames(format: ExportOptions['format']): string[] {
  return [...destination(format).fileNames];
}

/** Calls back at most every 100 ms, so a worker does not flood the page. */
class ProgressReporter {
  private last = 0;
  readonly state: ExportProgress = { phase: 'sessions', sessionsDone: 0, sessionsTotal: 0, stepsDone: 0, stepsTotal: 0, rows: 0 };
  constructor(private readonly onProgress?: (progress: ExportProgress) => void) {}

  update(change: Partial<ExportProgress>, force = false): void {
    Object.assign(this.state, change);
    const now = Date.now();
    if (!this.onProgress || (!force && now - this.last < 100)) return;
    this.last = now;
    this.onProgress({ ...this.state });
  }
}

export async function exportDataset(request: ExportRequest): Promise<ExportResult> {
  const started = Date.now();
  const { reader, deps, target, signal } = request;
  const options = parseExportOptions(request.options, deps.achievementNames);
  const checkCancelled = () => {
    if (signal?.aborted) throw new ExportCancelled();
  };
  const progress = new ProgressReporter(request.onProgress);
  progress.update({}, true);
  const stats = new StatsCollector(deps.achievementNames);
  const problems = new ProblemList();
  const samples: SampleRow[] = [];
  const rows = sessionRows({
    reader, options, deps, stats, checkCancelled,
    progress: {
      sessions: (sessionsTotal, stepsTotal) => progress.update({ phase: 'rows', sessionsTotal, stepsTotal }, true),
      step: () => progress.update({ stepsDone: progress.state.stepsDone + 1 }),
      sessionDone: () => progress.update({ sessionsDone: progress.state.sessionsDone + 1 }, true),
    },
  });
  try {
    const written = await writeRows(options.format, rows, {
      target, limits: options.limits, problems,
      onRow: (row, meta, ok) => {
        if (!ok) {
          stats.drop('unwritable');
          return;
        }
        stats.row(row, meta);
        if (samples.length < options.sampleRows) samples.push({ row: openAiRow(row), metadata: meta });
        progress.update({ rows: progress.state.rows + 1 });
      },
    });
    progress.update({ phase: 'files' }, true);
    await target.commit();
    stats.stats.imageFiles = written.imageFiles;
    stats.stats.bytes = written.files.reduce((sum, file) => sum + file.bytes, 0);
    progress.update({ phase: 'done' }, true);
    return {
      options,
      files: written.files,
      stats: stats.stats,
      validation: { ok: problems.ok, count: problems.count, problems: problems.problems, warnings: problems.warnings },
      samples,
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    await target.abort();
    throw error;
  }
}
