// Where export files go: a target hands out append-only files and scratch spools. The Blob target builds
// downloads from chunks (page and worker); src/dataset/output-node.ts writes to a directory.

export interface WrittenFile {
  name: string;
  mime: string;
  bytes: number;
  /** The file's contents, for the Blob target. */
  blob?: Blob;
  /** Where the file is, for the directory target. */
  path?: string;
}

export interface FileSink {
  write(chunk: Uint8Array | string): void;
  close(): Promise<WrittenFile>;
}

/** A file written now and read back later, e.g. a zip member that must follow the images streamed before it. */
export interface Spool {
  write(chunk: Uint8Array | string): void;
  read(): AsyncIterable<Uint8Array>;
  discard(): Promise<void>;
}

export interface OutputTarget {
  create(name: string, mime: string): FileSink;
  spool(name: string): Spool;
  /** Makes the files final (a directory target renames its partial files); called once everything is written. */
  commit(): Promise<void>;
  /** Removes everything this export wrote, after a failure or a cancel. */
  abort(): Promise<void>;
}

const encoder = new TextEncoder();
export const utf8 = (chunk: Uint8Array | string): Uint8Array => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk);

/** Gathers chunks into Blobs of about `partBytes`, so a large file is held as a few Blobs the browser may page out, not as many strings. */
class BlobBuilder {
  private parts: Blob[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  bytes = 0;

  constructor(private readonly partBytes: number) {}

  write(chunk: Uint8Array | string): void {
    const bytes = utf8(chunk);
    // Copied: callers (the zip stream among them) may reuse their buffers.
    this.pending.push(bytes.slice());
    this.pendingBytes += bytes.length;
    this.bytes += bytes.length;
    if (this.pendingBytes >= this.partBytes) this.flush();
  }

  flush(): void {
    if (!this.pending.length) return;
    this.parts.push(new Blob(this.pending as BlobPart[]));
    this.pending = [];
    this.pendingBytes = 0;
  }

  blob(mime: string): Blob {
    this.flush();
    return new Blob(this.parts, { type: mime });
  }
}

export class BlobTarget implements OutputTarget {
  constructor(private readonly partBytes = 4 * 1024 * 1024) {}

  create(name: string, mime: string): FileSink {
    const builder = new BlobBuilder(this.partBytes);
    return {
      write: (chunk) => builder.write(chunk),
      close: async () => ({ name, mime, bytes: builder.bytes, blob: builder.blob(mime) }),
    };
  }

  spool(_name: string): Spool {
    let builder: BlobBuilder | null = new BlobBuilder(this.partBytes);
    const readChunkBytes = 1024 * 1024;
    return {
      write: (chunk) => builder!.write(chunk),
      async *read() {
        const blob = builder!.blob('application/octet-stream');
        for (let at = 0; at < blob.size; at += readChunkBytes) yield new Uint8Array(await blob.slice(at, at + readChunkBytes).arrayBuffer());
      },
      discard: async () => {
        builder = null;
      },
    };
  }

  async commit(): Promise<void> {}
  async abort(): Promise<void> {}
}
