// A session's journal: the validated rows of its changes, written in batches; one batch is one durable write.
// A batch is encoded once, the same way for IndexedDB and for files: JSON for the rows, raw bytes for frames.
import { crc32 } from '../lib/crc32.ts';
import { StorageError } from './errors.ts';
import { stepRowBytes, type SessionEndRow, type SessionRow, type StepRow } from './rows.ts';

/** Version of the batch encoding; a newer app reads every older version, an older app refuses a newer one. Format 3 adds the CRC-32. */
export const JOURNAL_FORMAT = 3;

export type JournalOp =
  | { kind: 'session'; row: SessionRow }
  | { kind: 'step'; row: StepRow }
  | { kind: 'end'; row: SessionEndRow };

/** Approximate bytes an operation adds to a batch. */
export function journalOpBytes(op: JournalOp): number {
  return op.kind === 'step' ? stepRowBytes(op.row) : 500;
}

const MAGIC = [0x43, 0x57, 0x4a, 0x42]; // "CWJB"
/** Magic, format, JSON length, and from format 3 the CRC-32 of everything after the header. */
const headerBytes = (format: number) => (format >= 3 ? 16 : 12);
const HEADER_BYTES = headerBytes(JOURNAL_FORMAT);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

interface EncodedFrame {
  sha256: string;
  width: number;
  height: number;
  /** Index into the batch's byte blocks. */
  png: number;
}

/** The batch as bytes: a 16-byte header (magic, format, JSON length, CRC-32), the ops as JSON, then each frame's PNG. */
export function encodeBatch(ops: JournalOp[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const json = JSON.stringify(ops, (key, value: unknown) => {
    if (key === 'frame' && value && typeof value === 'object' && (value as { png?: unknown }).png instanceof Uint8Array) {
      const frame = value as StepRow['frame'] & object;
      blocks.push(frame.png);
      return { sha256: frame.sha256, width: frame.width, height: frame.height, png: blocks.length - 1 } satisfies EncodedFrame;
    }
    return value;
  });
  const text = encoder.encode(JSON.stringify({ blocks: blocks.map((b) => b.length) }) + '\n' + json);
  const out = new Uint8Array(HEADER_BYTES + text.length + blocks.reduce((sum, b) => sum + b.length, 0));
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, JOURNAL_FORMAT, true);
  view.setUint32(8, text.length, true);
  out.set(text, HEADER_BYTES);
  let at = HEADER_BYTES + text.length;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  view.setUint32(12, crc32(out, HEADER_BYTES), true);
  return out;
}

/** The ops of a batch; `what` names it in errors. Throws newer_schema for a batch of a newer app, corrupt for damage. */
export function decodeBatch(bytes: Uint8Array, what: string): JournalOp[] {
  if (bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new StorageError('corrupt', `${what} is not a journal batch (bad header)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(4, true);
  if (format > JOURNAL_FORMAT) {
    throw new StorageError('newer_schema', `${what} was written by a newer version of the app (journal format ${format}, this app reads up to ${JOURNAL_FORMAT}); update the app to read it`);
  }
  if (format < 2) throw new StorageError('corrupt', `${what} has journal format ${format}, which no version of the app wrote per session`);
  const header = headerBytes(format);
  const textLength = view.getUint32(8, true);
  if (header + textLength > bytes.length) throw new StorageError('corrupt', `${what} is truncated`);
  if (format >= 3 && view.getUint32(12, true) !== crc32(bytes, header)) throw new StorageError('corrupt', `${what} has changed since it was saved (its CRC-32 differs)`);
  let text: string;
  try {
    text = decoder.decode(bytes.subarray(header, header + textLength));
  } catch (error) {
    throw new StorageError('corrupt', `${what} holds text that is not UTF-8`, { cause: error });
  }
  const newline = text.indexOf('\n');
  let index: { blocks: number[] };
  let ops: JournalOp[];
  try {
    index = JSON.parse(text.slice(0, newline));
    ops = JSON.parse(text.slice(newline + 1));
  } catch (error) {
    throw new StorageError('corrupt', `${what} holds damaged JSON`, { cause: error });
  }
  const starts: number[] = [];
  let at = header + textLength;
  for (const length of index.blocks) {
    starts.push(at);
    at += length;
  }
  if (at !== bytes.length) throw new StorageError('corrupt', `${what} is ${bytes.length} bytes where its header promises ${at}`);
  for (const op of ops) {
    if (op.kind !== 'step' || !op.row.frame) continue;
    const frame = op.row.frame as unknown as EncodedFrame;
    const i = frame.png;
    op.row.frame = { sha256: frame.sha256, width: frame.width, height: frame.height, png: bytes.slice(starts[i], starts[i] + index.blocks[i]) };
  }
  return ops;
}
