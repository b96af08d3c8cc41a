// Hugging Face TRL vision SFT: messages whose content lists {"type":"image"} placeholders and text, the
// images in order in an `images` column of paths into the archive's images/ folder.
import type { PromptMessage } from '../deps.ts';
import { toolArguments, toolName, type DatasetRow, type Split } from '../rows.ts';
import { checkTrlRow } from '../validate/checks.ts';
import type { TrlRow } from '../validate/schemas.ts';
import type { ArchiveFormat, ArchiveImages } from './archive.ts';

type TrlMessage = TrlRow['messages'][number];
type TrlPart = TrlMessage['content'][number];

function trlContent(message: PromptMessage, images: ArchiveImages, paths: string[]): TrlPart[] {
  const content = message.content;
  if (content === null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part): TrlPart => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    paths.push(images.put(part.image_url.url));
    return { type: 'image' };
  });
}

export function trlRow(row: DatasetRow, images: ArchiveImages): TrlRow {
  const paths: string[] = [];
  const messages: TrlMessage[] = row.messages.map((message) => ({
    role: message.role,
    content: trlContent(message, images, paths),
  }));
  messages.push(row.tools === null
    ? { role: 'assistant', content: [{ type: 'text', text: `Actions: ${row.actions.join(', ')}` }] }
    : { role: 'assistant', content: [], tool_calls: [{ type: 'function', function: { name: toolName(row), arguments: toolArguments(row) } }] });
  return { messages, images: paths, ...(row.tools === null ? {} : { tools: row.tools as TrlRow['tools'] }) };
}

const README = (files: { split: Split; name: string; rows: number }[]) => `# Crafter SFT data for Hugging Face TRL (vision)

${files.map((f) => `- \`${f.name}\`: ${f.rows} ${f.split} rows; \`${f.split}.metadata.jsonl\` holds each row's metadata, line for line`).join('\n')}
- \`images/\`: the frames, named by the SHA-256 of their bytes; a row lists its images in the order of its {"type": "image"} placeholders

Each row: \`messages\` (system, user, assistant; the assistant calls the tool \`interact_many\`), \`images\` (paths relative to this folder) and \`tools\`.

\`\`\`python
import os
from datasets import load_dataset, Sequence, Image
os.chdir("path/to/this/folder")  # image paths are relative to it
data = load_dataset("json", data_files={${files.map((f) => `"${f.split}": "${f.name}"`).join(', ')}})
data = data.cast_column("images", Sequence(Image()))
\`\`\`
`;

export const TRL_FORMAT: ArchiveFormat<TrlRow> = {
  zipName: 'crafter-trl.zip',
  rowFile: (split) => `${split}.jsonl`,
  convert: trlRow,
  check: checkTrlRow,
  extraFiles: (files) => [{ name: 'README.md', text: README(files) }],
};
