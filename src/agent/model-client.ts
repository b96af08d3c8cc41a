// Chat completions from any OpenAI-compatible endpoint through the openai package: timeouts, abort, retries with
// backoff on 429, 5xx and network errors honouring Retry-After, the token-limit parameter the endpoint takes, and
// errors a user can act on.
import OpenAI from 'openai';
import { backoffMs, sleep as defaultSleep, type Sleep } from './backoff.ts';
import { ModelCallError, classifyModelError, redactAll, redactAllJson, refusesParameter, type ErrorContext } from './model-errors.ts';
import type { ChatMessage } from './prompt.ts';
import type { FunctionTool } from './tool.ts';
import { MIN_SECRET_LENGTH } from './redact.ts';

/** What is secret about a connection: it stays in memory, and is removed from everything shown or stored. */
export interface Credentials {
  /** Empty for local servers: then no Authorization header is sent. */
  apiKey?: string | null;
  /** Extra request headers (OpenRouter's HTTP-Referer, a gateway's key, ...). */
  headers?: Record<string, string>;
}

/** Where calls go: the endpoint, the model and the credentials, all of which a resumed run may change. */
export interface ModelConnection extends Credentials {
  /** e.g. https://api.openai.com/v1 or http://localhost:11434/v1 */
  baseUrl: string;
  model: string;
}

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
  max_completion_tokens?: number;
}

/** The two names of the output-token limit: OpenAI's o-series and gpt-5 models refuse `max_tokens`, some servers the other. */
export type TokenLimitParam = 'max_tokens' | 'max_completion_tokens';
const OTHER_TOKEN_LIMIT: Record<TokenLimitParam, TokenLimitParam> = { max_tokens: 'max_completion_tokens', max_completion_tokens: 'max_tokens' };

/** The options with their token limit (given under either name) under `param`. */
function withTokenLimit(options: ChatRequestOptions, param: TokenLimitParam): ChatRequestOptions {
  const { max_tokens, max_completion_tokens, ...rest } = options;
  const limit = max_tokens ?? max_completion_tokens;
  return limit === undefined ? rest : { ...rest, [param]: limit };
}

