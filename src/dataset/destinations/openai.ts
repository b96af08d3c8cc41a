// OpenAI chat fine-tuning JSONL (what Azure OpenAI, Together, Fireworks and other services take) with a
// line-aligned metadata file beside it; and the annotated form, which carries the metadata inside each row as
// synth-ai's exporter writes it, so its filter scripts read the file as it is.
import type { FileSink, WrittenFile } from '../output.ts';
import type { DatasetRow, RowMeta, Split } from '../rows.ts';
import { checkExampleCount, checkOpenAiRow } from '../validate/checks.ts';
import type { AnnotatedRow, OpenAiRow } from '../validate/schemas.ts';
import { JsonlFile, SplitFiles, type DestinationWriter, type WriterContext } from './writer.ts';

const JSONL = 'application/jsonl';

type AssistantMessage = Extract<OpenAiRow['messages'][number], { role: 'assistant' }>;

function assistantMessage(row: DatasetRow): AssistantMessage {
  const { target } = row;
  if (target.kind === 'text') return { role: 'assistant', content: target.text };
  return {
    role: 'assistant',
    tool_calls: [{ id: target.id, type: 'function', function: { name: target.name, arguments: JSON.stringify(target.arguments) } }],
  };
}

/** The row as an upload line: only the keys chat fine-tuning accepts. */
export function openAiRow(row: DatasetRow): OpenAiRow {
  return {
    messages: [...(row.messages as OpenAiRow['messages']), assistantMessage(row)],
    ...(row.tools === null ? {} : { tools: row.tools as OpenAiRow['tools'], parallel_tool_calls: false }),
  };
}

export function annotatedRow(row: DatasetRow, meta: RowMeta): AnnotatedRow {
  return { ...openAiRow(row), metadata: meta as unknown as AnnotatedRow['metadata'] };
}

interface SplitOutput {
  sink: FileSink;
  rows: JsonlFile;
  metaSink: FileSink | null;
  meta: JsonlFile | null;
}

export const rowFileName = (split: Split, annotated: boolean) => (annotated ? `${split}.annotated.jsonl` : `${split}.jsonl`);
export const metadataFileName = (split: Split) => `${split}.metadata.jsonl`;

export class OpenAiWriter implements DestinationWriter {
  readonly imageFiles = 0;
  private readonly files: SplitFiles<SplitOutput>;

  constructor(private readonly ctx: WriterContext, private readonly annotated: boolean) {
    this.files = new SplitFiles((split) => this.open(split));
    this.files.get('train');
  }

  private open(split: Split): SplitOutput {
    const name = rowFileName(split, this.annotated);
    const sink = this.ctx.target.create(name, JSONL);
    const metaSink = this.annotated ? null : this.ctx.target.create(metadataFileName(split), JSONL);
    return { sink, rows: new JsonlFile(name, sink), metaSink, meta: metaSink && new JsonlFile(metadataFileName(split), metaSink) };
  }

  async write(row: DatasetRow, meta: RowMeta): Promise<boolean> {
    const out = this.files.get(meta.split);
    const value = this.annotated ? annotatedRow(row, meta) : openAiRow(row);
    checkOpenAiRow(value, { ...this.ctx, file: out.rows.name, line: out.rows.lines + 1 }, this.annotated);
    out.rows.append(JSON.stringify(value));
    out.meta?.append(JSON.stringify(meta));
    return true;
  }

  async finish(): Promise<WrittenFile[]> {
    const written: WrittenFile[] = [];
    for (const [, out] of this.files.opened()) {
      checkExampleCount(out.rows.name, out.rows.lines, this.ctx.limits, this.ctx.problems);
      written.push(await out.sink.close());
      if (out.metaSink) written.push(await out.metaSink.close());
    }
    return written;
  }
}
