// Importing Crafter Recorder files: every fixture gives the right steps and per-step values (against numpy's own
// reading and against re-simulation from the seed), the derived facing and sleep state and the rebuilt text match
// the live env, the 2021 spelling reads the same, stats.jsonl matches, and seeded imports verify.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRecorderEpisode, type ImportedEpisode } from '../../src/agent/recordings/import-episode.ts';
import { recordedTexter } from '../../src/agent/recordings/texter.ts';
import { NO_SEED, verifyImported } from '../../src/agent/recordings/verify-import.ts';
import { parseStatsJsonl, statsMatch } from '../../src/agent/recordings/stats-file.ts';
import { RecordedMaps } from '../../src/agent/recordings/recorded-maps.ts';
import { recordedEnv, recordingInfo } from '../../src/agent/recordings/metadata.ts';
import { CrafterEnv } from '../../src/sim/env.ts';
import { ACHIEVEMENTS, ACTIONS, ITEM_NAMES } from '../../src/sim/rules.ts';
import { envTextView, textSummary, TEXT_STYLES } from '../../src/sim/text.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { decodePng } from '../../src/lib/png-decode.ts';
import { sha256Hex } from '../../src/lib/sha256.ts';
import { loadPackFromDirSync } from '../../scripts/lib/assets-node.ts';
import { ASSETS_DIR, HAS_ASSETS } from './shared-paths.ts';
import { asStored, fixtureBytes, HAS_NUMPY, HAS_RECORDINGS, numpyRead, RECORDINGS_DIR, recordingEntries, type RecordingEntry } from './recordings-shared.ts';

const OPTIONS = { textStyle: 'language' as const, appVersion: 'test' };

function importEntry(entry: RecordingEntry, seeded = true): ImportedEpisode {
  return importRecorderEpisode(fixtureBytes(entry.file), { ...OPTIONS, fileName: entry.file, ...(seeded ? { seed: entry.seed, episode: entry.episode } : {}) });
}

