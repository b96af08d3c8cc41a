// A local OpenAI-compatible server for the browser tests: POST /v1/chat/completions answers as scripted (tool calls,
// plain text, garbage, 401, 429 with Retry-After, 500, an HTML error page), with CORS for the page, and records every
// request.
//   npx tsx tests/e2e/openai-test-server.ts [--port 8787]
// Replies come from a queue set with POST /control/script {"replies": [...]}; when it is empty, from the model name:
// "tool-bot" (tool calls), "text-bot" (plain text), "garbage-bot" (garbage), "unauthorized" (401), "limited" (429),
// "broken" (500), "html-error" (a proxy's HTML page with 500), "missing-model" (404 model_not_found), "no-images"
// (400 for a request with an image), "no-tools" (400 for a request with tools), "reasoning-bot" (400 for `max_tokens`,
// as OpenAI's o-series and gpt-5 models answer; tool calls with `max_completion_tokens`).
// GET /control/requests lists the requests; POST /control/reset forgets requests and queue.
// Under /no-cors/v1 the same API answers without CORS headers, so a browser blocks it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export type Reply =
  | { kind: 'tool'; actions: string[] }
  | { kind: 'text'; text: string }
  | { kind: 'garbage' }
  | { kind: 'status'; status: number; message?: string; retryAfter?: number; code?: string; param?: string }
  | { kind: 'page'; status: number; html: string };

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const TOOL_ACTIONS = [['move_left', 'do'], ['move_up', 'do'], ['move_right', 'noop'], ['do', 'move_down']];

export const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html>
<head><title>500 Internal Server Error</title><style>body { font-family: sans-serif; }</style></head>
<body>
<center><h1>500 Internal Server Error</h1></center>
<hr><center>nginx/1.22.1</center>
<script>console.log("never shown")</script>
</body>
</html>
`;

interface RequestBody {
  model?: unknown;
  messages?: Array<{ content?: unknown }>;
  tools?: unknown;
  max_tokens?: unknown;
}

const hasImage = (body: RequestBody) =>
  (body.messages ?? []).some((m) => Array.isArray(m.content) && m.content.some((p: { type?: unknown }) => p?.type === 'image_url'));

function byModel(model: string, turn: number, body: RequestBody): Reply {
  const tool: Reply = { kind: 'tool', actions: TOOL_ACTIONS[turn % TOOL_ACTIONS.length] };
  switch (model) {
    case 'missing-model':
      return { kind: 'status', status: 404, message: `The model \`${model}\` does not exist or you do not have access to it.`, code: 'model_not_found' };
    case 'no-images':
      return hasImage(body) ? { kind: 'status', status: 400, message: 'Invalid content type. image_url is only supported by certain models.' } : tool;
    case 'no-tools':
      return body.tools ? { kind: 'status', status: 400, message: `${model} does not support tools` } : byModel('text-bot', turn, body);
    case 'reasoning-bot':
      return body.max_tokens !== undefined
        ? { kind: 'status', status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", code: 'unsupported_parameter', param: 'max_tokens' }
        : tool;
    case 'html-error':
      return { kind: 'page', status: 500, html: HTML_ERROR_PAGE };
    case 'text-bot':
      return { kind: 'text', text: `I should gather wood. Actions: ${TOOL_ACTIONS[turn % TOOL_ACTIONS.length].join(', ')}` };
    case 'garbage-bot':
      return { kind: 'garbage' };
    case 'unauthorized':
      return { kind: 'status', status: 401, message: 'Incorrect API key provided.' };
    case 'limited':
      return { kind: 'status', status: 429, message: 'Rate limit reached.', retryAfter: 1 };
    case 'broken':
      return { kind: 'status', status: 500, message: 'The server had an error.' };
    default:
      return tool;
  }
}

function completion(model: string, message: Record<string, unknown>, finish: string) {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
    usage: { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132 },
  };
}

function cors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  // The openai package sends x-stainless-* headers besides Authorization: allow whatever the preflight asks for.
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'authorization, content-type');
  res.setHeader('Access-Control-Expose-Headers', 'retry-after, retry-after-ms, x-request-id');
  res.setHeader('Access-Control-Max-Age', '600');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class OpenAITestServer {
  readonly requests: RecordedRequest[] = [];
  readonly queue: Reply[] = [];
  private turns = 0;
  private server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.turns = 0;
  }

  /** Chat completion requests only, in arrival order. */
  completions(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/v1/chat/completions' && r.method === 'POST');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = (req.url ?? '/').split('?')[0];
    // Under /no-cors/ the same API answers without CORS headers, as a server the browser must block.
    const blocked = rawPath.startsWith('/no-cors/');
    const path = blocked ? rawPath.slice('/no-cors'.length) : rawPath;
    if (!blocked) cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    const text = await readBody(req);
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    if (path.startsWith('/control/')) return this.control(req.method ?? 'GET', path, body, res);
    this.requests.push({ at: new Date().toISOString(), method: req.method ?? '', path: rawPath, headers: req.headers, body });
    if (path !== '/v1/chat/completions' || req.method !== 'POST') return send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    const model = String((body as RequestBody)?.model ?? '');
    const reply = this.queue.shift() ?? byModel(model, this.turns, (body ?? {}) as RequestBody);
    if (reply.kind !== 'status' && reply.kind !== 'page') this.turns++;
    switch (reply.kind) {
      case 'tool':
        return send(res, 200, completion(model, {
          content: null,
          tool_calls: [{ id: `call_${this.turns}`, type: 'function', function: { name: 'interact_many', arguments: JSON.stringify({ actions: reply.actions }) } }],
        }, 'tool_calls'));
      case 'text':
        return send(res, 200, completion(model, { content: reply.text }, 'stop'));
      case 'garbage':
        return send(res, 200, completion(model, { content: '}}{{ %%% not an action, not json ]][[' }, 'stop'));
      case 'status': {
        const headers: Record<string, string> = reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {};
        const type = reply.status === 429 ? 'rate_limit_error' : reply.status >= 500 ? 'server_error' : 'invalid_request_error';
        return send(res, reply.status, { error: { message: reply.message ?? `scripted ${reply.status}`, type, code: reply.code ?? null, param: reply.param ?? null } }, headers);
      }
      case 'page':
        res.writeHead(reply.status, { 'content-type': 'text/html' });
        return void res.end(reply.html);
    }
  }

  private control(method: string, path: string, body: unknown, res: ServerResponse): void {
    if (method === 'POST' && path === '/control/script') {
      const replies = (body as { replies?: Reply[] })?.replies;
      if (!Array.isArray(replies)) return send(res, 400, { error: 'expected {"replies": [...]}' });
      this.queue.push(...replies);
      return send(res, 200, { queued: this.queue.length });
    }
    if (method === 'POST' && path === '/control/reset') {
      this.reset();
      return send(res, 200, { ok: true });
    }
    if (method === 'GET' && path === '/control/requests') return send(res, 200, this.requests);
    send(res, 404, { error: `no control route ${method} ${path}` });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--port');
  void new OpenAITestServer().start(at > 0 ? Number(process.argv[at + 1]) : 8787).then((server) => console.log(`OpenAI-compatible test server on ${server.url}/v1`));
}
