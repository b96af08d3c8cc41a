import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs, sleep } from '../../src/agent/backoff.ts';
import { readReply, turnRequest, validateModelPromptSettings, type ModelPromptSettings } from '../../src/agent/model-turn.ts';
import { estimateCost, pricesFor } from '../../src/agent/pricing.ts';
import { RequestRateLimiter } from '../../src/agent/rate-limit.ts';
import { redactJson, redactText } from '../../src/agent/redact.ts';
import { describeAgent, episodePlans, parseSeeds, publicSettings, type RunConfig } from '../../src/agent/run-config.ts';
import { RunControl } from '../../src/agent/run-control.ts';
import { StepRate, secondsLeft, stepsLeft } from '../../src/agent/run-pace.ts';
import { meanRewardCurve } from '../../src/agent/run-results.ts';
import type { EpisodeResult } from '../../src/agent/episode-record.ts';
import { toolCompletion } from './agent-fake-endpoint.ts';

const PROMPT: ModelPromptSettings = {
  imageMode: 'image', frameHistory: 0, historyLayout: 'separate', actionsPerCall: 3, actionFormat: 'tool', promptStyle: 'state', temperature: 1, maxTokens: 100,
};

describe('run configuration', () => {
  it('reads seed lists and ranges, and refuses anything else', () => {
    expect(parseSeeds('1-3, 7,  10..11')).toEqual([1, 2, 3, 7, 10, 11]);
    expect(parseSeeds('-2-0')).toEqual([-2, -1, 0]);
    expect(() => parseSeeds('')).toThrow(/at least one seed/);
    expect(() => parseSeeds('5-1')).toThrow(/backwards/);
    expect(() => parseSeeds('1, two')).toThrow(/"two" is not a seed/);
  });

  it('plays the seeds in turn, later episodes of a seed after the first round', () => {
    const config = { seeds: [4, 9], episodes: 5, stepLimit: 50 } as RunConfig;
    expect(episodePlans(config).map((p) => [p.index, p.seed, p.episode])).toEqual([[0, 4, 1], [1, 9, 1], [2, 4, 2], [3, 9, 2], [4, 4, 3]]);
  });

  it('keeps only the endpoint host in public settings, never the URL path or query', () => {
    const config: RunConfig = {
      name: 'r', seeds: [1], episodes: 1, stepLimit: 10, parallel: 1, requestsPerMinute: 0,
      agent: { kind: 'model', baseUrl: 'https://proxy.example:8443/v1?token=abc', model: 'm', prompt: PROMPT, timeoutMs: 1000, maxRetries: 0, prices: null },
    };
    const text = JSON.stringify(publicSettings(config));
    expect(text).toContain('"endpointHost":"proxy.example:8443"');
    expect(text).not.toContain('token=abc');
    expect(describeAgent(config.agent)).toBe('m @ proxy.example:8443');
  });

  it('validates prompt settings', () => {
    expect(() => validateModelPromptSettings({ ...PROMPT, temperature: 3 })).toThrow(/temperature/);
    expect(() => validateModelPromptSettings({ ...PROMPT, maxTokens: 0 })).toThrow(/max tokens/);
    expect(() => validateModelPromptSettings({ ...PROMPT, promptStyle: 'poem' as never })).toThrow(/prompt style/);
  });
});

describe('model turn', () => {
  it('asks for the tool to be called, with the per-call maximum', () => {
    const request = turnRequest({ text: 't', imageDataUrl: 'data:image/png;base64,AA', history: [], step: 0 }, PROMPT);
    expect(request.options).toMatchObject({ tool_choice: 'required', temperature: 1, max_tokens: 100 });
    expect(request.options.tools?.[0].function.name).toBe('interact_many');
    expect(JSON.stringify(request.options)).not.toMatch(/key|authorization/i);
  });

  it('reads usage and actions, and survives bodies of any shape', () => {
    const good = readReply(toolCompletion(['do', 'do', 'do', 'do']), 3);
    expect(good.parsed.actions).toEqual(['do', 'do', 'do']);
    expect(good.usage).toEqual({ inputTokens: 100, outputTokens: 10, totalTokens: 110 });
    expect(good.finishReason).toBe('tool_calls');
    expect(readReply('<html>oops</html>', 3).parsed.problems[0]).toBe('the response is not JSON');
    expect(readReply({ error: { message: 'x' } }, 3).parsed.problems[0]).toBe('the response has no choices');
    expect(readReply({ choices: [{ message: { content: 42, tool_calls: 'no' } }], usage: { prompt_tokens: -1 } }, 3)).toMatchObject({
      parsed: { actions: [], source: 'none' },
      usage: { inputTokens: null, outputTokens: null, totalTokens: null },
    });
    expect(readReply(null, 3).parsed.actions).toEqual([]);
  });
});

