import { describe, expect, it } from 'vitest';
import { FailedCallError, ModelClient, endpointHost, type ModelEndpoint } from '../../src/agent/model-client.ts';
import { interactManyTool } from '../../src/agent/tool.ts';
import type { ChatMessage } from '../../src/agent/prompt.ts';
import { FakeEndpoint } from './agent-fake-endpoint.ts';
import { HTML_ERROR_PAGE } from '../e2e/openai-test-server.ts';

const KEY = 'sk-test-0123456789abcdefSECRET';
const endpoint: ModelEndpoint = { baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model', timeoutMs: 5000, maxRetries: 3 };
const messages: ChatMessage[] = [{ role: 'system', content: 'play' }, { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }];
const options = { tools: [interactManyTool(2)], tool_choice: 'required' as const, temperature: 0.5, max_tokens: 64 };

function setup(server = new FakeEndpoint(), ep: Partial<ModelEndpoint> = {}, key: string | null = KEY) {
  const waits: number[] = [];
  const client = new ModelClient({ ...endpoint, ...ep }, { apiKey: key }, {
    fetch: server.fetch as typeof fetch,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0,
    origin: 'http://127.0.0.1:4173',
  });
  return { server, client, waits };
}

async function failure(promise: Promise<unknown>): Promise<FailedCallError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FailedCallError);
    return error as FailedCallError;
  }
  throw new Error('the call did not fail');
}

