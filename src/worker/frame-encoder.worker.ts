// Encodes frames off the thread that plays: PNG bytes and the SHA-256 of the raw pixels, each answered by its id.
import { encodePng } from '../lib/png.ts';
import { sha256HexNative } from '../lib/sha256.ts';
import type { EncodeReply, EncodeRequest } from './worker-frame-encoder.ts';

const scope = globalThis as unknown as { onmessage: ((event: MessageEvent<EncodeRequest>) => void) | null; postMessage(message: EncodeReply, transfer: Transferable[]): void };

scope.onmessage = async ({ data: { id, rgb, width, height } }) => {
  try {
    const png = encodePng(rgb, width, height);
    scope.postMessage({ id, png, sha256: await sha256HexNative(rgb) }, [png.buffer]);
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }, []);
  }
};
