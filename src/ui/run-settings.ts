// The run panel's form, kept in localStorage without the API key and the extra headers; those are kept only when the
// user asks, on their own.
import type { Credentials, ModelConnection } from '../agent/model-client.ts';
import type { ProbeSettings } from '../agent/model-probe.ts';
import { parseSeeds, type AgentConfig, type RunConfig } from '../agent/run-config.ts';
import { parseFrameSize } from '../agent/frame-size.ts';
import type { ActionFormat, HistoryLayout, ImageMode } from '../agent/prompt.ts';
import type { TextStyle } from '../sim/text.ts';

export type AgentChoice = 'model' | 'scripted' | 'random';

export interface RunForm {
  agent: AgentChoice;
  baseUrl: string;
  model: string;
  /** Extra request headers as typed, one "Name: value" a line; they may hold credentials, so they are kept like the key. */
  headers: string;
  temperature: number;
  maxTokens: number;
  promptStyle: TextStyle;
  imageMode: ImageMode;
  frameHistory: number;
  historyLayout: HistoryLayout;
  actionsPerCall: number;
  actionFormat: ActionFormat;
  timeoutSeconds: number;
  maxRetries: number;
  /** USD per million tokens, as typed; empty to use a known model's list price. */
  inputPrice: string;
  outputPrice: string;
  name: string;
  seeds: string;
  episodes: number;
  stepLimit: number;
  /** Crafter's frame size as typed: "64", "256" or "320x240". */
  frameSize: string;
  parallel: number;
  requestsPerMinute: number;
  rememberKey: boolean;
}

export const DEFAULT_RUN_FORM: RunForm = {
  agent: 'scripted',
  baseUrl: 'https://api.openai.com/v1',
  model: 'gpt-4o-mini',
  headers: '',
  temperature: 0.7,
  maxTokens: 300,
  promptStyle: 'language',
  imageMode: 'text_and_image',
  frameHistory: 0,
  historyLayout: 'separate',
  actionsPerCall: 4,
  actionFormat: 'tool',
  timeoutSeconds: 60,
  maxRetries: 4,
  inputPrice: '',
  outputPrice: '',
  name: '',
  seeds: '1-5',
  episodes: 5,
  stepLimit: 500,
  frameSize: '64',
  parallel: 1,
  requestsPerMinute: 60,
  rememberKey: false,
};

const FORM_KEY = 'crafter-web:run-form';
const API_KEY = 'crafter-web:api-key';
const HEADERS_KEY = 'crafter-web:api-headers';

const oneOf = <T extends string>(value: unknown, options: readonly T[], fallback: T): T => (options.includes(value as T) ? (value as T) : fallback);
const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const stringOr = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

export function loadRunForm(storage: Storage | undefined = globalThis.localStorage): RunForm {
  let raw: Partial<Record<keyof RunForm, unknown>> = {};
  try {
    raw = JSON.parse(storage?.getItem(FORM_KEY) ?? '{}') ?? {};
  } catch {
    raw = {};
  }
  const d = DEFAULT_RUN_FORM;
  return {
    agent: oneOf(raw.agent, ['model', 'scripted', 'random'], d.agent),
    baseUrl: stringOr(raw.baseUrl, d.baseUrl),
    model: stringOr(raw.model, d.model),
    headers: storage?.getItem(HEADERS_KEY) ?? d.headers,
    temperature: numberOr(raw.temperature, d.temperature),
    maxTokens: numberOr(raw.maxTokens, d.maxTokens),
    promptStyle: oneOf(raw.promptStyle, ['language', 'state'], d.promptStyle),
    imageMode: oneOf(raw.imageMode, ['text', 'text_and_image', 'image'], d.imageMode),
    frameHistory: numberOr(raw.frameHistory, d.frameHistory),
    historyLayout: oneOf(raw.historyLayout, ['separate', 'sheet'], d.historyLayout),
    actionsPerCall: numberOr(raw.actionsPerCall, d.actionsPerCall),
    actionFormat: oneOf(raw.actionFormat, ['tool', 'text'], d.actionFormat),
    timeoutSeconds: numberOr(raw.timeoutSeconds, d.timeoutSeconds),
    maxRetries: numberOr(raw.maxRetries, d.maxRetries),
    inputPrice: stringOr(raw.inputPrice, d.inputPrice),
    outputPrice: stringOr(raw.outputPrice, d.outputPrice),
    name: stringOr(raw.name, d.name),
    seeds: stringOr(raw.seeds, d.seeds),
    episodes: numberOr(raw.episodes, d.episodes),
    stepLimit: numberOr(raw.stepLimit, d.stepLimit),
    frameSize: stringOr(raw.frameSize, d.frameSize),
    parallel: numberOr(raw.parallel, d.parallel),
    requestsPerMinute: numberOr(raw.requestsPerMinute, d.requestsPerMinute),
    rememberKey: raw.rememberKey === true,
  };
}

