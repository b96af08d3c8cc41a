// What went wrong with a model call, in words a user can act on; the key never appears in a message.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { retryAfterMs } from './backoff.ts';
import { redactJson, redactText } from './redact.ts';
import { pageText } from './page-text.ts';

export type ModelErrorKind =
  | 'auth'
  | 'permission'
  | 'unknown_model'
  | 'context_overflow'
  | 'rate_limit'
  | 'quota'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad_request'
  | 'bad_response'
  | 'aborted';

export interface ModelErrorDetails {
  status?: number | null;
  retryable?: boolean;
  /** The wait the endpoint asked for before another try. */
  retryAfterMs?: number | null;
  /** The error body as received (redacted), for the trace. */
  body?: unknown;
}

export class ModelCallError extends Error {
  override readonly name = 'ModelCallError';
  readonly status: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly body: unknown;

  constructor(readonly kind: ModelErrorKind, message: string, details: ModelErrorDetails = {}) {
    super(message);
    this.status = details.status ?? null;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.body = details.body ?? null;
  }
}

export interface ErrorContext {
  /** Host of the endpoint, for the message. */
  host: string;
  model: string;
  /** The API key and secret header values, removed from every message and body. */
  secrets: readonly string[];
  timeoutMs: number;
  /** The page's origin, for the CORS hint; absent outside a browser. */
  origin?: string | null;
}

const CONTEXT_OVERFLOW = /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|input is too long|exceeds the (model'?s? )?(max|context)|reduce the length|token limit/i;
const UNKNOWN_MODEL = /model.*(does not exist|not found|unknown|not available|no such)|unknown model|model_not_found/i;
const NO_TOOLS = /tool[_ ]choice|tools? (are|is) not supported|does not support tools|function calling/i;

/** Longest server message shown: about two lines of the page. */
const MAX_SAID = 300;

/** What the server said, as a line or two of text: an error's message, or the text of an HTML error page. */
function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | string | undefined;
  const raw = typeof body === 'string' ? body : typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3}\s*/, '');
  const text = pageText(raw) || '(no message)';
  return text.length > MAX_SAID ? `${text.slice(0, MAX_SAID)}…` : text;
}

/** The secrets removed from a text, one after another. */
export function redactAll(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => redactText(out, secret), text);
}

/** A copy of JSON data with the secrets removed from every string and key. */
export function redactAllJson<T>(value: T, secrets: readonly string[]): T {
  return secrets.reduce((out, secret) => redactJson(out, secret), value);
}

/** The endpoint refused a request parameter by its name (OpenAI's newer models refuse `max_tokens`, some servers `max_completion_tokens`). */
export function refusesParameter(error: ModelCallError, name: string): boolean {
  if (error.status !== 400 && error.status !== 422) return false;
  const body = error.body as { param?: unknown; message?: unknown } | null;
  if (body?.param === name) return true;
  const said = typeof body?.message === 'string' ? body.message : error.message;
  return new RegExp(`\\b${name}\\b`).test(said) && /unsupported|not supported|unrecognized|unknown|not allowed|not permitted|extra (inputs?|fields?)|instead/i.test(said);
}

function corsHint(context: ErrorContext): string {
  // Outside a browser (the headless runner) nothing blocks cross-origin calls: the server is down or unreachable.
  if (!context.origin) return `Could not reach ${context.host}: the request failed before any response. Is the endpoint running, and reachable from this machine?`;
  const origin = ` from ${context.origin}`;
  return (
    `Could not reach ${context.host}: the request failed before any response. If the endpoint is running, the browser most likely ` +
    `blocked it: the server must allow cross-origin requests (CORS)${origin}, including the Authorization and x-stainless-* headers. ` +
    'For Ollama set OLLAMA_ORIGINS; for vLLM pass --allowed-origins; an http:// endpoint cannot be called from an https:// page.'
  );
}

/** Turns anything the openai client threw into a ModelCallError whose message says what to do. */
export function classifyModelError(error: unknown, context: ErrorContext): ModelCallError {
  const clean = (text: string) => redactAll(text, context.secrets);
  if (error instanceof ModelCallError) return error;
  if (error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError')) {
    return new ModelCallError('aborted', 'the call was stopped');
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelCallError('timeout', `${context.host} did not answer within ${Math.round(context.timeoutMs / 1000)} s (timeout).`, { retryable: true });
  }
  if (error instanceof APIConnectionError) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error && cause.message ? ` (${clean(cause.message)})` : '';
    return new ModelCallError('network', clean(corsHint(context) + detail), { retryable: true });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const said = clean(serverMessage(error));
    const body = redactAllJson(error.error ?? null, context.secrets);
    const details = { status, body, retryAfterMs: retryAfterMs(error.headers) };
    const code = (error.code ?? '') + ' ' + (error.type ?? '');
    if (status === 401) {
      return new ModelCallError('auth', `${context.host} refused the API key (401 Unauthorized): check the key and paste it again. The server said: ${said}`, details);
    }
    if (status === 403) {
      return new ModelCallError('permission', `${context.host} refused access (403 Forbidden): the key may not be allowed to use model "${context.model}". The server said: ${said}`, details);
    }
    if (status === 404 || UNKNOWN_MODEL.test(said) || /model_not_found/.test(code)) {
      return new ModelCallError(
        'unknown_model',
        `${context.host} does not know model "${context.model}" (${status}), or the base URL is wrong (it usually ends in /v1). The server said: ${said}`,
        details,
      );
    }
    if ((status === 400 || status === 413 || status === 422) && (CONTEXT_OVERFLOW.test(said) || /context_length/.test(code))) {
      return new ModelCallError(
        'context_overflow',
        `The request is longer than model "${context.model}" accepts (context overflow): use fewer history frames, a sheet, text only, or fewer max tokens. The server said: ${said}`,
        details,
      );
    }
    if (status === 429 && /insufficient_quota|quota|billing/i.test(code + said)) {
      return new ModelCallError('quota', `${context.host} says the account has no quota left (429): check billing. The server said: ${said}`, details);
    }
    if (status === 429) {
      return new ModelCallError('rate_limit', `${context.host} is rate limiting the calls (429). The server said: ${said}`, { ...details, retryable: true });
    }
    if (status === 408 || status === 409 || status >= 500) {
      return new ModelCallError('server', `${context.host} failed (${status}). The server said: ${said}`, { ...details, retryable: true });
    }
    const hint = NO_TOOLS.test(said) ? ' The model may not support tools: set the action format to plain text.' : '';
    return new ModelCallError('bad_request', `${context.host} rejected the request (${status}).${hint} The server said: ${said}`, details);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError('bad_response', clean(`the call failed: ${message}`));
}
