// The export panel's form, kept in localStorage: its defaults, the options it stands for, each field's problem
// (from the export's own option schema, so the page and the command line check the same), and what differs from
// the defaults, so remembered filters are shown and can be reset.
import { exportOptionDefaults, exportOptionProblems, type ActionFormat, type DestinationId, type ExportOptionsInput, type LimitsProfileId } from '../dataset/index.ts';
import { ACHIEVEMENTS } from '../sim/rules.ts';
import type { SessionSource } from '../storage/types.ts';

export interface ExportForm {
  format: DestinationId;
  /** '' : the destination's default. */
  actionFormat: ActionFormat | '';
  limitsProfile: LimitsProfileId | '';
  /** Empty means every source. */
  sources: SessionSource[];
  /** Empty means every model. */
  models: string[];
  minAchievements: number;
  /** '' means no condition. */
  withAchievement: string;
  withoutAchievement: string;
  /** As typed; '' means no condition. */
  rewardAbove: string;
  onlyWithImages: boolean;
  onlyAchievementLed: boolean;
  lookahead: number;
  /** As typed; '' keeps every idle streak. */
  maxNoopStreak: string;
  dropFailedCalls: boolean;
  dropDuplicates: boolean;
  validationRatio: number;
  splitSeed: number;
  textStyle: 'stored' | 'state' | 'language';
  imageMode: 'text' | 'text_and_image' | 'image';
  frameHistory: number;
  historyLayout: 'separate' | 'sheet';
  actionsPerCall: number;
  lastActions: boolean;
  /** As typed; '' : the profile's limit. */
  maxImagesPerExample: string;
  minExamples: string;
}

export type ExportField = keyof ExportForm;

const defaults = exportOptionDefaults();

/** The option schema's defaults; '' where the destination or profile decides. */
export const DEFAULT_EXPORT_FORM: ExportForm = {
  format: defaults.format, actionFormat: '', limitsProfile: '', sources: defaults.sources, models: defaults.models,
  minAchievements: defaults.minAchievements, withAchievement: '', withoutAchievement: '', rewardAbove: '',
  onlyWithImages: defaults.onlyWithImages, onlyAchievementLed: defaults.onlyAchievementLed, lookahead: defaults.lookahead,
  maxNoopStreak: '', dropFailedCalls: defaults.dropFailedCalls, dropDuplicates: defaults.dropDuplicates, validationRatio: defaults.validationRatio,
  splitSeed: defaults.splitSeed, ...defaults.prompt, maxImagesPerExample: '', minExamples: '',
};

/** What each field is called on the page, for messages about it. */
export const FIELD_LABELS: Record<ExportField, string> = {
  format: 'Destination', actionFormat: 'Action format', limitsProfile: 'Limits', sources: 'Sources', models: 'Models',
  minAchievements: 'At least this many achievements', withAchievement: 'With achievement', withoutAchievement: 'Without achievement',
  rewardAbove: 'Achievement reward above', onlyWithImages: 'Only rows with images', onlyAchievementLed: 'Only achievement-led rows',
  lookahead: 'k', maxNoopStreak: 'Idle turns in a row at most', dropFailedCalls: 'Leave out failed model calls', dropDuplicates: 'Leave out duplicates', validationRatio: 'Validation share',
  splitSeed: 'Split seed', textStyle: 'Text', imageMode: 'Image mode', frameHistory: 'Frame history', historyLayout: 'History layout',
  actionsPerCall: 'Actions per call', lastActions: 'Tell the last actions', maxImagesPerExample: 'Images per example at most',
  minExamples: 'Examples per file at least',
};

const FORM_KEY = 'crafter-web:export-form';

const typedNumber = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

