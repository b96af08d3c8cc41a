// The preview's figures, gathered row by row: counts per split, source and model, images, estimated tokens,
// achievement distribution, and why rows or sessions were left out.
import type { RowMetadata } from './metadata.ts';
import type { DatasetRow, Split } from './rows.ts';

export type DropReason =
  | 'no_actions' | 'no_frame' | 'no_text' | 'no_call' | 'failed_call' | 'without_images' | 'not_achievement_led' | 'duplicate' | 'unwritable'
  | 'noop_streak';

export interface ExportStats {
  sessions: { listed: number; excluded: Record<string, number>; train: number; validation: number; withRows: number };
  rows: Record<Split, number>;
  dropped: Partial<Record<DropReason, number>>;
  /** Step records read. */
  steps: number;
  /** Image parts over all rows. */
  images: number;
  /** Distinct image files in an archive format. */
  imageFiles: number;
  estimatedTokens: number;
  /** Rows per session source, and per model for model sessions. */
  sources: Record<string, number>;
  models: Record<string, number>;
  /** Rows whose actions unlocked each achievement. */
  achievements: Record<string, number>;
  /** Exported sessions that unlocked each achievement. */
  sessionAchievements: Record<string, number>;
  bytes: number;
}

// Rough figures for the preview: about four characters per token; a small image is one 512 px tile.
const CHARS_PER_TOKEN = 4;
const IMAGE_TOKENS = { low: 85, high: 255 } as const;
const MESSAGE_OVERHEAD_TOKENS = 4;

const toolsLength = new WeakMap<object, number>();

export function estimateTokens(row: DatasetRow): number {
  let chars = 0;
  let tokens = 0;
  for (const message of row.messages) {
    tokens += MESSAGE_OVERHEAD_TOKENS;
    if (typeof message.content === 'string') chars += message.content.length;
    else if (Array.isArray(message.content)) {
      for (const part of message.content) {
        if (part.type === 'text') chars += part.text.length;
        else tokens += part.image_url.detail === 'low' ? IMAGE_TOKENS.low : IMAGE_TOKENS.high;
      }
    }
  }
  if (row.tools) {
    let length = toolsLength.get(row.tools);
    if (length === undefined) {
      length = JSON.stringify(row.tools).length;
      toolsLength.set(row.tools, length);
    }
    chars += length;
  }
  chars += (row.target.kind === 'text' ? row.target.text.length : JSON.stringify(row.target.arguments).length) + 30;
  return tokens + MESSAGE_OVERHEAD_TOKENS + Math.ceil(chars / CHARS_PER_TOKEN);
}

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

export class StatsCollector {
  readonly stats: ExportStats;
  private readonly sessionsWithRows = new Set<string>();

  constructor(achievementNames: readonly string[]) {
    const zeros = () => Object.fromEntries(achievementNames.map((name) => [name, 0]));
    this.stats = {
      sessions: { listed: 0, excluded: {}, train: 0, validation: 0, withRows: 0 },
      rows: { train: 0, validation: 0 },
      dropped: {},
      steps: 0,
      images: 0,
      imageFiles: 0,
      estimatedTokens: 0,
      sources: {},
      models: {},
      achievements: zeros(),
      sessionAchievements: zeros(),
      bytes: 0,
    };
  }

  excludeSession(reason: string): void {
    bump(this.stats.sessions.excluded, reason);
  }

  keepSession(split: Split, achievements: string[]): void {
    this.stats.sessions[split]++;
    for (const name of achievements) bump(this.stats.sessionAchievements, name);
  }

  /** A kept session turned out unreadable (damaged) while its rows were made: it counts as left out instead. */
  unkeepSession(split: Split, achievements: string[], reason: string): void {
    this.stats.sessions[split]--;
    for (const name of achievements) this.stats.sessionAchievements[name]--;
    this.excludeSession(reason);
  }

  drop(reason: DropReason): void {
    bump(this.stats.dropped as Record<string, number>, reason);
  }

  row(row: DatasetRow, meta: RowMetadata): void {
    this.stats.rows[meta.split]++;
    this.stats.images += meta.image_count;
    this.stats.estimatedTokens += estimateTokens(row);
    bump(this.stats.sources, meta.source);
    if (meta.model !== null) bump(this.stats.models, meta.model);
    for (const name of meta.achievements_unlocked) bump(this.stats.achievements, name);
    if (!this.sessionsWithRows.has(meta.session)) {
      this.sessionsWithRows.add(meta.session);
      this.stats.sessions.withRows++;
    }
  }
}
