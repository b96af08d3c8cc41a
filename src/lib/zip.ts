// A zip archive streamed into a file sink with fflate's Zip: each member is pushed whole before the next is
// added, so nothing waits in memory; images are stored as they are (PNG is compressed already), text is deflated.
// fflate writes no zip64 records, so past 65,535 members the end of the archive gets the zip64 end record here.
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** Where the archive's bytes go; `close` gives whatever the sink makes of them (a written file, a Blob). */
export interface ZipSink<R> {
  write(chunk: Uint8Array): void;
  close(): Promise<R>;
}

const encoder = new TextEncoder();
const utf8 = (data: Uint8Array | string): Uint8Array => (typeof data === 'string' ? encoder.encode(data) : data);

// A fixed member time keeps an export byte-for-byte reproducible.
const MEMBER_TIME = new Date(2000, 0, 1);
const MAX_CLASSIC_ENTRIES = 0xffff;
// Offsets are 32-bit in fflate's headers; past this the archive would be corrupt, so the export stops instead.
const MAX_ARCHIVE_BYTES = 0xffffffff;
const END_RECORD_BYTES = 22;

/** The zip64 end of central directory record and its locator, for an archive past 65,535 members or 4 GiB. */
export function zip64End(entries: number, directoryBytes: number, directoryOffset: number): Uint8Array {
  const out = new Uint8Array(56 + 20);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x06064b50, true);
  view.setBigUint64(4, 44n, true);
  view.setUint16(12, 45, true);
  view.setUint16(14, 45, true);
  view.setBigUint64(24, BigInt(entries), true);
  view.setBigUint64(32, BigInt(entries), true);
  view.setBigUint64(40, BigInt(directoryBytes), true);
  view.setBigUint64(48, BigInt(directoryOffset), true);
  view.setUint32(56, 0x07064b50, true);
  view.setBigUint64(64, BigInt(directoryOffset + directoryBytes), true);
  view.setUint32(72, 1, true);
  return out;
}

export class ZipWriter<R> {
  private readonly zip: Zip;
  private failure: Error | null = null;
  private written = 0;
  readonly names = new Set<string>();

  constructor(private readonly sink: ZipSink<R>) {
    this.zip = new Zip((error, chunk, final) => {
      if (error) this.failure ??= new Error(`zip: ${error.message}`);
      else if (final) this.writeEnd(chunk);
      else this.write(chunk);
    });
  }

  private write(chunk: Uint8Array): void {
    this.written += chunk.length;
    if (this.written > MAX_ARCHIVE_BYTES) {
      this.failure ??= new Error('the archive would pass 4 GiB, which this zip writer cannot address; export fewer sessions, or as JSONL');
      return;
    }
    this.sink.write(chunk);
  }

  /** fflate's last chunk is the central directory and the classic end record; more members need the zip64 end too. */
  private writeEnd(chunk: Uint8Array): void {
    if (this.names.size <= MAX_CLASSIC_ENTRIES) {
      this.write(chunk);
      return;
    }
    const directoryBytes = chunk.length - END_RECORD_BYTES;
    const directoryOffset = this.written;
    const end = chunk.slice(directoryBytes);
    const view = new DataView(end.buffer);
    // Counts of 0xFFFF tell readers to take the real ones from the zip64 record.
    view.setUint16(8, MAX_CLASSIC_ENTRIES, true);
    view.setUint16(10, MAX_CLASSIC_ENTRIES, true);
    this.write(chunk.subarray(0, directoryBytes));
    this.write(zip64End(this.names.size, directoryBytes, directoryOffset));
    this.write(end);
  }

  private member(name: string, compress: boolean): ZipDeflate | ZipPassThrough {
    if (this.names.has(name)) throw new Error(`zip: ${name} is already in the archive`);
    this.names.add(name);
    const file = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    file.mtime = MEMBER_TIME;
    this.zip.add(file);
    return file;
  }

  add(name: string, data: Uint8Array | string, compress: boolean): void {
    this.member(name, compress).push(utf8(data), true);
    this.check();
  }

  async addStream(name: string, chunks: AsyncIterable<Uint8Array>, compress: boolean): Promise<void> {
    const file = this.member(name, compress);
    for await (const chunk of chunks) file.push(chunk);
    file.push(new Uint8Array(0), true);
    this.check();
  }

  async close(): Promise<R> {
    this.zip.end();
    this.check();
    return this.sink.close();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
