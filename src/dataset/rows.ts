// The canonical training row every format is written from, and the metadata that travels beside it.
import type { CrafterAction, SessionSource } from '../storage/index.ts';
import type { PromptContentPart, PromptMessage, ToolDefinition } from './deps.ts';

export type Split = 'train' | 'validation';

export interface DatasetRow {
  /** The request messages (system, user) with images as data URLs, exactly as a model was or would have been sent them. */
  messages: PromptMessage[];
  /** The assistant's answer: these actions in one interact_many call (or, for text-format calls, one "Actions:" line). */
  actions: CrafterAction[];
  toolCallId: string;
  /** The tools sent with the request; null when the model was asked to answer in text. */
  tools: ToolDefinition[] | null;
}

export interface RowMetadata {
  session: string;
  /** Step index of the observation the prompt shows. */
  step: number;
  /** Step index after the row's actions. */
  next_step: number;
  source: SessionSource;
  model: string | null;
  seed: number;
  episode: number;
  split: Split;
  actions: CrafterAction[];
  has_image: boolean;
  user_has_image: boolean;
  assistant_has_image: boolean;
  image_count: number;
  /** Reward of the row's actions. */
  reward: number;
  /** Undiscounted sum of rewards from this row's actions to the end of the session. */
  return_to_go: number;
  /** Achievements the row's actions unlocked. */
  achievements_unlocked: string[];
  /** Achievements unlocked in the next `k` step records after this one. */
  achievements_next_k: string[];
  k: number;
}

function isImagePart(part: PromptContentPart): part is Extract<PromptContentPart, { type: 'image_url' }> {
  return part.type === 'image_url';
}

/** Image URLs of a message, in order. */
export function messageImages(message: PromptMessage): string[] {
  if (!Array.isArray(message.content)) return [];
  return message.content.filter(isImagePart).map((part) => part.image_url.url);
}

export function toolName(row: DatasetRow): string {
  return row.tools?.[0]?.function.name ?? 'interact_many';
}

/** The tool call's arguments as an object, as the non-OpenAI formats write them. */
export function toolArguments(row: DatasetRow): { actions: CrafterAction[] } {
  return { actions: row.actions };
}
