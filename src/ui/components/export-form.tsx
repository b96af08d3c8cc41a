// The export panel's form: destination and action format, session and row filters, split, the prompts of replayed
// sessions, limits. Each field shows its own problem as the form is now; remembered settings are listed with a reset.
import { ACTION_FORMATS, DESTINATION_IDS, DESTINATIONS, LIMITS_PROFILE_IDS, LIMITS_PROFILES } from '../../dataset/index.ts';
import { ACHIEVEMENTS } from '../../sim/rules.ts';
import { SESSION_SOURCES } from '../../storage/types.ts';
import { changedFields, FIELD_LABELS, formProblems, type ExportField, type ExportForm } from '../export-settings.ts';
import { ACTION_FORMAT_CHOICES, HISTORY_LAYOUT_CHOICES, IMAGE_MODE_CHOICES, Options, TEXT_STYLE_CHOICES } from '../prompt-choices.tsx';

interface Props {
  form: ExportForm;
  /** Models of the model sessions in the store. */
  models: string[];
  busy: boolean;
  onForm: (form: ExportForm) => void;
  onReset: () => void;
  onBuild: () => void;
}

type FieldOf<T> = { [K in ExportField]: ExportForm[K] extends T ? K : never }[ExportField];

const actionFormatLabel = (format: string) => ACTION_FORMAT_CHOICES.find(([value]) => value === format)?.[1] ?? format;

