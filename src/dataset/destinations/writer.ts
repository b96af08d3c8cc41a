// What every destination writer shares: its context, the per-split files it appends lines to, and reading a
// spooled file back line by line.
import type { ExportLimits } from '../limits.ts';
import type { FileSink, OutputTarget, Spool, WrittenFile } from '../output.ts';
import { SPLITS, type DatasetRow, type RowMeta, type Split } from '../rows.ts';
import type { ProblemList } from '../validate/problems.ts';

export interface WriterContext {
  target: OutputTarget;
  limits: ExportLimits;
  problems: ProblemList;
  /** What the rows are, for the archives' READMEs; recorded sessions' rows unless given. */
  about?: RowsAbout;
}

export interface RowsAbout {
  /** What the rows were made from, completing "Made with crafter-web from ...". */
  source: string;
  /** What a text answer holds, completing "The assistant answers in text with ...". */
  textAnswer: string;
}

export const SESSION_ROWS_ABOUT: RowsAbout = { source: 'recorded Crafter sessions', textAnswer: 'a JSON object of actions, as the system prompt asks' };

export interface DestinationWriter {
  /** Writes the row to its split's file after checking it; false when it could not be written (the problem is recorded). */
  write(row: DatasetRow, meta: RowMeta): Promise<boolean>;
  /** Closes every file; file-level checks (such as the example count) are recorded then. */
  finish(): Promise<WrittenFile[]>;
  /** Distinct image files written beside the rows. */
  readonly imageFiles: number;
}

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

/** Files of each split created on first use, so an export without validation rows writes no empty validation file. */
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

/** The lines of a spooled file, in order, without their line ends. */
export async function* spoolLines(spool: Spool): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of spool.read()) {
    const lines = (pending + decoder.decode(chunk, { stream: true })).split('\n');
    pending = lines.pop()!;
    yield* lines;
  }
  pending += decoder.decode();
  if (pending) yield pending;
}