/** The export's options from the form; a typed number that is not one stays NaN, for the schema to refuse on its field. */
export function optionsFromForm(form: ExportForm): ExportOptionsInput {
  const maxImages = typedNumber(form.maxImagesPerExample);
  const minExamples = typedNumber(form.minExamples);
  return {
    format: form.format,
    actionFormat: form.actionFormat || null,
    limitsProfile: form.limitsProfile || null,
    limits: { ...(maxImages === null ? {} : { maxImagesPerExample: maxImages }), ...(minExamples === null ? {} : { minExamples }) },
    sources: form.sources,
    models: form.models,
    minAchievements: form.minAchievements,
    withAchievements: form.withAchievement ? [form.withAchievement] : [],
    withoutAchievements: form.withoutAchievement ? [form.withoutAchievement] : [],
    rewardAbove: typedNumber(form.rewardAbove),
    onlyWithImages: form.onlyWithImages,
    onlyAchievementLed: form.onlyAchievementLed,
    lookahead: form.lookahead,
    maxNoopStreak: typedNumber(form.maxNoopStreak),
    dropFailedCalls: form.dropFailedCalls,
    dropDuplicates: form.dropDuplicates,
    validationRatio: form.validationRatio,
    splitSeed: form.splitSeed,
    prompt: {
      textStyle: form.textStyle, imageMode: form.imageMode, frameHistory: form.frameHistory, historyLayout: form.historyLayout,
      actionsPerCall: form.actionsPerCall, lastActions: form.lastActions,
    },
  };
}

/** The form field an option path belongs to. */
function fieldOf(path: string): ExportField | null {
  const [head, next] = path.split('.');
  if (head === 'prompt' || head === 'limits') return (next as ExportField | undefined) ?? null;
  if (head === 'withAchievements') return 'withAchievement';
  if (head === 'withoutAchievements') return 'withoutAchievement';
  return head in DEFAULT_EXPORT_FORM ? (head as ExportField) : null;
}

/** Each field's problem with the form as it is now: a field that was fixed has none, whatever else is wrong. */
export function formProblems(form: ExportForm): Partial<Record<ExportField, string>> {
  const problems: Partial<Record<ExportField, string>> = {};
  for (const problem of exportOptionProblems(optionsFromForm(form), ACHIEVEMENTS)) {
    const field = fieldOf(problem.path) ?? 'format';
    const message = problem.message.startsWith('Invalid input: expected number, received NaN') ? 'not a number' : problem.message;
    problems[field] ??= message;
  }
  return problems;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ from the defaults, with their values as the page shows them. */
export function changedFields(form: ExportForm): { field: ExportField; value: string }[] {
  return (Object.keys(DEFAULT_EXPORT_FORM) as ExportField[])
    .filter((field) => !same(form[field], DEFAULT_EXPORT_FORM[field]))
    .map((field) => {
      const value = form[field];
      return { field, value: Array.isArray(value) ? value.join(', ') || 'none' : String(value) };
    });
}

/** The saved form (unknown or mistyped keys dropped), or the defaults when there is none. */
export function loadExportForm(storage: Storage | undefined = globalThis.localStorage): ExportForm {
  try {
    const saved = JSON.parse(storage?.getItem(FORM_KEY) ?? '{}') as Record<string, unknown>;
    const form = { ...DEFAULT_EXPORT_FORM };
    for (const field of Object.keys(DEFAULT_EXPORT_FORM) as ExportField[]) {
      const value = saved[field];
      if (value !== undefined && typeof value === typeof DEFAULT_EXPORT_FORM[field] && Array.isArray(value) === Array.isArray(DEFAULT_EXPORT_FORM[field])) {
        (form as Record<string, unknown>)[field] = value;
      }
    }
    return form;
  } catch {
    return { ...DEFAULT_EXPORT_FORM };
  }
}

export function saveExportForm(form: ExportForm, storage: Storage | undefined = globalThis.localStorage): void {
  storage?.setItem(FORM_KEY, JSON.stringify(form));
}

export function resetExportForm(storage: Storage | undefined = globalThis.localStorage): ExportForm {
  storage?.removeItem(FORM_KEY);
  return { ...DEFAULT_EXPORT_FORM };
}
