// Rows of model sessions: the request messages exactly as sent, answered with the call's valid actions in the
// export's action format. When that format is not the one the model was asked in, the system prompt is the one a
// run in the export's format sends, so the row never asks for one format and answers in the other.
import { systemPrompt, type ChatMessage, type ContentPart, type ImageMode } from '../agent/prompt.ts';
import type { FunctionTool } from '../agent/tool.ts';
import type { JsonObject, JsonValue, SessionRecord, StepRecord } from '../storage/index.ts';
import { actionAnswer, type ActionFormat } from './action-format.ts';
import type { DatasetRow } from './rows.ts';

export type ModelDrop = 'no_call' | 'failed_call' | 'no_actions';

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A content part with only the keys chat fine-tuning accepts; anything unexpected is kept for the validator to name. */
function projectPart(part: JsonValue): ContentPart {
  if (isObject(part) && part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
  if (isObject(part) && part.type === 'image_url' && isObject(part.image_url) && typeof part.image_url.url === 'string') {
    const detail = part.image_url.detail;
    return { type: 'image_url', image_url: { url: part.image_url.url, ...(detail === 'low' || detail === 'high' || detail === 'auto' ? { detail } : {}) } };
  }
  return part as unknown as ContentPart;
}

const MESSAGE_KEYS = ['role', 'content', 'name', 'tool_calls', 'tool_call_id'];

/** A request message with only the keys chat fine-tuning accepts (clients add others, e.g. a reasoning field). */
export function projectMessage(message: JsonValue): ChatMessage {
  if (!isObject(message)) return message as unknown as ChatMessage;
  const out: JsonObject = {};
  for (const key of MESSAGE_KEYS) if (key in message) out[key] = message[key];
  if (Array.isArray(out.content)) out.content = out.content.map((part) => projectPart(part) as unknown as JsonValue);
  return out as unknown as ChatMessage;
}

/** Whether the call failed, or answered with anything that is not an action. */
export function isFailedCall(record: StepRecord): boolean {
  const call = record.modelCall;
  return call === null || call.error !== null || call.invalidActions.length > 0 || call.parsedActions.length === 0;
}

const IMAGE_MODES: readonly string[] = ['text', 'text_and_image', 'image'];

function sentTools(record: StepRecord): FunctionTool[] | null {
  const tools = record.modelCall?.requestOptions?.tools;
  return Array.isArray(tools) && tools.length > 0 ? (tools as unknown as FunctionTool[]) : null;
}

/** The actions-per-call setting the call was made with: the tool's maxItems, else the session's setting. */
function actionsPerCall(tools: FunctionTool[] | null, session: SessionRecord): number {
  const items = (tools?.[0]?.function.parameters as { properties?: { actions?: { maxItems?: unknown } } } | undefined)?.properties?.actions?.maxItems;
  if (typeof items === 'number') return items;
  const setting = session.policy?.extra.actionsPerCall;
  return typeof setting === 'number' ? setting : 4;
}

export function buildModelRow(record: StepRecord, session: SessionRecord, format: ActionFormat, dropFailed: boolean): DatasetRow | ModelDrop {
  const call = record.modelCall;
  if (call === null) return 'no_call';
  if (dropFailed && isFailedCall(record)) return 'failed_call';
  if (call.parsedActions.length === 0) return 'no_actions';
  const tools = sentTools(record);
  const perCall = actionsPerCall(tools, session);
  const firstCall = call.toolCalls.find(isObject);
  const id = firstCall && typeof firstCall.id === 'string' && firstCall.id ? firstCall.id : `call_${record.stepIndex}`;
  let messages = call.requestMessages.map(projectMessage);
  const askedIn: ActionFormat = tools ? 'tool' : 'text';
  if ((askedIn !== format || format === 'text') && messages[0]?.role === 'system') {
    const imageMode = (IMAGE_MODES.includes(session.policy?.imageMode ?? '') ? session.policy!.imageMode : 'text_and_image') as ImageMode;
    messages = [{ role: 'system', content: systemPrompt({ imageMode, actionsPerCall: perCall, actionFormat: format }) }, ...messages.slice(1)];
  }
  return { messages, ...actionAnswer(call.parsedActions, format, id, perCall, tools ?? undefined) };
}
