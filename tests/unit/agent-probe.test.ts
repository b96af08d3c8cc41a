// "Test connection" against the OpenAI-compatible test server over real HTTP: one tiny request when all is well, its
// parts one by one when it is refused, and a clear word for each check.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelClient } from '../../src/agent/model-client.ts';
import { probeEndpoint, type ProbeReport } from '../../src/agent/model-probe.ts';
import { OpenAITestServer } from '../e2e/openai-test-server.ts';

const server = new OpenAITestServer();
beforeAll(async () => void (await server.start()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const SETTINGS = { temperature: 0.7, maxTokens: 64 };

function probe(model: string, path = '/v1'): Promise<ProbeReport> {
  const client = new ModelClient({ baseUrl: `${server.url}${path}`, model, timeoutMs: 5000, maxRetries: 0 }, { apiKey: 'sk-probe-0123456789' });
  return probeEndpoint(client, SETTINGS);
}

const oks = (report: ProbeReport) => [report.answers.ok, report.knowsModel.ok, report.images.ok, report.tools.ok];

describe('test connection', () => {
  it('sends one tiny request with an image, the tool and the run\'s settings, and says all is well', async () => {
    const report = await probe('tool-bot');
    expect(oks(report)).toEqual([true, true, true, true]);
    expect(report).toMatchObject({ requests: 1, tokenLimitParam: 'max_tokens', knowsModel: { detail: '"tool-bot"' }, tools: { detail: 'called interact_many' } });
    const [request] = server.completions();
    const body = request.body as { messages: Array<{ content: Array<{ type: string; image_url?: { url: string } }> }>; tools: unknown[]; tool_choice: string; temperature: number; max_tokens: number };
    expect(body).toMatchObject({ tool_choice: 'required', temperature: 0.7, max_tokens: 64 });
    expect(body.tools).toHaveLength(1);
    expect(body.messages[0].content.map((p) => p.type)).toEqual(['text', 'image_url']);
    expect(body.messages[0].content[1].image_url!.url).toMatch(/^data:image\/png;base64,/);
  });

  it('says a model that answers in text takes no tools', async () => {
    const report = await probe('text-bot');
    expect(oks(report)).toEqual([true, true, true, false]);
    expect(report.tools.detail).toMatch(/without a tool call \(finish reason stop\): set the action format to plain text/);
  });

  it('says which part of a refused request the endpoint refuses: images, or tools', async () => {
    const images = await probe('no-images');
    expect(oks(images)).toEqual([true, true, false, true]);
    expect(images.images.detail).toMatch(/image_url is only supported by certain models/);
    expect(images.requests).toBe(4);
    server.reset();
    const tools = await probe('no-tools');
    expect(oks(tools)).toEqual([true, true, true, false]);
    expect(tools.tools.detail).toMatch(/does not support tools/);
  });

  it('learns max_completion_tokens from the 400 that refuses max_tokens', async () => {
    const report = await probe('reasoning-bot');
    expect(oks(report)).toEqual([true, true, true, true]);
    expect(report).toMatchObject({ tokenLimitParam: 'max_completion_tokens', requests: 1 });
    expect(server.completions().map((r) => Object.keys(r.body as object).filter((k) => k.startsWith('max_')))).toEqual([['max_tokens'], ['max_completion_tokens']]);
  });

  it('says when the model is unknown or the base URL wrong, an HTML error page as its text, and an endpoint that does not answer', async () => {
    const missing = await probe('missing-model');
    expect(oks(missing)).toEqual([true, false, null, null]);
    expect(missing.knowsModel.detail).toMatch(/does not know model "missing-model" \(404\)/);
    const wrongPath = await probe('tool-bot', '/v2');
    expect(wrongPath.knowsModel).toMatchObject({ ok: false, detail: expect.stringMatching(/or the base URL is wrong/) });
    const page = await probe('html-error');
    expect(oks(page)).toEqual([true, null, null, null]);
    expect(page.knowsModel.detail).toBe(`127.0.0.1:${server.port} failed (500). The server said: 500 Internal Server Error nginx/1.22.1`);
    const closed = new OpenAITestServer();
    await closed.start();
    await closed.close();
    const client = new ModelClient({ baseUrl: `${closed.url}/v1`, model: 'tool-bot', timeoutMs: 5000, maxRetries: 0 });
    const down = await probeEndpoint(client, SETTINGS);
    expect(oks(down)).toEqual([false, null, null, null]);
    expect(down.answers.detail).toMatch(/Could not reach 127\.0\.0\.1/);
  });
});