export function ExportFormView({ form, models, busy, onForm, onReset, onBuild }: Props) {
  const problems = formProblems(form);
  const changed = changedFields(form);
  const set = (change: Partial<ExportForm>) => onForm({ ...form, ...change });
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  const checked = (e: Event) => (e.target as HTMLInputElement).checked;
  const problem = (field: ExportField) => problems[field] && (
    <span class="error field-error" role="alert" data-testid={`problem-${field}`}> {problems[field]}</span>
  );
  const num = (field: FieldOf<number>, label: string, attrs: { min?: number; max?: number; step?: number } = {}) => (
    <label>
      {label}{' '}
      <input type="number" name={field} value={form[field]} aria-invalid={problems[field] ? 'true' : undefined} onInput={(e) => set({ [field]: Number(value(e)) } as Partial<ExportForm>)} {...attrs} />
      {problem(field)}
    </label>
  );
  const typed = (field: FieldOf<string>, label: string, placeholder: string) => (
    <label>
      {label}{' '}
      <input type="text" name={field} inputMode="decimal" size={6} value={form[field]} placeholder={placeholder} aria-invalid={problems[field] ? 'true' : undefined} onInput={(e) => set({ [field]: value(e) } as Partial<ExportForm>)} />
      {problem(field)}
    </label>
  );
  const flag = (field: FieldOf<boolean>, label: string) => (
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
      {problem(field)}
    </label>
  );
  const target = DESTINATIONS[form.format] ?? DESTINATIONS.openai;
  const submit = (event: Event) => {
    event.preventDefault();
    if (Object.keys(problems).length === 0) onBuild();
  };
  return (
    <form class="run-form" aria-label="export settings" onSubmit={submit}>
      {changed.length > 0 && (
        <p class="hint remembered" data-testid="export-remembered">
          Kept in this browser, unlike the defaults: {changed.map(({ field, value: shown }) => `${FIELD_LABELS[field]}: ${shown}`).join('; ')}.{' '}
          <button type="button" onClick={onReset}>Reset to defaults</button>
        </p>
      )}
      <fieldset>
        <legend>Destination</legend>
        {DESTINATION_IDS.map((id) => (
          <label key={id}>
            <input type="radio" name="format" value={id} checked={form.format === id} onChange={() => set({ format: id })} /> {DESTINATIONS[id].label}
          </label>
        ))}
        {problem('format')}
        <p class="hint">For {target.for}.</p>
        <label>
          Action format{' '}
          <select name="actionFormat" value={form.actionFormat} onChange={(e) => set({ actionFormat: value(e) as ExportForm['actionFormat'] })}>
            <option value="">destination's default ({actionFormatLabel(target.defaultActionFormat)})</option>
            {ACTION_FORMATS.map((format) => <option key={format} value={format}>{actionFormatLabel(format)}</option>)}
          </select>
          {problem('actionFormat')}
        </label>
      </fieldset>
      <fieldset>
        <legend>Sessions</legend>
        <p class="hint">Sources (none ticked: all)</p>
        {SESSION_SOURCES.map((source) => (
          <label key={source} class="inline">
            <input type="checkbox" name={`source-${source}`} checked={form.sources.includes(source)} onChange={(e) => set({ sources: toggle(form.sources, source, checked(e)) })} /> {source}{' '}
          </label>
        ))}
        {models.length > 0 && <p class="hint">Models (none ticked: every session; ticked: those models' sessions only)</p>}
        {models.map((model) => (
          <label key={model}>
            <input type="checkbox" name={`model-${model}`} checked={form.models.includes(model)} onChange={(e) => set({ models: toggle(form.models, model, checked(e)) })} /> {model}
          </label>
        ))}
        {num('minAchievements', 'At least this many achievements', { min: 0, max: 22 })}
        {achievementSelect('withAchievement', 'With achievement')}
        {achievementSelect('withoutAchievement', 'Without achievement')}
        {typed('rewardAbove', 'Achievement reward above (+1 per unlock; health changes not counted)', 'any')}
      </fieldset>
      <fieldset>
        <legend>Rows</legend>
        {flag('onlyWithImages', 'only rows with images')}
        {flag('onlyAchievementLed', `only achievement-led rows: an achievement unlocked within k = ${form.lookahead} steps, the row's own action being step 1`)}
        {num('lookahead', 'k (look-ahead, steps)', { min: 1, max: 1000 })}
        {typed('maxNoopStreak', 'Idle turns (noop only) in a row at most; empty keeps them all', 'all')}
        {flag('dropFailedCalls', 'leave out failed or invalid model calls')}
        {flag('dropDuplicates', 'leave out duplicate rows')}
        {num('validationRatio', 'Validation share of sessions', { min: 0, max: 0.9, step: 0.05 })}
        {num('splitSeed', 'Split seed')}
      </fieldset>
      <fieldset>
        <legend>Prompts of human and built-in agent sessions</legend>
        <p class="hint">These rows get the prompt a model would have been sent for the same observation. Model sessions keep their requests as sent.</p>
        <label>
          Text{' '}
          <select name="textStyle" value={form.textStyle} onChange={(e) => set({ textStyle: value(e) as ExportForm['textStyle'] })}>
            <option value="stored">as recorded</option>
            <Options choices={TEXT_STYLE_CHOICES} />
          </select>
          {problem('textStyle')}
        </label>
        <label>
          Image mode{' '}
          <select name="imageMode" value={form.imageMode} onChange={(e) => set({ imageMode: value(e) as ExportForm['imageMode'] })}>
            <Options choices={IMAGE_MODE_CHOICES} />
          </select>
          {problem('imageMode')}
        </label>
        {num('frameHistory', 'Frame history (earlier frames)', { min: 0, max: 16 })}
        <label>
          History layout{' '}
          <select name="historyLayout" value={form.historyLayout} onChange={(e) => set({ historyLayout: value(e) as ExportForm['historyLayout'] })}>
            <Options choices={HISTORY_LAYOUT_CHOICES} />
          </select>
          {problem('historyLayout')}
        </label>
        {num('actionsPerCall', 'Actions per call', { min: 1, max: 8 })}
        {flag('lastActions', 'tell the last actions and their reward')}
      </fieldset>
      <fieldset>
        <legend>Limits</legend>
        <label>
          Check against{' '}
          <select name="limitsProfile" value={form.limitsProfile} onChange={(e) => set({ limitsProfile: value(e) as ExportForm['limitsProfile'] })}>
            <option value="">destination's default ({LIMITS_PROFILES[target.limitsProfile].label})</option>
            {LIMITS_PROFILE_IDS.map((id) => <option key={id} value={id}>{LIMITS_PROFILES[id].label}</option>)}
          </select>
          {problem('limitsProfile')}
        </label>
        {typed('maxImagesPerExample', 'Images per example at most', "profile's")}
        {typed('minExamples', 'Examples per file at least', "profile's")}
        <button type="submit" disabled={busy || Object.keys(problems).length > 0}>Build export</button>
      </fieldset>
    </form>
  );
}
