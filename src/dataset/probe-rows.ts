// A probe set's visual question-answer rows (made by the agent's probeRows, which this layer does not import) written
// to any destination: the probe's exact answer as the assistant's text, split by the world or session the frame came
// from, so no world lands in both train and validation, with the probe's metadata beside each row.
import type { ChatMessage } from '../agent/prompt.ts';
import type { RowsAbout } from './destinations/writer.ts';
import { ExportCancelled, type ExportResult } from './export.ts';
import { parseRowSourceOptions, type RowSourceOptions } from './options.ts';
import type { OutputTarget, WrittenFile } from './output.ts';
import { messageImages, SPLITS, type SourcedRow, type Split } from './rows.ts';
import { splitSessions } from './split.ts';
import { ProblemList } from './validate/problems.ts';
import type { ProbeRowMetadata } from './validate/schemas.ts';
import { writeRows } from './write-rows.ts';

/** One probe as a row, as src/agent/probes/rows.ts gives it: the evaluation's prompt, the answer, the metadata. */
export interface QuestionRow {
  messages: ChatMessage[];
  answer: string;
  metadata: Omit<ProbeRowMetadata, 'split'>;
}

export const PROBE_ROWS_ABOUT: RowsAbout = {
  source: 'a probe set: questions about single Crafter frames whose answers the simulator knows exactly',
  textAnswer: 'the exact answer, as short as the question asks',
};

/** The rows with their split: every world (or recorded session) wholly in train or in validation. */
async function* splitQuestionRows(
  rows: readonly QuestionRow[],
  split: Pick<RowSourceOptions, 'validationRatio' | 'splitSeed'>,
  signal?: AbortSignal,
): AsyncGenerator<SourcedRow<ProbeRowMetadata>, void, undefined> {
  const splits = splitSessions(rows.map((r) => r.metadata.session), split.validationRatio, split.splitSeed);
  for (const { messages, answer, metadata } of rows) {
    if (signal?.aborted) throw new ExportCancelled();
    yield { row: { messages, target: { kind: 'text', text: answer }, tools: null }, meta: { ...metadata, split: splits.get(metadata.session)! } };
  }
}

export interface ProbeExportRequest {
  rows: readonly QuestionRow[];
  /** Checked with parseRowSourceOptions: format, limitsProfile, limits, validationRatio, splitSeed. */
  options: unknown;
  target: OutputTarget;
  signal?: AbortSignal;
}

export interface ProbeExportResult {
  options: RowSourceOptions;
  files: WrittenFile[];
  rows: Record<Split, number>;
  /** Worlds or recorded sessions per split. */
  sessions: Record<Split, number>;
  images: number;
  /** Distinct image files written beside the rows (archive destinations). */
  imageFiles: number;
  validation: ExportResult['validation'];
  elapsedMs: number;
}

export async function exportProbeRows(request: ProbeExportRequest): Promise<ProbeExportResult> {
  const started = Date.now();
  const { rows, target, signal } = request;
  const options = parseRowSourceOptions(request.options);
  if (!rows.length) throw new Error('the probe set holds no probes to export');
  const problems = new ProblemList();
  const counts = { rows: { train: 0, validation: 0 }, images: 0 };
  const sessions = new Map<Split, Set<string>>(SPLITS.map((s) => [s, new Set()]));
  try {
    const written = await writeRows(options.format, splitQuestionRows(rows, options, signal), {
      target, limits: options.limits, problems, about: PROBE_ROWS_ABOUT,
      onRow: (row, meta, ok) => {
        if (!ok) return;
        counts.rows[meta.split]++;
        sessions.get(meta.split)!.add(meta.session);
        counts.images += row.messages.reduce((sum, message) => sum + messageImages(message).length, 0);
      },
    });
    await target.commit();
    return {
      options,
      files: written.files,
      rows: counts.rows,
      sessions: { train: sessions.get('train')!.size, validation: sessions.get('validation')!.size },
      images: counts.images,
      imageFiles: written.imageFiles,
      validation: { ok: problems.ok, count: problems.count, problems: problems.problems, warnings: problems.warnings },
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    await target.abort();
    throw error;
  }
}
