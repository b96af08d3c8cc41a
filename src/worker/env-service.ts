// Environments for the page: each step returns the observation packet (frame, text) plus the PNG bytes to store.
import { CrafterEnv, type StepResult } from '../sim/env.ts';
import { observationPacket, type ObservationPacket } from '../sim/observation.ts';
import { encodeFramePacket } from '../sim/capture/frame-packet.ts';
import { FrameRenderer } from '../sim/render/renderer.ts';
import { base64Decode } from '../lib/base64.ts';
import type { TextStyle } from '../sim/text.ts';
import type { TexturePack } from '../sim/textures/pack.ts';
import { episodeWorldSeed } from '../sim/tuplehash.ts';

export interface EnvConfig {
  seed: number;
  /** Episode length (Crafter's `length`); default 10000. */
  length?: number;
  textStyle: TextStyle;
}

export interface EnvView {
  envId: number;
  seed: number;
  episode: number;
  worldSeed: number;
  packet: ObservationPacket;
  /** The frame's PNG bytes, for the trace store. */
  png: Uint8Array;
  /** The frame's raw RGB pixels, for drawing without decoding. */
  rgb: Uint8Array;
}

interface Slot {
  env: CrafterEnv;
  textStyle: TextStyle;
}

export class EnvService {
  private readonly envs = new Map<number, Slot>();
  private nextId = 1;
  /** The renderer of the current pack, shared with play and runs. */
  renderer: FrameRenderer;

  constructor(pack: TexturePack) {
    this.renderer = new FrameRenderer(pack);
  }

  get pack(): TexturePack {
    return this.renderer.pack;
  }

  /** Later frames use this pack; the simulation is unchanged. */
  setPack(pack: TexturePack): void {
    this.renderer = new FrameRenderer(pack);
  }

  create(config: EnvConfig): EnvView {
    if (!Number.isInteger(config.seed)) throw new Error(`seed must be an integer, got ${config.seed}`);
    const env = new CrafterEnv({ seed: config.seed, length: config.length ?? 10000 });
    env.wantNoise = true;
    const envId = this.nextId++;
    this.envs.set(envId, { env, textStyle: config.textStyle });
    env.reset();
    return this.view(envId);
  }

  /** Start the next episode of the same seed (Crafter's reset on the same Env). */
  reset(envId: number): EnvView {
    this.slot(envId).env.reset();
    return this.view(envId);
  }

  step(envId: number, action: number): EnvView {
    const result = this.slot(envId).env.stepAction(action);
    return this.view(envId, result);
  }

  setTextStyle(envId: number, style: TextStyle): EnvView {
    this.slot(envId).textStyle = style;
    return this.view(envId);
  }

  /** The environment itself, for built-in agents running in this worker. */
  env(envId: number): CrafterEnv {
    return this.slot(envId).env;
  }

  dispose(envId: number): void {
    this.envs.delete(envId);
  }

  view(envId: number, result?: StepResult): EnvView {
    const { env, textStyle } = this.slot(envId);
    const rgb = this.renderer.render(env);
    const packet = observationPacket(env, textStyle, encodeFramePacket(rgb, env.size[0], env.size[1]), result);
    return {
      rgb,
      envId,
      seed: env.seed,
      episode: env.episode,
      worldSeed: episodeWorldSeed(env.seed, env.episode),
      packet,
      png: base64Decode(packet.observation.observation_image_base64),
    };
  }

  private slot(envId: number): Slot {
    const slot = this.envs.get(envId);
    if (!slot) throw new Error(`no environment ${envId}; it was disposed or never created`);
    return slot;
  }
}
