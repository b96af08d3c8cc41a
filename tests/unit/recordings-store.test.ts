// Crafter recordings through the trace store: a batch import (with stats.jsonl) writes one session per good file and
// nothing for a bad one or a failed write; the stored sessions verify, export back to their files, and give
// fine-tuning rows in both text styles. The no-op streak filter of the dataset export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRecorderEpisode } from '../../src/agent/recordings/import-episode.ts';
import { importRecordings, writeImportedEpisode, type RecordingFile, type RecordingStore } from '../../src/agent/recordings/write.ts';
import { crafterEpisodeFiles } from '../../src/dataset/crafter/export.ts';
import type { RowMetadata } from '../../src/dataset/index.ts';
import { runsFromStore } from '../../src/agent/run-results.ts';
import type { RunConfig } from '../../src/agent/run-config.ts';
import { pythonRound1 } from '../../src/lib/python-float.ts';
import { ACHIEVEMENTS } from '../../src/sim/rules.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { RunService } from '../../src/worker/run-service.ts';
import type { TraceStore } from '../../src/storage/index.ts';
import { crafterExportDeps, RecordingsService } from '../../src/worker/recordings-service.ts';
import { addSyntheticSession, exportToMemory, jsonLines, memoryStore } from './dataset-fixtures.ts';
import { asStored, fixtureBytes, HAS_RECORDINGS, RECORDINGS_DIR, recordingEntries } from './recordings-shared.ts';

const files = (): RecordingFile[] =>
  recordingEntries().map((e) => ({ name: e.file, seed: e.seed, episode: e.episode, read: async () => fixtureBytes(e.file) }));
const stats = () => ({ name: 'stats.jsonl', text: readFileSync(join(RECORDINGS_DIR, 'stats.jsonl'), 'utf8') });
const OPTIONS = { textStyle: 'language' as const, appVersion: 'test' };

describe.skipIf(!HAS_RECORDINGS)('imported recordings in the trace store (skipped without ../shared/crafter-recordings)', () => {
  it('writes one session per file with every step, matched to stats.jsonl, and each verifies', async () => {
    const store = await memoryStore();
    const result = await importRecordings(store, files(), { ...OPTIONS, stats: stats() });
    expect(result.unmatchedStatsLines).toEqual([]);
    const service = new RecordingsService(() => store, () => [builtinPack()]);
    for (const [i, entry] of recordingEntries().entries()) {
      const file = result.files[i];
      expect(file).toMatchObject({ file: entry.file, steps: entry.steps, error: null, seeded: true });
      expect(file.statsLine).not.toBeNull();
      const trace = await store.readSession(file.sessionId!);
      expect(trace.session).toMatchObject({ source: 'import', seed: entry.seed, episode: entry.episode, stepCount: entry.steps + 1 });
      expect(trace.session.outcome!.length).toBe(entry.steps);
      const expected = asStored(importRecorderEpisode(fixtureBytes(entry.file), { ...OPTIONS, fileName: entry.file, seed: entry.seed }));
      trace.steps.forEach((step, k) => {
        const want = expected.steps[k];
        expect({ ...step, completedAt: '', achievementsUnlocked: [], frame: step.frame!.sha256 }).toEqual({ ...want, completedAt: '', achievementsUnlocked: [], frame: want.frame!.sha256 });
      });
      expect(service.verify(trace)).toMatchObject({ ok: true, stepsChecked: entry.steps + 1, unverifiable: null });
    }
    const names = [];
    for await (const file of crafterEpisodeFiles(store, await store.listSessions({ source: 'import' }), crafterExportDeps([]))) names.push(file.name);
    expect(names.sort()).toEqual(recordingEntries().map((e) => e.file).sort());
    await store.close();
  });

  it('imports nothing of a bad file or of a file whose writing fails, and still imports the rest', async () => {
    const store = await memoryStore();
    const good = files()[0];
    const bad: RecordingFile = { name: 'bad.npz', read: async () => new TextEncoder().encode('not a zip at all, not at all') };
    const result = await importRecordings(store, [bad, good], OPTIONS);
    expect(result.files[0]).toMatchObject({ sessionId: null, steps: 0, error: expect.stringMatching(/bad.npz is not a zip archive/) });
    expect(result.files[1].error).toBeNull();
    expect(await store.listSessions()).toHaveLength(1);

    let appended = 0;
    const failing: RecordingStore = {
      createSession: (input) => store.createSession(input),
      appendStep: async (id, step) => {
        if (++appended === 50) throw new Error('the disk is full');
        return store.appendStep(id, step);
      },
      endSession: (id, end) => store.endSession(id, end),
      deleteSessions: (ids) => store.deleteSessions(ids),
    };
    const imported = importRecorderEpisode(await good.read(), { ...OPTIONS, fileName: good.name });
    await expect(writeImportedEpisode(failing, imported)).rejects.toThrow('the disk is full');
    expect(await store.listSessions()).toHaveLength(1);
    await store.close();
  });

  it('gives fine-tuning rows in either text style, from the recorded state alone', async () => {
    const store = await memoryStore();
    const entry = recordingEntries()[0];
    await importRecordings(store, [{ ...files()[0], seed: null }], OPTIONS);
    for (const textStyle of ['state', 'language'] as const) {
      const { result, files: out } = await exportToMemory(store, {
        format: 'openai', validationRatio: 0, dropDuplicates: false, limits: { minExamples: 0 }, prompt: { textStyle, imageMode: 'text' },
      });
      // The reset observation's map is not recorded, so its turn has no text.
      expect(result.stats.dropped).toEqual({ no_text: 1 });
      const rows = jsonLines(out.get('train.jsonl')) as Array<{ messages: Array<{ role: string; content: unknown }> }>;
      expect(rows).toHaveLength(entry.steps - 1);
      const prompt = JSON.stringify(rows[0].messages.find((m) => m.role === 'user')!.content);
      expect(prompt).toContain(textStyle === 'state' ? 'Step: 1/10000' : 'You face');
    }
    await store.close();
  });
});

