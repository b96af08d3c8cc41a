// A model behind an OpenAI-compatible endpoint, behind the agent interface: each turn one call (retried, or the run
// paused on failure until resumed), the reply's actions played in order, the call recorded exactly as sent.
import type { CrafterEnv } from '../../sim/env.ts';
import { ACTIONS, actionIndex } from '../../sim/rules.ts';
import type { TextStyle } from '../../sim/text.ts';
import type { JsonObject } from '../../storage/types.ts';
import { isAbortError, type Sleep } from '../backoff.ts';
import { FrameHistory } from '../frame-history.ts';
import { FailedCallError, ModelClient, endpointHost, type CallOptions, type ChatRequestOptions, type ChatResult } from '../model-client.ts';
import { ModelCallError } from '../model-errors.ts';
import { readReply, turnRequest, validateModelPromptSettings, type ModelPromptSettings, type TurnRequest } from '../model-turn.ts';
import { estimateCost, pricesFor, type TokenPrices } from '../pricing.ts';
import type { ChatMessage } from '../prompt.ts';
import { RequestRateLimiter, TokenRateLimiter } from '../rate-limit.ts';
import type { Agent, AgentIdentity, Decision, Turn } from './agent.ts';
import { messagesOf, modelCallInput, replyPreview, stepMetadata, type AnsweredTurn, type FailedCall } from './model-step.ts';
import type { AgentKind } from './registry.ts';

export interface ModelAgentConfig {
  kind: 'model';
  /** OpenAI-compatible base URL, e.g. https://api.openai.com/v1; the key travels apart from the config. */
  baseUrl: string;
  model: string;
  prompt: ModelPromptSettings;
  timeoutMs: number;
  maxRetries: number;
  /** The user's token prices; null to use a known model's list price, if any. */
  prices: TokenPrices | null;
}

/** The client: where calls go now (the model and host follow a resumed run's corrected connection). */
export interface ModelCaller {
  readonly model: string;
  readonly host: string;
  complete(messages: ChatMessage[], options: ChatRequestOptions, call?: CallOptions): Promise<ChatResult>;
}

/** What the calls of a run share: the client, the prices, and the request and token limits. */
export interface ModelAgentParts {
  caller: ModelCaller;
  prompt: ModelPromptSettings;
  /** The user's token prices; null to use the model's list price, if known. */
  prices: TokenPrices | null;
  requests?: RequestRateLimiter;
  tokens?: TokenRateLimiter;
}

export class ModelAgent implements Agent {
  readonly identity: AgentIdentity;
  readonly textStyle: TextStyle;
  readonly readsFrame = true;
  readonly recordsFrom = 'reset';
  private history: FrameHistory;

  constructor(private readonly parts: ModelAgentParts) {
    const prompt = parts.prompt;
    this.textStyle = prompt.promptStyle;
    this.history = new FrameHistory(prompt.imageMode === 'text' ? 0 : prompt.frameHistory);
    // An episode is named for the connection it starts on; each call's record names the one that answered it.
    const { model, host } = parts.caller;
    this.identity = {
      source: 'model',
      policyName: model,
      policy: {
        model,
        endpointHost: host,
        promptStyle: prompt.promptStyle,
        imageMode: prompt.imageMode,
        extra: {
          temperature: prompt.temperature,
          maxTokens: prompt.maxTokens,
          frameHistory: prompt.frameHistory,
          historyLayout: prompt.historyLayout,
          actionsPerCall: prompt.actionsPerCall,
          actionFormat: prompt.actionFormat,
        },
      },
    };
  }

  begin(_env: CrafterEnv): void {
    this.history = new FrameHistory(this.history.capacity);
  }

  /** The frame a turn was shown becomes history for the next. */
  private remember(turn: Turn): void {
    const { rgb, width, height, dataUrl } = turn.seen;
    this.history.push({ rgb, width, height, dataUrl: dataUrl ?? '' });
  }

  catchUp(turn: Turn): void {
    this.remember(turn);
  }

