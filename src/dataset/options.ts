// Export options: one zod schema gives the defaults, the checks and the messages, for the page's form (each
// message on its field) and the command line alike. The destination decides the defaults of the action format
// and of the limits profile.
import { z } from 'zod';
import { MAX_IMAGES_PER_REQUEST } from '../agent/prompt.ts';
import { MAX_ACTIONS_PER_CALL } from '../agent/tool.ts';
import { SESSION_SOURCES } from '../storage/index.ts';
import { ACTION_FORMATS } from './action-format.ts';
import { DESTINATION_IDS, DESTINATIONS } from './destinations/registry.ts';
import { LIMITS_PROFILE_IDS, profileLimits } from './limits.ts';

export const ROW_TEXT_STYLES = ['stored', 'state', 'language'] as const;
const MAX_LOOKAHEAD = 1000;

const promptSchema = z.strictObject({
  /** "stored" uses the text recorded with the session; another style re-simulates the session to describe it. */
  textStyle: z.enum(ROW_TEXT_STYLES).default('stored'),
  imageMode: z.enum(['text', 'text_and_image', 'image']).default('text_and_image'),
  frameHistory: z.number().int().min(0, 'at least 0').max(16, 'at most 16').default(0),
  historyLayout: z.enum(['separate', 'sheet']).default('separate'),
  actionsPerCall: z.number().int().min(1, 'at least 1').max(MAX_ACTIONS_PER_CALL, `at most ${MAX_ACTIONS_PER_CALL}`).default(4),
  /** Tell the model its previous actions and their reward, as live runs do. */
  lastActions: z.boolean().default(true),
});

/** Overrides of the chosen profile's limits; null lifts a limit. */
const limitsSchema = z.strictObject({
  minExamples: z.number().int().min(0, 'at least 0').optional(),
  maxImagesPerExample: z.number().int().min(1, 'at least 1').nullable().optional(),
  maxImageBytes: z.number().int().min(1, 'at least 1').nullable().optional(),
});

const baseSchema = z.strictObject({
  /** The destination: where the files go and who reads them. */
  format: z.enum(DESTINATION_IDS),
  /** How the assistant answers: an interact_many call, or text with a JSON object of actions; null: the destination's default. */
  actionFormat: z.enum(ACTION_FORMATS).nullable().default(null),
  /** Whose limits the rows are checked against; null: the destination's. */
  limitsProfile: z.enum(LIMITS_PROFILE_IDS).nullable().default(null),
  limits: limitsSchema.default({}),
  /** Sessions of these sources only; empty means every source. */
  sources: z.array(z.enum(SESSION_SOURCES)).default([]),
  /** Model sessions of these models only; when set, sessions of other sources are left out too. */
  models: z.array(z.string().min(1)).default([]),
  /** Sessions that unlocked at least this many distinct achievements. */
  minAchievements: z.number().int().min(0, 'at least 0').max(22, 'at most 22').default(0),
  /** Sessions that unlocked every one of these. */
  withAchievements: z.array(z.string()).default([]),
  /** Sessions that unlocked none of these. */
  withoutAchievements: z.array(z.string()).default([]),
  /** Sessions whose achievement reward (+1 per unlock; Crafter's health changes not counted) is strictly above this. */
  rewardAbove: z.number().finite().nullable().default(null),
  onlyWithImages: z.boolean().default(false),
  /** Only rows followed by an achievement unlock within k steps (the row's own action is step 1). */
  onlyAchievementLed: z.boolean().default(false),
  /** k: the look-ahead window, in step records (one per action, or one per model call), the row's own first. */
  lookahead: z.number().int().min(1, 'at least 1').max(MAX_LOOKAHEAD, `at most ${MAX_LOOKAHEAD}`).default(5),
  /** Keep at most this many consecutive turns whose actions are all noop (idle streaks: over a third of human steps); null keeps them all. */
  maxNoopStreak: z.number().int().min(0).nullable().default(null),
  /** Drop model calls that failed, returned invalid actions, or returned none. */
  dropFailedCalls: z.boolean().default(true),
  dropDuplicates: z.boolean().default(true),
  /** Share of sessions (not rows) that go to the validation file. */
  validationRatio: z.number().min(0, 'at least 0').max(0.9, 'at most 0.9').default(0.1),
  splitSeed: z.number().int().default(0),
  prompt: promptSchema.default(promptSchema.parse({})),
  /** How many rows the preview keeps. */
  sampleRows: z.number().int().min(0).max(20).default(3),
});

type BaseOptions = z.output<typeof baseSchema>;

/** Every option's default, as the schema gives it (the action format and limits profile left to the destination). */
export function exportOptionDefaults(format: BaseOptions['format'] = 'openai'): BaseOptions {
  return baseSchema.parse({ format });
}

