// Export options: one zod schema gives the defaults, the checks and the error messages.
import { z } from 'zod';
import { SESSION_SOURCES } from '../storage/index.ts';

export const EXPORT_FORMATS = ['openai', 'annotated', 'trl', 'llamafactory'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ROW_TEXT_STYLES = ['stored', 'state', 'language'] as const;

/** OpenAI's limits for chat fine-tuning files; one other provider allows 64 images per example. */
export const OPENAI_LIMITS = { minExamples: 10, maxImagesPerExample: 10, maxImageBytes: 10 * 1024 * 1024 } as const;
const MAX_LOOKAHEAD = 1000;

const promptSchema = z.strictObject({
  /** "stored" uses the text recorded with the session; another style re-simulates the session to describe it. */
  textStyle: z.enum(ROW_TEXT_STYLES).default('stored'),
  imageMode: z.enum(['text', 'text_and_image', 'image']).default('text_and_image'),
  frameHistory: z.number().int().min(0).max(16).default(0),
  historyLayout: z.enum(['separate', 'sheet']).default('separate'),
  actionsPerCall: z.number().int().min(1).max(8).default(4),
  /** Tell the model its previous actions and their reward, as live runs do. */
  lastActions: z.boolean().default(true),
});

const limitsSchema = z.strictObject({
  minExamples: z.number().int().min(0).default(OPENAI_LIMITS.minExamples),
  maxImagesPerExample: z.number().int().min(1).max(64).default(OPENAI_LIMITS.maxImagesPerExample),
  maxImageBytes: z.number().int().min(1).default(OPENAI_LIMITS.maxImageBytes),
});

export const exportOptionsSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  /** Sessions of these sources only; empty means every source. */
  sources: z.array(z.enum(SESSION_SOURCES)).default([]),
  /** Model sessions of these models only (other sources are unaffected); empty means every model. */
  models: z.array(z.string().min(1)).default([]),
  /** Sessions that unlocked at least this many distinct achievements. */
  minAchievements: z.number().int().min(0).max(22).default(0),
  /** Sessions that unlocked every one of these. */
  withAchievements: z.array(z.string()).default([]),
  /** Sessions that unlocked none of these. */
  withoutAchievements: z.array(z.string()).default([]),
  /** Sessions whose total reward is strictly above this. */
  rewardAbove: z.number().finite().nullable().default(null),
  onlyWithImages: z.boolean().default(false),
  /** Only turns that unlocked an achievement or earned a positive reward at that step or in the next `lookahead` steps. */
  onlyRewarded: z.boolean().default(false),
  /** k: the look-ahead window, in step records (one per action, or one per model call). */
  lookahead: z.number().int().min(0).max(MAX_LOOKAHEAD).default(5),
  /** Keep at most this many consecutive turns whose actions are all noop (idle streaks: over a third of human steps); null keeps them all. */
  maxNoopStreak: z.number().int().min(0).nullable().default(null),
  /** Drop model calls that failed, returned invalid actions, or returned none. */
  dropFailedCalls: z.boolean().default(true),
  dropDuplicates: z.boolean().default(true),
  /** Share of sessions (not rows) that go to the validation file. */
  validationRatio: z.number().min(0).max(0.9).default(0.1),
  splitSeed: z.number().int().default(0),
  prompt: promptSchema.default(promptSchema.parse({})),
  limits: limitsSchema.default(limitsSchema.parse({})),
  /** How many rows the preview keeps. */
  sampleRows: z.number().int().min(0).max(20).default(3),
});

export type ExportOptionsInput = z.input<typeof exportOptionsSchema>;
export type ExportOptions = z.output<typeof exportOptionsSchema>;
export type RowPromptOptions = ExportOptions['prompt'];
export type ExportLimits = ExportOptions['limits'];

export class ExportOptionsError extends Error {
  override name = 'ExportOptionsError';
}

/** Checks and completes the options; unknown keys, bad values and unknown achievement names are refused. */
export function parseExportOptions(input: unknown, achievementNames: readonly string[]): ExportOptions {
  const parsed = exportOptionsSchema.safeParse(input);
  if (!parsed.success) throw new ExportOptionsError(`bad export options:\n${z.prettifyError(parsed.error)}`);
  const options = parsed.data;
  const known = new Set(achievementNames);
  for (const name of [...options.withAchievements, ...options.withoutAchievements]) {
    if (!known.has(name)) throw new ExportOptionsError(`bad export options: unknown achievement ${JSON.stringify(name)}; known: ${achievementNames.join(', ')}`);
  }
  const both = options.withAchievements.filter((name) => options.withoutAchievements.includes(name));
  if (both.length) throw new ExportOptionsError(`bad export options: ${both.join(', ')} is both required and excluded, so no session could match`);
  const { imageMode, frameHistory, historyLayout } = options.prompt;
  const imagesPerRow = imageMode === 'text' ? 0 : frameHistory === 0 ? 1 : historyLayout === 'separate' ? frameHistory + 1 : 2;
  // The prompt builder sends at most 10 images per request, whatever a provider would accept.
  if (imageMode !== 'text' && historyLayout === 'separate' && frameHistory > 9) {
    throw new ExportOptionsError(`bad export options: live runs send at most 10 images per request, so at most 9 separate history frames; got ${frameHistory}`);
  }
  if (imagesPerRow > options.limits.maxImagesPerExample) {
    throw new ExportOptionsError(`bad export options: ${frameHistory} separate history frames plus the current one make ${imagesPerRow} images per row, above the limit of ${options.limits.maxImagesPerExample}; use the sheet layout or fewer frames`);
  }
  return options;
}
