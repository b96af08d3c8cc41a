import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runParity } from '../../scripts/lib/parity.ts';
import { createFrameHasher } from '../../scripts/lib/frame-hash.ts';
import { ASSETS_DIR, GOLDEN_DIR, HAS_ASSETS, HAS_GOLDEN } from './shared-paths.ts';

interface Manifest {
  seeds: { episodes: { steps: number; file: string }[] }[];
}

function manifestTotals(): { episodes: number; steps: number } {
  const manifest = JSON.parse(readFileSync(join(GOLDEN_DIR, 'manifest.json'), 'utf8')) as Manifest;
  const episodes = manifest.seeds.flatMap((s) => s.episodes);
  return { episodes: episodes.length, steps: episodes.reduce((sum, e) => sum + e.steps, 0) };
}

describe.skipIf(!HAS_GOLDEN)(`golden parity over ${GOLDEN_DIR} (skipped when ../shared/crafter-golden is absent)`, () => {
  it('replays every episode and step of Python Crafter 1.8.3 with 0 mismatches', () => {
    const report = runParity(GOLDEN_DIR);
    const expected = manifestTotals();
    expect(report.firstMismatches).toEqual([]);
    expect(report.mismatches).toBe(0);
    expect(report.episodes).toBe(expected.episodes);
    expect(report.steps).toBe(expected.steps);
  });

  it.skipIf(!HAS_ASSETS)('renders every golden frame byte for byte with the original textures (skipped without ../shared/crafter-assets)', () => {
    const report = runParity(GOLDEN_DIR, { frameHasher: createFrameHasher(ASSETS_DIR) });
    const expected = manifestTotals();
    expect(report.firstMismatches).toEqual([]);
    expect(report.frameMismatches).toBe(0);
    expect(report.framesCompared).toBe(expected.episodes + expected.steps);
  });
});
