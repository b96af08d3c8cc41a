// The worker's probe service: sets generated (fresh worlds or every session of the store), loaded from their file,
// evaluated against a model or the baselines one at a time, cancelled, and listed without the key anywhere.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProbeService } from '../../src/worker/probe-service.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { openMemoryTraceStore, type TraceStore } from '../../src/storage/index.ts';
import { openTraceDir } from '../../src/storage/node.ts';
import { FakeEndpoint } from './agent-fake-endpoint.ts';
import { FIXTURE_DIR, memoryStore, sqlJs } from './dataset-fixtures.ts';
import { tempDir } from './temp-dirs.ts';

const KEY = 'sk-service-probe-77aa01SECRET';
const SPEC = { seed: 4, perFamily: 4, families: ['day-night', 'count-cows', 'faced-cell'], source: { kind: 'fresh' as const, worlds: 2, steps: 400 } };

async function service(server = new FakeEndpoint(), store?: TraceStore) {
  const traces = store ?? await memoryStore();
  return new ProbeService({ pack: builtinPack, store: () => traces, fetch: server.fetch as typeof fetch });
}

const model = { kind: 'model' as const, baseUrl: 'http://127.0.0.1:9/v1', model: 'vlm', mode: 'image' as const, textStyle: 'language' as const,
  temperature: 0, maxTokens: 16, timeoutMs: 5000, maxRetries: 0, requestsPerMinute: 0, parallel: 2 };

describe('probe service', () => {
  it('generates a set, shows samples, hands its file out and loads it back in another visit', async () => {
    const probes = await service();
    const progress: string[] = [];
    const info = await probes.generate(SPEC, (p) => progress.push(p.phase));
    expect(info).toMatchObject({ probes: 12, texturePack: 'crafter-web-builtin', spec: { seed: 4, perFamily: 4 } });
    expect(progress).toContain('playing');
    expect(progress.at(-1)).toBe('done');
    expect(probes.listSets().map((s) => s.id)).toEqual([info.id]);
    const samples = probes.samples(info.id);
    expect(samples.map((s) => s.family)).toEqual(['faced-cell', 'count-cows', 'day-night']);
    expect(samples[0].image).toMatch(/^data:image\/png;base64,/);
    const other = await service();
    expect(other.importSet(probes.setJson(info.id))).toEqual(info);
    expect(() => other.importSet('{')).toThrow('the file is not JSON');
    expect(() => other.samples('nope')).toThrow(/no probe set nope/);
  });

  it('draws from every session in the store when none are named', async () => {
    const reader = await openMemoryTraceStore({ sql: await sqlJs(), bytes: new Uint8Array(readFileSync(`${FIXTURE_DIR}trace.db`)) });
    const info = await (await service(undefined, reader)).generate({ ...SPEC, captureRate: 1, source: { kind: 'sessions', sessions: [] } });
    const sessions = (await reader.listSessions()).map((s) => s.id).sort();
    expect(info.spec.source).toEqual({ kind: 'sessions', sessions });
    await reader.close();
  });

  it('evaluates a model and the baselines, keeps them, and never shows the key', async () => {
    const server = new FakeEndpoint();
    server.fallback = { kind: 'text', text: 'night' };
    const probes = await service(server);
    const { id } = await probes.generate(SPEC);
    const evaluation = await probes.evaluate(id, model, KEY);
    expect(evaluation).not.toHaveProperty('outcomes');
    expect(evaluation.families.find((f) => f.family === 'day-night')!.correct).toBe(2);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    const baselines = await probes.baselines(id, 'state');
    expect(baselines.map((b) => b.name)).toEqual(['oracle (reads the state)', 'majority answer', 'text summary alone (state)']);
    expect(baselines[0].overall.accuracy).toBe(1);
    const listed = await probes.evaluations(id);
    expect(listed).toHaveLength(4);
    expect(await probes.evaluations('another-set')).toEqual([]);
    const full = await probes.evaluationsJson(id);
    expect(JSON.parse(full)[0].outcomes.length).toBeGreaterThan(0);
    expect(JSON.stringify(listed) + full).not.toContain(KEY);
  });

  it('runs one job at a time, and cancel stops the one under way keeping nothing', async () => {
    const server = new FakeEndpoint();
    let open!: () => void;
    server.gate = new Promise((resolve) => (open = resolve));
    const probes = await service(server);
    const { id } = await probes.generate(SPEC);
    const running = probes.evaluate(id, model, KEY);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(probes.baselines(id, 'language')).rejects.toThrow(/being generated or evaluated/);
    expect(probes.cancel()).toBe(true);
    open();
    await expect(running).rejects.toThrow();
    expect(await probes.evaluations(id)).toEqual([]);
    expect(probes.cancel()).toBe(false);
  });

  it('keeps evaluations in the store: a new visit over the same store lists them beside new ones, and can delete one', async () => {
    const dir = tempDir('crafter-probe-store-');
    const first = await openTraceDir({ sql: await sqlJs(), dir });
    const probes = await service(undefined, first);
    const { id } = await probes.generate(SPEC);
    const [oracle] = await probes.baselines(id, 'language');
    await first.close();

    // Another visit: the same spec gives the same set, and the store still holds its evaluations.
    const second = await openTraceDir({ sql: await sqlJs(), dir });
    const again = await service(undefined, second);
    expect((await again.generate(SPEC)).id).toBe(id);
    expect((await again.evaluations(id)).map((e) => e.name)).toEqual(['text summary alone (language)', 'majority answer', 'oracle (reads the state)']);
    const fresh = await again.evaluate(id, { kind: 'baseline', baseline: 'majority', textStyle: 'state' });
    const listed = await again.evaluations(id);
    expect(listed.map((e) => e.id)).toHaveLength(4);
    expect(listed[0].id).toBe(fresh.id);
    expect(listed.at(-1)).toEqual(oracle);
    await again.deleteEvaluation(oracle.id);
    expect((await again.evaluations(id)).map((e) => e.id)).not.toContain(oracle.id);
    await second.close();
  });

  it('exports a set as training rows in the files of a destination, refusing bad options', async () => {
    const probes = await service();
    const { id, probes: count } = await probes.generate(SPEC);
    const result = await probes.exportRows(id, { mode: 'image', textStyle: 'language', options: { format: 'llamafactory' } });
    expect(result.files.map((f) => f.name)).toEqual(['crafter-llamafactory.zip']);
    expect(result.files[0].blob!.size).toBe(result.files[0].bytes);
    expect(result.rows.train + result.rows.validation).toBe(count);
    expect(result.validation.ok).toBe(true);
    await expect(probes.exportRows(id, { mode: 'image', textStyle: 'language', options: { format: 'hf', limitsProfile: 'nowhere' } as never })).rejects.toThrow(/limitsProfile/);
    await expect(probes.exportRows('nope', { mode: 'image', textStyle: 'language', options: { format: 'hf' } })).rejects.toThrow(/no probe set nope/);
  });
});
