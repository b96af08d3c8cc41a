// The zip formats' shared writer: images go into the archive as they come (once each, named by their SHA-256),
// rows and metadata are spooled per split and added after the images, then the format's own extra files.
import type { ByteHelpers } from '../deps.ts';
import { dataUrlInfo, EXTENSIONS } from '../images.ts';
import type { Spool, WrittenFile } from '../output.ts';
import type { DatasetRow, RowMetadata, Split } from '../rows.ts';
import type { RowCheckContext } from '../validate/checks.ts';
import { ZipWriter } from '../../lib/zip.ts';
import { JsonlFile, SplitFiles, type FormatWriter, type WriterContext } from './writer.ts';

export class ImageError extends Error {}

/** Puts each distinct image into the archive once and hands back its path. */
export class ArchiveImages {
  private readonly written = new Set<string>();

  constructor(private readonly zip: ZipWriter<WrittenFile>, private readonly bytes: ByteHelpers) {}

  get count(): number {
    return this.written.size;
  }

  has(path: string): boolean {
    return this.written.has(path);
  }

  put(url: string): string {
    const info = dataUrlInfo(url);
    const extension = info && EXTENSIONS[info.mime];
    if (!info || !extension) throw new ImageError(`an image is not a PNG, JPEG or WEBP data URL (starts ${JSON.stringify(url.slice(0, 30))}), so it cannot be put in the archive`);
    let data: Uint8Array;
    try {
      data = this.bytes.base64Decode(url.slice(info.payloadStart));
    } catch (error) {
      throw new ImageError(`an image data URL is not valid base64: ${(error as Error).message}`);
    }
    const path = `images/${this.bytes.sha256Hex(data)}.${extension}`;
    if (!this.written.has(path)) {
      this.zip.add(path, data, false);
      this.written.add(path);
    }
    return path;
  }
}

export interface ArchiveFormat<T> {
  zipName: string;
  rowFile(split: Split): string;
  /** The row in the format, its images put in the archive. */
  convert(row: DatasetRow, images: ArchiveImages): T;
  check(value: T, ctx: RowCheckContext): void;
  /** Files added after the rows (dataset_info.json, README.md), given the row files written. */
  extraFiles(rowFiles: { split: Split; name: string; rows: number }[]): { name: string; text: string }[];
}

interface SplitSpools {
  rows: JsonlFile;
  rowSpool: Spool;
  meta: JsonlFile;
  metaSpool: Spool;
}

export class ArchiveWriter<T> implements FormatWriter {
  private readonly zip: ZipWriter<WrittenFile>;
  private readonly images: ArchiveImages;
  private readonly files: SplitFiles<SplitSpools>;

  constructor(private readonly ctx: WriterContext, private readonly format: ArchiveFormat<T>) {
    this.zip = new ZipWriter(ctx.target.create(format.zipName, 'application/zip'));
    this.images = new ArchiveImages(this.zip, ctx.bytes);
    this.files = new SplitFiles((split) => {
      const name = format.rowFile(split);
      const metaName = `${split}.metadata.jsonl`;
      const rowSpool = ctx.target.spool(name);
      const metaSpool = ctx.target.spool(metaName);
      return { rows: new JsonlFile(name, rowSpool), rowSpool, meta: new JsonlFile(metaName, metaSpool), metaSpool };
    });
    this.files.get('train');
  }

  get imageFiles(): number {
    return this.images.count;
  }

  async write(row: DatasetRow, meta: RowMetadata): Promise<boolean> {
    const out = this.files.get(meta.split);
    const line = out.rows.lines + 1;
    let value: T;
    try {
      value = this.format.convert(row, this.images);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      this.ctx.problems.add(out.rows.name, null, `row of session ${meta.session} step ${meta.step} left out: ${error.message}`);
      return false;
    }
    this.format.check(value, { ...this.ctx, file: out.rows.name, line, imageExists: (path) => this.images.has(path) });
    out.rows.append(JSON.stringify(value));
    out.meta.append(JSON.stringify(meta));
    return true;
  }

  async finish(): Promise<WrittenFile[]> {
    const written: { split: Split; name: string; rows: number }[] = [];
    for (const [split, out] of this.files.opened()) {
      await this.zip.addStream(out.rows.name, out.rowSpool.read(), true);
      await this.zip.addStream(out.meta.name, out.metaSpool.read(), true);
      await out.rowSpool.discard();
      await out.metaSpool.discard();
      written.push({ split, name: out.rows.name, rows: out.rows.lines });
    }
    for (const file of this.format.extraFiles(written)) this.zip.add(file.name, file.text, true);
    return [await this.zip.close()];
  }
}
