// LLaMA-Factory, sharegpt form: role/content messages with one <image> token per image, `images` as paths into
// the archive, the answer as an assistant turn (text) or a function_call turn (tool), and a dataset_info.json
// that declares a column only when every row has it (its converter reads every declared column of every row).
import { ZipWriter } from '../../lib/zip.ts';
import type { ChatMessage } from '../../agent/prompt.ts';
import type { WrittenFile } from '../output.ts';
import { ImageError } from '../images.ts';
import type { DatasetRow, RowMeta, Split } from '../rows.ts';
import { checkLlamaFactoryRow } from '../validate/checks.ts';
import type { LlamaFactoryRow } from '../validate/schemas.ts';
import { ArchiveImages, SpooledJsonl } from './archive.ts';
import { SESSION_ROWS_ABOUT, SplitFiles, type DestinationWriter, type RowsAbout, type WriterContext } from './writer.ts';

export const LLAMAFACTORY_ZIP = 'crafter-llamafactory.zip';
export const IMAGE_TOKEN = '<image>';

function flatContent(message: ChatMessage, images: ArchiveImages, paths: string[]): string {
  const content = message.content;
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => {
    if (part.type === 'text') return part.text;
    paths.push(images.put(part.image_url.url));
    return IMAGE_TOKEN;
  }).join('\n');
}

export function llamaFactoryRow(row: DatasetRow, images: ArchiveImages): LlamaFactoryRow {
  const paths: string[] = [];
  const messages: LlamaFactoryRow['messages'] = row.messages.map((message) => ({ role: message.role, content: flatContent(message, images, paths) }));
  const { target } = row;
  messages.push(target.kind === 'text'
    ? { role: 'assistant', content: target.text }
    : { role: 'function_call', content: JSON.stringify({ name: target.name, arguments: target.arguments }) });
  // Tools in the flat {name, description, parameters} form every LLaMA-Factory version reads.
  return { messages, images: paths, ...(row.tools === null ? {} : { tools: JSON.stringify(row.tools.map((tool) => tool.function)) }) };
}

export const datasetName = (split: Split) => `crafter_${split}`;
export const llamaFactoryRowFile = (split: Split) => `${datasetName(split)}.jsonl`;

/** Which optional columns every row has, so dataset_info.json declares only those. */
export interface ColumnPresence {
  images: boolean;
  tools: boolean;
}

export function datasetInfo(files: { split: Split; name: string }[], columns: ColumnPresence): string {
  const entry = (name: string) => ({
    file_name: name,
    formatting: 'sharegpt',
    columns: { messages: 'messages', ...(columns.images ? { images: 'images' } : {}), ...(columns.tools ? { tools: 'tools' } : {}) },
    tags: {
      role_tag: 'role',
      content_tag: 'content',
      user_tag: 'user',
      assistant_tag: 'assistant',
      observation_tag: 'tool',
      function_tag: 'function_call',
      system_tag: 'system',
    },
  });
  return `${JSON.stringify(Object.fromEntries(files.map((f) => [datasetName(f.split), entry(f.name)])), null, 2)}\n`;
}

const README = (files: { split: Split; name: string; rows: number }[], columns: ColumnPresence, about: RowsAbout) => `# Crafter SFT data for LLaMA-Factory (sharegpt)

${files.map((f) => `- \`${f.name}\`: ${f.rows} ${f.split} rows, registered as \`${datasetName(f.split)}\` in \`dataset_info.json\`; \`metadata/${f.split}.metadata.jsonl\` holds each row's metadata, line for line`).join('\n')}
${columns.images ? `- \`images/\`: the frames (8-bit RGB PNG), named by the SHA-256 of their bytes, in the order of each row's ${IMAGE_TOKEN} tokens\n` : ''}
The assistant answers ${columns.tools ? 'with a `function_call` turn calling `interact_many` (the tools are in each row)' : `in text: ${about.textAnswer}`}.
Unzip into a folder and train with \`dataset_dir: path/to/that/folder\` and \`dataset: ${files.map((f) => datasetName(f.split))[0] ?? 'crafter_train'}\`${files.length > 1 ? ` (and \`eval_dataset: ${datasetName('validation')}\`)` : ''}; image paths are relative to it.
`;

interface SplitSpools {
  rows: SpooledJsonl;
  meta: SpooledJsonl;
}

export class LlamaFactoryWriter implements DestinationWriter {
  private readonly zip: ZipWriter<WrittenFile>;
  private readonly images: ArchiveImages;
  private readonly files: SplitFiles<SplitSpools>;
  private rows = 0;
  private rowsWithImages = 0;
  private rowsWithTools = 0;

  constructor(private readonly ctx: WriterContext) {
    this.zip = new ZipWriter(ctx.target.create(LLAMAFACTORY_ZIP, 'application/zip'));
    this.images = new ArchiveImages(this.zip);
    this.files = new SplitFiles((split) => ({ rows: new SpooledJsonl(ctx, llamaFactoryRowFile(split)), meta: new SpooledJsonl(ctx, `metadata/${split}.metadata.jsonl`) }));
    this.files.get('train');
  }

  get imageFiles(): number {
    return this.images.count;
  }

  async write(row: DatasetRow, meta: RowMeta): Promise<boolean> {
    const out = this.files.get(meta.split);
    let value: LlamaFactoryRow;
    try {
      value = llamaFactoryRow(row, this.images);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      this.ctx.problems.add(`${LLAMAFACTORY_ZIP}/${out.rows.name}`, null, `a row left out: ${error.message}`);
      return false;
    }
    checkLlamaFactoryRow(value, { ...this.ctx, file: `${LLAMAFACTORY_ZIP}/${out.rows.name}`, line: out.rows.file.lines + 1, imageExists: (path) => this.images.has(path) });
    out.rows.file.append(JSON.stringify(value));
    out.meta.file.append(JSON.stringify(meta));
    this.rows++;
    if (value.images.length) this.rowsWithImages++;
    if (value.tools !== undefined) this.rowsWithTools++;
    return true;
  }

  async finish(): Promise<WrittenFile[]> {
    const written: { split: Split; name: string; rows: number }[] = [];
    for (const [split, out] of this.files.opened()) {
      written.push({ split, name: out.rows.name, rows: out.rows.file.lines });
      await out.rows.addTo(this.zip);
      await out.meta.addTo(this.zip);
    }
    // Every row carries `images` (empty where it has none): declared once any row has an image.
    const columns = { images: this.rowsWithImages > 0, tools: this.rows > 0 && this.rowsWithTools === this.rows };
    this.zip.add('dataset_info.json', datasetInfo(written, columns), true);
    this.zip.add('README.md', README(written, columns, this.ctx.about ?? SESSION_ROWS_ABOUT), true);
    return [await this.zip.close()];
  }
}
