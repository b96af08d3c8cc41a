import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envOptionsOf, runParity } from '../../scripts/lib/parity.ts';
import { createFrameHasher } from '../../scripts/lib/frame-hash.ts';
import { loadPackFromDirSync } from '../../scripts/lib/assets-node.ts';
import type { GoldenHeader } from '../../scripts/lib/golden.ts';
import { ASSETS_DIR, GOLDEN_DIR, GOLDEN_OPTIONS_DIR, HAS_ASSETS, HAS_GOLDEN, HAS_GOLDEN_OPTIONS } from './shared-paths.ts';

interface Manifest {
  seeds: { episodes: { steps: number; file: string }[] }[];
}

function manifestTotals(dir: string): { episodes: number; steps: number } {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const episodes = manifest.seeds.flatMap((s) => s.episodes);
  return { episodes: episodes.length, steps: episodes.reduce((sum, e) => sum + e.steps, 0) };
}

/** Every golden set of a folder of sets (each with its manifest). */
function optionSets(): string[] {
  if (!HAS_GOLDEN_OPTIONS) return [];
  return readdirSync(GOLDEN_OPTIONS_DIR).map((name) => join(GOLDEN_OPTIONS_DIR, name)).filter((dir) => existsSync(join(dir, 'manifest.json'))).sort();
}

function describeParity(dir: string, skip: boolean, why: string): void {
  describe.skipIf(skip)(`golden parity over ${dir} (skipped when ${why} is absent)`, () => {
    it('replays every episode and step of Python Crafter 1.8.3 with 0 mismatches', () => {
      const report = runParity(dir);
      const expected = manifestTotals(dir);
      expect(report.firstMismatches).toEqual([]);
      expect(report.mismatches).toBe(0);
      expect(report.episodes).toBe(expected.episodes);
      expect(report.steps).toBe(expected.steps);
    });

    it.skipIf(!HAS_ASSETS)('renders every golden frame byte for byte with the original textures (skipped without ../shared/crafter-assets)', () => {
      const report = runParity(dir, { frameHasher: createFrameHasher(loadPackFromDirSync(ASSETS_DIR, 'crafter-original')) });
      const expected = manifestTotals(dir);
      expect(report.firstMismatches).toEqual([]);
      expect(report.frameMismatches).toBe(0);
      expect(report.framesCompared).toBe(expected.episodes + expected.steps);
    });
  });
}

describeParity(GOLDEN_DIR, !HAS_GOLDEN, '../shared/crafter-golden');
for (const dir of optionSets()) describeParity(dir, false, '../shared/crafter-golden-options');

describe('golden headers', () => {
  const header = (extra: Partial<GoldenHeader>) => ({ seed: 7, area: [64, 64], view: [9, 9], size: [64, 64], length: 10000, ...extra }) as GoldenHeader;

  it('take every Env option the header carries, reward included', () => {
    expect(envOptionsOf(header({ area: [40, 48], view: [7, 9], size: [70, 90], length: 300, reward: false }))).toEqual({
      seed: 7, area: [40, 48], view: [7, 9], size: [70, 90], length: 300, reward: false,
    });
  });

  it("keep Crafter's default reward when an older header has no reward key", () => {
    expect(envOptionsOf(header({}))).not.toHaveProperty('reward');
  });
});
