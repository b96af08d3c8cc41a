// The PNG frames saved from Python Crafter decode to exactly the pixels our renderer draws at those steps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrafterEnv } from '../../src/sim/env.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { decodePng } from '../../src/lib/png-decode.ts';
import { sha256Hex } from '../../src/lib/sha256.ts';
import { loadPackFromDirSync } from '../../scripts/lib/assets-node.ts';
import { readGoldenEpisode } from '../../scripts/lib/golden.ts';
import { ASSETS_DIR, GOLDEN_DIR, HAS_ASSETS, HAS_GOLDEN } from './shared-paths.ts';

interface FrameEntry {
  file: string;
  seed: number;
  episode: number;
  t: number;
  tag: string;
  frame_sha256: string;
}

describe.skipIf(!HAS_GOLDEN || !HAS_ASSETS)('golden PNG frames (skipped without ../shared/crafter-golden and ../shared/crafter-assets)', () => {
  it('decode to the indexed hash and to our frame at that step, for every saved PNG', () => {
    const framesDir = join(GOLDEN_DIR, 'frames');
    const index = JSON.parse(readFileSync(join(framesDir, 'index.json'), 'utf8')) as FrameEntry[];
    const renderer = new FrameRenderer(loadPackFromDirSync(ASSETS_DIR, 'crafter-original'));
    const byEpisode = new Map<string, FrameEntry[]>();
    for (const entry of index) {
      const key = `${entry.file.startsWith('expert') ? 'expert_' : ''}s${entry.seed}_e${entry.episode}.jsonl`;
      byEpisode.set(key, [...(byEpisode.get(key) ?? []), entry]);
    }
    let checked = 0;
    const tags = new Set<string>();
    for (const [file, entries] of byEpisode) {
      const { header, states } = readGoldenEpisode(join(GOLDEN_DIR, file));
      const env = new CrafterEnv({ seed: header.seed });
      env.wantNoise = true;
      env.episode = header.episode - 1;
      env.reset();
      const wanted = new Map(entries.map((e) => [e.t, e]));
      for (const state of states) {
        if (state.kind === 'step') env.stepAction(state.a!);
        const entry = wanted.get(state.t);
        if (!entry) continue;
        const png = decodePng(new Uint8Array(readFileSync(join(framesDir, entry.file))));
        expect([png.width, png.height]).toEqual([64, 64]);
        expect(sha256Hex(png.data)).toBe(entry.frame_sha256);
        expect(Buffer.from(renderer.render(env)).equals(Buffer.from(png.data))).toBe(true);
        checked++;
        tags.add(entry.tag);
      }
    }
    expect(checked).toBe(index.length);
    expect([...tags].sort()).toEqual(['first', 'inventory', 'night', 'sleep']);
  });
});
