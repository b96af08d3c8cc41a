// Evaluations: the oracle scores 100 %, the other baselines what they can; a mocked model's replies (through the real
// model client, with its retries) are scored exactly per family; failures, parallel calls, the archive, training rows.
import { describe, expect, it } from 'vitest';
import { ModelClient } from '../../src/agent/model-client.ts';
import {
  BASELINES, EVALUATION_DOCUMENT_KIND, JsonFileArchive, StoreArchive, baselineAnswerer, evaluateProbeSet, familyById, modelAnswerer, probeMessages, probeRows,
  wilsonInterval, type ChatCaller, type Evaluation, type ProbeSet,
} from '../../src/agent/probes/index.ts';
import type { ChatMessage, ContentPart } from '../../src/agent/prompt.ts';
import { openAiRowSchema } from '../../src/dataset/validate/schemas.ts';
import { FakeEndpoint, completion } from './agent-fake-endpoint.ts';
import { memoryStore } from './dataset-fixtures.ts';
import { probeSet } from './probes-fixtures.ts';

const KEY = 'sk-probe-test-5c1d9e7aSECRET';

function client(server: FakeEndpoint, maxRetries = 2): ModelClient {
  return new ModelClient({ baseUrl: 'http://127.0.0.1:9/v1', model: 'vlm-test', timeoutMs: 5000, maxRetries }, { apiKey: KEY }, {
    fetch: server.fetch as typeof fetch,
    sleep: async () => undefined,
    random: () => 0,
  });
}

const answerer = (caller: ChatCaller, mode: 'image' | 'text' | 'text_and_image' = 'image') =>
  modelAnswerer({ caller, model: 'vlm-test', mode, textStyle: 'language', temperature: 0, maxTokens: 64 });

/** Another answer of the family that is wrong for this probe, if the set has one. */
function wrongAnswer(set: ProbeSet, index: number): string | null {
  const probe = set.probes[index];
  return set.probes.find((p) => p.family === probe.family && !probe.accepted.includes(p.answer))?.answer ?? null;
}

describe('baselines', () => {
  it('the oracle scores 100 % on every family; the majority answer at most half; the text reader what the text tells', async () => {
    const set = await probeSet();
    const [oracle, majority, text] = await Promise.all(BASELINES.map((b) => evaluateProbeSet(set, baselineAnswerer(set, b))));
    expect(oracle.families).toHaveLength(set.families.length);
    for (const family of oracle.families) expect(family, family.family).toMatchObject({ accuracy: 1, correct: family.probes, unread: 0, failed: 0, high: 1 });
    expect(oracle.overall.accuracy).toBe(1);
    for (const family of majority.families) expect(family.accuracy, family.family).toBeLessThanOrEqual(0.5);
    expect(text.subject).toEqual({ kind: 'baseline', baseline: 'text', textStyle: 'language' });
    // The language text names only the nearest creature of each kind: counting needs the frame (or the state map).
    const counts = text.families.filter((f) => f.family.startsWith('count-'));
    expect(counts.every((f) => f.accuracy < 1)).toBe(true);
    expect(text.families.find((f) => f.family === 'vital-food')!.accuracy).toBe(1);
    const state = await evaluateProbeSet(set, baselineAnswerer(set, 'text', 'state'));
    expect(state.families.find((f) => f.family === 'count-zombies')!.accuracy).toBe(1);
  });
});

