// Frames with the built-in pack, pinned by hash: a faster renderer must draw exactly what this one drew.
import { describe, expect, it } from 'vitest';
import { CrafterEnv, type EnvOptions } from '../../src/sim/env.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { Sha256 } from '../../src/lib/sha256.ts';
import { actionStream } from '../../scripts/lib/action-stream.ts';

const CASES: Array<{ options: EnvOptions; hash: string }> = [
  { options: { size: [64, 64] }, hash: 'bb4f163a9f3ff16806ffc80b160239652f5e6b249c40c8d020782108d13d93f7' },
  { options: { size: [96, 96] }, hash: 'dfeb4feb38dce6c202f3c5cccbb39b228372fa94609d5154f82ff090dd303624' },
  { options: { size: [70, 90], view: [7, 9] }, hash: '88788d1e007be7e4dd41c5fc6d8268cb4d1c2e275dc7c56625da266d23d5755e' },
  { options: { area: [16, 16] }, hash: '41dc5100882a4d59f0a918870b504ea8dfcc0fe4e5e513580f4a273d5b9b132e' },
];

describe('built-in pack frames', () => {
  const renderer = new FrameRenderer(builtinPack());
  for (const { options, hash } of CASES) {
    it(`are unchanged over random play, day, night and sleep (${JSON.stringify(options)})`, () => {
      const digest = new Sha256();
      const seen = { night: 0, sleep: 0, items: 0 };
      for (const seed of [1, 2]) {
        const env = new CrafterEnv({ ...options, seed });
        env.wantNoise = true;
        env.reset();
        const next = actionStream(seed);
        digest.update(renderer.render(env));
        for (let step = 0; step < 450; step++) {
          if (env.stepAction(next()).done) env.reset();
          const frame = renderer.render(env);
          digest.update(frame);
          if (env.world.daylight < 0.5) seen.night++;
          if (env.player.sleeping) seen.sleep++;
          if (env.player.inventory.slice(4).some((n) => n > 0)) seen.items++;
        }
      }
      expect(seen.night).toBeGreaterThan(0);
      expect(seen.sleep).toBeGreaterThan(0);
      expect(seen.items).toBeGreaterThan(0);
      expect(digest.hex()).toBe(hash);
    });
  }
});
