// Filters, look-ahead, return to go and the split, on small traces whose answers are known.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportDataset, ExportCancelled, ExportOptionsError, type RowMetadata } from '../../src/dataset/index.ts';
import { DirectoryTarget } from '../../src/dataset/output-node.ts';
import { splitSessions, validationCount } from '../../src/dataset/split.ts';
import { addSyntheticSession, deps, exportToMemory, fixtureReader, GOLDEN_OPTIONS, jsonLines, memoryStore } from './dataset-fixtures.ts';
import { tempDir } from './temp-dirs.ts';

const REWARDS = [0, 1, 0, -0.1, 0.1, 0, 0, 1, 0.1, 0];
const UNLOCKED: Record<number, string[]> = { 2: ['collect_wood'], 8: ['place_table'] };
const steps = REWARDS.map((reward, i) => ({ reward, unlocked: UNLOCKED[i + 1] ?? [] }));

async function metadataOf(options: Record<string, unknown>, end = true): Promise<RowMetadata[]> {
  const store = await memoryStore();
  await addSyntheticSession(store, steps, {}, { end });
  const { files } = await exportToMemory(store, { format: 'openai', validationRatio: 0, limits: { minExamples: 0 }, ...options });
  await store.close();
  return jsonLines(files.get('train.metadata.jsonl')) as RowMetadata[];
}

