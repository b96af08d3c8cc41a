// Exporting sessions as Crafter Recorder files: numpy reads an exported .npz as equal, column by column, to the
// session it came from (an imported episode gives back its original file exactly), stats.jsonl lines are the
// StatsRecorder's, re-simulated sessions re-import and verify, and scores/*.json runs carry Crafter's fields.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recorderEpisode } from '../../src/agent/recordings/episode-rows.ts';
import { importRecorderEpisode } from '../../src/agent/recordings/import-episode.ts';
import { verifyImported } from '../../src/agent/recordings/verify-import.ts';
import { summarizeEpisodes } from '../../src/agent/metrics.ts';
import { crafterEpisodeFiles, writeEpisodesArchive } from '../../src/dataset/crafter/export.ts';
import { writeRecorderNpz } from '../../src/dataset/crafter/recorder-npz.ts';
import { statsLine } from '../../src/dataset/crafter/python-json.ts';
import { scoresJson, scoresRun, type FinishedEpisode } from '../../src/dataset/crafter/scores.ts';
import { bytesSink } from '../../src/lib/npz.ts';
import { pythonFloatText, pythonRound1 } from '../../src/lib/python-float.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { ACHIEVEMENTS, ACTIONS, ITEM_NAMES } from '../../src/sim/rules.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import type { StepRecord } from '../../src/storage/types.ts';
import { crafterExportDeps } from '../../src/worker/recordings-service.ts';
import { unzipSync } from 'fflate';
import { fixtureReader } from './dataset-fixtures.ts';
import { asStored, fixtureBytes, HAS_NUMPY, HAS_RECORDINGS, iterate, numpyRead, RECORDINGS_DIR, recordingEntries } from './recordings-shared.ts';

