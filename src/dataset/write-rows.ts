// Rows to a destination: the one way any row source (recorded sessions, a probe set...) writes files. Every
// image is made 8-bit RGB first, whatever the source kept.
import { destination, type DestinationId } from './destinations/registry.ts';
import type { WriterContext } from './destinations/writer.ts';
import { ImageError, RgbImages } from './images.ts';
import type { WrittenFile } from './output.ts';
import type { DatasetRow, RowMeta, SourcedRow } from './rows.ts';

export interface WriteRowsResult {
  files: WrittenFile[];
  /** Distinct image files written beside the rows (archive destinations). */
  imageFiles: number;
}

export interface WriteRowsOptions<M extends RowMeta> extends WriterContext {
  /** Told of each row as written (with its images as written), or as left out when it could not be. */
  onRow?(row: DatasetRow, meta: M, written: boolean): void;
}

/** Writes every row of `rows` to the destination's files; the caller commits or aborts the target. */
export async function writeRows<M extends RowMeta>(id: DestinationId, rows: AsyncIterable<SourcedRow<M>>, options: WriteRowsOptions<M>): Promise<WriteRowsResult> {
  const writer = destination(id).create(options);
  const rgb = new RgbImages();
  for await (const { row, meta } of rows) {
    let ready: DatasetRow;
    try {
      ready = rgb.row(row);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      options.problems.add(`(${meta.split} rows)`, null, `a row left out: ${error.message}`);
      options.onRow?.(row, meta, false);
      continue;
    }
    options.onRow?.(ready, meta, await writer.write(ready, meta));
  }
  const files = await writer.finish();
  return { files, imageFiles: writer.imageFiles };
}
