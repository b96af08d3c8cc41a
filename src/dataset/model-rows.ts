// Rows of model sessions: the request messages exactly as sent, answered with the call's valid actions.
import type { JsonObject, JsonValue, StepRecord } from '../storage/index.ts';
import type { PromptContentPart, PromptMessage, ToolDefinition } from './deps.ts';
import type { DatasetRow } from './rows.ts';

export type ModelDrop = 'no_call' | 'failed_call' | 'no_actions';

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A content part with only the keys chat fine-tuning accepts; anything unexpected is kept for the validator to name. */
function projectPart(part: JsonValue): PromptContentPart {
  if (isObject(part) && part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
  if (isObject(part) && part.type === 'image_url' && isObject(part.image_url) && typeof part.image_url.url === 'string') {
    const detail = part.image_url.detail;
    return { type: 'image_url', image_url: { url: part.image_url.url, ...(detail === 'low' || detail === 'high' || detail === 'auto' ? { detail } : {}) } };
  }
  return part as unknown as PromptContentPart;
}

const MESSAGE_KEYS = ['role', 'content', 'name', 'tool_calls', 'tool_call_id'];

/** A request message with only the keys chat fine-tuning accepts (clients add others, e.g. a reasoning field). */
export function projectMessage(message: JsonValue): PromptMessage {
  if (!isObject(message)) return message as unknown as PromptMessage;
  const out: JsonObject = {};
  for (const key of MESSAGE_KEYS) if (key in message) out[key] = message[key];
  if (Array.isArray(out.content)) out.content = out.content.map((part) => projectPart(part) as unknown as JsonValue);
  return out as unknown as PromptMessage;
}

function isToolList(value: JsonValue | undefined): value is JsonValue[] {
  return Array.isArray(value) && value.length > 0;
}

/** Whether the call failed, or answered with anything that is not an action. */
export function isFailedCall(record: StepRecord): boolean {
  const call = record.modelCall;
  return call === null || call.error !== null || call.invalidActions.length > 0 || call.parsedActions.length === 0;
}

export function buildModelRow(record: StepRecord, dropFailed: boolean): DatasetRow | ModelDrop {
  const call = record.modelCall;
  if (call === null) return 'no_call';
  if (dropFailed && isFailedCall(record)) return 'failed_call';
  if (call.parsedActions.length === 0) return 'no_actions';
  const tools = call.requestOptions?.tools;
  const firstCall = call.toolCalls.find(isObject);
  const id = firstCall && typeof firstCall.id === 'string' && firstCall.id ? firstCall.id : `call_${record.stepIndex}`;
  return {
    messages: call.requestMessages.map(projectMessage),
    actions: call.parsedActions,
    toolCallId: id,
    // A request sent without tools asked for a text answer: the row answers in text too.
    tools: isToolList(tools) ? (tools as unknown as ToolDefinition[]) : null,
  };
}
