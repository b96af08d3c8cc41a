// Bytes that may be far larger than memory (a downloaded store, a zip of sessions), read a range at a time.
import { StorageError } from './errors.ts';

export interface ByteSource {
  readonly size: number;
  /** Names the source in error messages, e.g. "the imported file". */
  readonly what: string;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** A synchronous read, where the platform has one (a worker's FileReaderSync, Node's fs): SQLite reads through it. */
  readonly readSync: ((offset: number, length: number) => Uint8Array) | null;
}

export function bytesSource(bytes: Uint8Array, what: string): ByteSource {
  const read = (offset: number, length: number) => bytes.subarray(offset, Math.min(bytes.length, offset + length));
  return { size: bytes.length, what, read: async (offset, length) => read(offset, length), readSync: read };
}

declare const FileReaderSync: { new (): { readAsArrayBuffer(blob: Blob): ArrayBuffer } } | undefined;

/** A Blob or File; read synchronously where FileReaderSync exists (dedicated workers), which is where the store runs in the page. */
export function blobSource(blob: Blob, what: string): ByteSource {
  const reader = typeof FileReaderSync === 'function' ? new FileReaderSync() : null;
  return {
    size: blob.size,
    what,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
    readSync: reader ? (offset, length) => new Uint8Array(reader.readAsArrayBuffer(blob.slice(offset, offset + length))) : null,
  };
}

/** `length` bytes of `source` from `offset` (a member stored uncompressed in a zip). */
export function subSource(source: ByteSource, offset: number, length: number, what: string): ByteSource {
  if (offset + length > source.size) throw new StorageError('truncated', `${what} runs past the end of ${source.what}`);
  const sync = source.readSync;
  const clamp = (at: number, n: number) => Math.max(0, Math.min(n, length - at));
  return {
    size: length,
    what,
    read: (at, n) => source.read(offset + at, clamp(at, n)),
    readSync: sync ? (at, n) => sync(offset + at, clamp(at, n)) : null,
  };
}

/** The whole source in memory: for sources that have no synchronous read (a Blob outside a worker). */
export async function readAll(source: ByteSource): Promise<Uint8Array> {
  return source.read(0, source.size);
}
