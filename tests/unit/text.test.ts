import { describe, expect, it } from 'vitest';
import { CrafterEnv } from '../../src/sim/env.ts';
import { describeOffset, languageSummary, stateSummary } from '../../src/sim/text.ts';
import { observationPacket } from '../../src/sim/observation.ts';
import { encodeFramePacket } from '../../src/sim/capture/frame-packet.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { decodePng } from '../../src/lib/png-decode.ts';
import { sha256Hex } from '../../src/lib/sha256.ts';

describe('text summaries', () => {
  it('phrases offsets on separate axes, never diagonally', () => {
    expect(describeOffset(-4, -1)).toBe('1 step north and 4 steps west');
    expect(describeOffset(2, 0)).toBe('2 steps east');
    expect(describeOffset(0, 3)).toBe('3 steps south');
  });

  it('describes the view, the faced cell, status and inventory (language style)', () => {
    const env = new CrafterEnv({ seed: 0 });
    env.reset();
    const text = languageSummary(env);
    expect(text).toMatch(/^You see:\n- /);
    expect(text).toContain('You face grass at your front (south).');
    expect(text).toContain('- health: 9/9');
    expect(text).toContain('You have nothing in your inventory.');
    expect(text).not.toMatch(/north-?east|south-?west|northwest|southeast/);
  });

  it('gives the state block with step, vitals, position and a 9x7 map', () => {
    const env = new CrafterEnv({ seed: 0 });
    env.reset();
    env.stepAction(0);
    const text = stateSummary(env);
    expect(text).toContain('Step: 1/10000');
    expect(text).toContain('Position: (32, 32)');
    const mapRows = text.split('\n').slice(-7);
    expect(mapRows).toHaveLength(7);
    expect(mapRows.every((row) => row.split(' ').length === 9)).toBe(true);
    expect(mapRows[3].split(' ')[4]).toBe('player');
  });
});

describe('observation packet', () => {
  it('carries the keys of design.md and a PNG that decodes to the frame', () => {
    const env = new CrafterEnv({ seed: 3 });
    env.wantNoise = true;
    env.reset();
    const renderer = new FrameRenderer(builtinPack());
    const result = env.stepAction(5);
    const frame = renderer.render(env);
    const packet = observationPacket(env, 'language', encodeFramePacket(frame, 64, 64), result);
    for (const key of ['inventory', 'achievements_status', 'player_position', 'player_direction', 'num_steps_taken', 'max_steps_episode',
      'reward_last_step', 'total_reward_episode', 'terminated', 'truncated', 'semantic_map_patch7', 'observation_image_base64',
      'observation_image_format', 'observation_image_width', 'observation_image_height', 'observation_image_data_url', 'text']) {
      expect(packet.observation).toHaveProperty(key);
    }
    expect(packet).toMatchObject({ step_idx: 1, done: false, info: { achievements_added: [] } });
    const o = packet.observation;
    expect(o.observation_image_data_url).toBe(`data:image/png;base64,${o.observation_image_base64}`);
    expect(o.semantic_map_patch7).toHaveLength(7);
    expect(o.semantic_map_patch7[3][3]).toBe(13);
    const decoded = decodePng(Uint8Array.from(atob(o.observation_image_base64), (c) => c.charCodeAt(0)));
    expect(decoded.width).toBe(64);
    expect(sha256Hex(decoded.data)).toBe(o.observation_image_sha256);
    expect(o.observation_image_sha256).toBe(sha256Hex(frame));
  });
});
