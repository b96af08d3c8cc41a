// The canonical training row every destination is written from, whatever made it (recorded sessions, a probe
// set of visual questions...), and the little a writer needs of the metadata that travels beside it.
import type { ChatMessage, ContentPart } from '../agent/prompt.ts';
import type { FunctionTool } from '../agent/tool.ts';
import type { JsonValue } from '../storage/index.ts';

export type Split = 'train' | 'validation';
export const SPLITS: readonly Split[] = ['train', 'validation'];

/** What the assistant answers: plain text, or one call of a tool the row lists. */
export type AssistantTarget =
  | { kind: 'text'; text: string }
  | { kind: 'tool_call'; id: string; name: string; arguments: { [key: string]: JsonValue } };

export interface DatasetRow {
  /** The prompt (system and user messages), images as data URLs, as a model was or would have been sent it. */
  messages: ChatMessage[];
  target: AssistantTarget;
  /** The tools sent with the prompt; a tool-call target calls one of them. Null when the answer is text. */
  tools: FunctionTool[] | null;
}

/** A writer reads only the split; the rest of the metadata is written as it is, line for line beside the row. */
export interface RowMeta {
  split: Split;
}

/** One row and its metadata: what every destination writer takes, from any row source. */
export interface SourcedRow<M extends RowMeta = RowMeta> {
  row: DatasetRow;
  meta: M;
}

function isImagePart(part: ContentPart): part is Extract<ContentPart, { type: 'image_url' }> {
  return part.type === 'image_url';
}

/** Image URLs of a message, in order. */
export function messageImages(message: ChatMessage): string[] {
  if (!Array.isArray(message.content)) return [];
  return message.content.filter(isImagePart).map((part) => part.image_url.url);
}