const names = { items: ITEM_NAMES, achievements: ACHIEVEMENTS };
const work = mkdtempSync(join(tmpdir(), 'crafter-npz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function saved(name: string, bytes: Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

describe.skipIf(!HAS_RECORDINGS)('an imported episode exported again (skipped without ../shared/crafter-recordings)', () => {
  const entries = HAS_RECORDINGS ? recordingEntries() : [];
  const exportEntry = async (file: string) => {
    const { session, steps } = asStored(importRecorderEpisode(fixtureBytes(file), { fileName: file, textStyle: 'state', appVersion: 'test' }));
    return writeRecorderNpz(recorderEpisode(session, []), iterate(steps), names, bytesSink());
  };

  it.skipIf(!HAS_NUMPY)('is, to numpy, the file Crafter wrote: same keys in order, dtypes, shapes and values (skipped without python3-numpy)', async () => {
    for (const entry of entries) {
      const { file } = await exportEntry(entry.file);
      const [original, exported] = numpyRead([join(RECORDINGS_DIR, entry.file), saved(entry.file, file)]);
      expect(exported.keys).toEqual(original.keys);
      expect(exported.keys).toHaveLength(7 + ACHIEVEMENTS.length + ITEM_NAMES.length);
      for (const key of original.keys) expect(exported.columns[key], key).toEqual(original.columns[key]);
    }
  });

  it('gives the lines of Crafter\'s stats.jsonl, byte for byte', async () => {
    const expected = readFileSync(join(RECORDINGS_DIR, 'stats.jsonl'), 'utf8').trim().split('\n');
    const lines = [];
    for (const entry of entries) lines.push(statsLine((await exportEntry(entry.file)).stats, ACHIEVEMENTS));
    expect(lines.sort()).toEqual([...expected].sort());
  });
});

describe('sessions played here, exported by re-simulation', () => {
  const deps = crafterExportDeps([builtinPack()]);

  it('write one .npz per session that numpy reads as the session, and that re-imports and verifies', async () => {
    const reader = await fixtureReader();
    const sessions = (await reader.listSessions()).filter((s) => s.outcome !== null);
    const files = [];
    for await (const file of crafterEpisodeFiles(reader, sessions, deps)) files.push(file);
    expect(files.map((f) => f.sessionId)).toEqual(sessions.map((s) => s.id));
    expect(new Set(files.map((f) => f.name)).size).toBe(files.length);
    const renderer = new FrameRenderer(builtinPack());
    for (const [i, file] of files.entries()) {
      const session = sessions[i];
      const steps: StepRecord[] = [];
      for await (const step of reader.iterateSteps(session.id)) steps.push(step);
      expect(file.name).toMatch(new RegExp(`^\\d{8}T\\d{6}-ach\\d+-len${session.outcome!.length}(-\\d+)?\\.npz$`));
      // The sessions were stopped, not finished: Crafter's StatsRecorder writes no line for them.
      expect(file.statsLine).toBeNull();
      const reimported = asStored(importRecorderEpisode(file.bytes, { fileName: file.name, seed: session.seed, episode: session.episode, textStyle: 'state', appVersion: 't' }));
      expect(verifyImported(reimported.session, reimported.steps, renderer)).toMatchObject({ ok: true, framesCompared: session.outcome!.length + 1 });
      if (!HAS_NUMPY) continue;
      const { columns } = numpyRead([saved(file.name, file.bytes)])[0];
      expect(columns.image.shape).toEqual([session.outcome!.length + 1, 64, 64, 3]);
      expect(columns.semantic.shape).toEqual([session.outcome!.length + 1, 64, 64]);
      expect(columns.action.dtype).toBe('<i8');
      expect(columns.done.dtype).toBe('|b1');
      // Row of each record: the one after its last action.
      let row = 0;
      for (const step of steps) {
        const first = row + 1;
        row += step.actions.length;
        if (step.stepIndex === 0) {
          expect(columns.image.values[0]).toBe(step.frame!.sha256);
          continue;
        }
        expect(columns.action.values.slice(first, row + 1)).toEqual(step.actions.map((a) => ACTIONS.indexOf(a)));
        const reward = (columns.reward.values.slice(first, row + 1) as number[]).reduce((a, b) => a + b, 0);
        expect(reward).toBeCloseTo(step.reward, 9);
        expect(columns.done.values[row]).toBe(step.done);
        expect(columns.player_pos.values[row]).toEqual(step.position);
        expect(columns.image.values[row]).toBe(step.frame!.sha256);
        for (const name of ITEM_NAMES) expect(columns[`ainventory_${name}`].values[row]).toBe(step.inventory[name]);
        for (const name of ACHIEVEMENTS) expect(columns[`achievement_${name}`].values[row]).toBe(step.achievements[name]);
      }
      expect(row).toBe(session.outcome!.length);
    }
    await reader.close();
  });

  it('gathers the episodes and stats.jsonl into one zip for the page', async () => {
    const reader = await fixtureReader();
    const sessions = (await reader.listSessions({ source: 'human' }));
    const { file, episodes } = await writeEpisodesArchive(crafterEpisodeFiles(reader, sessions, deps), bytesSink());
    const members = unzipSync(file);
    expect(episodes).toBe(2);
    expect(Object.keys(members).filter((n) => n.endsWith('.npz'))).toHaveLength(2);
    expect(new TextDecoder().decode(members['stats.jsonl'])).toBe('');
    await reader.close();
  });

  it('refuses a multi-action session whose texture pack is not at hand, and an unended one', async () => {
    const reader = await fixtureReader();
    const sessions = await reader.listSessions();
    const model = sessions.find((s) => s.source === 'model')!;
    const run = async () => {
      for await (const _ of crafterEpisodeFiles(reader, [model], crafterExportDeps([]))) void _;
    };
    await expect(run()).rejects.toThrow(/load the texture pack the session used \(crafter-web-builtin\)/);
    expect(() => deps.episode(sessions.find((s) => s.outcome === null)!)).toThrow(/has not ended/);
    await reader.close();
  });
});

describe('Crafter scores files', () => {
  it('write runs with task, method, seed, xs, length, reward and achievement_* lists, as json.dumps does', () => {
    const episodes: FinishedEpisode[] = [
      { length: 120, reward: 3.1, achievements: ACHIEVEMENTS.map((_, i) => (i === 6 ? 4 : 0)) },
      { length: 80, reward: 2, achievements: ACHIEVEMENTS.map((_, i) => (i === 6 || i === 21 ? 1 : 0)) },
    ];
    const text = scoresJson([scoresRun(episodes, ACHIEVEMENTS, { task: 'crafter_reward', method: 'my-model', seed: '0' })]);
    expect(text.startsWith('[{"task": "crafter_reward", "method": "my-model", "seed": "0", "xs": [120, 200], "length": [120, 80], "reward": [3.1, 2.0], "achievement_collect_coal": [0, 0],')).toBe(true);
    const [run] = JSON.parse(text);
    expect(run.achievement_collect_wood).toEqual([4, 1]);
    expect(run.achievement_wake_up).toEqual([0, 1]);
    // The score Crafter's scripts compute from these lists is the one our metrics give.
    const rates = ACHIEVEMENTS.map((name) => (100 * run[`achievement_${name}`].filter((c: number) => c >= 1).length) / run.length.length);
    const score = Math.exp(rates.reduce((s, r) => s + Math.log(1 + r), 0) / rates.length) - 1;
    const metrics = summarizeEpisodes(episodes.map((e) => ({ length: e.length, reward: e.reward, achievements: ACHIEVEMENTS.filter((_, i) => e.achievements[i] > 0) })));
    expect(score).toBeCloseTo(metrics.crafterScore, 9);
  });

  it('rounds and prints rewards as Python does', () => {
    expect([0.25, 0.75, -0.25, 1.05, 0.1 + 0.2, 2.675].map(pythonRound1)).toEqual([0.2, 0.8, -0.2, 1.1, 0.3, 2.7]);
    expect([22, 1.1, -0, 0.30000000000000004, 1e-7, 1e16].map(pythonFloatText)).toEqual(['22.0', '1.1', '-0.0', '0.30000000000000004', '1e-07', '1e+16']);
  });
});