describe('a run as a Crafter scores file', () => {
  it('lists each finished episode in play order, giving the score the run\'s own results give', async () => {
    const store = await memoryStore();
    const runs = new RunService({ store: () => store, pack: () => builtinPack() });
    const config: RunConfig = {
      name: 'random baseline', agent: { kind: 'builtin', policy: 'random', promptStyle: 'language' },
      seeds: [1, 2, 3], episodes: 6, stepLimit: 120, parallel: 3, requestsPerMinute: 0,
    };
    const { runId } = runs.start(config);
    await runs.finished(runId);
    const service = new RecordingsService(() => store, () => [builtinPack()]);
    const { json, episodes, unfinished } = await service.scores({ runId, method: 'random' });
    expect({ episodes, unfinished }).toEqual({ episodes: 6, unfinished: 0 });
    const [run] = JSON.parse(json);
    expect(run).toMatchObject({ task: 'crafter_reward', method: 'random', seed: '0' });
    const [results] = await runsFromStore(store);
    expect(run.length).toEqual(results.episodes.map((e) => e.length));
    expect(run.xs).toEqual(run.length.map((_: number, i: number) => run.length.slice(0, i + 1).reduce((a: number, b: number) => a + b, 0)));
    expect(run.reward).toEqual(results.episodes.map((e) => pythonRound1(e.reward)));
    const rates = ACHIEVEMENTS.map((name) => (100 * run[`achievement_${name}`].filter((c: number) => c >= 1).length) / run.length.length);
    expect(Math.exp(rates.reduce((sum, r) => sum + Math.log(1 + r), 0) / rates.length) - 1).toBeCloseTo(results.metrics.crafterScore, 9);
    await store.close();
  });
});

describe('the no-op streak filter', () => {
  async function stepsOf(store: TraceStore, maxNoopStreak: number | null): Promise<number[]> {
    const { result, files } = await exportToMemory(store, { format: 'openai', validationRatio: 0, dropDuplicates: false, limits: { minExamples: 0 }, maxNoopStreak });
    expect(result.stats.dropped.noop_streak ?? 0).toBe(maxNoopStreak === null ? 0 : result.stats.steps - result.stats.rows.train);
    return (jsonLines(files.get('train.metadata.jsonl')) as RowMetadata[]).map((r) => r.next_step);
  }

  it('keeps at most n consecutive noop turns of a session, counting anew after any other action', async () => {
    const store = await memoryStore();
    const actions = ['move_left', 'noop', 'noop', 'noop', 'do', 'noop', 'noop', 'move_up', 'noop'] as const;
    await addSyntheticSession(store, actions.map((a) => ({ actions: [a] })));
    expect(await stepsOf(store, null)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await stepsOf(store, 1)).toEqual([1, 2, 5, 6, 8, 9]);
    expect(await stepsOf(store, 0)).toEqual([1, 5, 8]);
    await store.close();
  });
});
