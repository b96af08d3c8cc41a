// What every format writer shares: the per-split JSONL files it appends rows to, with their line numbers.
import type { ByteHelpers } from '../deps.ts';
import type { ExportLimits } from '../options.ts';
import type { FileSink, OutputTarget, Spool, WrittenFile } from '../output.ts';
import type { DatasetRow, RowMetadata, Split } from '../rows.ts';
import type { ProblemList } from '../validate/problems.ts';

export interface WriterContext {
  target: OutputTarget;
  limits: ExportLimits;
  bytes: ByteHelpers;
  problems: ProblemList;
}

export interface FormatWriter {
  /** Writes the row to its split's file after checking it; false when it could not be written (the problem is recorded). */
  write(row: DatasetRow, meta: RowMetadata): Promise<boolean>;
  /** Closes every file; file-level checks (such as the example count) are recorded then. */
  finish(): Promise<WrittenFile[]>;
  /** Distinct image files written into an archive. */
  readonly imageFiles: number;
}

export const SPLITS: readonly Split[] = ['train', 'validation'];

/** One JSONL file: appends objects as lines and counts them. */
export class JsonlFile {
  lines = 0;
  constructor(readonly name: string, private readonly sink: FileSink | Spool) {}

  /** Appends the line and returns its 1-based line number. */
  append(json: string): number {
    this.sink.write(`${json}\n`);
    return ++this.lines;
  }
}

/** Files of each split created on first use, so an export without validation sessions writes no empty validation file. */
export class SplitFiles<T> {
  private readonly files = new Map<Split, T>();
  constructor(private readonly open: (split: Split) => T) {}

  get(split: Split): T {
    let file = this.files.get(split);
    if (!file) {
      file = this.open(split);
      this.files.set(split, file);
    }
    return file;
  }

  /** The splits opened so far, train first. */
  opened(): [Split, T][] {
    return SPLITS.filter((split) => this.files.has(split)).map((split) => [split, this.files.get(split)!]);
  }
}