describe('model client', () => {
  it('sends the body as given with the key in the Authorization header only, and returns the raw response', async () => {
    const { server, client } = setup();
    const result = await client.complete(messages, options);
    expect(server.requests).toHaveLength(1);
    const seen = server.requests[0];
    expect(seen.url).toBe('http://127.0.0.1:9/v1/chat/completions');
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.body).toEqual({ model: 'test-model', messages, ...options });
    expect((result.response as { choices: unknown[] }).choices).toHaveLength(1);
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ attempt: 0, status: 200, error: null });
  });

  it('sends no Authorization header when there is no key (local servers)', async () => {
    const { server, client } = setup(undefined, {}, '');
    await client.complete(messages, {});
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('retries a 429 after the Retry-After the server asked for', async () => {
    const { server, client, waits } = setup();
    server.queue.push({ kind: 'status', status: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'slow down', type: 'rate_limit' } } });
    const retries: number[] = [];
    const result = await client.complete(messages, options, { onRetry: (n) => retries.push(n.waitMs) });
    expect(waits).toEqual([2000]);
    expect(retries).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
    expect(result.attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(result.attempts[0].waitMs).toBe(2000);
  });

  it('backs off exponentially on 5xx and network errors, then gives up with a clear message', async () => {
    const { server, client, waits } = setup();
    server.queue.push({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    await client.complete(messages, options);
    expect(waits).toEqual([1000, 2000]);
    const net = setup();
    net.server.fallback = { kind: 'network' };
    const error = await failure(net.client.complete(messages, options));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/CORS/);
    expect(error.message).toMatch(/http:\/\/127\.0\.0\.1:4173/);
    expect(error.message).toMatch(/after 4 attempts/);
    expect(error.attempts).toHaveLength(4);
    expect(net.waits).toEqual([1000, 2000, 4000]);
  });

  it('does not retry a bad key, and never repeats the key even when the server echoes it', async () => {
    const { server, client } = setup();
    server.queue.push({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } } });
    const error = await failure(client.complete(messages, options));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/refused the API key \(401/);
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error.body)).not.toContain(KEY);
    expect(JSON.stringify(error.attempts)).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('names an unknown model, a context overflow, a missing tool feature and an exhausted quota', async () => {
    const cases: Array<[number, string, string, RegExp]> = [
      [404, 'The model `nope` does not exist', 'unknown_model', /does not know model "test-model"/],
      [400, "This model's maximum context length is 4096 tokens", 'context_overflow', /context overflow/],
      [400, '"auto" tool choice requires --enable-auto-tool-choice', 'bad_request', /action format to plain text/],
      [429, 'You exceeded your current quota', 'quota', /no quota left/],
    ];
    for (const [status, message, kind, pattern] of cases) {
      const { server, client } = setup();
      server.queue.push({ kind: 'status', status, body: { error: { message, code: kind === 'quota' ? 'insufficient_quota' : null } } });
      const error = await failure(client.complete(messages, options));
      expect(error.kind, message).toBe(kind);
      expect(error.message).toMatch(pattern);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('pauses instead of waiting when Retry-After is too long', async () => {
    const { server, client, waits } = setup(undefined, { maxRetryAfterMs: 10_000 });
    server.queue.push({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    const error = await failure(client.complete(messages, options));
    expect(error.kind).toBe('rate_limit');
    expect(error.message).toMatch(/wait 3600 s: resume later/);
    expect(waits).toEqual([]);
  });

  it('stops at once when aborted during a backoff wait', async () => {
    const server = new FakeEndpoint();
    server.queue.push({ kind: 'status', status: 500 });
    const controller = new AbortController();
    const client = new ModelClient(endpoint, { apiKey: KEY }, {
      fetch: server.fetch as typeof fetch,
      sleep: (_ms, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('stop'), { name: 'AbortError' })))),
    });
    const pending = client.complete(messages, options, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const error = await failure(pending);
    expect(error.kind).toBe('aborted');
  });

  it('keeps a body that is not JSON as text, and times out a slow endpoint', async () => {
    const { server, client } = setup();
    server.queue.push({ kind: 'raw', status: 200, text: 'not json at all' });
    expect((await client.complete(messages, options)).response).toBe('not json at all');
    const slow = new FakeEndpoint();
    slow.gate = new Promise(() => undefined);
    const timed = new ModelClient({ ...endpoint, timeoutMs: 50, maxRetries: 0 }, { apiKey: KEY }, {
      fetch: ((url: RequestInfo, init?: RequestInit) =>
        new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))))) as typeof fetch,
    });
    const error = await failure(timed.complete(messages, options));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 0 s \(timeout\)/);
  });

  it('sends max_completion_tokens once the endpoint refuses max_tokens, retrying at once and remembering it', async () => {
    const { server, client, waits } = setup(undefined, { maxRetries: 0 });
    server.queue.push({
      kind: 'status', status: 400,
      body: { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: 'invalid_request_error', param: 'max_tokens', code: 'unsupported_parameter' } },
    });
    const { max_tokens: _limit, ...rest } = options;
    const result = await client.complete(messages, options);
    expect(server.requests.map((r) => [r.body.max_tokens, (r.body as { max_completion_tokens?: number }).max_completion_tokens])).toEqual([[64, undefined], [undefined, 64]]);
    expect(server.requests[1].body).toEqual({ model: 'test-model', messages, ...rest, max_completion_tokens: 64 });
    expect(result.options).toEqual({ ...rest, max_completion_tokens: 64 });
    expect(result.attempts.map((a) => a.status)).toEqual([400, 200]);
    expect(waits).toEqual([]);
    expect(client.tokenLimitParam).toBe('max_completion_tokens');
    await client.complete(messages, options);
    expect(server.requests[2].body).toMatchObject({ max_completion_tokens: 64 });
    expect(server.requests[2].body).not.toHaveProperty('max_tokens');
  });

  it('goes back to max_tokens for a server that does not know max_completion_tokens', async () => {
    const { server, client } = setup();
    server.queue.push({ kind: 'status', status: 400, body: { error: { message: 'max_tokens is not supported, use max_completion_tokens instead', type: 'invalid_request_error' } } });
    await client.complete(messages, options);
    client.reconnect({ baseUrl: 'http://127.0.0.1:9/v1', model: 'older-model', apiKey: KEY });
    server.queue.push({ kind: 'status', status: 422, body: { error: { message: 'Unrecognized request argument supplied: max_completion_tokens' } } });
    const result = await client.complete(messages, options);
    expect(result.options).toMatchObject({ max_tokens: 64 });
    expect(server.requests.map((r) => Object.keys(r.body).filter((k) => k.startsWith('max_')))).toEqual([['max_tokens'], ['max_completion_tokens'], ['max_completion_tokens'], ['max_tokens']]);
    expect(client.tokenLimitParam).toBe('max_tokens');
  });

  it('does not rename a token limit refused for its value', async () => {
    const { server, client } = setup();
    server.queue.push({ kind: 'status', status: 400, body: { error: { message: 'max_tokens must be at least 1, got 0' } } });
    const error = await failure(client.complete(messages, options));
    expect(error.kind).toBe('bad_request');
    expect(server.requests).toHaveLength(1);
    expect(client.tokenLimitParam).toBe('max_tokens');
  });

  it('shows the text of an HTML error page, not its markup', async () => {
    const { server, client } = setup(undefined, { maxRetries: 1 });
    server.fallback = { kind: 'raw', status: 502, text: HTML_ERROR_PAGE.replace('<h1>500 Internal Server Error</h1>', '<h1>502 Bad&nbsp;Gateway &amp; &#x263A;</h1>') };
    const error = await failure(client.complete(messages, options));
    expect(error.kind).toBe('server');
    expect(error.message).toBe('127.0.0.1:9 failed (502). The server said: 502 Bad Gateway & ☺ nginx/1.22.1 (after 2 attempts)');
    const long = setup(undefined, { maxRetries: 0 });
    long.server.fallback = { kind: 'raw', status: 500, text: `<html><body><pre>${'Traceback line\n'.repeat(200)}</pre></body></html>` };
    const said = (await failure(long.client.complete(messages, options))).message.split('The server said: ')[1];
    expect(said).toMatch(/^Traceback line Traceback line .*…$/);
    expect(said.length).toBeLessThanOrEqual(301);
  });

  it('sends extra headers, keeps secret header values out of every message, and changes connection on reconnect', async () => {
    const secret = 'gateway-secret-0123456789';
    const { server, client } = setup(undefined, { maxRetries: 0 }, '');
    client.reconnect({ baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model', apiKey: '', headers: { 'X-Gateway-Key': secret, 'HTTP-Referer': 'https://example.org' } });
    server.queue.push({ kind: 'status', status: 403, body: { error: { message: `key ${secret} may not use this model` } } });
    const error = await failure(client.complete(messages, options));
    expect(server.requests[0].headers).toMatchObject({ 'x-gateway-key': secret, 'http-referer': 'https://example.org' });
    expect(server.requests[0].headers.authorization).toBeUndefined();
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.body)).not.toContain(secret);
    client.reconnect({ baseUrl: 'http://127.0.0.2:8/v2/', model: 'other-model', apiKey: KEY, headers: {} });
    const result = await client.complete(messages, options);
    expect(server.requests[1]).toMatchObject({ url: 'http://127.0.0.2:8/v2/chat/completions', body: { model: 'other-model' }, headers: { authorization: `Bearer ${KEY}` } });
    expect(server.requests[1].headers['x-gateway-key']).toBeUndefined();
    expect(result).toMatchObject({ model: 'other-model', host: '127.0.0.2:8' });
    client.reconnect({ baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model', headers: { Authorization: `Bearer ${secret}` } });
    server.queue.push({ kind: 'status', status: 401, body: { error: { message: `token ${secret} expired` } } });
    const refused = await failure(client.complete(messages, options));
    expect(server.requests[2].headers.authorization).toBe(`Bearer ${secret}`);
    expect(refused.message).toMatch(/token \[redacted\] expired/);
    expect(() => client.reconnect({ baseUrl: 'http://x/v1', model: 'm', headers: { 'Bad Name': 'v' } })).toThrow(/not a valid HTTP header name/);
    expect(() => client.reconnect({ baseUrl: 'http://x/v1', model: ' ' })).toThrow(/choose a model/);
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(endpointHost('https://api.openai.com/v1')).toBe('api.openai.com');
    expect(() => endpointHost('api.openai.com')).toThrow(/not a URL/);
    expect(() => endpointHost('ftp://x/v1')).toThrow(/http/);
  });
});
