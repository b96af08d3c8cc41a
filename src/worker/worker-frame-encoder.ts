// The page's frame encoder: frames no agent reads at its turn (a built-in agent's) are encoded in a worker of their
// own, on another core, while the run's worker plays on. Frames go in batches, many to a message each way: a
// message's fixed cost, not the copy, is most of what a frame's trip costs. Should the worker fail, frames are
// encoded here instead: nothing waits forever and no step loses its frame.
import { PORTABLE_FRAME_ENCODER, type FrameEncoder } from '../agent/episode-record.ts';
import { nextTask } from '../lib/next-task.ts';
import { encodePng } from '../lib/png.ts';
import { sha256HexNative } from '../lib/sha256.ts';
import type { FrameInput } from '../storage/types.ts';

/** One frame of a batch: its RGB bytes are `pixels[offset, offset + width * height * 3)`. */
export interface EncodeJob {
  id: number;
  width: number;
  height: number;
  offset: number;
}

/** Frames to encode, their pixels packed into one buffer that is transferred, not copied. */
export interface EncodeRequest {
  jobs: EncodeJob[];
  pixels: ArrayBuffer;
}

export type EncodeResult = { id: number; png: Uint8Array; sha256: string } | { id: number; error: string };

export interface EncodeReply {
  results: EncodeResult[];
}

/** The encoding worker's answer to a batch: each frame's PNG and the SHA-256 of its pixels, or why it failed. */
export async function encodeBatch({ jobs, pixels }: EncodeRequest): Promise<EncodeReply> {
  return { results: await Promise.all(jobs.map((job) => encodeJob(pixels, job))) };
}

async function encodeJob(pixels: ArrayBuffer, { id, width, height, offset }: EncodeJob): Promise<EncodeResult> {
  try {
    const rgb = new Uint8Array(pixels, offset, width * height * 3);
    return { id, png: encodePng(rgb, width, height), sha256: await sha256HexNative(rgb) };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Frames sent in one message at most; fewer go once the thread has nothing else to do. */
const BATCH_FRAMES = 16;

interface Waiting {
  id: number;
  rgb: Uint8Array;
  width: number;
  height: number;
  resolve(frame: FrameInput): void;
  reject(error: Error): void;
}

export class WorkerFrameEncoder implements FrameEncoder {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 0;
  /** Every frame not yet answered, sent or not. */
  private readonly waiting = new Map<number, Waiting>();
  /** Frames not yet sent, oldest first. */
  private queued: Waiting[] = [];
  private flushScheduled = false;

  encode(rgb: Uint8Array, width: number, height: number): FrameInput {
    return PORTABLE_FRAME_ENCODER.encode(rgb, width, height);
  }

  encodeElsewhere(rgb: Uint8Array, width: number, height: number): Promise<FrameInput> {
    if (!this.started()) return Promise.resolve(this.encode(rgb, width, height));
    return new Promise((resolve, reject) => {
      const frame: Waiting = { id: this.nextId++, rgb, width, height, resolve, reject };
      this.waiting.set(frame.id, frame);
      this.queued.push(frame);
      if (this.queued.length >= BATCH_FRAMES) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        // The run's worker yields whenever it waits for storage or a frame: the batch goes then, at the latest.
        void nextTask().then(() => this.flush());
      }
    });
  }

  /** Sends the queued frames to the worker in one message. */
  private flush(): void {
    this.flushScheduled = false;
    if (!this.queued.length || !this.worker) return;
    const frames = this.queued;
    this.queued = [];
    const pixels = new Uint8Array(frames.reduce((sum, frame) => sum + frame.rgb.length, 0));
    const jobs: EncodeJob[] = [];
    let offset = 0;
    for (const { id, rgb, width, height } of frames) {
      pixels.set(rgb, offset);
      jobs.push({ id, width, height, offset });
      offset += rgb.length;
    }
    const request: EncodeRequest = { jobs, pixels: pixels.buffer };
    this.worker.postMessage(request, [pixels.buffer]);
  }

  private started(): boolean {
    if (this.worker || this.broken) return this.worker !== null;
    try {
      const worker = new Worker(new URL('./frame-encoder.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = ({ data }: MessageEvent<EncodeReply>) => this.answer(data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.fallBack();
      };
      worker.onmessageerror = () => this.fallBack();
      this.worker = worker;
    } catch {
      this.broken = true;
    }
    return this.worker !== null;
  }

  private answer(reply: EncodeReply): void {
    for (const result of reply.results) {
      const waiting = this.waiting.get(result.id);
      if (!waiting) continue;
      this.waiting.delete(result.id);
      if ('error' in result) waiting.reject(new Error(`encoding a frame failed: ${result.error}`));
      else waiting.resolve({ png: result.png, sha256: result.sha256 });
    }
  }

  /** The worker failed: every frame not yet answered is encoded here, as is everything after. */
  private fallBack(): void {
    this.broken = true;
    this.worker?.terminate();
    this.worker = null;
    this.queued = [];
    for (const [id, { rgb, width, height, resolve, reject }] of this.waiting) {
      this.waiting.delete(id);
      try {
        resolve(this.encode(rgb, width, height));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}
