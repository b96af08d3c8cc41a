// Frame identity for parity: our renderer with a texture folder, hashed over raw RGB as the golden `frame` field.
import { createHash } from 'node:crypto';
import type { CrafterEnv } from '../../src/sim/env.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import type { TexturePack } from '../../src/sim/textures/pack.ts';

export function createFrameHasher(pack: TexturePack): (env: CrafterEnv) => string {
  const renderer = new FrameRenderer(pack);
  let frame: Uint8Array | null = null;
  return (env) => {
    frame ??= new Uint8Array(env.size[0] * env.size[1] * 3);
    renderer.render(env, frame);
    return createHash('sha256').update(frame).digest('hex');
  };
}