  async decide(turn: Turn): Promise<Decision> {
    const { prompt } = this.parts;
    const request = turnRequest(
      {
        text: turn.seen.text,
        imageDataUrl: turn.seen.dataUrl ?? '',
        history: this.history.dataUrls(),
        historySheetDataUrl: prompt.historyLayout === 'sheet' ? this.history.sheetDataUrl() : null,
        step: turn.env.step,
        lastActions: turn.last?.actions.map((a) => ACTIONS[a]),
        lastReward: turn.last?.reward ?? 0,
      },
      prompt,
    );
    const { result, failed, spent } = await this.callUntilAnswered(request, turn);
    const reply = readReply(result.response, prompt.actionsPerCall, prompt.actionFormat === 'tool');
    spent(reply.usage.totalTokens ?? (reply.usage.inputTokens ?? 0) + (reply.usage.outputTokens ?? 0));
    const fallback = reply.parsed.actions.length === 0;
    const chosen = fallback ? [actionIndex('noop')] : reply.parsed.actions.map(actionIndex);
    this.remember(turn);
    const prices = pricesFor(result.model, this.parts.prices);
    const answered: AnsweredTurn = { request, result, reply, failed, fallback, costUsd: estimateCost(reply.usage, prices) };
    return {
      actions: chosen,
      reply: replyPreview(reply),
      tally: {
        modelCalls: 1,
        inputTokens: reply.usage.inputTokens ?? 0,
        outputTokens: reply.usage.outputTokens ?? 0,
        costUsd: answered.costUsd,
        invalidActions: reply.parsed.invalid.length,
        fallbackNoops: fallback ? 1 : 0,
        retries: result.attempts.length - 1 + failed.reduce((sum, f) => sum + f.attempts.length, 0),
      },
      extras: (played) => ({
        modelCall: modelCallInput(answered),
        messages: messagesOf(answered),
        metadata: stepMetadata(answered, chosen.slice(played)),
      }),
    };
  }

  /** The turn's call, retried after every resume until it answers; rethrows only when the run stops. */
  private async callUntilAnswered(request: TurnRequest, turn: Turn): Promise<{ result: ChatResult; failed: FailedCall[]; spent: (tokens: number) => void }> {
    const { io, plan } = turn;
    const { requests, tokens } = this.parts;
    const failed: FailedCall[] = [];
    for (;;) {
      await io.checkpoint();
      io.note('waiting for the model');
      const spent = tokens ? await tokens.acquire(io.signal) : () => undefined;
      try {
        const result = await this.parts.caller.complete(request.messages, request.options, {
          signal: io.signal,
          beforeAttempt: requests ? (signal) => requests.acquire(signal) : undefined,
          onRetry: (n) => io.note(`retrying in ${(n.waitMs / 1000).toFixed(1)} s (attempt ${n.attempt + 1}): ${n.error.message}`),
        });
        io.callAnswered();
        return { result, failed, spent };
      } catch (error) {
        spent(0);
        const stopped = io.signal.aborted || isAbortError(error) || (error instanceof ModelCallError && error.kind === 'aborted');
        // A run stopped mid-retry keeps the attempts made so far, as a failed call does.
        if (stopped && !(error instanceof FailedCallError && error.attempts.length > 0)) throw error;
        const failure = error instanceof ModelCallError ? error : new ModelCallError('bad_response', String((error as Error)?.message ?? error));
        const call: FailedCall = { kind: failure.kind, status: failure.status, error: failure.message, attempts: failure instanceof FailedCallError ? failure.attempts : [] };
        failed.push(call);
        io.callFailed(call as unknown as JsonObject, failure.message);
        if (stopped) throw error;
        io.pauseForError(`Episode ${plan.index + 1} (seed ${plan.seed}): ${failure.message}`, failure.kind);
        io.note(`paused: ${failure.message}`);
      }
    }
  }
}

/** For tests: the clock and sleep that space requests under the rate limits. */
export interface LimiterClock {
  now: () => number;
  sleep: Sleep;
}

export const modelKind: AgentKind<ModelAgentConfig> = {
  validate(config) {
    endpointHost(config.baseUrl);
    if (typeof config.model !== 'string' || !config.model.trim()) throw new Error('choose a model name');
    validateModelPromptSettings(config.prompt);
    if (!(config.timeoutMs >= 1000)) throw new Error('the timeout must be at least 1 s');
    if (!(Number.isInteger(config.maxRetries) && config.maxRetries >= 0 && config.maxRetries <= 20)) {
      throw new Error(`max retries must be a whole number from 0 to 20, got ${config.maxRetries}`);
    }
  },
  describe: (config) => `${config.model} @ ${endpointHost(config.baseUrl)}`,
  settings: (config): JsonObject => ({
    agent: 'model',
    model: config.model,
    endpointHost: endpointHost(config.baseUrl),
    ...config.prompt,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    prices: config.prices ? { ...config.prices } : null,
  }),
  create(config, limits, deps) {
    const client = new ModelClient(
      { baseUrl: config.baseUrl, model: config.model, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries },
      deps.credentials ?? {},
      { fetch: deps.fetch },
    );
    pricesFor(config.model, config.prices); // refuses bad prices before the run starts
    const clock = deps.limiterClock;
    const parts: ModelAgentParts = {
      caller: client,
      prompt: config.prompt,
      prices: config.prices,
      requests: new RequestRateLimiter(limits.requestsPerMinute, clock?.now, clock?.sleep),
      tokens: new TokenRateLimiter(limits.tokensPerMinute, clock?.now, clock?.sleep),
    };
    return {
      forEpisode: () => new ModelAgent(parts),
      reconnect: (connection) => client.reconnect(connection),
    };
  },
};
