// The worker's probe service: sets generated (fresh worlds or every session of the store), loaded from their file,
// evaluated against a model or the baselines one at a time, cancelled, and listed without the key anywhere.
import { describe, expect, it } from 'vitest';
import { ProbeService } from '../../src/worker/probe-service.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import type { TraceReader } from '../../src/storage/index.ts';
import { FakeEndpoint } from './agent-fake-endpoint.ts';
import { fixtureReader } from './dataset-fixtures.ts';

const KEY = 'sk-service-probe-77aa01SECRET';
const SPEC = { seed: 4, perFamily: 4, families: ['day-night', 'count-cows', 'faced-cell'], source: { kind: 'fresh' as const, worlds: 2, steps: 400 } };

function service(server = new FakeEndpoint(), store?: TraceReader) {
  return new ProbeService({ pack: builtinPack, store: () => store ?? ({} as TraceReader), fetch: server.fetch as typeof fetch });
}

const model = { kind: 'model' as const, baseUrl: 'http://127.0.0.1:9/v1', model: 'vlm', mode: 'image' as const, textStyle: 'language' as const,
  temperature: 0, maxTokens: 16, timeoutMs: 5000, maxRetries: 0, requestsPerMinute: 0, parallel: 2 };

describe('probe service', () => {
  it('generates a set, shows samples, hands its file out and loads it back in another visit', async () => {
    const probes = service();
    const progress: string[] = [];
    const info = await probes.generate(SPEC, (p) => progress.push(p.phase));
    expect(info).toMatchObject({ probes: 12, texturePack: 'crafter-web-builtin', spec: { seed: 4, perFamily: 4 } });
    expect(progress).toContain('playing');
    expect(progress.at(-1)).toBe('done');
    expect(probes.listSets().map((s) => s.id)).toEqual([info.id]);
    const samples = probes.samples(info.id);
    expect(samples.map((s) => s.family)).toEqual(['faced-cell', 'count-cows', 'day-night']);
    expect(samples[0].image).toMatch(/^data:image\/png;base64,/);
    const other = service();
    expect(other.importSet(probes.setJson(info.id))).toEqual(info);
    expect(() => other.importSet('{')).toThrow('the file is not JSON');
    expect(() => other.samples('nope')).toThrow(/no probe set nope/);
  });

  it('draws from every session in the store when none are named', async () => {
    const reader = await fixtureReader();
    const info = await service(undefined, reader).generate({ ...SPEC, captureRate: 1, source: { kind: 'sessions', sessions: [] } });
    const sessions = (await reader.listSessions()).map((s) => s.id).sort();
    expect(info.spec.source).toEqual({ kind: 'sessions', sessions });
    await reader.close();
  });

  it('evaluates a model and the baselines, keeps them, and never shows the key', async () => {
    const server = new FakeEndpoint();
    server.fallback = { kind: 'text', text: 'night' };
    const probes = service(server);
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
    const probes = service(server);
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
});