describe('look-ahead and return to go', () => {
  it('reward (achievement and health parts), return to go and achievements at and after each step (k = 2)', async () => {
    const rows = await metadataOf({ lookahead: 2 });
    expect(rows.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows.map((r) => r.next_step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows.map((r) => r.reward)).toEqual(REWARDS);
    expect(rows.map((r) => r.achievement_reward)).toEqual([0, 1, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(rows.map((r) => r.health_reward)).toEqual([0, 0, 0, -0.1, 0.1, 0, 0, 0, 0.1, 0]);
    expect(rows.map((r) => r.return_to_go)).toEqual([2.1, 2.1, 1.1, 1.1, 1.2, 1.1, 1.1, 1.1, 0.1, 0]);
    expect(rows.map((r) => r.achievements_unlocked)).toEqual([[], ['collect_wood'], [], [], [], [], [], ['place_table'], [], []]);
    // The window is the row's own record and the next k - 1.
    expect(rows.map((r) => r.achievements_next_k)).toEqual([['collect_wood'], ['collect_wood'], [], [], [], [], ['place_table'], ['place_table'], [], []]);
    expect(new Set(rows.map((r) => r.k))).toEqual(new Set([2]));
  });

  it('a session still open gets the same figures from a pass over its steps', async () => {
    const withoutSession = (rows: RowMetadata[]) => rows.map(({ session, session_id, ...rest }) => rest);
    expect(withoutSession(await metadataOf({ lookahead: 2 }, false))).toEqual(withoutSession(await metadataOf({ lookahead: 2 }, true)));
  });

  it('achievement-led rows: an unlock within k steps, the row\'s own action being step 1; health changes are no reward', async () => {
    const led = async (k: number) => (await metadataOf({ onlyAchievementLed: true, lookahead: k })).map((r) => r.step);
    expect(await led(1)).toEqual([1, 7]);
    expect(await led(2)).toEqual([0, 1, 6, 7]);
    // k = 5: the row at step 2 has its next unlock 6 records ahead, so it is left out.
    expect(await led(5)).toEqual([0, 1, 3, 4, 5, 6, 7]);
    // The +0.1 health regeneration of steps 4 and 8 leads nowhere.
    expect((await led(1)).some((step) => step === 3 || step === 4 || step === 8)).toBe(false);
  });

  it('only rows with images, and the image mode that has none', async () => {
    expect(await metadataOf({ onlyWithImages: true, prompt: { imageMode: 'text' } })).toEqual([]);
    const rows = await metadataOf({ onlyWithImages: true, prompt: { frameHistory: 2 } });
    expect(rows.map((r) => r.image_count)).toEqual([1, 2, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(rows.every((r) => r.has_image && r.user_has_image && !r.assistant_has_image)).toBe(true);
  });
});

describe('session filters on the fixed trace', () => {
  async function sessionsKept(options: Record<string, unknown>) {
    const reader = await fixtureReader();
    const { result } = await exportToMemory(reader, { format: 'annotated', validationRatio: 0, dropDuplicates: false, ...options });
    await reader.close();
    return { sources: result.stats.sources, excluded: result.stats.sessions.excluded };
  }

  it('by source and by model (a model filter keeps that model\'s sessions only)', async () => {
    expect((await sessionsKept({ sources: ['human', 'builtin'] })).sources).toEqual({ human: 28, builtin: 26 });
    expect((await sessionsKept({ models: ['claude'] }))).toEqual({ sources: {}, excluded: { model: 5 } });
    expect((await sessionsKept({ models: ['gpt-4o-mini'] }))).toEqual({ sources: { model: 10 }, excluded: { model: 4 } });
    expect((await sessionsKept({ sources: ['model'], models: ['gpt-4o-mini'] })).sources).toEqual({ model: 10 });
  });

});

describe('session filters by achievements and reward', () => {
  async function sourcesKept(options: Record<string, unknown>) {
    const store = await memoryStore();
    // human: wood and table, reward 2; scripted: wood, reward 0.9; random (still open): nothing, reward 0.
    await addSyntheticSession(store, [{ reward: 1, unlocked: ['collect_wood'] }, {}, { reward: 1, unlocked: ['place_table'] }], { source: 'human' });
    await addSyntheticSession(store, [{ reward: 1, unlocked: ['collect_wood'] }, { reward: -0.1 }], { source: 'builtin', policyName: 'scripted' }, { frameBase: 10 });
    await addSyntheticSession(store, [{}, {}], { source: 'builtin', policyName: 'random' }, { end: false, frameBase: 20 });
    const { result } = await exportToMemory(store, { format: 'annotated', validationRatio: 0, ...options });
    await store.close();
    return { sources: result.stats.sources, excluded: result.stats.sessions.excluded };
  }

  it('at least k achievements, with and without a given one', async () => {
    expect(await sourcesKept({ minAchievements: 1 })).toEqual({ sources: { human: 3, builtin: 2 }, excluded: { achievements: 1 } });
    expect(await sourcesKept({ minAchievements: 2 })).toEqual({ sources: { human: 3 }, excluded: { achievements: 2 } });
    expect((await sourcesKept({ withAchievements: ['collect_wood'] })).sources).toEqual({ human: 3, builtin: 2 });
    expect((await sourcesKept({ withAchievements: ['collect_wood', 'place_table'] })).sources).toEqual({ human: 3 });
    expect((await sourcesKept({ withoutAchievements: ['place_table'] })).sources).toEqual({ builtin: 4 });
  });

  it('an achievement reward strictly above a value: +1 per unlock, health changes not counted', async () => {
    // scripted: total reward 0.9 (wood, then -0.1 of damage), achievement reward 1.
    expect((await sourcesKept({ rewardAbove: 0.95 })).sources).toEqual({ human: 3, builtin: 2 });
    expect(await sourcesKept({ rewardAbove: 1 })).toEqual({ sources: { human: 3 }, excluded: { reward: 2 } });
    expect((await sourcesKept({ rewardAbove: -1 })).sources).toEqual({ human: 3, builtin: 4 });
  });
});

describe('row filters on the fixed trace', () => {
  it('keeps duplicates and failed calls when asked', async () => {
    const reader = await fixtureReader();
    const kept = await exportToMemory(reader, { format: 'openai', ...GOLDEN_OPTIONS, dropDuplicates: false, dropFailedCalls: false });
    await reader.close();
    // The duplicate session's 14 rows and the call with an invalid action come back; the call that gave no action cannot be a row.
    expect(kept.result.stats.rows).toEqual({ train: 54, validation: 11 });
    expect(kept.result.stats.dropped).toEqual({ no_actions: 1 });
  });
});

describe('split by session', () => {
  const ids = Array.from({ length: 20 }, (_, i) => `session-${i}`);

  it('never splits a session, follows the ratio, and is the same for the same seed whatever the order', () => {
    const split = splitSessions(ids, 0.25, 7);
    expect([...split.values()].filter((s) => s === 'validation')).toHaveLength(5);
    expect(splitSessions([...ids].reverse(), 0.25, 7)).toEqual(split);
    expect(splitSessions(ids, 0.25, 8)).not.toEqual(split);
  });

  it('keeps at least one session on each side when there are two or more', () => {
    expect(validationCount(2, 0.1)).toBe(1);
    expect(validationCount(3, 0.9)).toBe(2);
    expect(validationCount(1, 0.5)).toBe(0);
    expect(validationCount(10, 0)).toBe(0);
  });

  it('every row of a session lands in one file', async () => {
    const reader = await fixtureReader();
    const { files } = await exportToMemory(reader, { format: 'openai', validationRatio: 0.4, splitSeed: 3, limits: { minExamples: 0 } });
    await reader.close();
    const train = new Set((jsonLines(files.get('train.metadata.jsonl')) as RowMetadata[]).map((r) => r.session));
    const validation = new Set((jsonLines(files.get('validation.metadata.jsonl')) as RowMetadata[]).map((r) => r.session));
    expect(train.size).toBeGreaterThan(0);
    expect(validation.size).toBeGreaterThan(0);
    expect([...train].filter((id) => validation.has(id))).toEqual([]);
  });
});

describe('bad input and cancelling lose nothing', () => {
  const emptyDir = () => tempDir('crafter-export-');

  it('refuses bad options with a clear message before writing anything', async () => {
    const reader = await fixtureReader();
    const dir = emptyDir();
    const attempt = (options: Record<string, unknown>) => exportDataset({ reader, options, deps, target: new DirectoryTarget(dir) });
    await expect(attempt({ format: 'csv' })).rejects.toThrow(ExportOptionsError);
    await expect(attempt({ format: 'openai', colour: 'blue' })).rejects.toThrow(/Unrecognized key: "colour"/);
    await expect(attempt({ format: 'openai', withAchievements: ['collect_gold'] })).rejects.toThrow(/unknown achievement "collect_gold"/);
    await expect(attempt({ format: 'openai', withAchievements: ['eat_cow'], withoutAchievements: ['eat_cow'] })).rejects.toThrow(/both required and excluded/);
    await expect(attempt({ format: 'openai', prompt: { frameHistory: 12 } })).rejects.toThrow(/at most 9 separate history frames/);
    await expect(attempt({ format: 'openai', validationRatio: 1 })).rejects.toThrow(/validationRatio/);
    expect(readdirSync(dir)).toEqual([]);
    await reader.close();
  });

  it('a cancelled export removes what it wrote', async () => {
    const reader = await fixtureReader();
    const dir = emptyDir();
    const controller = new AbortController();
    let progressCalls = 0;
    const run = exportDataset({
      reader, options: { format: 'hf' }, deps, target: new DirectoryTarget(dir), signal: controller.signal,
      onProgress: (p) => {
        progressCalls++;
        if (p.phase === 'rows' && p.sessionsDone >= 1) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(ExportCancelled);
    expect(progressCalls).toBeGreaterThan(1);
    expect(readdirSync(dir)).toEqual([]);
    await reader.close();
  });
});
