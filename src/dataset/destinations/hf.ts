// A Hugging Face datasets folder for TRL and Unsloth, zipped: Parquet under data/ (train-*, test-*) with
// `messages` and, when any row has images, `images` holding the PNG bytes with the feature metadata that makes
// `datasets` decode them as images; a dataset card whose `configs` block names the files, so
// `load_dataset("<folder>")` gives train and test splits and the folder uploads to the Hub as it is.
// TRL's vision collator passes only `messages` and `images` to the chat template, so answers are text.
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { base64Decode, base64Encode } from '../../lib/base64.ts';
import { sha256Hex } from '../../lib/sha256.ts';
import { ZipWriter } from '../../lib/zip.ts';
import type { ChatMessage } from '../../agent/prompt.ts';
import { dataUrlBytes, ImageError } from '../images.ts';
import type { WrittenFile } from '../output.ts';
import type { DatasetRow, RowMeta, Split } from '../rows.ts';
import { checkHfRow } from '../validate/checks.ts';
import { SpooledJsonl } from './archive.ts';
import { SESSION_ROWS_ABOUT, SplitFiles, spoolLines, type DestinationWriter, type RowsAbout, type WriterContext } from './writer.ts';

export const HF_ZIP = 'crafter-hf.zip';
/** TRL's scripts evaluate on the split named "test". */
export const HF_SPLIT_NAMES: Record<Split, string> = { train: 'train', validation: 'test' };
export const hfDataFile = (split: Split) => `data/${HF_SPLIT_NAMES[split]}-00000-of-00001.parquet`;
export const hfMetadataFile = (split: Split) => `metadata/${HF_SPLIT_NAMES[split]}.metadata.jsonl`;
/** Rows per Parquet row group, as the Hub writes image datasets: small groups keep random access cheap. */
const ROWS_PER_GROUP = 100;

export interface HfPart {
  type: 'text' | 'image';
  /** Null for an image placeholder: the chat templates and TRL tell the two kinds by `type`. */
  text: string | null;
}

export interface HfMessage {
  role: string;
  content: HfPart[];
}

/** A row as spooled before the Parquet files are written: messages, and the images as base64 PNG. */
interface HfSpooledRow {
  messages: HfMessage[];
  images: string[];
}

function hfContent(message: ChatMessage, images: Uint8Array[]): HfPart[] {
  const content = message.content;
  if (content === null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part): HfPart => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    images.push(dataUrlBytes(part.image_url.url).bytes);
    return { type: 'image', text: null };
  });
}

/** The row in TRL's conversational vision form; throws an ImageError for an image that is not a data URL. */
export function hfRow(row: DatasetRow): { messages: HfMessage[]; images: Uint8Array[] } {
  if (row.target.kind !== 'text') throw new ImageError('the answer is a tool call, which TRL never shows the model; export in the text action format');
  const images: Uint8Array[] = [];
  const messages = row.messages.map((message) => ({ role: message.role, content: hfContent(message, images) }));
  messages.push({ role: 'assistant', content: [{ type: 'text', text: row.target.text }] });
  return { messages, images };
}

const stringType = { dtype: 'string', _type: 'Value' };

/** The `datasets` features of the columns, stored under the "huggingface" key of each Parquet file's metadata. */
export function hfFeatures(withImages: boolean): Record<string, unknown> {
  return {
    messages: [{ role: stringType, content: [{ type: stringType, text: stringType }] }],
    ...(withImages ? { images: [{ _type: 'Image' }] } : {}),
  };
}

const optionalString = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
/** A Parquet list: the three-level LIST form, its element a group of `children` leaves. */
const listOf = (name: string, children: SchemaElement[][]): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: children.length },
  ...children.flat(),
];

