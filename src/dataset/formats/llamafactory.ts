// LLaMA-Factory sharegpt form: role/content messages with one <image> token per image, `images` as paths,
// the tool call as a function_call turn, and a dataset_info.json that registers the files.
import type { PromptMessage } from '../deps.ts';
import { toolArguments, toolName, type DatasetRow, type Split } from '../rows.ts';
import { checkLlamaFactoryRow } from '../validate/checks.ts';
import type { LlamaFactoryRow } from '../validate/schemas.ts';
import type { ArchiveFormat, ArchiveImages } from './archive.ts';

const IMAGE_TOKEN = '<image>';

function flatContent(message: PromptMessage, images: ArchiveImages, paths: string[]): string {
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
  const messages: LlamaFactoryRow['messages'] = row.messages.map((message) => ({
    role: message.role,
    content: flatContent(message, images, paths),
  }));
  messages.push(row.tools === null
    ? { role: 'assistant', content: `Actions: ${row.actions.join(', ')}` }
    : { role: 'function_call', content: JSON.stringify({ name: toolName(row), arguments: toolArguments(row) }) });
  // Tools in the flat {name, description, parameters} form every LLaMA-Factory version reads.
  return { messages, images: paths, ...(row.tools === null ? {} : { tools: JSON.stringify(row.tools.map((tool) => tool.function)) }) };
}

const datasetName = (split: Split) => `crafter_${split}`;

function datasetInfo(files: { split: Split; name: string }[]): string {
  const entry = (name: string) => ({
    file_name: name,
    formatting: 'sharegpt',
    columns: { messages: 'messages', images: 'images', tools: 'tools' },
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

const README = (files: { split: Split; name: string; rows: number }[]) => `# Crafter SFT data for LLaMA-Factory (sharegpt)

${files.map((f) => `- \`${f.name}\`: ${f.rows} ${f.split} rows, registered as \`${datasetName(f.split)}\` in \`dataset_info.json\`; \`${f.split}.metadata.jsonl\` holds each row's metadata, line for line`).join('\n')}
- \`images/\`: the frames, named by the SHA-256 of their bytes, in the order of each row's ${IMAGE_TOKEN} tokens

Unzip into a folder and train with \`dataset_dir: path/to/that/folder\` and \`dataset: ${files.map((f) => datasetName(f.split))[0] ?? 'crafter_train'}\`${files.length > 1 ? ` (and \`eval_dataset: ${datasetName('validation')}\`)` : ''}; image paths are relative to it.
`;

export const LLAMAFACTORY_FORMAT: ArchiveFormat<LlamaFactoryRow> = {
  zipName: 'crafter-llamafactory.zip',
  rowFile: (split) => `${datasetName(split)}.jsonl`,
  convert: llamaFactoryRow,
  check: checkLlamaFactoryRow,
  extraFiles: (files) => [
    { name: 'dataset_info.json', text: datasetInfo(files) },
    { name: 'README.md', text: README(files) },
  ],
};
