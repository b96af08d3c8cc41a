// The export pipeline: choose and split sessions, stream each one's steps through a bounded window, build,
// filter and deduplicate rows, write and check them in the chosen format, and gather the preview's figures.
import type { StepRecord, TraceReader } from '../storage/index.ts';
import type { ExportDeps } from './deps.ts';
import { ArchiveWriter } from './formats/archive.ts';
import { LLAMAFACTORY_FORMAT } from './formats/llamafactory.ts';
import { openAiRow, OpenAiWriter } from './formats/openai.ts';
import { TRL_FORMAT } from './formats/trl.ts';
import type { FormatWriter, WriterContext } from './formats/writer.ts';
import { DuplicateFilter } from './dedupe.ts';
import { buildModelRow } from './model-rows.ts';
import { parseExportOptions, type ExportFormat, type ExportOptions } from './options.ts';
import type { OutputTarget, WrittenFile } from './output.ts';
import { ReplayRowBuilder, restated } from './replay-rows.ts';
import { messageImages, type DatasetRow, type RowMetadata, type Split } from './rows.ts';
import { listAllSessions, sessionExclusion, summarize, type SessionSummary } from './sessions.ts';
import { splitSessions } from './split.ts';
import { StatsCollector, type ExportStats } from './stats.ts';
import { MICRO, sessionTurns, type Turn } from './step-window.ts';
import { ProblemList, type Problem } from './validate/problems.ts';
import type { OpenAiRow } from './validate/schemas.ts';

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
  row: OpenAiRow;
  metadata: RowMetadata;
}

export interface ExportResult {
  options: ExportOptions;
  files: WrittenFile[];
  stats: ExportStats;
  validation: { ok: boolean; count: number; problems: Problem[] };
  samples: SampleRow[];
  elapsedMs: number;
}

export class ExportCancelled extends Error {
  override name = 'ExportCancelled';
  constructor() {
    super('the export was cancelled; nothing was kept');
  }
}

function createWriter(format: ExportFormat, ctx: WriterContext): FormatWriter {
  switch (format) {
    case 'openai': return new OpenAiWriter(ctx, false);
    case 'annotated': return new OpenAiWriter(ctx, true);
    case 'trl': return new ArchiveWriter(ctx, TRL_FORMAT);
    case 'llamafactory': return new ArchiveWriter(ctx, LLAMAFACTORY_FORMAT);
  }
}

/** The files an export in `format` may write (which of them depends on the split), to check before overwriting. */
export function outputFileNames(format: ExportFormat): string[] {
  switch (format) {
    case 'openai': return OpenAiWriter.fileNames(false);
    case 'annotated': return OpenAiWriter.fileNames(true);
    case 'trl': return [TRL_FORMAT.zipName];
    case 'llamafactory': return [LLAMAFACTORY_FORMAT.zipName];
  }
}

const round6 = (value: number) => Math.round(value * MICRO) / MICRO;

/** Whether the turn's actions unlocked an achievement or earned a positive reward, at once or within the next k records. */
function rewardedWithin(turn: Turn): boolean {
  return [turn.record, ...turn.following].some((step) => step.reward > 0 || step.achievementsUnlocked.length > 0);
}

function rowMetadata(row: DatasetRow, turn: Turn, summary: SessionSummary, split: Split, k: number): RowMetadata {
  let userImages = 0;
  let assistantImages = 0;
  let images = 0;
  for (const message of row.messages) {
    const n = messageImages(message).length;
    images += n;
    if (message.role === 'user') userImages += n;
    if (message.role === 'assistant') assistantImages += n;
  }
  const { session } = summary;
  const nextK = new Set<string>();
  for (const step of turn.following) for (const name of step.achievementsUnlocked) nextK.add(name);
  return {
    session: session.id,
    step: turn.observation.stepIndex,
    next_step: turn.record.stepIndex,
    source: session.source,
    model: turn.record.modelCall?.model ?? session.policy?.model ?? null,
    seed: session.seed,
    episode: session.episode,
    split,
    actions: row.actions,
    has_image: images > 0,
    user_has_image: userImages > 0,
    assistant_has_image: assistantImages > 0,
    image_count: images,
    reward: round6(turn.record.reward),
    return_to_go: turn.returnToGoMicro / MICRO,
    achievements_unlocked: [...turn.record.achievementsUnlocked],
    achievements_next_k: [...nextK],
    k,
  };
}

