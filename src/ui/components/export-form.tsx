// The export panel's form: format, session and row filters, split, the prompts of replayed sessions, limits;
// kept in localStorage and checked against the export's own option schema when loaded.
import { exportOptionsSchema, EXPORT_FORMATS, type ExportFormat, type ExportOptionsInput } from '../../dataset/index.ts';
import { ACHIEVEMENTS } from '../../sim/rules.ts';
import { SESSION_SOURCES, type SessionSource } from '../../storage/types.ts';
import { HISTORY_LAYOUT_CHOICES, IMAGE_MODE_CHOICES, Options, TEXT_STYLE_CHOICES } from '../prompt-choices.tsx';

export interface ExportForm {
  format: ExportFormat;
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
  onlyRewarded: boolean;
  lookahead: number;
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
  maxImagesPerExample: number;
  minExamples: number;
}

export const DEFAULT_EXPORT_FORM: ExportForm = {
  format: 'openai', sources: [], models: [], minAchievements: 0, withAchievement: '', withoutAchievement: '', rewardAbove: '',
  onlyWithImages: false, onlyRewarded: false, lookahead: 5, dropFailedCalls: true, dropDuplicates: true, validationRatio: 0.1, splitSeed: 0,
  textStyle: 'stored', imageMode: 'text_and_image', frameHistory: 0, historyLayout: 'separate', actionsPerCall: 4, lastActions: true,
  maxImagesPerExample: 10, minExamples: 10,
};

const FORM_KEY = 'crafter-web:export-form';

/** The export's options from the form; a reward that is not a number is refused here, the rest by the export. */
export function optionsFromForm(form: ExportForm): ExportOptionsInput {
  const reward = form.rewardAbove.trim();
  if (reward !== '' && !Number.isFinite(Number(reward))) throw new Error(`"Total reward above" must be a number, got ${JSON.stringify(reward)}`);
  return {
    format: form.format,
    sources: form.sources,
    models: form.models,
    minAchievements: form.minAchievements,
    withAchievements: form.withAchievement ? [form.withAchievement] : [],
    withoutAchievements: form.withoutAchievement ? [form.withoutAchievement] : [],
    rewardAbove: reward === '' ? null : Number(reward),
    onlyWithImages: form.onlyWithImages,
    onlyRewarded: form.onlyRewarded,
    lookahead: form.lookahead,
    dropFailedCalls: form.dropFailedCalls,
    dropDuplicates: form.dropDuplicates,
    validationRatio: form.validationRatio,
    splitSeed: form.splitSeed,
    prompt: {
      textStyle: form.textStyle, imageMode: form.imageMode, frameHistory: form.frameHistory, historyLayout: form.historyLayout,
      actionsPerCall: form.actionsPerCall, lastActions: form.lastActions,
    },
    limits: { maxImagesPerExample: form.maxImagesPerExample, minExamples: form.minExamples },
  };
}

/** The saved form, or the defaults when it is missing, stale or edited into something the export would refuse. */
export function loadExportForm(storage: Storage | undefined = globalThis.localStorage): ExportForm {
  try {
    const form = { ...DEFAULT_EXPORT_FORM, ...(JSON.parse(storage?.getItem(FORM_KEY) ?? '{}') as Partial<ExportForm>) };
    return exportOptionsSchema.safeParse(optionsFromForm(form)).success ? form : { ...DEFAULT_EXPORT_FORM };
  } catch {
    return { ...DEFAULT_EXPORT_FORM };
  }
}

export function saveExportForm(form: ExportForm, storage: Storage | undefined = globalThis.localStorage): void {
  storage?.setItem(FORM_KEY, JSON.stringify(form));
}

const FORMAT_LABELS: Record<ExportFormat, string> = {
  openai: 'OpenAI chat JSONL, ready to upload (+ line-aligned metadata file)',
  annotated: 'Annotated JSONL (the same rows with their metadata)',
  trl: 'Hugging Face TRL vision (zip: JSONL + images)',
  llamafactory: 'LLaMA-Factory sharegpt (zip: JSONL + images + dataset_info.json)',
};

interface Props {
  form: ExportForm;
  /** Models of the model sessions in the store. */
  models: string[];
  busy: boolean;
  onForm: (form: ExportForm) => void;
  onBuild: () => void;
}

