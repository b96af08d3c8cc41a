// What a model's step record keeps: the call exactly as sent and received, the messages, and the step's metadata.
import { ACTIONS } from '../../sim/rules.ts';
import type { JsonObject, JsonValue, MessageInput, ModelCallInput } from '../../storage/types.ts';
import type { AttemptRecord, ChatResult } from '../model-client.ts';
import type { ReadReply, TurnRequest } from '../model-turn.ts';

/** A call that failed for good before the one that answered (the run paused, then was resumed). */
export interface FailedCall {
  kind: string;
  status: number | null;
  error: string;
  attempts: AttemptRecord[];
}

export interface AnsweredTurn {
  request: TurnRequest;
  result: ChatResult;
  reply: ReadReply;
  failed: FailedCall[];
  /** No valid action in the reply: noop was played. */
  fallback: boolean;
  costUsd: number | null;
}

/** The model's reply as shown live: the tool call's arguments, else the text. */
export function replyPreview(reply: ReadReply): string | null {
  const call = reply.assistant.tool_calls[0] as { function?: { arguments?: unknown } } | undefined;
  const args = call?.function?.arguments;
  if (typeof args === 'string') return args;
  if (args && typeof args === 'object') return JSON.stringify(args);
  return reply.assistant.content;
}

export function modelCallInput(turn: AnsweredTurn): ModelCallInput {
  const { reply, result } = turn;
  const problems = reply.parsed.problems.join('; ');
  return {
    // The model, host and options of the request that answered: a resumed run may have changed the connection.
    model: result.model,
    provider: result.host,
    requestMessages: turn.request.messages as unknown as JsonValue[],
    requestOptions: result.options as unknown as JsonObject,
    rawResponse: (result.response ?? null) as JsonValue,
    toolCalls: reply.assistant.tool_calls,
    parsedActions: reply.parsed.actions,
    invalidActions: reply.parsed.invalid,
    usage: reply.usage,
    latencyMs: result.latencyMs,
    error: turn.fallback ? `${problems}; played noop instead` : problems || null,
    startedAt: result.startedAt,
  };
}

export function messagesOf(turn: AnsweredTurn): MessageInput[] {
  const [system, user] = turn.request.messages;
  const toolCalls = turn.reply.assistant.tool_calls;
  return [
    { role: 'system', content: system.content as JsonValue },
    { role: 'user', content: user.content as JsonValue, isPolicyUserPrompt: true },
    { role: 'assistant', content: turn.reply.assistant.content, extra: toolCalls.length ? { tool_calls: toolCalls } : null },
  ];
}

/** `unexecuted`: the call's actions dropped because the episode ended first. */
export function stepMetadata(turn: AnsweredTurn, unexecuted: number[]): JsonObject {
  return {
    costUsd: turn.costUsd,
    actionSource: turn.reply.parsed.source,
    finishReason: turn.reply.finishReason,
    fallbackNoop: turn.fallback,
    unexecutedActions: unexecuted.map((a) => ACTIONS[a]),
    attempts: turn.result.attempts as unknown as JsonValue[],
    failedCalls: turn.failed as unknown as JsonValue[],
  };
}
