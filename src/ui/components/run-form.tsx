// The run panel's form: which agent (a model behind an endpoint, or a built-in one), its settings, and the run's size.
import { MAX_ACTIONS_PER_CALL } from '../../agent/tool.ts';
import { MAX_IMAGES_PER_REQUEST } from '../../agent/prompt.ts';
import type { ProbeReport } from '../../agent/model-probe.ts';
import type { RunForm } from '../run-settings.ts';
import { FrameSizeInput } from './frame-size-input.tsx';
import { HISTORY_LAYOUT_CHOICES, IMAGE_MODE_CHOICES, Options, TEXT_STYLE_CHOICES } from '../prompt-choices.tsx';
import { RunProbe } from './run-probe.tsx';

interface Props {
  form: RunForm;
  apiKey: string;
  /** A run is playing: the form stays editable (a new key for resuming), but no second run starts. */
  running: boolean;
  onForm: (form: RunForm) => void;
  onApiKey: (key: string) => void;
  onStart: () => void;
  /** "Test connection": one tiny request with the fields as they are. */
  onProbe: () => Promise<ProbeReport>;
}

/** The few input attributes the fields use. */
interface FieldAttrs {
  min?: number;
  max?: number;
  step?: number;
  size?: number;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric';
}

type NumberField = { [K in keyof RunForm]: RunForm[K] extends number ? K : never }[keyof RunForm];
type TextField = { [K in keyof RunForm]: RunForm[K] extends string ? K : never }[keyof RunForm];

export function RunFormView({ form, apiKey, running, onForm, onApiKey, onStart, onProbe }: Props) {
  const set = (change: Partial<RunForm>) => onForm({ ...form, ...change });
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  const num = (field: NumberField, label: string, attrs: FieldAttrs = {}) => (
    <label>
      {label}{' '}
      <input type="number" name={field} value={form[field]} onInput={(e) => set({ [field]: Number(value(e)) } as Partial<RunForm>)} {...attrs} />
    </label>
  );
  const text = (field: TextField, label: string, attrs: FieldAttrs = {}) => (
    <label>
      {label}{' '}
      <input type="text" name={field} value={form[field] as string} onInput={(e) => set({ [field]: value(e) } as Partial<RunForm>)} {...attrs} />
    </label>
  );
  const isModel = form.agent === 'model';
  const submit = (event: Event) => {
    event.preventDefault();
    onStart();
  };
  return (
    <form class="run-form" onSubmit={submit} aria-label="run settings">
      <fieldset>
        <legend>Agent</legend>
        <label>
          Agent{' '}
          <select name="agent" value={form.agent} onChange={(e) => set({ agent: value(e) as RunForm['agent'] })}>
            <option value="scripted">built-in scripted agent (no key)</option>
            <option value="random">built-in random agent (no key)</option>
            <option value="model">a model through an OpenAI-compatible endpoint</option>
          </select>
        </label>
        <label>
          Prompt style{' '}
          <select name="promptStyle" value={form.promptStyle} onChange={(e) => set({ promptStyle: value(e) as RunForm['promptStyle'] })}>
            <Options choices={TEXT_STYLE_CHOICES} />
          </select>
        </label>
      </fieldset>
      {isModel && (
        <fieldset>
          <legend>Model</legend>
          {text('baseUrl', 'Base URL', { placeholder: 'https://api.openai.com/v1 or http://localhost:11434/v1', size: 40 })}
          <label>
            API key{' '}
            <input type="password" name="apiKey" autoComplete="off" value={apiKey} onInput={(e) => onApiKey(value(e))} placeholder="empty for local servers" />
          </label>
          <label class="inline">
            <input type="checkbox" name="rememberKey" checked={form.rememberKey} onChange={(e) => set({ rememberKey: (e.target as HTMLInputElement).checked })} /> remember the key in this browser
          </label>
          <p class="hint">The key goes from this page to the endpoint only; it is never stored in a trace, an export or a download.</p>
          {text('model', 'Model')}
          <label>
            Extra headers{' '}
            <textarea
              name="headers"
              rows={2}
              cols={40}
              value={form.headers}
              placeholder={'one "Name: value" a line, e.g. HTTP-Referer: https://example.org'}
              onInput={(e) => set({ headers: (e.target as HTMLTextAreaElement).value })}
            />
          </label>
          <p class="hint">Extra headers are remembered only with the key; the values of those named like a key, token, auth or secret never reach a trace or a message.</p>
          <RunProbe onProbe={onProbe} />
          {num('temperature', 'Temperature', { min: 0, max: 2, step: 0.1 })}
          {num('maxTokens', 'Max tokens', { min: 1 })}
          <label>
            Image mode{' '}
            <select name="imageMode" value={form.imageMode} onChange={(e) => set({ imageMode: value(e) as RunForm['imageMode'] })}>
              <Options choices={IMAGE_MODE_CHOICES} />
            </select>
          </label>
          {num('frameHistory', 'Frame history (earlier frames)', { min: 0, max: form.historyLayout === 'separate' ? MAX_IMAGES_PER_REQUEST - 1 : 32 })}
          <label>
            History layout{' '}
            <select name="historyLayout" value={form.historyLayout} onChange={(e) => set({ historyLayout: value(e) as RunForm['historyLayout'] })}>
              <Options choices={HISTORY_LAYOUT_CHOICES} />
            </select>
          </label>
          {num('actionsPerCall', 'Actions per call', { min: 1, max: MAX_ACTIONS_PER_CALL })}
          <label>
            Action format{' '}
            <select name="actionFormat" value={form.actionFormat} onChange={(e) => set({ actionFormat: value(e) as RunForm['actionFormat'] })}>
              <option value="tool">interact_many tool call (required)</option>
              <option value="text">plain text with action names</option>
            </select>
          </label>
          {num('timeoutSeconds', 'Timeout per call (s)', { min: 1 })}
          {num('maxRetries', 'Retries on 429, 5xx, network errors', { min: 0, max: 20 })}
          {text('inputPrice', 'Input price (USD per 1M tokens, optional)', { inputMode: 'decimal' })}
          {text('outputPrice', 'Output price (USD per 1M tokens, optional)', { inputMode: 'decimal' })}
        </fieldset>
      )}
      <fieldset>
        <legend>Run</legend>
        {text('name', 'Run name', { placeholder: 'e.g. base model' })}
        {text('seeds', 'Seeds', { placeholder: '1-10 or 1, 2, 3' })}
        {num('episodes', 'Episodes', { min: 1 })}
        {num('stepLimit', 'Step limit per episode', { min: 1, max: 10000 })}
        <FrameSizeInput name="frameSize" value={form.frameSize} onInput={(frameSize) => set({ frameSize })} />
        {num('parallel', 'Episodes in parallel', { min: 1, max: 16 })}
        {isModel && num('requestsPerMinute', 'Requests per minute (0: no limit)', { min: 0 })}
        <button type="submit" disabled={running}>Start run</button>
      </fieldset>
    </form>
  );
}
