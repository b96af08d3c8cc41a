// The frame encoding worker: answers each batch of frames in one message, handing the PNG bytes over without a copy.
import { encodeBatch, type EncodeReply, type EncodeRequest } from './worker-frame-encoder.ts';

const scope = globalThis as unknown as { onmessage: ((event: MessageEvent<EncodeRequest>) => void) | null; postMessage(message: EncodeReply, transfer: Transferable[]): void };

scope.onmessage = async ({ data }) => {
  const reply = await encodeBatch(data);
  scope.postMessage(reply, reply.results.flatMap((result) => ('png' in result ? [result.png.buffer] : [])));
};