/** Header names whose values are credentials, kept out of everything shown or stored like the key. */
const SECRET_HEADER = /key|token|auth|secret|password|cookie|signature|session/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new Error(`"${name}" is not a valid HTTP header name`);
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) throw new Error(`the value of header ${name} must be one line of text`);
  }
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
  /** The model, endpoint host and options of the request that answered, exactly as sent. */
  model: string;
  host: string;
  options: ChatRequestOptions;
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
  private connection!: Required<ModelConnection>;
  private hostName = '';
  private client!: OpenAI;
  private secrets: string[] = [];
  private tokenLimit: TokenLimitParam = 'max_tokens';
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly endpoint: ModelEndpoint, credentials: Credentials = {}, private readonly deps: ClientDeps = {}) {
    if (!(endpoint.timeoutMs > 0)) throw new Error('the timeout must be positive');
    if (!(Number.isInteger(endpoint.maxRetries) && endpoint.maxRetries >= 0)) throw new Error('max retries must be a whole number >= 0');
    this.sleep = deps.sleep ?? defaultSleep;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? (() => performance.now());
    this.reconnect({ baseUrl: endpoint.baseUrl, model: endpoint.model, ...credentials });
  }

  get model(): string {
    return this.connection.model;
  }

  get host(): string {
    return this.hostName;
  }

  /** The name the token limit is sent under: `max_tokens` until the endpoint refuses it. */
  get tokenLimitParam(): TokenLimitParam {
    return this.tokenLimit;
  }

  /** Calls go to this endpoint, model and credentials from the next call on (a resumed run's corrected fields). */
  reconnect(connection: ModelConnection): void {
    const host = endpointHost(connection.baseUrl);
    const model = connection.model.trim();
    if (!model) throw new Error('choose a model name');
    const apiKey = (connection.apiKey ?? '').trim();
    const headers = { ...connection.headers };
    checkHeaders(headers);
    this.connection = { baseUrl: connection.baseUrl.trim().replace(/\/+$/, ''), model, apiKey, headers };
    this.hostName = host;
    const secretValues = Object.entries(headers).filter(([name]) => SECRET_HEADER.test(name)).map(([, value]) => value.trim());
    // "Bearer <token>": a server may echo the token alone, so it is a secret of its own.
    const credentials = secretValues.map((value) => /^[\w-]+\s+(\S+)$/.exec(value)?.[1] ?? '');
    this.secrets = [apiKey, ...secretValues, ...credentials].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
    this.client = new OpenAI({
      baseURL: this.connection.baseUrl,
      // Local servers often need no key: then no Authorization header is sent at all.
      apiKey: apiKey || 'no-key',
      defaultHeaders: { ...(apiKey ? {} : { Authorization: null }), ...headers },
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
    const { model } = this.connection;
    const attempts: AttemptRecord[] = [];
    const context: ErrorContext = {
      host: this.host,
      model,
      secrets: this.secrets,
      timeoutMs: this.endpoint.timeoutMs,
      origin: this.deps.origin ?? (globalThis as { location?: Location }).location?.origin ?? null,
    };
    // The SDK never removes its abort listener from a signal: give it one per call, linked to the run's.
    const link = new AbortController();
    const forward = () => link.abort(call.signal?.reason);
    if (call.signal?.aborted) forward();
    call.signal?.addEventListener('abort', forward, { once: true });
    try {
      return await this.attempts(model, messages, withTokenLimit(options, this.tokenLimit), { ...call, signal: link.signal }, context, attempts);
    } finally {
      call.signal?.removeEventListener('abort', forward);
    }
  }

  private async attempts(model: string, messages: ChatMessage[], options: ChatRequestOptions, call: CallOptions, context: ErrorContext, attempts: AttemptRecord[]): Promise<ChatResult> {
    const maxRetryAfter = this.endpoint.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    const { client, host, secrets } = this;
    let renamed = false;
    for (let attempt = 0, retries = 0; ; attempt++) {
      await call.beforeAttempt?.(call.signal);
      const startedAt = new Date().toISOString();
      const t0 = this.now();
      let failure: ModelCallError;
      try {
        const response = await client.chat.completions.create({ model, messages, ...options } as never, { signal: call.signal, timeout: this.endpoint.timeoutMs }).asResponse();
        const text = await response.text();
        const latencyMs = Math.round(this.now() - t0);
        attempts.push({ attempt, startedAt, latencyMs, status: response.status, error: null, waitMs: null });
        if (renamed) this.tokenLimit = options.max_tokens === undefined ? 'max_completion_tokens' : 'max_tokens';
        return { response: redactAllJson(parseBody(text), secrets), model, host, options, startedAt, latencyMs, attempts };
      } catch (error) {
        failure = classifyModelError(error, context);
      }
      const record: AttemptRecord = { attempt, startedAt, latencyMs: Math.round(this.now() - t0), status: failure.status, error: failure.message, waitMs: null };
      attempts.push(record);
      if (failure.kind === 'aborted' || call.signal?.aborted) throw new FailedCallError(new ModelCallError('aborted', 'the call was stopped'), attempts);
      // A refused token-limit name is tried once under the other name, at once and outside the retry budget.
      const sent = options.max_tokens !== undefined ? 'max_tokens' : options.max_completion_tokens !== undefined ? 'max_completion_tokens' : null;
      if (!renamed && sent && refusesParameter(failure, sent)) {
        options = withTokenLimit(options, OTHER_TOKEN_LIMIT[sent]);
        renamed = true;
        record.waitMs = 0;
        continue;
      }
      if (!failure.retryable || retries >= this.endpoint.maxRetries) {
        const tries = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
        throw new FailedCallError(failure, attempts, failure.message + tries);
      }
      retries++;
      const waitMs = failure.retryAfterMs ?? backoffMs(retries - 1, this.random);
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

  /** Removes the key and secret header values from a text before it is shown or stored. */
  redact(text: string): string {
    return redactAll(text, this.secrets);
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
