// Frames encoded elsewhere (a worker in the page): the steps reach the store in order with the frames an encoder at
// once gives, however late each frame comes back; a frame that cannot be encoded ends the episode without a gap; and
// the page's worker encoder sends frames in batches and, should its worker fail, encodes here instead and loses no frame.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRunAgents } from '../../src/agent/agents/registry.ts';
import { PORTABLE_FRAME_ENCODER, type FrameEncoder } from '../../src/agent/episode-record.ts';
import { RunControl } from '../../src/agent/run-control.ts';
import { episodePlans, type RunConfig } from '../../src/agent/run-config.ts';
import { runEpisode } from '../../src/agent/rollout.ts';
import type { EpisodeContext } from '../../src/agent/rollout-types.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { openMemoryTraceStore } from '../../src/storage/index.ts';
import type { FrameInput } from '../../src/storage/types.ts';
import { encodeBatch, WorkerFrameEncoder, type EncodeReply, type EncodeRequest } from '../../src/worker/worker-frame-encoder.ts';
import { sqlJs } from './storage-fixtures.ts';

const pack = builtinPack();
const config: RunConfig = {
  name: 'elsewhere', agent: { kind: 'builtin', policy: 'scripted', promptStyle: 'language' }, seeds: [3], episodes: 1, stepLimit: 120, parallel: 1, requestsPerMinute: 0,
};

/** Plays the config's episode with `encoder`; gives its stored steps and result. */
async function play(encoder: FrameEncoder) {
  const store = await openMemoryTraceStore({ sql: await sqlJs() });
  const ctx: EpisodeContext = {
    sink: store, renderer: new FrameRenderer(pack), encoder, texturePack: { name: pack.name, sha256: pack.hash }, control: new RunControl(),
    appVersion: '0.1.0', crafterVersion: '1.8.3', onLive: () => undefined,
    onStorageBlocked: () => Promise.reject(new Error('storage refused a write in a test that does not expect it')),
  };
  const [plan] = episodePlans(config);
  const result = await runEpisode(plan, createRunAgents(config).forEpisode(plan), ctx);
  const steps = result.sessionId ? (await store.readSession(result.sessionId)).steps : [];
  return { result, steps };
}

/** Encodes at once, but answers each frame after a random delay, so later frames often come back first. */
function lateEncoder(fail?: (index: number) => boolean): FrameEncoder {
  let index = 0;
  return {
    encode: PORTABLE_FRAME_ENCODER.encode,
    encodeElsewhere(rgb, width, height) {
      const mine = index++;
      const frame = PORTABLE_FRAME_ENCODER.encode(rgb.slice(), width, height);
      return new Promise<FrameInput>((resolve, reject) => {
        setTimeout(() => (fail?.(mine) ? reject(new Error(`frame ${mine} could not be encoded`)) : resolve(frame)), Math.floor(Math.random() * 4));
      });
    },
  };
}

describe('frames encoded elsewhere', () => {
  it('reach the store in order, the same steps and frames as frames encoded at once', async () => {
    const atOnce = await play(PORTABLE_FRAME_ENCODER);
    const late = await play(lateEncoder());
    expect(late.result).toMatchObject({ status: 'step_limit', length: 120 });
    expect(late.steps.map((s) => s.stepIndex)).toEqual(Array.from({ length: 121 }, (_, i) => i));
    const view = (steps: typeof late.steps) => steps.map((s) => [s.stepIndex, s.actions, s.frame?.sha256, Buffer.from(s.frame!.png).toString('base64')]);
    expect(view(late.steps)).toEqual(view(atOnce.steps));
  });

  it('a frame that cannot be encoded ends the episode in error, and no step after it is stored', async () => {
    const { result, steps } = await play(lateEncoder((index) => index === 40));
    expect(result.status).toBe('error');
    expect(result.error).toContain('frame 40 could not be encoded');
    // Frame 0 is the reset's: steps 0..39 are stored, none from 40 on.
    expect(steps.map((s) => s.stepIndex)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});

describe("the page's worker encoder", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends frames in batches, their pixels handed over, and the steps are those of frames encoded at once', async () => {
    const batches: number[] = [];
    /** A worker in this thread: it answers each batch with the encoding worker's own code, a little later. */
    class InThreadWorker {
      onmessage: ((event: { data: EncodeReply }) => void) | null = null;
      onerror = null;
      onmessageerror = null;
      postMessage(request: EncodeRequest, transfer: Transferable[]): void {
        batches.push(request.jobs.length);
        expect(transfer).toEqual([request.pixels]);
        setTimeout(async () => this.onmessage?.({ data: await encodeBatch(request) }), Math.floor(Math.random() * 3));
      }
      terminate(): void {}
    }
    vi.stubGlobal('Worker', InThreadWorker);
    const atOnce = await play(PORTABLE_FRAME_ENCODER);
    const batched = await play(new WorkerFrameEncoder());
    const view = (steps: typeof batched.steps) => steps.map((s) => [s.stepIndex, s.actions, s.frame?.sha256, Buffer.from(s.frame!.png).toString('base64')]);
    expect(view(batched.steps)).toEqual(view(atOnce.steps));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(121);
    expect(Math.max(...batches)).toBeLessThanOrEqual(16);
    expect(batches.length).toBeLessThan(121 / 4);
  });

  it('answers a frame that cannot be encoded with its error, and the rest of its batch with their frames', async () => {
    const frames = [new Uint8Array(12).fill(7), new Uint8Array(12).fill(9)];
    const pixels = new Uint8Array(24);
    frames.forEach((rgb, i) => pixels.set(rgb, i * 12));
    const reply = await encodeBatch({ pixels: pixels.buffer, jobs: [{ id: 5, width: 2, height: 2, offset: 0 }, { id: 6, width: 3, height: 2, offset: 12 }] });
    expect(reply.results[0]).toEqual({ id: 5, ...PORTABLE_FRAME_ENCODER.encode(frames[0], 2, 2) });
    expect(reply.results[1]).toMatchObject({ id: 6, error: expect.stringMatching(/length|bounds|range/i) });
  });

  it('encodes here what its worker was asked, and everything after, once the worker fails', async () => {
    const workers: FailingWorker[] = [];
    class FailingWorker {
      onmessage: ((event: MessageEvent) => void) | null = null;
      onerror: ((event: { preventDefault(): void }) => void) | null = null;
      onmessageerror: (() => void) | null = null;
      asked = 0;
      terminated = false;
      constructor() {
        workers.push(this);
      }
      postMessage({ jobs }: EncodeRequest): void {
        // The worker takes two frames, then dies without answering either.
        this.asked += jobs.length;
        if (this.asked >= 2) setTimeout(() => this.onerror?.({ preventDefault: () => undefined }), 1);
      }
      terminate(): void {
        this.terminated = true;
      }
    }
    vi.stubGlobal('Worker', FailingWorker);
    const encoder = new WorkerFrameEncoder();
    const renderer = new FrameRenderer(pack);
    const { CrafterEnv } = await import('../../src/sim/env.ts');
    const env = new CrafterEnv({ seed: 4 });
    env.reset();
    const frames = [0, 1, 2].map((i) => {
      if (i) env.stepAction(1 + i);
      return renderer.render(env);
    });
    const pending = frames.slice(0, 2).map((rgb) => encoder.encodeElsewhere(rgb, 64, 64));
    const encoded = await Promise.all(pending);
    const after = await encoder.encodeElsewhere(frames[2], 64, 64);
    expect([...encoded, after]).toEqual(frames.map((rgb) => PORTABLE_FRAME_ENCODER.encode(rgb, 64, 64)));
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(true);
  });
});
