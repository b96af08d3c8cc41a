// Chat completions from any OpenAI-compatible endpoint through the openai package: timeouts, abort, retries with
// backoff on 429, 5xx and network errors honouring Retry-After, and errors a user can act on.
import OpenAI from 'openai';
import { backoffMs, sleep as defaultSleep, type Sleep } from './backoff.ts';
import { ModelCallError, classifyModelError, type ErrorContext } from './model-errors.ts';
import type { ChatMessage } from './prompt.ts';
import type { FunctionTool } from './tool.ts';
import { redactJson, redactText } from './redact.ts';

export interface ModelEndpoint {
  /** e.g. https://api.openai.com/v1 or http://localhost:11434/v1 */
  baseUrl: string;
  model: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Further attempts after the first on 429, 5xx, timeouts and network errors. */
  maxRetries: number;
  /** A Retry-After longer than this pauses the run instead of waiting. */
  maxRetryAfterMs?: number;
}

/** The request body besides model and messages, as sent; never holds a key. */
export interface ChatRequestOptions {
  tools?: FunctionTool[];
  tool_choice?: 'required' | 'auto';
  temperature?: number;
  max_tokens?: number;
}

export interface AttemptRecord {
  attempt: number;
  startedAt: string;
  latencyMs: number;
  status: number | null;
  error: string | null;
  /** Wait before the next attempt, when there was one. */
  waitMs: number | null;
}

export interface ChatResult {
  /** The response body as received: parsed JSON, or its text when it was not JSON. */
  response: unknown;
  startedAt: string;
  /** Of the attempt that answered. */
  latencyMs: number;
  attempts: AttemptRecord[];
}

export interface RetryNotice {
  attempt: number;
  waitMs: number;
  error: ModelCallError;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Awaited before every attempt (a shared request rate limit). */
  beforeAttempt?: (signal?: AbortSignal) => Promise<void>;
  onRetry?: (notice: RetryNotice) => void;
}

export interface ClientDeps {
  fetch?: typeof fetch;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  origin?: string | null;
}

/** A failed call, with every attempt it made. */
export class FailedCallError extends ModelCallError {
  constructor(cause: ModelCallError, readonly attempts: AttemptRecord[], message = cause.message) {
    super(cause.kind, message, cause);
  }
}

export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

export function endpointHost(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`the base URL "${baseUrl}" is not a URL; it looks like https://api.openai.com/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the base URL must start with http:// or https://, not ${url.protocol}`);
  return url.host;
}

export class ModelClient {
  readonly host: string;
  private client!: OpenAI;
  private apiKey = '';
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(readonly endpoint: ModelEndpoint, apiKey: string | null | undefined, private readonly deps: ClientDeps = {}) {
    this.host = endpointHost(endpoint.baseUrl);
    if (!endpoint.model.trim()) throw new Error('choose a model name');
    if (!(endpoint.timeoutMs > 0)) throw new Error('the timeout must be positive');
    if (!(Number.isInteger(endpoint.maxRetries) && endpoint.maxRetries >= 0)) throw new Error('max retries must be a whole number >= 0');
    this.sleep = deps.sleep ?? defaultSleep;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? (() => performance.now());
    this.setApiKey(apiKey);
  }

  /** Use another key from the next call on (after a 401, say). */
  setApiKey(apiKey: string | null | undefined): void {
    this.apiKey = (apiKey ?? '').trim();
    this.client = new OpenAI({
      baseURL: this.endpoint.baseUrl.replace(/\/+$/, ''),
      // Local servers often need no key: then no Authorization header is sent at all.
      apiKey: this.apiKey || 'no-key',
      defaultHeaders: this.apiKey ? undefined : { Authorization: null },
      dangerouslyAllowBrowser: true,
      maxRetries: 0,
      timeout: this.endpoint.timeoutMs,
      logLevel: 'off',
      fetch: this.deps.fetch,
      organization: null,
      project: null,
    });
  }

  /** One chat completion; retries what is worth retrying, throws a FailedCallError otherwise. */
  async complete(messages: ChatMessage[], options: ChatRequestOptions, call: CallOptions = {}): Promise<ChatResult> {
    const body = { model: this.endpoint.model, messages, ...options };
    const attempts: AttemptRecord[] = [];
    const context = {
      host: this.host,
      model: this.endpoint.model,
      secret: this.apiKey,
      timeoutMs: this.endpoint.timeoutMs,
      origin: this.deps.origin ?? (globalThis as { location?: Location }).location?.origin ?? null,
    };
    // The SDK never removes its abort listener from a signal: give it one per call, linked to the run's.
    const link = new AbortController();
    const forward = () => link.abort(call.signal?.reason);
    if (call.signal?.aborted) forward();
    call.signal?.addEventListener('abort', forward, { once: true });
    try {
      return await this.attempts(body, { ...call, signal: link.signal }, context, attempts);
    } finally {
      call.signal?.removeEventListener('abort', forward);
    }
  }

  private async attempts(body: object, call: CallOptions, context: ErrorContext, attempts: AttemptRecord[]): Promise<ChatResult> {
    const maxRetryAfter = this.endpoint.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    for (let attempt = 0; ; attempt++) {
      await call.beforeAttempt?.(call.signal);
      const startedAt = new Date().toISOString();
      const t0 = this.now();
      let failure: ModelCallError;
      try {
        const response = await this.client.chat.completions.create(body as never, { signal: call.signal, timeout: this.endpoint.timeoutMs }).asResponse();
        const text = await response.text();
        const latencyMs = Math.round(this.now() - t0);
        attempts.push({ attempt, startedAt, latencyMs, status: response.status, error: null, waitMs: null });
        return { response: redactJson(parseBody(text), this.apiKey), startedAt, latencyMs, attempts };
      } catch (error) {
        failure = classifyModelError(error, context);
      }
      const record: AttemptRecord = { attempt, startedAt, latencyMs: Math.round(this.now() - t0), status: failure.status, error: failure.message, waitMs: null };
      attempts.push(record);
      if (failure.kind === 'aborted' || call.signal?.aborted) throw new FailedCallError(new ModelCallError('aborted', 'the call was stopped'), attempts);
      if (!failure.retryable || attempt >= this.endpoint.maxRetries) {
        const tries = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
        throw new FailedCallError(failure, attempts, failure.message + tries);
      }
      const waitMs = failure.retryAfterMs ?? backoffMs(attempt, this.random);
      if (waitMs > maxRetryAfter) {
        throw new FailedCallError(failure, attempts, `${failure.message} The endpoint asks to wait ${Math.ceil(waitMs / 1000)} s: resume later.`);
      }
      record.waitMs = waitMs;
      call.onRetry?.({ attempt: attempt + 1, waitMs, error: failure });
      try {
        await this.sleep(waitMs, call.signal);
      } catch {
        throw new FailedCallError(new ModelCallError('aborted', 'the call was stopped'), attempts);
      }
    }
  }

  /** Removes the key from a text before it is shown or stored. */
  redact(text: string): string {
    return redactText(text, this.apiKey);
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
