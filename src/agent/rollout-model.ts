// A model's episode: each turn one call (retried, or paused on failure until resumed), its actions played in order,
// and one step record holding the call exactly as sent and received.
import type { CrafterEnv, StepResult } from '../sim/env.ts';
import { ACTIONS, actionIndex } from '../sim/rules.ts';
import type { JsonObject, JsonValue, MessageInput, ModelCallInput } from '../storage/types.ts';
import { isAbortError } from './backoff.ts';
import { observe, type EpisodeRecord, type Observed } from './episode-record.ts';
import { FrameHistory } from './frame-history.ts';
import { FailedCallError, type AttemptRecord, type ChatResult } from './model-client.ts';
import { ModelCallError } from './model-errors.ts';
import { readReply, turnRequest, type ReadReply, type TurnRequest } from './model-turn.ts';
import { estimateCost } from './pricing.ts';
import type { EpisodeAgent, EpisodeContext, LiveEpisode } from './rollout-types.ts';

type ModelAgent = Extract<EpisodeAgent, { kind: 'model' }>;

/** A call that failed for good before the one that answered (the episode paused, then was resumed). */
interface FailedCall {
  kind: string;
  status: number | null;
  error: string;
  attempts: AttemptRecord[];
}

/** The turn's call, retried after every resume until it answers; rethrows only when the run stops. */
async function callUntilAnswered(agent: ModelAgent, request: TurnRequest, ctx: EpisodeContext, live: LiveEpisode, record: EpisodeRecord, note: (text: string) => void) {
  const failed: FailedCall[] = [];
  for (;;) {
    await ctx.control.checkpoint();
    note('waiting for the model');
    try {
      const result = await agent.caller.complete(request.messages, request.options, {
        signal: ctx.control.signal,
        beforeAttempt: agent.beforeAttempt,
        onRetry: (n) => note(`retrying in ${(n.waitMs / 1000).toFixed(1)} s (attempt ${n.attempt + 1}): ${n.error.message}`),
      });
      // The failure no longer stands once the call has answered; the failed calls go with this step's record.
      record.result.error = null;
      record.unansweredCalls = [];
      return { result, failed };
    } catch (error) {
      if (ctx.control.stopped || isAbortError(error) || (error instanceof ModelCallError && error.kind === 'aborted')) throw error;
      const failure = error instanceof ModelCallError ? error : new ModelCallError('bad_response', String((error as Error)?.message ?? error));
      const call: FailedCall = {
        kind: failure.kind,
        status: failure.status,
        error: failure.message,
        attempts: failure instanceof FailedCallError ? failure.attempts : [],
      };
      failed.push(call);
      record.unansweredCalls.push(call as unknown as JsonObject);
      // Kept on the result so a run stopped during this pause still says why in the session's end reason.
      record.result.error = failure.message;
      ctx.control.pauseForError(`Episode ${live.index + 1} (seed ${live.seed}): ${failure.message}`, failure.kind);
      note(`paused: ${failure.message}`);
    }
  }
}

/** Plays the turn's actions in order, stopping early if the episode ends. */
function play(env: CrafterEnv, actions: number[]): StepResult[] {
  const results: StepResult[] = [];
  for (const action of actions) {
    const result = env.stepAction(action);
    results.push(result);
    if (result.done) break;
  }
  return results;
}

function replyPreview(reply: ReadReply): string | null {
  const call = reply.assistant.tool_calls[0] as { function?: { arguments?: unknown } } | undefined;
  const args = call?.function?.arguments;
  if (typeof args === 'string') return args;
  if (args && typeof args === 'object') return JSON.stringify(args);
  return reply.assistant.content;
}

