// A model answers probes through the same client as rollouts (retries, backoff, Retry-After, redaction). A call that
// still fails after its retries is recorded as failed; one that no retry can mend (a refused key, an unknown model)
// stops the evaluation, since every other call would fail alike.
import type { TextStyle } from '../../sim/text.ts';
import { isAbortError } from '../backoff.ts';
import { FailedCallError, type CallOptions, type ChatRequestOptions, type ChatResult } from '../model-client.ts';
import { ModelCallError } from '../model-errors.ts';
import { readReply } from '../model-turn.ts';
import type { ChatMessage, ImageMode } from '../prompt.ts';
import type { Answerer, EvaluationSubject, ProbeReply } from './evaluate.ts';
import { probeMessages } from './prompt.ts';

/** ModelClient's call, or anything that answers like it (tests). */
export interface ChatCaller {
  readonly host: string;
  complete(messages: ChatMessage[], options: ChatRequestOptions, call?: CallOptions): Promise<ChatResult>;
}

export interface ModelAnswererOptions {
  caller: ChatCaller;
  model: string;
  mode: ImageMode;
  textStyle: TextStyle;
  temperature: number;
  maxTokens: number;
  /** Awaited before every attempt: a shared request rate limit. */
  beforeAttempt?: CallOptions['beforeAttempt'];
}

export function validateModelAnswerer(o: Omit<ModelAnswererOptions, 'caller'>): void {
  if (!['image', 'text', 'text_and_image'].includes(o.mode)) throw new Error(`unknown mode ${JSON.stringify(o.mode)}; one of image, text, text_and_image`);
  if (o.textStyle !== 'language' && o.textStyle !== 'state') throw new Error(`unknown text style ${JSON.stringify(o.textStyle)}; language or state`);
  if (!(Number.isFinite(o.temperature) && o.temperature >= 0 && o.temperature <= 2)) throw new Error('temperature must be 0 to 2');
  if (!(Number.isInteger(o.maxTokens) && o.maxTokens >= 1)) throw new Error('max tokens must be a whole number >= 1');
}

export function modelAnswerer(options: ModelAnswererOptions): Answerer {
  validateModelAnswerer(options);
  const { caller, model, mode, textStyle, temperature, maxTokens } = options;
  const subject: EvaluationSubject = { kind: 'model', model, endpointHost: caller.host, mode, textStyle, temperature, maxTokens };
  return {
    subject,
    async answer(probe, frame, signal): Promise<ProbeReply> {
      const messages = probeMessages(probe, frame, mode, textStyle);
      try {
        const result = await caller.complete(messages, { temperature, max_tokens: maxTokens }, { signal, beforeAttempt: options.beforeAttempt });
        const read = readReply(result.response, 1, false);
        return {
          reply: read.assistant.content ?? '',
          error: null,
          inputTokens: read.usage.inputTokens,
          outputTokens: read.usage.outputTokens,
          retries: result.attempts.length - 1,
        };
      } catch (error) {
        const stopped = signal?.aborted || isAbortError(error) || (error instanceof ModelCallError && error.kind === 'aborted');
        if (stopped || !(error instanceof ModelCallError) || !error.retryable) throw error;
        const attempts = error instanceof FailedCallError ? error.attempts.length : 1;
        return { reply: null, error: error.message, retries: attempts - 1 };
      }
    },
  };
}