/** The Parquet schema matching hfFeatures field for field (names, order, every field nullable), so `datasets` applies the features. */
export function hfParquetSchema(withImages: boolean): SchemaElement[] {
  const messages = listOf('messages', [[optionalString('role')], listOf('content', [[optionalString('type')], [optionalString('text')]])]);
  const images = withImages ? listOf('images', [[{ name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' }], [optionalString('path')]]) : [];
  return [{ name: 'schema', num_children: withImages ? 2 : 1 }, ...messages, ...images];
}

/** Parquet bytes of the spooled rows, a row group at a time, so memory holds one group. */
async function* parquetChunks(lines: AsyncIterable<string>, withImages: boolean): AsyncGenerator<Uint8Array, void, undefined> {
  const out = new ByteWriter() as ByteWriter & { index: number };
  const writer = new ParquetWriter({
    writer: out,
    schema: hfParquetSchema(withImages),
    kvMetadata: [{ key: 'huggingface', value: JSON.stringify({ info: { features: hfFeatures(withImages) } }) }],
    createdBy: 'crafter-web',
  });
  // The bytes written since the last take; the writer keeps counting offsets, so the buffer may start again.
  const take = (): Uint8Array => {
    const bytes = out.getBytes().slice();
    out.index = 0;
    return bytes;
  };
  let batch: HfSpooledRow[] = [];
  const writeGroup = () => {
    const columnData: ColumnSource[] = [{ name: 'messages', data: batch.map((row) => row.messages) }];
    if (withImages) {
      columnData.push({
        name: 'images',
        // PNG is compressed already; datasets writes image bytes uncompressed too.
        codec: 'UNCOMPRESSED',
        data: batch.map((row) => row.images.map((image) => {
          const bytes = base64Decode(image);
          return { bytes, path: `${sha256Hex(bytes)}.png` };
        })),
      });
    }
    writer.write({ columnData, rowGroupSize: batch.length });
    batch = [];
  };
  for await (const line of lines) {
    batch.push(JSON.parse(line) as HfSpooledRow);
    if (batch.length === ROWS_PER_GROUP) {
      writeGroup();
      yield take();
    }
  }
  if (batch.length) writeGroup();
  writer.finish();
  yield take();
}

const README = (files: { split: Split; rows: number }[], withImages: boolean, about: RowsAbout) => `---
configs:
- config_name: default
  data_files:
${files.map((f) => `  - split: ${HF_SPLIT_NAMES[f.split]}\n    path: data/${HF_SPLIT_NAMES[f.split]}-*`).join('\n')}
tags:
- crafter
- sft
---
# Crafter SFT data for TRL and Unsloth

Made with crafter-web from ${about.source}.

${files.map((f) => `- \`${hfDataFile(f.split)}\`: ${f.rows} rows of the \`${HF_SPLIT_NAMES[f.split]}\` split; \`${hfMetadataFile(f.split)}\` holds each row's metadata, line for line`).join('\n')}

Columns: \`messages\` (system, user, assistant; content items \`{"type": "text", "text": ...}\`${withImages ? ' and `{"type": "image"}` placeholders' : ''})${withImages ? ', `images` (8-bit RGB PNG frames, in placeholder order, decoded as images)' : ''}. The assistant answers in text with ${about.textAnswer}, because TRL's vision collator never shows a model the tools.

\`\`\`python
from datasets import load_dataset
data = load_dataset("path/to/this/folder")  # or the Hub repository it is uploaded to
\`\`\`

TRL's \`examples/scripts/sft_vlm.py --dataset_name path/to/this/folder\` trains on it as it is (the \`test\` split is its evaluation split).
`;

interface SplitSpools {
  rows: SpooledJsonl;
  meta: SpooledJsonl;
}

export class HfFolderWriter implements DestinationWriter {
  private readonly zip: ZipWriter<WrittenFile>;
  private readonly files: SplitFiles<SplitSpools>;
  private readonly imageNames = new Set<string>();
  private rowsWithImages = 0;

  constructor(private readonly ctx: WriterContext) {
    this.zip = new ZipWriter(ctx.target.create(HF_ZIP, 'application/zip'));
    this.files = new SplitFiles((split) => ({ rows: new SpooledJsonl(ctx, hfDataFile(split)), meta: new SpooledJsonl(ctx, hfMetadataFile(split)) }));
    this.files.get('train');
  }

  get imageFiles(): number {
    return this.imageNames.size;
  }

  async write(row: DatasetRow, meta: RowMeta): Promise<boolean> {
    const out = this.files.get(meta.split);
    let value: ReturnType<typeof hfRow>;
    try {
      value = hfRow(row);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      this.ctx.problems.add(`${HF_ZIP}/${out.rows.name}`, null, `a row left out: ${error.message}`);
      return false;
    }
    checkHfRow(value, { ...this.ctx, file: `${HF_ZIP}/${out.rows.name}`, line: out.rows.file.lines + 1 });
    for (const bytes of value.images) this.imageNames.add(sha256Hex(bytes));
    const images = value.images.map((bytes) => base64Encode(bytes));
    if (images.length) this.rowsWithImages++;
    out.rows.file.append(JSON.stringify({ messages: value.messages, images } satisfies HfSpooledRow));
    out.meta.file.append(JSON.stringify(meta));
    return true;
  }

  async finish(): Promise<WrittenFile[]> {
    // One schema for every split (`datasets` casts all files to the first one's features): images only when a row has one.
    const withImages = this.rowsWithImages > 0;
    const written: { split: Split; rows: number }[] = [];
    for (const [split, out] of this.files.opened()) {
      written.push({ split, rows: out.rows.file.lines });
      await this.zip.addStream(hfDataFile(split), parquetChunks(spoolLines(out.rows.spool), withImages), false);
      await out.rows.spool.discard();
      await out.meta.addTo(this.zip);
    }
    this.zip.add('README.md', README(written, withImages, this.ctx.about ?? SESSION_ROWS_ABOUT), true);
    return [await this.zip.close()];
  }
}