export async function playModel(
  env: CrafterEnv,
  agent: ModelAgent,
  first: Observed,
  record: EpisodeRecord,
  ctx: EpisodeContext,
  live: LiveEpisode,
  show: (seen: Observed, note: string) => void,
): Promise<StepResult> {
  const prompt = agent.prompt;
  const history = new FrameHistory(prompt.imageMode === 'text' ? 0 : prompt.frameHistory);
  const note = (text: string) => {
    live.note = text;
    ctx.onLive(live);
  };
  let seen = first;
  let lastActions: string[] | undefined;
  let lastReward = 0;
  for (;;) {
    const request = turnRequest(
      {
        text: seen.text,
        imageDataUrl: seen.dataUrl ?? '',
        history: history.dataUrls(),
        historySheetDataUrl: prompt.historyLayout === 'sheet' ? history.sheetDataUrl() : null,
        step: env.step,
        lastActions,
        lastReward,
      },
      prompt,
    );
    const { result, failed } = await callUntilAnswered(agent, request, ctx, live, record, note);
    const reply = readReply(result.response, prompt.actionsPerCall, prompt.actionFormat === 'tool');
    const fallback = reply.parsed.actions.length === 0;
    const chosen = fallback ? [actionIndex('noop')] : reply.parsed.actions.map(actionIndex);
    const results = play(env, chosen);
    const executed = chosen.slice(0, results.length);
    const shown = seen;
    history.push({ rgb: shown.rgb, width: shown.width, height: shown.height, dataUrl: shown.dataUrl ?? '' });
    seen = observe(env, ctx.renderer, prompt.promptStyle, true);
    const cost = estimateCost(reply.usage, agent.prices);
    tally(record, reply, result, failed, fallback, cost);
    await record.recordSteps(env, results, executed, seen, {
      modelCall: modelCallInput(agent, request, result, reply, fallback),
      messages: messagesOf(request, reply),
      metadata: stepMetadata(result, failed, reply, fallback, cost, chosen.slice(results.length)),
    });
    lastActions = executed.map((a) => ACTIONS[a]);
    lastReward = results.reduce((sum, r) => sum + r.reward, 0);
    live.lastActions = lastActions;
    live.lastReply = replyPreview(reply);
    show(seen, 'playing');
    const last = results[results.length - 1];
    if (last.done) return last;
  }
}

function tally(record: EpisodeRecord, reply: ReadReply, result: ChatResult, failed: FailedCall[], fallback: boolean, cost: number | null): void {
  const r = record.result;
  r.modelCalls += 1;
  r.inputTokens += reply.usage.inputTokens ?? 0;
  r.outputTokens += reply.usage.outputTokens ?? 0;
  if (cost !== null) r.costUsd = (r.costUsd ?? 0) + cost;
  r.invalidActions += reply.parsed.invalid.length;
  if (fallback) r.fallbackNoops += 1;
  r.retries += result.attempts.length - 1 + failed.reduce((sum, f) => sum + f.attempts.length, 0);
}

function modelCallInput(agent: ModelAgent, request: TurnRequest, result: ChatResult, reply: ReadReply, fallback: boolean): ModelCallInput {
  const problems = reply.parsed.problems.join('; ');
  return {
    model: agent.model,
    provider: agent.host,
    requestMessages: request.messages as unknown as JsonValue[],
    requestOptions: request.options as unknown as JsonObject,
    rawResponse: (result.response ?? null) as JsonValue,
    toolCalls: reply.assistant.tool_calls,
    parsedActions: reply.parsed.actions,
    invalidActions: reply.parsed.invalid,
    usage: reply.usage,
    latencyMs: result.latencyMs,
    error: fallback ? `${problems}; played noop instead` : problems || null,
    startedAt: result.startedAt,
  };
}

function messagesOf(request: TurnRequest, reply: ReadReply): MessageInput[] {
  const [system, user] = request.messages;
  const toolCalls = reply.assistant.tool_calls;
  return [
    { role: 'system', content: system.content as JsonValue },
    { role: 'user', content: user.content as JsonValue, isPolicyUserPrompt: true },
    { role: 'assistant', content: reply.assistant.content, extra: toolCalls.length ? { tool_calls: toolCalls } : null },
  ];
}

function stepMetadata(result: ChatResult, failed: FailedCall[], reply: ReadReply, fallback: boolean, cost: number | null, unexecuted: number[]): JsonObject {
  return {
    costUsd: cost,
    actionSource: reply.parsed.source,
    finishReason: reply.finishReason,
    fallbackNoop: fallback,
    unexecutedActions: unexecuted.map((a) => ACTIONS[a]),
    attempts: result.attempts as unknown as JsonValue[],
    failedCalls: failed as unknown as JsonValue[],
  };
}