/** Images one replayed row holds with these prompt settings. */
export function imagesPerRow(prompt: BaseOptions['prompt']): number {
  if (prompt.imageMode === 'text') return 0;
  if (prompt.frameHistory === 0) return 1;
  return prompt.historyLayout === 'separate' ? prompt.frameHistory + 1 : 2;
}

/** The schema with the checks across fields (each message on the field to change) and the destination's defaults filled in. */
export function exportOptionsSchema(achievementNames: readonly string[]) {
  const known = new Set(achievementNames);
  return baseSchema.superRefine((options, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    for (const key of ['withAchievements', 'withoutAchievements'] as const) {
      options[key].forEach((name, i) => {
        if (!known.has(name)) issue([key, i], `unknown achievement ${JSON.stringify(name)}; known: ${achievementNames.join(', ')}`);
      });
    }
    const both = options.withAchievements.filter((name) => options.withoutAchievements.includes(name));
    if (both.length) issue(['withoutAchievements'], `${both.join(', ')} is both required and excluded, so no session could match`);
    const target = DESTINATIONS[options.format];
    if (options.actionFormat !== null && !(target.actionFormats as readonly string[]).includes(options.actionFormat)) {
      issue(['actionFormat'], `${options.format} takes the ${target.actionFormats.join(' or ')} action format: ${target.for} never show a model the tools`);
    }
    const { imageMode, frameHistory, historyLayout } = options.prompt;
    // The prompt builder sends at most 10 images per request, whatever a provider would accept.
    if (imageMode !== 'text' && historyLayout === 'separate' && frameHistory + 1 > MAX_IMAGES_PER_REQUEST) {
      issue(['prompt', 'frameHistory'], `live runs send at most ${MAX_IMAGES_PER_REQUEST} images per request, so at most ${MAX_IMAGES_PER_REQUEST - 1} separate history frames`);
    }
    const limit = options.limits.maxImagesPerExample !== undefined ? options.limits.maxImagesPerExample : profileLimits(options.limitsProfile ?? target.limitsProfile).maxImagesPerExample;
    const images = imagesPerRow(options.prompt);
    if (limit !== null && images > limit) {
      issue(['prompt', 'frameHistory'], `${frameHistory} separate history frames plus the current one make ${images} images per row, above the limit of ${limit}; use the sheet layout or fewer frames`);
    }
  }).transform((options) => ({ ...withDestinationLimits(options), actionFormat: options.actionFormat ?? DESTINATIONS[options.format].defaultActionFormat }));
}

/** The limits profile (the destination's unless chosen) and its limits with the overrides applied. */
function withDestinationLimits<T extends Pick<BaseOptions, 'format' | 'limitsProfile' | 'limits'>>(options: T) {
  const limitsProfile = options.limitsProfile ?? DESTINATIONS[options.format].limitsProfile;
  return { ...options, limitsProfile, limits: { ...profileLimits(limitsProfile), ...options.limits } };
}

/**
 * Options of rows from another source than recorded sessions (a probe set): the destination, the limits checked and
 * the split, with the same names, checks and defaults as a session export's. The source itself builds the prompts.
 */
export const rowSourceOptionsSchema = baseSchema
  .pick({ format: true, limitsProfile: true, limits: true, validationRatio: true, splitSeed: true })
  .transform(withDestinationLimits);

export type RowSourceOptionsInput = z.input<typeof rowSourceOptionsSchema>;
export type RowSourceOptions = z.output<typeof rowSourceOptionsSchema>;

export type ExportOptionsInput = z.input<typeof baseSchema>;
export type ExportOptions = z.output<ReturnType<typeof exportOptionsSchema>>;
export type ExportFormat = ExportOptions['format'];
export type RowPromptOptions = ExportOptions['prompt'];

export class ExportOptionsError extends Error {
  override name = 'ExportOptionsError';
}

export interface OptionProblem {
  /** Dotted path of the option, e.g. "prompt.frameHistory" or "withAchievements.0". */
  path: string;
  message: string;
}

/** Every problem of the options, each on its option; empty when they can be used. */
export function exportOptionProblems(input: unknown, achievementNames: readonly string[]): OptionProblem[] {
  const parsed = exportOptionsSchema(achievementNames).safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Checks and completes the options; unknown keys, bad values and unknown achievement names are refused. */
export function parseExportOptions(input: unknown, achievementNames: readonly string[]): ExportOptions {
  const parsed = exportOptionsSchema(achievementNames).safeParse(input);
  if (!parsed.success) throw new ExportOptionsError(`bad export options:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Checks and completes the options of rows from another source; unknown keys and bad values are refused. */
export function parseRowSourceOptions(input: unknown): RowSourceOptions {
  const parsed = rowSourceOptionsSchema.safeParse(input);
  if (!parsed.success) throw new ExportOptionsError(`bad export options:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