export function ExportFormView({ form, models, busy, onForm, onBuild }: Props) {
  const set = (change: Partial<ExportForm>) => onForm({ ...form, ...change });
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  const checked = (e: Event) => (e.target as HTMLInputElement).checked;
  const num = (field: { [K in keyof ExportForm]: ExportForm[K] extends number ? K : never }[keyof ExportForm], label: string, attrs: { min?: number; max?: number; step?: number } = {}) => (
    <label>
      {label}{' '}
      <input type="number" name={field} value={form[field]} onInput={(e) => set({ [field]: Number(value(e)) } as Partial<ExportForm>)} {...attrs} />
    </label>
  );
  const flag = (field: { [K in keyof ExportForm]: ExportForm[K] extends boolean ? K : never }[keyof ExportForm], label: string) => (
    <label>
      <input type="checkbox" name={field} checked={form[field]} onChange={(e) => set({ [field]: checked(e) } as Partial<ExportForm>)} /> {label}
    </label>
  );
  const toggle = <T extends string>(list: T[], item: T, on: boolean): T[] => (on ? [...new Set([...list, item])] : list.filter((x) => x !== item));
  const achievementSelect = (field: 'withAchievement' | 'withoutAchievement', label: string) => (
    <label>
      {label}{' '}
      <select name={field} value={form[field]} onChange={(e) => set({ [field]: value(e) })}>
        <option value="">(any)</option>
        {ACHIEVEMENTS.map((name) => <option key={name} value={name}>{name}</option>)}
      </select>
    </label>
  );
  const submit = (event: Event) => {
    event.preventDefault();
    onBuild();
  };
  return (
    <form class="run-form" aria-label="export settings" onSubmit={submit}>
      <fieldset>
        <legend>Format</legend>
        {EXPORT_FORMATS.map((format) => (
          <label key={format}>
            <input type="radio" name="format" value={format} checked={form.format === format} onChange={() => set({ format })} /> {FORMAT_LABELS[format]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Sessions</legend>
        <p class="hint">Sources (none ticked: all)</p>
        {SESSION_SOURCES.map((source) => (
          <label key={source} class="inline">
            <input type="checkbox" name={`source-${source}`} checked={form.sources.includes(source)} onChange={(e) => set({ sources: toggle(form.sources, source, checked(e)) })} /> {source}{' '}
          </label>
        ))}
        {models.length > 0 && <p class="hint">Models of model sessions (none ticked: all)</p>}
        {models.map((model) => (
          <label key={model}>
            <input type="checkbox" checked={form.models.includes(model)} onChange={(e) => set({ models: toggle(form.models, model, checked(e)) })} /> {model}
          </label>
        ))}
        {num('minAchievements', 'At least this many achievements', { min: 0, max: 22 })}
        {achievementSelect('withAchievement', 'With achievement')}
        {achievementSelect('withoutAchievement', 'Without achievement')}
        <label>
          Total reward above{' '}
          <input type="text" name="rewardAbove" inputMode="decimal" size={6} value={form.rewardAbove} placeholder="any" onInput={(e) => set({ rewardAbove: value(e) })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Rows</legend>
        {flag('onlyWithImages', 'only rows with images')}
        {flag('onlyRewarded', 'only turns followed by an achievement or a positive reward within k steps')}
        {num('lookahead', 'k (look-ahead, steps)', { min: 0, max: 1000 })}
        {flag('dropFailedCalls', 'leave out failed or invalid model calls')}
        {flag('dropDuplicates', 'leave out duplicate rows')}
        {num('validationRatio', 'Validation share of sessions', { min: 0, max: 0.9, step: 0.05 })}
        {num('splitSeed', 'Split seed')}
      </fieldset>
      <fieldset>
        <legend>Prompts of human, scripted and random sessions</legend>
        <p class="hint">These rows get the prompt a model would have been sent for the same observation. Model sessions keep their requests exactly as sent.</p>
        <label>
          Text{' '}
          <select name="textStyle" value={form.textStyle} onChange={(e) => set({ textStyle: value(e) as ExportForm['textStyle'] })}>
            <option value="stored">as recorded</option>
            <Options choices={TEXT_STYLE_CHOICES} />
          </select>
        </label>
        <label>
          Image mode{' '}
          <select name="imageMode" value={form.imageMode} onChange={(e) => set({ imageMode: value(e) as ExportForm['imageMode'] })}>
            <Options choices={IMAGE_MODE_CHOICES} />
          </select>
        </label>
        {num('frameHistory', 'Frame history (earlier frames)', { min: 0, max: 16 })}
        <label>
          History layout{' '}
          <select name="historyLayout" value={form.historyLayout} onChange={(e) => set({ historyLayout: value(e) as ExportForm['historyLayout'] })}>
            <Options choices={HISTORY_LAYOUT_CHOICES} />
          </select>
        </label>
        {num('actionsPerCall', 'Actions per call (tool schema)', { min: 1, max: 8 })}
        {flag('lastActions', 'tell the last actions and their reward')}
      </fieldset>
      <fieldset>
        <legend>Limits</legend>
        {num('maxImagesPerExample', 'Images per example at most', { min: 1, max: 64 })}
        {num('minExamples', 'Examples per file at least (OpenAI)', { min: 0 })}
        <button type="submit" disabled={busy}>Build export</button>
      </fieldset>
    </form>
  );
}
