// "Export as training rows" of the Checkpoints tab: a probe set's questions as visual question-answer rows in the
// files of any dataset destination, split by world, checked, then one download per file (a file whose rows break the
// destination's rules waits for "download anyway", as in the Export tab).
import { useState } from 'preact/hooks';
import type { ImageMode } from '../../agent/prompt.ts';
import { DESTINATION_IDS, DESTINATIONS, formatProblem, LIMITS_PROFILE_IDS, LIMITS_PROFILES, type DestinationId, type LimitsProfileId, type ProbeExportResult } from '../../dataset/index.ts';
import type { TextStyle } from '../../sim/text.ts';
import { IMAGE_MODE_CHOICES, Options, TEXT_STYLE_CHOICES } from '../prompt-choices.tsx';
import type { WorkerApi } from '../worker-client.ts';
import { DownloadLink, inFile } from './export-preview.tsx';

interface RowsForm {
  format: DestinationId;
  mode: ImageMode;
  textStyle: TextStyle;
  /** Empty: the destination's own profile. */
  limitsProfile: LimitsProfileId | '';
  validationRatio: number;
  splitSeed: number;
}

const DEFAULT_FORM: RowsForm = { format: 'hf', mode: 'image', textStyle: 'language', limitsProfile: '', validationRatio: 0.1, splitSeed: 0 };
const FORM_KEY = 'crafter-web:probe-rows-form';

function loadForm(): RowsForm {
  try {
    const saved = { ...DEFAULT_FORM, ...(JSON.parse(localStorage.getItem(FORM_KEY) ?? '{}') as Partial<RowsForm>) };
    return DESTINATION_IDS.includes(saved.format) ? saved : { ...saved, format: DEFAULT_FORM.format };
  } catch {
    return { ...DEFAULT_FORM };
  }
}

const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface ProbeRowsExportProps {
  api: WorkerApi;
  setId: string;
  /** What the set's frames were drawn from, for the figures. */
  drawn: 'world' | 'session';
  disabled: boolean;
  /** Runs the work as the tab's one job, showing its errors. */
  run(what: string, work: () => Promise<void>): Promise<void>;
}

export function ProbeRowsExport({ api, setId, drawn, disabled, run }: ProbeRowsExportProps) {
  const [form, setFormState] = useState<RowsForm>(loadForm);
  const [result, setResult] = useState<ProbeExportResult | null>(null);
  const [anyway, setAnyway] = useState(false);
  const set = (change: Partial<RowsForm>) => {
    const next = { ...form, ...change };
    setFormState(next);
    localStorage.setItem(FORM_KEY, JSON.stringify(next));
  };

  const exportRows = () => run('The export', async () => {
    setResult(null);
    setAnyway(false);
    setResult(await api.probes.exportRows(setId, {
      mode: form.mode,
      textStyle: form.textStyle,
      options: { format: form.format, limitsProfile: form.limitsProfile || null, validationRatio: form.validationRatio, splitSeed: form.splitSeed },
    }));
  });

  const destination = DESTINATIONS[form.format];
  const blocked = (file: ProbeExportResult['files'][number]) => !anyway && (result?.validation.problems.some((p) => inFile(p, file)) ?? false);
  return (
    <form class="run-form" aria-label="training rows" onSubmit={(e) => { e.preventDefault(); void exportRows(); }}>
      <fieldset>
        <legend>Training rows</legend>
        <p class="hint">Each probe as a visual question-answer row (the evaluation's prompt, the exact answer as the assistant's text), so a model can be trained to read the frame. Rows are split by world, so no world is in both files.</p>
        <label>Destination <select name="rowsFormat" value={form.format} onChange={(e) => set({ format: value(e) as DestinationId })}>
          {DESTINATION_IDS.map((id) => <option key={id} value={id}>{DESTINATIONS[id].label}</option>)}
        </select></label>
        <label>The user turn shows <select name="rowsMode" value={form.mode} onChange={(e) => set({ mode: value(e) as ImageMode })}><Options choices={IMAGE_MODE_CHOICES} /></select></label>
        {form.mode !== 'image' && (
          <label>Text style <select name="rowsTextStyle" value={form.textStyle} onChange={(e) => set({ textStyle: value(e) as TextStyle })}><Options choices={TEXT_STYLE_CHOICES} /></select></label>
        )}
        <label>Validation share of the {drawn}s <input type="number" name="rowsValidation" min={0} max={0.9} step="any" value={form.validationRatio} onInput={(e) => set({ validationRatio: Number(value(e)) })} /></label>
        <label>Split seed <input type="number" name="rowsSplitSeed" step={1} value={form.splitSeed} onInput={(e) => set({ splitSeed: Number(value(e)) })} /></label>
        <label>Check against <select name="rowsLimits" value={form.limitsProfile} onChange={(e) => set({ limitsProfile: value(e) as RowsForm['limitsProfile'] })}>
          <option value="">destination's default ({LIMITS_PROFILES[destination.limitsProfile].label})</option>
          {LIMITS_PROFILE_IDS.map((id) => <option key={id} value={id}>{LIMITS_PROFILES[id].label}</option>)}
        </select></label>
        <button type="submit" disabled={disabled}>Export as training rows</button>
      </fieldset>
      {result && (
        <div data-testid="probe-rows-result">
          <p data-testid="probe-rows-figures">
            {counted(result.rows.train, 'train row')} from {counted(result.sessions.train, drawn)}, {counted(result.rows.validation, 'validation row')} from {counted(result.sessions.validation, drawn)}; {counted(result.images, 'image')}. {result.validation.ok
              ? `Every row passed the checks of ${DESTINATIONS[result.options.format].name} (${result.options.limitsProfile} limits).`
              : ''}
          </p>
          {!result.validation.ok && (
            <div role="alert">
              <p class="error">{result.validation.count} problem{result.validation.count === 1 ? '' : 's'}:</p>
              <ul>{result.validation.problems.map((problem, i) => <li key={i}>{formatProblem(problem)}</li>)}</ul>
              <label><input type="checkbox" checked={anyway} onChange={(e) => setAnyway((e.target as HTMLInputElement).checked)} /> download anyway</label>
            </div>
          )}
          {result.validation.warnings.length > 0 && (
            <ul class="warning">{result.validation.warnings.map((warning, i) => <li key={i}>{formatProblem(warning)}</li>)}</ul>
          )}
          <div class="toolbar">{result.files.map((file) => <DownloadLink key={file.name} file={file} disabled={blocked(file)} />)}</div>
        </div>
      )}
    </form>
  );
}
