// A scripted OpenAI-compatible endpoint as a fetch function, for the agent tests: replies are taken from a queue.
import type { ModelAgentConfig, RunConfig } from '../../src/agent/run-config.ts';

/** A model run for a service whose fetch is the fake endpoint's (the base URL is never dialled). */
export const fakeModelRun = (overrides: Partial<RunConfig> = {}, agent: Partial<ModelAgentConfig> = {}): RunConfig => ({
  name: 'model run',
  agent: {
    kind: 'model',
    baseUrl: 'http://127.0.0.1:9/v1',
    model: 'test-model',
    prompt: { imageMode: 'text_and_image', frameHistory: 1, historyLayout: 'separate', actionsPerCall: 2, actionFormat: 'tool', promptStyle: 'state', temperature: 0, maxTokens: 64 },
    timeoutMs: 5000,
    maxRetries: 0,
    prices: null,
    ...agent,
  },
  seeds: [1],
  episodes: 2,
  stepLimit: 4,
  parallel: 2,
  requestsPerMinute: 0,
  ...overrides,
});

export type ScriptedReply =
  | { kind: 'tool'; actions: unknown[]; usage?: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; text: string }
  | { kind: 'network' };

export interface SeenRequest {
  /** performance.now() when the request arrived. */
  at: number;
  url: string;
  headers: Record<string, string>;
  body: { model: string; messages: unknown[]; tools?: unknown[]; tool_choice?: unknown; temperature?: number; max_tokens?: number };
}

export function completion(message: Record<string, unknown>, usage = true): unknown {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
    ...(usage ? { usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 } } : {}),
  };
}

export function toolCompletion(actions: unknown[], usage = true): unknown {
  return completion(
    { content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'interact_many', arguments: JSON.stringify({ actions }) } }] },
    usage,
  );
}

export class FakeEndpoint {
  readonly requests: SeenRequest[] = [];
  /** Taken first; when empty, `fallback` answers. */
  readonly queue: ScriptedReply[] = [];
  fallback: ScriptedReply = { kind: 'tool', actions: ['move_left', 'do'] };
  /** Resolves each request only when the test says so, when set. */
  gate: Promise<void> | null = null;
  /** Time each reply takes, in milliseconds. */
  delayMs = 0;

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers as HeadersInit).forEach((value, key) => (headers[key] = value));
    const body = JSON.parse(String(init?.body));
    this.requests.push({ at: performance.now(), url: String(input), headers, body });
    if (this.gate) await this.gate;
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (init?.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    const reply = this.queue.shift() ?? this.fallback;
    const json = (status: number, value: unknown, extra: Record<string, string> = {}) =>
      new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...extra } });
    switch (reply.kind) {
      case 'tool':
        return json(200, toolCompletion(reply.actions, reply.usage ?? true));
      case 'text':
        return json(200, completion({ content: reply.text }));
      case 'status':
        return json(reply.status, reply.body ?? { error: { message: `status ${reply.status}`, type: 'error' } }, reply.headers);
      case 'raw':
        return new Response(reply.text, { status: reply.status, headers: { 'content-type': 'text/plain' } });
      case 'network':
        throw new TypeError('Failed to fetch');
    }
  };
}
