// Rows from recorded sessions: choose and split the sessions, stream each one's steps through a bounded window,
// build the rows (model calls as sent, other sessions replayed through the prompt builder), filter and deduplicate
// them, and give each with its metadata. Writing them is write-rows.ts's business.
import { isStorageError, type StepRecord, type TraceReader } from '../storage/index.ts';
import type { ExportDeps } from './deps.ts';
import { DuplicateFilter } from './dedupe.ts';
import { sessionRowMetadata, type RowMetadata } from './metadata.ts';
import { buildModelRow } from './model-rows.ts';
import type { ExportOptions } from './options.ts';
import { ReplayRowBuilder, restated } from './replay-rows.ts';
import type { SourcedRow, Split } from './rows.ts';
import { sessionOrigin } from './session-origin.ts';
import { listAllSessions, sessionExclusion, summarize, type SessionSummary } from './sessions.ts';
import { splitSessions } from './split.ts';
import type { StatsCollector } from './stats.ts';
import { sessionTurns, type Turn } from './step-window.ts';

/** Counts a session's consecutive all-noop turns and drops those past the limit (null: none). */
class NoopStreak {
  private run = 0;
  constructor(private readonly limit: number | null) {}

  drops(actions: readonly string[]): boolean {
    this.run = actions.length > 0 && actions.every((action) => action === 'noop') ? this.run + 1 : 0;
    return this.limit !== null && this.run > this.limit;
  }
}

export interface SessionRowsProgress {
  sessions(total: number, steps: number): void;
  step(): void;
  sessionDone(): void;
}

export interface SessionRowsRequest {
  reader: TraceReader;
  options: ExportOptions;
  deps: ExportDeps;
  stats: StatsCollector;
  progress: SessionRowsProgress;
  /** Throws when the export was cancelled. */
  checkCancelled(): void;
}

/** Whether an achievement is unlocked within k steps of the row, its own action being the first. */
function achievementLed(turn: Turn, k: number): boolean {
  return [turn.record, ...turn.following].slice(0, k).some((step) => step.achievementsUnlocked.length > 0);
}

/** The sessions the options keep, train first (so a row repeated in a validation session is the one dropped as a duplicate). */
async function chosenSessions(request: SessionRowsRequest): Promise<{ summary: SessionSummary; split: 'train' | 'validation' }[]> {
  const { reader, options, stats, checkCancelled } = request;
  const listed = await listAllSessions(reader, options.sources);
  stats.stats.sessions.listed = listed.length;
  const kept: SessionSummary[] = [];
  for (const session of listed) {
    checkCancelled();
    const summary = await summarize(reader, session);
    const reason = sessionExclusion(summary, options);
    if (reason) stats.excludeSession(reason);
    else kept.push(summary);
  }
  const splits = splitSessions(kept.map((s) => s.session.id), options.validationRatio, options.splitSeed);
  const chosen = kept.map((summary) => ({ summary, split: splits.get(summary.session.id)! }));
  return [...chosen.filter((c) => c.split === 'train'), ...chosen.filter((c) => c.split === 'validation')];
}

/** Whether an error says a session's stored data is damaged (the store marks it; the export leaves it out). */
function isDamage(error: unknown): boolean {
  return isStorageError(error) && (error.code === 'corrupt' || error.code === 'truncated' || error.code === 'newer_schema');
}

interface SessionRowsContext {
  request: SessionRowsRequest;
  replay: ReplayRowBuilder;
  duplicates: DuplicateFilter | null;
}

/** The rows of one chosen session, in order. */
async function* rowsOfSession(ctx: SessionRowsContext, summary: SessionSummary, split: Split): AsyncGenerator<SourcedRow<RowMetadata>, void, undefined> {
  const { reader, options, stats, progress, checkCancelled } = ctx.request;
  const { replay, duplicates } = ctx;
  const k = options.lookahead;
  const { session } = summary;
  const origin = sessionOrigin(session);
  const isModel = origin.source === 'model';
  const needFrames = !isModel && options.prompt.imageMode !== 'text';
  const counted = async function* (steps: AsyncIterable<StepRecord>) {
    for await (const step of steps) {
      checkCancelled();
      progress.step();
      yield step;
    }
  };
  const steps = restated(counted(reader.iterateSteps(session.id, { frames: needFrames })), isModel ? null : replay.texterFor(session));
  // The window holds the row's own record and the k - 1 after it.
  const turns = sessionTurns(steps, { lookBack: isModel ? 0 : replay.lookBack, lookahead: k - 1, totalRewardMicro: summary.totalRewardMicro });
  let uniqueBefore = 0;
  const noops = new NoopStreak(options.maxNoopStreak);
  for await (const turn of turns) {
    const unlockedBefore = uniqueBefore;
    uniqueBefore += turn.record.achievementsUnlocked.length;
    stats.stats.steps++;
    if (noops.drops(turn.record.actions)) {
      stats.drop('noop_streak');
      continue;
    }
    if (options.onlyAchievementLed && !achievementLed(turn, k)) {
      stats.drop('not_achievement_led');
      continue;
    }
    const row = isModel ? buildModelRow(turn.record, session, options.actionFormat, options.dropFailedCalls) : replay.build(turn);
    if (typeof row === 'string') {
      stats.drop(row);
      continue;
    }
    const actions = isModel ? turn.record.modelCall!.parsedActions : turn.record.actions;
    const meta = sessionRowMetadata(row, turn, { summary, origin, split, k, actions, uniqueBefore: unlockedBefore });
    if (options.onlyWithImages && meta.image_count === 0) {
      stats.drop('without_images');
      continue;
    }
    if (duplicates && !duplicates.admit(row)) {
      stats.drop('duplicate');
      continue;
    }
    yield { row, meta };
  }
}

export async function* sessionRows(request: SessionRowsRequest): AsyncGenerator<SourcedRow<RowMetadata>, void, undefined> {
  const { options, deps, stats, progress } = request;
  const ordered = await chosenSessions(request);
  for (const { summary, split } of ordered) stats.keepSession(split, summary.achievements);
  progress.sessions(ordered.length, ordered.reduce((sum, c) => sum + c.summary.session.stepCount, 0));
  const ctx: SessionRowsContext = {
    request,
    replay: new ReplayRowBuilder(deps, options.prompt, options.actionFormat),
    duplicates: options.dropDuplicates ? new DuplicateFilter() : null,
  };
  for (const { summary, split } of ordered) {
    try {
      yield* rowsOfSession(ctx, summary, split);
    } catch (error) {
      // Stored data found damaged now (a session is read only when its turn comes) leaves that session out.
      if (!isDamage(error)) throw error;
      stats.unkeepSession(split, summary.achievements, 'damaged');
    }
    progress.sessionDone();
  }
}