/** Counts a session's consecutive all-noop turns and drops those past the limit (null: none). */
class NoopStreak {
  private run = 0;
  constructor(private readonly limit: number | null) {}

  drops(actions: readonly string[]): boolean {
    this.run = actions.length > 0 && actions.every((action) => action === 'noop') ? this.run + 1 : 0;
    return this.limit !== null && this.run > this.limit;
  }
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
  const stats = new StatsCollector(deps.achievementNames);
  const problems = new ProblemList();
  const samples: SampleRow[] = [];

  const listed = await listAllSessions(reader, options.sources);
  stats.stats.sessions.listed = listed.length;
  progress.update({ sessionsTotal: listed.length }, true);
  const kept: SessionSummary[] = [];
  for (const session of listed) {
    checkCancelled();
    const summary = await summarize(reader, session);
    const reason = sessionExclusion(summary, options);
    if (reason) stats.excludeSession(reason);
    else kept.push(summary);
  }
  const splits = splitSessions(kept.map((s) => s.session.id), options.validationRatio, options.splitSeed);
  // Train sessions first, so a row repeated in a validation session is the one dropped as a duplicate.
  const ordered = [...kept.filter((s) => splits.get(s.session.id) === 'train'), ...kept.filter((s) => splits.get(s.session.id) === 'validation')];
  for (const summary of ordered) stats.keepSession(splits.get(summary.session.id)!, summary.achievements);
  progress.update({ phase: 'rows', sessionsTotal: ordered.length, stepsTotal: ordered.reduce((sum, s) => sum + s.session.stepCount, 0) }, true);

  const replay = new ReplayRowBuilder(deps, options.prompt);
  const duplicates = options.dropDuplicates ? new DuplicateFilter() : null;
  let writer: FormatWriter | null = null;
  try {
    writer = createWriter(options.format, { target, limits: options.limits, bytes: deps.bytes, problems });
    for (const summary of ordered) {
      const { session } = summary;
      const split = splits.get(session.id)!;
      const isModel = session.source === 'model';
      const needFrames = !isModel && options.prompt.imageMode !== 'text';
      const counted = async function* (steps: AsyncIterable<StepRecord>) {
        for await (const step of steps) {
          checkCancelled();
          progress.update({ stepsDone: progress.state.stepsDone + 1 });
          yield step;
        }
      };
      const steps = restated(counted(reader.iterateSteps(session.id, { frames: needFrames })), isModel ? null : replay.texterFor(session));
      const turns = sessionTurns(steps, { lookBack: isModel ? 0 : replay.lookBack, lookahead: options.lookahead, totalRewardMicro: summary.totalRewardMicro });
      const noops = new NoopStreak(options.maxNoopStreak);
      for await (const turn of turns) {
        stats.stats.steps++;
        if (noops.drops(turn.record.actions)) {
          stats.drop('noop_streak');
          continue;
        }
        if (options.onlyRewarded && !rewardedWithin(turn)) {
          stats.drop('unrewarded');
          continue;
        }
        const row = isModel ? buildModelRow(turn.record, options.dropFailedCalls) : replay.build(turn);
        if (typeof row === 'string') {
          stats.drop(row);
          continue;
        }
        const meta = rowMetadata(row, turn, summary, split, options.lookahead);
        if (options.onlyWithImages && meta.image_count === 0) {
          stats.drop('without_images');
          continue;
        }
        if (duplicates && !duplicates.admit(row)) {
          stats.drop('duplicate');
          continue;
        }
        if (!(await writer.write(row, meta))) {
          stats.drop('unwritable');
          continue;
        }
        stats.row(row, meta);
        if (samples.length < options.sampleRows) samples.push({ row: openAiRow(row), metadata: meta });
        progress.update({ rows: progress.state.rows + 1 });
      }
      progress.update({ sessionsDone: progress.state.sessionsDone + 1 }, true);
    }
    progress.update({ phase: 'files' }, true);
    const files = await writer.finish();
    await target.commit();
    stats.stats.imageFiles = writer.imageFiles;
    stats.stats.bytes = files.reduce((sum, file) => sum + file.bytes, 0);
    progress.update({ phase: 'done' }, true);
    return {
      options,
      files,
      stats: stats.stats,
      validation: { ok: problems.ok, count: problems.count, problems: problems.problems },
      samples,
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    await target.abort();
    throw error;
  }
}