describe('waiting and limits', () => {
  it('reads Retry-After in seconds, milliseconds and as a date', () => {
    const headers = (h: Record<string, string>) => new Headers(h);
    expect(retryAfterMs(headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
    expect(retryAfterMs(headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(retryAfterMs(headers({}))).toBeNull();
  });

  it('backs off exponentially up to a cap, with jitter that only shortens', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffMs(n, () => 0))).toEqual([1000, 2000, 4000, 8000, 30000]);
    expect(backoffMs(0, () => 0.999)).toBeGreaterThanOrEqual(750);
  });

  it('aborts a wait at once', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('spaces requests evenly and fairly', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RequestRateLimiter(120, () => now, async (ms) => void waits.push(ms));
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(waits).toEqual([500, 1000]);
    now = 5000;
    await limiter.acquire();
    expect(waits).toEqual([500, 1000]);
    expect(() => new RequestRateLimiter(-1)).toThrow(/>= 0/);
  });

  it('pause holds checkpoints until resume; stop releases them with an AbortError', async () => {
    const control = new RunControl();
    await control.checkpoint();
    control.requestPause();
    let passed = false;
    const waiting = control.checkpoint().then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(passed).toBe(false);
    control.resume();
    await waiting;
    control.pauseForError('first', 'auth');
    control.pauseForError('second', 'server');
    expect(control.pause).toEqual({ by: 'error', message: 'first', kind: 'auth' });
    const held = control.checkpoint();
    control.stop();
    await expect(held).rejects.toMatchObject({ name: 'AbortError' });
    expect(control.signal.aborted).toBe(true);
  });
});

describe('secrets, prices and curves', () => {
  it('removes the key from text and from JSON keys and values', () => {
    const key = 'sk-abcdef123456';
    expect(redactText(`bad key ${key}!`, key)).toBe('bad key [redacted]!');
    expect(redactJson({ a: [key, { [key]: `x${key}` }], n: 1 }, key)).toEqual({ a: ['[redacted]', { '[redacted]': 'x[redacted]' }], n: 1 });
    expect(redactText('none of it', 'no')).toBe('none of it');
  });

  it('prices known models and the user\'s prices, and nothing else', () => {
    expect(pricesFor('gpt-4o-mini-2024-07-18')).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(pricesFor('gpt-4o')).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(pricesFor('qwen2.5-vl-7b')).toBeNull();
    expect(pricesFor('qwen2.5-vl-7b', { inputPerMillion: 0.1, outputPerMillion: 0.2 })).toEqual({ inputPerMillion: 0.1, outputPerMillion: 0.2 });
    expect(estimateCost({ inputTokens: 1_000_000, outputTokens: 500_000, totalTokens: null }, { inputPerMillion: 2, outputPerMillion: 8 })).toBe(6);
    expect(estimateCost({ inputTokens: null, outputTokens: 5, totalTokens: null }, { inputPerMillion: 2, outputPerMillion: 8 })).toBeNull();
    expect(() => pricesFor('m', { inputPerMillion: -1, outputPerMillion: 0 })).toThrow(/>= 0/);
  });

  it('averages reward over steps, an ended episode keeping its final reward', () => {
    const episode = (length: number, curve: Array<[number, number]>) => ({ length, rewardCurve: curve }) as EpisodeResult;
    const curve = meanRewardCurve([episode(10, [[0, 0], [5, 1], [10, 2]]), episode(4, [[0, 0], [2, 3], [4, 3]])], 2);
    expect(curve).toEqual([[0, 0], [5, 2], [10, 2.5]]);
    expect(meanRewardCurve([])).toEqual([]);
  });
});

describe('run pace', () => {
  it('measures steps per second over the last seconds of playing, starting over after a pause', () => {
    let now = 0;
    const rate = new StepRate(() => now);
    rate.sample(0, true);
    now = 500;
    rate.sample(50, true);
    expect(rate.perSecond()).toBeNull();
    for (let t = 1000; t <= 30_000; t += 1000) {
      now = t;
      rate.sample(t / 10 + (t > 20_000 ? (t - 20_000) / 10 : 0), true);
    }
    // 100 steps/s until 20 s, 200 after: the last 20 s give 150.
    expect(rate.perSecond()).toBeCloseTo(150, 6);
    rate.sample(4000, false);
    expect(rate.perSecond()).toBeNull();
    now = 100_000;
    rate.sample(4000, true);
    now = 102_000;
    rate.sample(4100, true);
    expect(rate.perSecond()).toBe(50);
  });

  it('expects episodes not yet ended to last as long as the complete ones, and says the time left at a rate', () => {
    const counts = { episodesTotal: 5, stepLimit: 500, completeLengths: [] as number[], otherEnded: 0, playingSteps: [100] };
    expect(stepsLeft(counts)).toBe(4 * 500 + 400);
    expect(stepsLeft({ ...counts, completeLengths: [200, 300], playingSteps: [100, 260] })).toBe(1 * 250 + 150 + 0);
    expect(stepsLeft({ ...counts, completeLengths: [200], otherEnded: 3, playingSteps: [] })).toBe(200);
    expect(secondsLeft(300, 150)).toBe(2);
    expect(secondsLeft(300, null)).toBeNull();
    expect(secondsLeft(300, 0)).toBeNull();
    expect(secondsLeft(0, null)).toBe(0);
  });
});
