// Images of the zip destinations: each distinct image goes into the archive once, as it comes, named by the
// SHA-256 of its bytes; rows and metadata are spooled per split and added after the images.
import { sha256Hex } from '../../lib/sha256.ts';
import { ZipWriter } from '../../lib/zip.ts';
import { dataUrlBytes, EXTENSIONS } from '../images.ts';
import type { Spool, WrittenFile } from '../output.ts';
import { JsonlFile, type WriterContext } from './writer.ts';

export class ArchiveImages {
  private readonly written = new Set<string>();

  constructor(private readonly zip: ZipWriter<WrittenFile>, private readonly folder = 'images') {}

  get count(): number {
    return this.written.size;
  }

  has(path: string): boolean {
    return this.written.has(path);
  }

  /** Puts the image of a data URL into the archive (once) and gives back its path. */
  put(url: string): string {
    const { mime, bytes } = dataUrlBytes(url);
    const path = `${this.folder}/${sha256Hex(bytes)}.${EXTENSIONS[mime]}`;
    if (!this.written.has(path)) {
      this.zip.add(path, bytes, false);
      this.written.add(path);
    }
    return path;
  }
}

/** A JSONL file spooled now and added to the archive at the end. */
export class SpooledJsonl {
  readonly file: JsonlFile;
  readonly spool: Spool;

  constructor(ctx: WriterContext, readonly name: string) {
    this.spool = ctx.target.spool(name);
    this.file = new JsonlFile(name, this.spool);
  }

  async addTo(zip: ZipWriter<WrittenFile>, name = this.name): Promise<void> {
    await zip.addStream(name, this.spool.read(), true);
    await this.spool.discard();
  }
}