describe('a model through the model client', () => {
  it("scores a mocked model's replies exactly per family, with Wilson intervals, and sends what it should", async () => {
    const set = await probeSet();
    const server = new FakeEndpoint();
    const expected = new Map<string, { correct: number; unread: number; probes: number }>();
    set.probes.forEach((probe, i) => {
      const tally = expected.get(probe.family) ?? { correct: 0, unread: 0, probes: 0 };
      tally.probes++;
      const wrong = wrongAnswer(set, i);
      if (i % 3 === 0) {
        server.queue.push({ kind: 'text', text: `Answer: ${probe.answer}.` });
        tally.correct++;
      } else if (i % 3 === 1 && wrong) {
        server.queue.push({ kind: 'text', text: wrong });
      } else {
        server.queue.push({ kind: 'text', text: '¯\\_(ツ)_/¯' });
        tally.unread++;
      }
      expected.set(probe.family, tally);
    });
    server.queue.splice(5, 0, { kind: 'status', status: 503 });
    const evaluation = await evaluateProbeSet(set, answerer(client(server)), { newId: () => 'eval-1' });
    expect(evaluation.id).toBe('eval-1');
    expect(evaluation.subject).toEqual({ kind: 'model', model: 'vlm-test', endpointHost: '127.0.0.1:9', mode: 'image', textStyle: 'language', temperature: 0, maxTokens: 64 });
    for (const family of evaluation.families) {
      const want = expected.get(family.family)!;
      const [low, high] = wilsonInterval(want.correct, want.probes);
      expect(family).toEqual({ family: family.family, probes: want.probes, failed: 0, unread: want.unread, correct: want.correct, accuracy: want.correct / want.probes, low, high });
    }
    expect(evaluation.overall.correct).toBe([...expected.values()].reduce((n, t) => n + t.correct, 0));
    expect(evaluation.usage).toEqual({ calls: set.probes.length, inputTokens: 100 * set.probes.length, outputTokens: 10 * set.probes.length, retries: 1 });
    // One request per probe plus the retried 503, each the probe's messages exactly: no tools, the frame as an image part.
    expect(server.requests).toHaveLength(set.probes.length + 1);
    const frames = new Map(set.frames.map((f) => [f.id, f]));
    const bodies = server.requests.filter((_, i) => i !== 5).map((r) => r.body);
    bodies.forEach((body, i) => {
      const probe = set.probes[i];
      expect(body).toEqual({ model: 'vlm-test', messages: probeMessages(probe, frames.get(probe.frame)!, 'image', 'language'), temperature: 0, max_tokens: 64 });
    });
    const user = bodies[0].messages[1] as { content: ContentPart[] };
    expect(user.content.map((p) => p.type)).toEqual(['image_url', 'text']);
    expect(JSON.stringify(evaluation)).not.toContain(KEY);
  });

  it('asks text only and image with text as the mode says', async () => {
    const set = await probeSet();
    const one = { ...set, probes: set.probes.slice(0, 1) };
    const frame = set.frames.find((f) => f.id === one.probes[0].frame)!;
    for (const mode of ['text', 'text_and_image'] as const) {
      const server = new FakeEndpoint();
      server.fallback = { kind: 'text', text: one.probes[0].answer };
      const evaluation = await evaluateProbeSet(one, answerer(client(server), mode));
      expect(evaluation.overall.correct).toBe(1);
      const user = server.requests[0].body.messages[1] as ChatMessage & { role: 'user' };
      if (mode === 'text') expect(user.content).toBe(`${frame.text.language}\n\nQuestion: ${one.probes[0].question}`);
      else expect(user.content).toEqual([{ type: 'image_url', image_url: { url: frame.image } }, { type: 'text', text: frame.text.language }, { type: 'text', text: `Question: ${one.probes[0].question}` }]);
    }
  });

  it('counts a call that fails after its retries as failed, outside the accuracy, and goes on', async () => {
    const set = await probeSet();
    const few = { ...set, probes: set.probes.slice(0, 4) };
    const server = new FakeEndpoint();
    server.queue.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    server.fallback = { kind: 'text', text: 'none' };
    const evaluation = await evaluateProbeSet(few, answerer(client(server, 2)));
    expect(evaluation.outcomes[0]).toMatchObject({ reply: null, answer: null, correct: false, error: expect.stringContaining('500') });
    expect(evaluation.overall.failed).toBe(1);
    expect(evaluation.overall.probes).toBe(4);
    const answered = evaluation.outcomes.slice(1);
    expect(evaluation.overall.accuracy).toBe(answered.filter((o) => o.correct).length / 3);
    expect(evaluation.usage.retries).toBe(2);
  });

  it('stops at a failure no retry can mend (a refused key), making no further calls', async () => {
    const set = await probeSet();
    const server = new FakeEndpoint();
    server.queue.push({ kind: 'text', text: 'yes' }, { kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } } });
    const failure = evaluateProbeSet(set, answerer(client(server)), { parallel: 1 });
    await expect(failure).rejects.toThrow(/key/i);
    await expect(failure).rejects.not.toThrow(KEY);
    expect(server.requests).toHaveLength(2);
  });

  it('gives the same outcomes with calls in parallel, and stops when aborted', async () => {
    const set = await probeSet();
    // A model that answers from what it is shown, right for some questions, at its own pace.
    const frames = new Map(set.frames.map((f) => [f.id, f]));
    const caller: ChatCaller = {
      host: 'local',
      async complete(messages) {
        const user = messages[1] as { content: ContentPart[] };
        const question = (user.content.at(-1) as { text: string }).text.slice('Question: '.length);
        const url = (user.content[0] as { image_url: { url: string } }).image_url.url;
        const probe = set.probes.find((p) => p.question === question && frames.get(p.frame)!.image === url)!;
        await new Promise((resolve) => setTimeout(resolve, url.length % 3));
        const text = url.length % 3 === 0 ? probe.answer : 'no idea';
        return { response: completion({ content: text }), model: 'vlm-test', host: 'local', options: {}, startedAt: '', latencyMs: 1, attempts: [{ attempt: 0, startedAt: '', latencyMs: 1, status: 200, error: null, waitMs: null }] };
      },
    };
    const one = await evaluateProbeSet(set, answerer(caller), { parallel: 1 });
    const eight = await evaluateProbeSet(set, answerer(caller), { parallel: 8 });
    expect(eight.outcomes).toEqual(one.outcomes);
    expect(eight.families).toEqual(one.families);
    expect(one.overall.correct).toBe(set.probes.filter((p) => frames.get(p.frame)!.image.length % 3 === 0).length);
    const controller = new AbortController();
    const stopped = evaluateProbeSet(set, answerer(caller), { parallel: 2, signal: controller.signal, onProgress: (p) => p.done === 5 && controller.abort() });
    await expect(stopped).rejects.toThrow();
  });
});

