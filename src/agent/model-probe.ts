// "Test connection": one tiny request (a 64x64 frame and the action tool) that says whether an endpoint answers, knows
// the model, takes images and takes tools. Only when that request is refused is it split into its parts, to tell which.
import { pngDataUrl } from '../lib/base64.ts';
import { encodePng } from '../lib/png.ts';
import { type ChatResult, type ModelClient, type TokenLimitParam } from './model-client.ts';
import { ModelCallError } from './model-errors.ts';
import { readReply } from './model-turn.ts';
import { pageText } from './page-text.ts';
import type { ContentPart } from './prompt.ts';
import { TOOL_NAME, interactManyTool } from './tool.ts';

export interface ProbeCheck {
  /** null: not tested, because an earlier check failed. */
  ok: boolean | null;
  detail: string;
}

export interface ProbeReport {
  answers: ProbeCheck;
  knowsModel: ProbeCheck;
  images: ProbeCheck;
  tools: ProbeCheck;
  /** The name the endpoint took the token limit under. */
  tokenLimitParam: TokenLimitParam;
  /** Requests sent: 1 unless the first was refused. */
  requests: number;
}

/** The run's own sampling settings, so the test sends what the run will. */
export interface ProbeSettings {
  temperature: number;
  maxTokens: number;
}

interface Parts {
  image: boolean;
  tools: boolean;
}

type Outcome = { result: ChatResult; error?: undefined } | { error: ModelCallError; result?: undefined };

const FRAME_SIZE = 64;
const NOT_TESTED: ProbeCheck = { ok: null, detail: 'not tested' };
const pass = (detail: string): ProbeCheck => ({ ok: true, detail });
const fail = (detail: string): ProbeCheck => ({ ok: false, detail });

let frameUrl: string | null = null;

/** A frame-sized PNG, encoded as the run encodes its frames: a dark square on grass green. */
function testFrame(): string {
  if (!frameUrl) {
    const rgb = new Uint8Array(FRAME_SIZE * FRAME_SIZE * 3);
    for (let i = 0; i < FRAME_SIZE * FRAME_SIZE; i++) {
      const inner = Math.abs((i % FRAME_SIZE) - 32) < 12 && Math.abs(Math.floor(i / FRAME_SIZE) - 32) < 12;
      rgb.set(inner ? [40, 40, 48] : [90, 160, 70], i * 3);
    }
    frameUrl = pngDataUrl(encodePng(rgb, FRAME_SIZE, FRAME_SIZE));
  }
  return frameUrl;
}

async function send(client: ModelClient, parts: Parts, settings: ProbeSettings, signal?: AbortSignal): Promise<Outcome> {
  const ask = parts.tools ? `Call ${TOOL_NAME} with the action noop.` : 'Reply with the word noop.';
  const content: ContentPart[] = [{ type: 'text', text: `This is a connection test. ${ask}` }];
  if (parts.image) content.push({ type: 'image_url', image_url: { url: testFrame() } });
  const options = {
    ...(parts.tools ? { tools: [interactManyTool(1)], tool_choice: 'required' as const } : {}),
    temperature: settings.temperature,
    max_tokens: settings.maxTokens,
  };
  try {
    return { result: await client.complete([{ role: 'user', content }], options, { signal }) };
  } catch (error) {
    if (!(error instanceof ModelCallError)) throw error;
    if (error.kind === 'aborted') throw error;
    return { error };
  }
}

/** Why a body is not a chat completion, or null when it is one. */
function notCompletion(response: unknown): string | null {
  const choices = (response as { choices?: unknown } | null)?.choices;
  if (Array.isArray(choices) && choices.length > 0) return null;
  const text = typeof response === 'string' ? pageText(response) : JSON.stringify(response);
  const shown = text.length > 160 ? `${text.slice(0, 160)}…` : text;
  return `the endpoint answered with something that is not a chat completion: "${shown}" (the base URL usually ends in /v1)`;
}

function toolCheck(result: ChatResult): ProbeCheck {
  const reply = readReply(result.response, 1, true);
  const called = reply.assistant.tool_calls.some((call) => (call as { function?: { name?: unknown } }).function?.name === TOOL_NAME);
  if (called) return pass(`called ${TOOL_NAME}`);
  return fail(`answered without a tool call (finish reason ${reply.finishReason ?? 'none'}): set the action format to plain text`);
}

/** A failed check when the request was refused or its answer is no chat completion; null when it answered. */
function refusal(outcome: Outcome): ProbeCheck | null {
  if (outcome.error) return fail(outcome.error.message);
  const wrong = notCompletion(outcome.result.response);
  return wrong ? fail(wrong) : null;
}

/** Tests the client's endpoint and model with the run's settings; never retries, never throws for an endpoint's failure. */
export async function probeEndpoint(client: ModelClient, settings: ProbeSettings, signal?: AbortSignal): Promise<ProbeReport> {
  let requests = 0;
  const attempt = (parts: Parts) => {
    requests++;
    return send(client, parts, settings, signal);
  };
  const done = (checks: Pick<ProbeReport, 'answers' | 'knowsModel' | 'images' | 'tools'>): ProbeReport => ({ ...checks, tokenLimitParam: client.tokenLimitParam, requests });
  const answered = (error: ModelCallError) => pass(`answered (${error.status ?? 'no status'})`);

  const first = await attempt({ image: true, tools: true });
  if (first.result) {
    const wrong = notCompletion(first.result.response);
    if (wrong) return done({ answers: fail(wrong), knowsModel: NOT_TESTED, images: NOT_TESTED, tools: NOT_TESTED });
    return done({
      answers: pass(`answered in ${first.result.latencyMs} ms`),
      knowsModel: pass(`"${first.result.model}"`),
      images: pass(`took a ${FRAME_SIZE}x${FRAME_SIZE} PNG`),
      tools: toolCheck(first.result),
    });
  }
  const error = first.error;
  if (error.status === null) return done({ answers: fail(error.message), knowsModel: NOT_TESTED, images: NOT_TESTED, tools: NOT_TESTED });
  if (error.kind === 'unknown_model') return done({ answers: answered(error), knowsModel: fail(error.message), images: NOT_TESTED, tools: NOT_TESTED });
  if (error.kind !== 'bad_request' && error.kind !== 'context_overflow') {
    return done({ answers: answered(error), knowsModel: { ok: null, detail: error.message }, images: NOT_TESTED, tools: NOT_TESTED });
  }
  // Refused as a whole: a plain text request, then the image and the tool each on their own, tell which part it was.
  const plain = await attempt({ image: false, tools: false });
  if (plain.error) {
    const knows = plain.error.kind === 'unknown_model' ? fail(plain.error.message) : { ok: null, detail: plain.error.message };
    return done({ answers: answered(plain.error), knowsModel: knows, images: NOT_TESTED, tools: NOT_TESTED });
  }
  const wrong = notCompletion(plain.result.response);
  if (wrong) return done({ answers: fail(wrong), knowsModel: NOT_TESTED, images: NOT_TESTED, tools: NOT_TESTED });
  const image = await attempt({ image: true, tools: false });
  const tools = await attempt({ image: false, tools: true });
  return done({
    answers: pass(`answered in ${plain.result.latencyMs} ms`),
    knowsModel: pass(`"${plain.result.model}"`),
    images: refusal(image) ?? pass(`took a ${FRAME_SIZE}x${FRAME_SIZE} PNG`),
    tools: refusal(tools) ?? toolCheck(tools.result!),
  });
}
