// Probe sets: reproducible from the seed, balanced per family, every probe's recorded state re-simulated from its seed
// and step, and a set file checked when it is read back. Recorded sessions work as a source too.
import { describe, expect, it } from 'vitest';
import { generateProbeSet, readProbeSet, majorityAnswers, type ProbeSet } from '../../src/agent/probes/index.ts';
import { worldSeeds } from '../../src/agent/probes/sources.ts';
import { readTruth } from '../../src/agent/probes/truth.ts';
import { CrafterEnv } from '../../src/sim/env.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { actionIndex } from '../../src/sim/rules.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { textSummary } from '../../src/sim/text.ts';
import { sha256Hex } from '../../src/lib/sha256.ts';
import { fixtureReader } from './dataset-fixtures.ts';
import { playTo, probeSet, SMALL_SPEC } from './probes-fixtures.ts';

const key = (set: ProbeSet, family: string) => {
  const frames = new Map(set.frames.map((f) => [f.id, f]));
  return set.probes.filter((p) => p.family === family).map((p) => `${frames.get(p.frame)!.sha256} ${JSON.stringify(p.params)} ${p.answer}`);
};

describe('probe set generation', () => {
  it('is reproducible from the seed: the same spec gives the same set, byte for byte; another seed another set', async () => {
    const a = await probeSet();
    const b = await generateProbeSet(SMALL_SPEC, { pack: builtinPack() });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const other = await generateProbeSet({ ...SMALL_SPEC, seed: 8 }, { pack: builtinPack() });
    expect(other.id).not.toBe(a.id);
  });

  it("gives a family the same probes whichever other families are chosen", async () => {
    const all = await probeSet();
    const some = await generateProbeSet({ ...SMALL_SPEC, families: ['day-night', 'craftable'] }, { pack: builtinPack() });
    expect(some.families.map((f) => f.family)).toEqual(['day-night', 'craftable']);
    for (const family of ['day-night', 'craftable']) expect(key(some, family)).toEqual(key(all, family));
  });

  it('balances every family: two classes at least, none over half, so no constant answer scores more than half', async () => {
    const set = await probeSet();
    const majority = majorityAnswers(set);
    for (const family of set.families) {
      expect(family.probes, family.family).toBe(12);
      expect(Object.keys(family.classes).length, family.family).toBeGreaterThanOrEqual(2);
      expect(Math.max(...Object.values(family.classes)), family.family).toBeLessThanOrEqual(6);
      const hits = set.probes.filter((p) => p.family === family.family && p.accepted.includes(majority.get(family.family)!)).length;
      expect(hits, family.family).toBeLessThanOrEqual(6);
    }
  });

  it("records each probe's seed, step and state: re-simulating the frame gives the same state, pixels and text", async () => {
    const set = await probeSet();
    const seeds = worldSeeds(SMALL_SPEC.seed!, 4);
    const renderer = new FrameRenderer(builtinPack());
    for (const frame of set.frames.filter((_, i) => i % 7 === 0)) {
      expect(frame.origin.kind).toBe('fresh');
      if (frame.origin.kind !== 'fresh') continue;
      const world = seeds.indexOf(frame.seed);
      expect(frame.origin.policy).toBe(['scripted', 'random'][world % 2]);
      const env = playTo(frame.seed, frame.origin.policy, frame.step);
      expect(readTruth(env)).toEqual(frame.truth);
      expect(sha256Hex(renderer.render(env))).toBe(frame.sha256);
      expect(textSummary(env, 'language')).toBe(frame.text.language);
      expect(textSummary(env, 'state')).toBe(frame.text.state);
    }
  });

  it('refuses a bad spec with the field named', async () => {
    await expect(generateProbeSet({ seed: 1, families: ['nearest-gold'] }, { pack: builtinPack() })).rejects.toThrow(/families: unknown family/);
    await expect(generateProbeSet({ seed: -1 }, { pack: builtinPack() })).rejects.toThrow(/seed/);
    await expect(generateProbeSet({ seed: 1, source: { kind: 'sessions', sessions: ['x'] } }, { pack: builtinPack() })).rejects.toThrow(/trace store/);
  });
});

describe('reading a probe set back', () => {
  it('accepts a set written as JSON, and names what is wrong with a changed one', async () => {
    const set = await probeSet();
    const copy = () => JSON.parse(JSON.stringify(set));
    expect(readProbeSet(copy()).id).toBe(set.id);
    const wrongAnswer = copy();
    const probe = wrongAnswer.probes.find((p: { family: string }) => p.family === 'count-zombies');
    probe.answer = String(Number(probe.answer) + 1);
    probe.accepted = [probe.answer];
    expect(() => readProbeSet(wrongAnswer)).toThrow(new RegExp(`probe ${probe.id.replace('/', '\\/')}: its answer is not what the count-zombies family reads`));
    const unknown = copy();
    unknown.probes[0].family = 'nearest-gold';
    expect(() => readProbeSet(unknown)).toThrow(/unknown probe family "nearest-gold"/);
    const broken = copy();
    broken.frames[0].truth.cells.pop();
    expect(() => readProbeSet(broken)).toThrow(/cells must hold width x height cells/);
    expect(() => readProbeSet({ format: 'something else' })).toThrow(/not a probe set/);
  });
});

describe('recorded sessions as the source', () => {
  it('replays each session from its seed and actions; a frame re-simulated to its step has the recorded state', async () => {
    const reader = await fixtureReader();
    const sessions = (await reader.listSessions()).map((s) => s.id).sort();
    const spec = { seed: 3, perFamily: 4, captureRate: 1, source: { kind: 'sessions' as const, sessions } };
    const set = await generateProbeSet(spec, { pack: builtinPack(), reader });
    const again = await generateProbeSet(spec, { pack: builtinPack(), reader });
    expect(again.id).toBe(set.id);
    expect(set.probes.length).toBeGreaterThan(20);
    const records = new Map((await reader.listSessions()).map((s) => [s.id, s]));
    for (const frame of set.frames.slice(0, 10)) {
      expect(frame.origin.kind).toBe('session');
      if (frame.origin.kind !== 'session') continue;
      const session = records.get(frame.origin.session)!;
      const env = new CrafterEnv({ seed: session.seed, length: typeof session.metadata?.length === 'number' ? session.metadata.length : 10000 });
      env.episode = session.episode - 1;
      env.reset();
      for await (const step of reader.iterateSteps(session.id, { frames: false })) {
        for (const action of step.actions) {
          if (env.step === frame.step) break;
          env.stepAction(actionIndex(action));
        }
      }
      expect(env.step).toBe(frame.step);
      expect(readTruth(env)).toEqual(frame.truth);
    }
    await expect(generateProbeSet({ ...spec, source: { kind: 'sessions', sessions: ['no-such-session'] } }, { pack: builtinPack(), reader })).rejects.toThrow(/no session no-such-session/);
    await reader.close();
  });
});
