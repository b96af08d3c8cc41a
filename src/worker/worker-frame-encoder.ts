// The page's frame encoder: frames no agent reads at its turn (a built-in agent's) are encoded in a worker of their
// own, on another core, while the run's worker plays on. Should that worker fail, frames are encoded here instead:
// nothing waits forever and no step loses its frame.
import { PORTABLE_FRAME_ENCODER, type FrameEncoder } from '../agent/episode-record.ts';
import type { FrameInput } from '../storage/types.ts';

export interface EncodeRequest {
  id: number;
  /** A structured clone's copy: its own ArrayBuffer. */
  rgb: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
}

export type EncodeReply = { id: number; png: Uint8Array; sha256: string } | { id: number; error: string };

interface Waiting {
  request: EncodeRequest;
  resolve(frame: FrameInput): void;
  reject(error: Error): void;
}

export class WorkerFrameEncoder implements FrameEncoder {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  encode(rgb: Uint8Array, width: number, height: number): FrameInput {
    return PORTABLE_FRAME_ENCODER.encode(rgb, width, height);
  }

  encodeElsewhere(rgb: Uint8Array, width: number, height: number): Promise<FrameInput> {
    const worker = this.started();
    if (!worker) return Promise.resolve(this.encode(rgb, width, height));
    const request: EncodeRequest = { id: this.nextId++, rgb: rgb as Uint8Array<ArrayBuffer>, width, height };
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { request, resolve, reject });
      worker.postMessage(request);
    });
  }

  private started(): Worker | null {
    if (this.worker || this.broken) return this.worker;
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
    return this.worker;
  }

  private answer(reply: EncodeReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if ('error' in reply) waiting.reject(new Error(`encoding a frame failed: ${reply.error}`));
    else waiting.resolve({ png: reply.png, sha256: reply.sha256 });
  }

  /** The worker failed: what it was asked is encoded here, as is everything after. */
  private fallBack(): void {
    this.broken = true;
    this.worker?.terminate();
    this.worker = null;
    for (const [id, { request, resolve, reject }] of this.waiting) {
      this.waiting.delete(id);
      try {
        resolve(this.encode(request.rgb, request.width, request.height));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}
