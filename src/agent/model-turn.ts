// One model turn on paper: the request for an observation, and what a reply means (actions, tool calls, usage).
import type { TextStyle } from '../sim/text.ts';
import type { JsonValue, TokenUsage } from '../storage/types.ts';
import type { ChatRequestOptions } from './model-client.ts';
import { parseReply, type ParsedReply, type ReplyMessage } from './parse.ts';
import { requestMessages, validatePromptSettings, type ChatMessage, type PromptSettings, type TurnInput } from './prompt.ts';
import { interactManyTool } from './tool.ts';

/** Everything about how a model is asked, besides the endpoint and the key. */
export interface ModelPromptSettings extends PromptSettings {
  promptStyle: TextStyle;
  temperature: number;
  maxTokens: number;
}

export interface TurnRequest {
  messages: ChatMessage[];
  options: ChatRequestOptions;
}

export function validateModelPromptSettings(settings: ModelPromptSettings): void {
  validatePromptSettings(settings);
  if (settings.promptStyle !== 'state' && settings.promptStyle !== 'language') throw new Error(`unknown prompt style ${settings.promptStyle}`);
  if (settings.actionFormat !== 'tool' && settings.actionFormat !== 'text') throw new Error(`unknown action format ${settings.actionFormat}`);
  if (settings.historyLayout !== 'separate' && settings.historyLayout !== 'sheet') throw new Error(`unknown history layout ${settings.historyLayout}`);
  if (!(Number.isFinite(settings.temperature) && settings.temperature >= 0 && settings.temperature <= 2)) throw new Error('temperature must be 0 to 2');
  if (!(Number.isInteger(settings.maxTokens) && settings.maxTokens >= 1)) throw new Error('max tokens must be a whole number >= 1');
}

export function turnRequest(turn: TurnInput, settings: ModelPromptSettings): TurnRequest {
  const options: ChatRequestOptions =
    settings.actionFormat === 'tool'
      ? { tools: [interactManyTool(settings.actionsPerCall)], tool_choice: 'required', temperature: settings.temperature, max_tokens: settings.maxTokens }
      : { temperature: settings.temperature, max_tokens: settings.maxTokens };
  return { messages: requestMessages(turn, settings), options };
}

export interface ReadReply {
  parsed: ParsedReply;
  /** The assistant message as the model gave it. */
  assistant: { content: string | null; tool_calls: JsonValue[] };
  usage: TokenUsage;
  finishReason: string | null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/** Reads a chat completion body of any shape; never throws. With `expectTool` false (plain-text action format) a reply without a tool call is no problem. */
export function readReply(response: unknown, maxActions: number, expectTool = true): ReadReply {
  const body = response && typeof response === 'object' ? (response as Record<string, unknown>) : {};
  const choices = Array.isArray(body.choices) ? body.choices : [];
  const choice = (choices[0] ?? {}) as { message?: unknown; finish_reason?: unknown };
  const message = (choice.message && typeof choice.message === 'object' ? choice.message : {}) as ReplyMessage;
  const content = typeof message.content === 'string' ? message.content : null;
  const toolCalls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const parsed = parseReply({ content, tool_calls: toolCalls }, maxActions);
  if (!expectTool) parsed.problems = parsed.problems.filter((p) => p !== 'no tool call');
  if (typeof response === 'string') parsed.problems.unshift('the response is not JSON');
  else if (choices.length === 0) parsed.problems.unshift('the response has no choices');
  const usage = (body.usage && typeof body.usage === 'object' ? body.usage : {}) as Record<string, unknown>;
  return {
    parsed,
    assistant: { content, tool_calls: toolCalls as JsonValue[] },
    usage: { inputTokens: count(usage.prompt_tokens), outputTokens: count(usage.completion_tokens), totalTokens: count(usage.total_tokens) },
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
  };
}