describe.skipIf(!HAS_RECORDINGS)('importing Crafter Recorder files (skipped without ../shared/crafter-recordings)', () => {
  const entries = HAS_RECORDINGS ? recordingEntries() : [];

  it.skipIf(!HAS_NUMPY)('gives every file its step count and numpy\'s values at every step (skipped without python3-numpy)', () => {
    const read = numpyRead(entries.map((e) => join(RECORDINGS_DIR, e.file)));
    entries.forEach((entry, f) => {
      const { columns } = read[f];
      const imported = importEntry(entry, false);
      const { session, steps } = asStored(imported);
      expect(steps).toHaveLength(entry.steps + 1);
      expect(imported.summary.length).toBe(entry.steps);
      const maps = new RecordedMaps(recordedEnv(session).area, session.id);
      for (const step of steps) {
        const k = step.stepIndex;
        const map = maps.next(step).map;
        expect(step.frame!.sha256).toBe(columns.image.values[k]);
        expect(sha256Hex(decodePng(step.frame!.png).data)).toBe(columns.image.values[k]);
        if (k === 0) {
          expect(step.actions).toEqual([]);
          expect(step.position).toEqual([32, 32]);
          expect(step.inventory).toMatchObject({ health: 9, food: 9, drink: 9, energy: 9, wood: 0 });
          expect(map).toBeNull();
          continue;
        }
        expect(step.actions).toEqual([ACTIONS[columns.action.values[k] as number]]);
        expect(step.reward).toBe(columns.reward.values[k]);
        expect(step.done).toBe(columns.done.values[k]);
        expect(step.position).toEqual(columns.player_pos.values[k]);
        for (const name of ITEM_NAMES) expect(step.inventory[name]).toBe(columns[`ainventory_${name}`].values[k]);
        for (const name of ACHIEVEMENTS) expect(step.achievements[name]).toBe(columns[`achievement_${name}`].values[k]);
        expect(sha256Hex(map!)).toBe(columns.semantic.values[k]);
      }
    });
  });

  it('imports the actions that made each file, and the seeded ones verify against a re-simulation', () => {
    for (const entry of entries) {
      const { session, steps } = asStored(importEntry(entry));
      expect(steps.slice(1).map((s) => s.actions[0])).toEqual(entry.actions.map((a) => ACTIONS[a]));
      expect(verifyImported(session, steps, null)).toEqual({ ok: true, stepsChecked: entry.steps + 1, framesCompared: 0, firstMismatch: null, unverifiable: null });
    }
  });

  it.skipIf(!HAS_ASSETS)('verifies every frame too with Crafter\'s own textures (skipped without ../shared/crafter-assets)', () => {
    const renderer = new FrameRenderer(loadPackFromDirSync(ASSETS_DIR, 'crafter-original'));
    expect(renderer.pack.hash).toBe(asStored(importEntry(entries[0])).session.texturePack.sha256);
    for (const entry of entries) {
      const { session, steps } = asStored(importEntry(entry));
      expect(verifyImported(session, steps, renderer)).toMatchObject({ ok: true, framesCompared: entry.steps + 1 });
    }
  });

  it('says a file imported without its seed cannot be verified, and finds a wrong seed out', () => {
    const entry = entries[0];
    const unseeded = asStored(importEntry(entry, false));
    expect(unseeded.session.seed).toBe(0);
    expect(unseeded.session.episode).toBe(0);
    expect(verifyImported(unseeded.session, unseeded.steps, null)).toMatchObject({ ok: false, unverifiable: NO_SEED });
    const wrong = asStored(importRecorderEpisode(fixtureBytes(entry.file), { ...OPTIONS, fileName: entry.file, seed: entry.seed + 1 }));
    const report = verifyImported(wrong.session, wrong.steps, null);
    expect(report.ok).toBe(false);
    expect(report.firstMismatch?.reason).toMatch(/differs/);
  });

  it('derives facing and sleep exactly, and rebuilds both text styles as the live env writes them (plants aside)', () => {
    let compared = 0;
    let sleeping = 0;
    for (const entry of entries) {
      const { session, steps } = asStored(importEntry(entry, false));
      const texters = TEXT_STYLES.map((style) => [style, recordedTexter(session, style)] as const);
      const env = new CrafterEnv({ seed: entry.seed, length: recordedEnv(session).length });
      env.reset();
      for (const step of steps) {
        if (step.stepIndex > 0) env.stepAction(entry.actions[step.stepIndex - 1]);
        const recorded = step.metadata!.recorded as { facing: number[]; sleeping: boolean };
        expect(recorded.facing).toEqual([env.player.facingX, env.player.facingY]);
        expect(recorded.sleeping).toBe(env.player.sleeping);
        if (env.player.sleeping) sleeping++;
        for (const [style, texter] of texters) {
          const text = texter(step);
          if (style === OPTIONS.textStyle) expect(step.observationText).toBe(text);
          if (step.stepIndex === 0) {
            expect(text).toBeNull();
            continue;
          }
          const live = textSummary(env, style);
          // A recorded map names a plant "plant"; the live env tells a sapling from a ripe plant.
          const view = envTextView(env);
          if ([...view.cells, view.facing.target].some((name) => name === 'sapling' || name === 'ripe plant')) expect(text).toContain('plant');
          else {
            expect(text).toBe(live);
            compared++;
          }
        }
      }
    }
    expect(sleeping).toBeGreaterThan(100);
    expect(compared).toBeGreaterThan(1000);
  });

  it('reads the 2021 spelling of the published human dataset as the same episode', () => {
    const entry = entries.find((e) => e.file === '20261130T041724-ach1-len178.npz')!;
    const current = asStored(importEntry(entry));
    const old = asStored(importRecorderEpisode(fixtureBytes('schema-2021/20261130T041724-ach1-len178-2021keys.npz'), { ...OPTIONS, fileName: 'old.npz', seed: entry.seed }));
    expect(recordingInfo(current.session)!.spelling).toBe('current');
    expect(recordingInfo(old.session)!.spelling).toBe('2021');
    expect(old.steps).toEqual(current.steps);
  });

  it('matches every episode to its stats.jsonl line', () => {
    const lines = parseStatsJsonl(readFileSync(join(RECORDINGS_DIR, 'stats.jsonl'), 'utf8'));
    expect(lines).toHaveLength(entries.length);
    for (const entry of entries) {
      const { summary } = importEntry(entry);
      expect(lines.filter((line) => statsMatch(line, summary))).toHaveLength(1);
    }
  });

  it('keeps the step limit an episode that ended alive shows, and refuses a contradicting one', () => {
    const expert = entries.find((e) => e.policy === 'expert')!;
    const imported = importEntry(expert);
    expect(imported.end.endReason).toBe('step_limit');
    expect(imported.session.envOptions!.length).toBe(expert.steps);
    expect(() => importRecorderEpisode(fixtureBytes(expert.file), { ...OPTIONS, fileName: expert.file, length: 10000 })).toThrow(/ended alive at step 696/);
    const died = importEntry(entries.find((e) => e.policy === 'uniform')!);
    expect(died.end.endReason).toBe('died');
    expect(died.session.envOptions!.length).toBe(10000);
  });
});