export function saveRunForm(form: RunForm, storage: Storage | undefined = globalThis.localStorage): void {
  const { headers, ...kept } = form;
  storage?.setItem(FORM_KEY, JSON.stringify(kept));
  if (form.rememberKey && headers.trim()) storage?.setItem(HEADERS_KEY, headers);
  else storage?.removeItem(HEADERS_KEY);
}

export function loadApiKey(storage: Storage | undefined = globalThis.localStorage): string {
  return storage?.getItem(API_KEY) ?? '';
}

/** Keeps the key in this browser only when `remember`; otherwise removes any kept copy. */
export function storeApiKey(key: string, remember: boolean, storage: Storage | undefined = globalThis.localStorage): void {
  if (remember && key) storage?.setItem(API_KEY, key);
  else storage?.removeItem(API_KEY);
}

function price(text: string, what: string): number | null {
  if (!text.trim()) return null;
  const value = Number(text);
  if (!(Number.isFinite(value) && value >= 0)) throw new Error(`the ${what} price must be a number >= 0 (USD per million tokens), not "${text}"`);
  return value;
}

/** Extra headers from text, one "Name: value" a line (blank lines ignored); throws for a line that is not one. */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    if (colon < 1 || !name) throw new Error(`extra headers, line ${i + 1}: write "Name: value", not "${line.trim().slice(0, 40)}"`);
    if (Object.keys(headers).some((known) => known.toLowerCase() === name.toLowerCase())) throw new Error(`extra headers: ${name} is given twice`);
    headers[name] = line.slice(colon + 1).trim();
  });
  return headers;
}

/** What stays secret about the form's connection: the key and the extra headers. */
export function credentialsFromForm(form: RunForm, apiKey: string): Credentials {
  return { apiKey, headers: parseHeaders(form.headers) };
}

/** The form's connection as it is now: where a resumed run's calls go. */
export function connectionFromForm(form: RunForm, apiKey: string): ModelConnection {
  return { baseUrl: form.baseUrl.trim(), model: form.model.trim(), ...credentialsFromForm(form, apiKey) };
}

/** The settings "Test connection" sends its request with: the run's own. */
export function probeSettingsFromForm(form: RunForm): ProbeSettings & { timeoutMs: number } {
  return { temperature: form.temperature, maxTokens: form.maxTokens, timeoutMs: Math.round(form.timeoutSeconds * 1000) };
}

/** The run the form describes; throws a message for the first field that is wrong. */
export function runConfigFromForm(form: RunForm): RunConfig {
  const seeds = parseSeeds(form.seeds);
  let agent: AgentConfig;
  if (form.agent === 'model') {
    const input = price(form.inputPrice, 'input');
    const output = price(form.outputPrice, 'output');
    if ((input === null) !== (output === null)) throw new Error('give both token prices, or neither');
    agent = {
      kind: 'model',
      baseUrl: form.baseUrl.trim(),
      model: form.model.trim(),
      prompt: {
        promptStyle: form.promptStyle,
        imageMode: form.imageMode,
        frameHistory: form.frameHistory,
        historyLayout: form.historyLayout,
        actionsPerCall: form.actionsPerCall,
        actionFormat: form.actionFormat,
        temperature: form.temperature,
        maxTokens: form.maxTokens,
      },
      timeoutMs: Math.round(form.timeoutSeconds * 1000),
      maxRetries: form.maxRetries,
      prices: input === null || output === null ? null : { inputPerMillion: input, outputPerMillion: output },
    };
  } else {
    agent = { kind: 'builtin', policy: form.agent, promptStyle: form.promptStyle };
  }
  const label = form.agent === 'model' ? form.model.trim() : form.agent;
  return {
    name: form.name.trim() || `${label} ${new Date().toLocaleString()}`,
    agent,
    seeds,
    episodes: form.episodes,
    stepLimit: form.stepLimit,
    size: parseFrameSize(form.frameSize),
    parallel: form.parallel,
    requestsPerMinute: form.requestsPerMinute,
  };
}
