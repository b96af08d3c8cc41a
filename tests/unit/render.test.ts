import { describe, expect, it } from 'vitest';
import { CrafterEnv } from '../../src/sim/env.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { sha256Hex } from '../../src/lib/sha256.ts';

function nightEnv(size?: [number, number]): CrafterEnv {
  const env = new CrafterEnv({ seed: 2, size });
  env.wantNoise = true;
  env.reset();
  while (env.world.daylight >= 0.5) env.stepAction(0);
  return env;
}

describe('renderer', () => {
  it('draws a frame again without touching the game generator, and gets the same pixels', () => {
    const env = nightEnv();
    const renderer = new FrameRenderer(builtinPack());
    const before = env.world.random.snapshot();
    const first = sha256Hex(renderer.render(env));
    const second = sha256Hex(renderer.render(env));
    expect(second).toBe(first);
    expect(env.world.random.snapshot()).toEqual(before);
  });

  it('frames with or without drawing the noise leave the game in the same state', () => {
    const drawn = nightEnv();
    const skipped = new CrafterEnv({ seed: 2 });
    skipped.reset();
    while (skipped.world.daylight >= 0.5) skipped.stepAction(0);
    expect(skipped.nightNoise).toBeNull();
    expect(skipped.world.random.snapshot()).toEqual(drawn.world.random.snapshot());
  });

  it('refuses a night frame whose noise was skipped, rather than inventing noise', () => {
    const env = new CrafterEnv({ seed: 2 });
    env.reset();
    while (env.world.daylight >= 0.5) env.stepAction(0);
    expect(() => new FrameRenderer(builtinPack()).render(env)).toThrow(/wantNoise/);
  });

  it('returns a fresh frame each call, which the next frame does not change', () => {
    const env = nightEnv();
    const renderer = new FrameRenderer(builtinPack());
    const first = renderer.render(env);
    const kept = sha256Hex(first);
    env.stepAction(5);
    const second = renderer.render(env);
    expect(second).not.toBe(first);
    expect(sha256Hex(first)).toBe(kept);
    expect(sha256Hex(second)).not.toBe(kept);
  });

  it('draws envs of different sizes in turn as a renderer of their own would', () => {
    const day = new CrafterEnv({ seed: 4 });
    day.wantNoise = true;
    day.reset();
    const envs = [day, nightEnv([96, 96])];
    expect(envs.map((env) => env.world.daylight < 0.5)).toEqual([false, true]);
    const shared = new FrameRenderer(builtinPack());
    const own = envs.map(() => new FrameRenderer(builtinPack()));
    for (let step = 0; step < 3; step++) {
      envs.forEach((env, i) => expect(sha256Hex(shared.render(env))).toBe(sha256Hex(own[i].render(env))));
      for (const env of envs) env.stepAction(step);
    }
  });

  it('refuses an output buffer of the wrong size', () => {
    const env = nightEnv();
    expect(() => new FrameRenderer(builtinPack()).render(env, new Uint8Array(64 * 64 * 3 - 1))).toThrow(/needs 12288 bytes/);
  });

  it("follows Crafter's size option: unit = size // 9, noise one draw per local-view pixel", () => {
    const env = nightEnv([96, 96]);
    expect(env.unit).toEqual([10, 10]);
    expect(env.noiseShape()).toEqual([90, 70]);
    expect(env.nightNoise).toHaveLength(90 * 70);
    const frame = new FrameRenderer(builtinPack()).render(env);
    expect(frame).toHaveLength(96 * 96 * 3);
    // The 9x9 grid of 10 px covers 90 px centred with a 3 px border: the border stays black.
    expect(Array.from(frame.subarray(0, 3 * 96 * 3)).every((v) => v === 0)).toBe(true);
    expect(Array.from(frame.subarray((3 * 96 + 3) * 3, (3 * 96 + 4) * 3)).some((v) => v > 0)).toBe(true);
  });
});