describe('the evaluation archive', () => {
  const evaluation = (id: string, startedAt: string): Evaluation => ({
    format: 'crafter-web-probe-eval/1', id, name: id, set: { id: 's', seed: 1, probes: 0 }, subject: { kind: 'baseline', baseline: 'oracle', textStyle: 'language' },
    startedAt, endedAt: startedAt, families: [], overall: { probes: 0, failed: 0, unread: 0, correct: 0, accuracy: 0, low: 0, high: 1 }, macroAccuracy: 0,
    usage: { calls: 0, inputTokens: 0, outputTokens: 0, retries: 0 }, outcomes: [],
  });

  it('keeps evaluations in a JSON file, newest first, replacing one saved again', async () => {
    let text: string | null = null;
    const archive = new JsonFileArchive({ name: 'evals.json', read: async () => text, write: async (t) => void (text = t) });
    expect(await archive.list()).toEqual([]);
    await archive.save(evaluation('a', '2026-01-01T00:00:00Z'));
    await archive.save(evaluation('b', '2026-01-02T00:00:00Z'));
    await archive.save({ ...evaluation('a', '2026-01-01T00:00:00Z'), name: 'renamed' });
    expect((await archive.list()).map((e) => `${e.id} ${e.name}`)).toEqual(['b b', 'a renamed']);
    expect(JSON.parse(text!).format).toBe('crafter-web-probe-evals/1');
    await archive.delete('b');
    await archive.delete('unknown');
    expect((await archive.list()).map((e) => e.id)).toEqual(['a']);
    text = '{"not": "an archive"}';
    await expect(archive.list()).rejects.toThrow(/evals.json is not an evaluation archive/);
    text = 'garbage';
    await expect(archive.save(evaluation('c', '2026-01-03T00:00:00Z'))).rejects.toThrow(/evals.json is not JSON/);
    expect(text).toBe('garbage');
  });

  it('in the trace store, one document per evaluation, newest first; a document of another format is named', async () => {
    const store = await memoryStore();
    const archive = new StoreArchive(store);
    await archive.save(evaluation('a', '2026-01-01T00:00:00Z'));
    await archive.save(evaluation('b', '2026-01-02T00:00:00Z'));
    await archive.save({ ...evaluation('a', '2026-01-01T00:00:00Z'), name: 'renamed' });
    expect((await archive.list()).map((e) => `${e.id} ${e.name}`)).toEqual(['b b', 'a renamed']);
    expect(await new StoreArchive(store).list()).toEqual(await archive.list());
    expect(await store.listDocuments(EVALUATION_DOCUMENT_KIND)).toHaveLength(2);
    await archive.delete('b');
    expect((await archive.list()).map((e) => e.id)).toEqual(['a']);
    await store.putDocument(EVALUATION_DOCUMENT_KIND, 'x', { format: 'something-else/1' });
    await expect(archive.list()).rejects.toThrow('the trace store holds an evaluation of another format');
    await store.close();
  });
});

describe('training rows', () => {
  it('one row per probe: the evaluation prompt, the exact answer as text, metadata to split and filter by', async () => {
    const set = await probeSet();
    const rows = [...probeRows(set)];
    expect(rows).toHaveLength(set.probes.length);
    const frames = new Map(set.frames.map((f) => [f.id, f]));
    rows.forEach((row, i) => {
      const probe = set.probes[i];
      const frame = frames.get(probe.frame)!;
      expect(row.messages).toEqual(probeMessages(probe, frame, 'image', 'language'));
      expect(row.answer).toBe(probe.answer);
      expect(familyById(probe.family).read(row.answer, probe.params)).toBe(probe.answer);
      expect(row.metadata).toMatchObject({ session: `world:${frame.seed}:1`, step: frame.step, seed: frame.seed, family: probe.family, probe: probe.id, probe_set: set.id, image_count: 1, has_image: true, assistant_has_image: false });
      // As an OpenAI chat fine-tuning line it is valid as it stands.
      expect(openAiRowSchema.safeParse({ messages: [...row.messages, { role: 'assistant', content: row.answer }] }).success).toBe(true);
    });
    const text = [...probeRows(set, { mode: 'text', textStyle: 'state' })][0];
    expect(text.metadata.image_count).toBe(0);
    expect(typeof text.messages[1].content).toBe('string');
  });
});
