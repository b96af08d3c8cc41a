// OpenAI chat fine-tuning JSONL with a line-aligned metadata file beside it, and the annotated form that
// carries the metadata inside each row instead.
import { checkExampleCount, checkOpenAiRow } from '../validate/checks.ts';
import type { FileSink, WrittenFile } from '../output.ts';
import { toolName, type DatasetRow, type RowMetadata, type Split } from '../rows.ts';
import type { AnnotatedRow, OpenAiRow } from '../validate/schemas.ts';
import { JsonlFile, SPLITS, SplitFiles, type FormatWriter, type WriterContext } from './writer.ts';

const JSONL = 'application/jsonl';

/** The row as an upload line: only the keys chat fine-tuning accepts; the assistant turn is one interact_many call. */
export function openAiRow(row: DatasetRow): OpenAiRow {
  const assistant = row.tools === null
    ? { role: 'assistant' as const, content: `Actions: ${row.actions.join(', ')}` }
    : {
      role: 'assistant' as const,
      tool_calls: [{ id: row.toolCallId, type: 'function' as const, function: { name: toolName(row), arguments: JSON.stringify({ actions: row.actions }) } }],
    };
  return {
    messages: [...(row.messages as OpenAiRow['messages']), assistant],
    ...(row.tools === null ? {} : { tools: row.tools as OpenAiRow['tools'], parallel_tool_calls: false }),
  };
}

export function annotatedRow(row: DatasetRow, meta: RowMetadata): AnnotatedRow {
  return { ...openAiRow(row), metadata: meta } as AnnotatedRow;
}

interface SplitOutput {
  sink: FileSink;
  rows: JsonlFile;
  metaSink: FileSink | null;
  meta: JsonlFile | null;
}

export class OpenAiWriter implements FormatWriter {
  readonly imageFiles = 0;
  private readonly files: SplitFiles<SplitOutput>;

  constructor(private readonly ctx: WriterContext, private readonly annotated: boolean) {
    this.files = new SplitFiles((split) => this.open(split));
    this.files.get('train');
  }

  /** The files an export of this form may write. */
  static fileNames(annotated: boolean): string[] {
    return SPLITS.flatMap((split) => (annotated ? [`${split}.annotated.jsonl`] : [`${split}.jsonl`, `${split}.metadata.jsonl`]));
  }

  private open(split: Split): SplitOutput {
    const name = this.annotated ? `${split}.annotated.jsonl` : `${split}.jsonl`;
    const sink = this.ctx.target.create(name, JSONL);
    const metaName = `${split}.metadata.jsonl`;
    const metaSink = this.annotated ? null : this.ctx.target.create(metaName, JSONL);
    return { sink, rows: new JsonlFile(name, sink), metaSink, meta: metaSink && new JsonlFile(metaName, metaSink) };
  }

  async write(row: DatasetRow, meta: RowMetadata): Promise<boolean> {
    const out = this.files.get(meta.split);
    const value = this.annotated ? annotatedRow(row, meta) : openAiRow(row);
    const line = out.rows.lines + 1;
    checkOpenAiRow(value, { ...this.ctx, file: out.rows.name, line }, this.annotated);
    out.rows.append(JSON.stringify(value));
    out.meta?.append(JSON.stringify(meta));
    return true;
  }

  async finish(): Promise<WrittenFile[]> {
    const written: WrittenFile[] = [];
    for (const [, out] of this.files.opened()) {
      if (!this.annotated) checkExampleCount(out.rows.name, out.rows.lines, this.ctx.limits, this.ctx.problems);
      written.push(await out.sink.close());
      if (out.metaSink) written.push(await out.metaSink.close());
    }
    return written;
  }
}
