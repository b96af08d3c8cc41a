// Checks caller input and turns it into rows; every failure is a StorageError naming the bad field.
import { z } from 'zod';
import { StorageError } from './errors.ts';
import { assertJsonObject, assertJsonValue, assertNoSecrets, toJsonText } from './json.ts';
import { pngDimensions } from './png.ts';
import type { MessageRow, ModelCallRow, SessionEndRow, SessionRow, StepRow } from './rows.ts';
import {
  CRAFTER_ACTIONS,
  END_REASONS,
  MESSAGE_ROLES,
  SESSION_SOURCES,
  type JsonObject,
  type MessageInput,
  type ModelCallInput,
  type SessionEnd,
  type SessionInput,
  type StepInput,
} from './types.ts';

const isoTime = z.iso.datetime({ offset: true });
const text = z.string().min(1).max(10_000);
const hexSha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (SHA-256)');
const endpointHost = z
  .string()
  .regex(/^[^\s/@?#]+$/, 'must be a host such as api.openai.com, without scheme, path or credentials');

const policySchema = z.strictObject({
  model: text.nullable(),
  endpointHost: endpointHost.nullable(),
  promptStyle: text.nullable(),
  imageMode: text.nullable(),
  extra: z.record(z.string(), z.unknown()),
});

const dimensions = z.tuple([z.int().min(1), z.int().min(1)]);
const envOptionsSchema = z.strictObject({
  size: dimensions.optional(),
  length: z.int().min(1).optional(),
  area: dimensions.optional(),
  view: dimensions.optional(),
  reward: z.boolean().optional(),
});

const sessionSchema = z.strictObject({
  source: z.enum(SESSION_SOURCES),
  policyName: text.nullable().optional(),
  envOptions: envOptionsSchema.nullable().optional(),
  seed: z.int(),
  episode: z.int().min(0),
  worldSeed: z.int(),
  crafterVersion: text,
  texturePack: z.strictObject({ name: text, sha256: text }),
  policy: policySchema.nullable(),
  appVersion: text,
  startedAt: isoTime.optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

const sessionEndSchema = z.strictObject({
  endedAt: isoTime.optional(),
  endReason: z.enum(Object.keys(END_REASONS) as [keyof typeof END_REASONS]).nullable().optional(),
  endDetail: z.string().max(4000).nullable().optional(),
  details: z.record(z.string(), z.unknown()).nullable().optional(),
});

const action = z.enum(CRAFTER_ACTIONS);
const optionalCount = z.int().min(0).nullable();

const modelCallSchema = z.strictObject({
  model: text,
  provider: endpointHost.nullable().optional(),
  requestMessages: z.array(z.unknown()),
  requestOptions: z.record(z.string(), z.unknown()).nullable().optional(),
  rawResponse: z.unknown(),
  toolCalls: z.array(z.unknown()),
  parsedActions: z.array(action),
  invalidActions: z.array(z.unknown()),
  usage: z.strictObject({ inputTokens: optionalCount, outputTokens: optionalCount, totalTokens: optionalCount }),
  latencyMs: z.number().min(0).nullable(),
  error: z.string().nullable(),
  startedAt: isoTime.optional(),
});

const messageSchema = z.strictObject({
  role: z.enum(MESSAGE_ROLES),
  content: z.unknown(),
  isPolicyUserPrompt: z.boolean().optional(),
  extra: z.record(z.string(), z.unknown()).nullable().optional(),
  timestamp: isoTime.optional(),
});

/** A plain object of numbers that pass `ok`; one predicate, as zod's per-key records took a tenth of recording a step. */
function countsRecord(what: string, ok: (value: number) => boolean) {
  return z.custom<Record<string, number>>((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    for (const key in value) if (!ok((value as Record<string, unknown>)[key] as number)) return false;
    return true;
  }, { error: `expected an object of ${what}` });
}

const stepSchema = z.strictObject({
  stepIndex: z.int().min(0),
  actions: z.array(action).max(64),
  reward: z.number(),
  done: z.boolean(),
  inventory: countsRecord('finite numbers', (n) => typeof n === 'number' && Number.isFinite(n)),
  achievements: countsRecord('whole numbers >= 0', (n) => Number.isInteger(n) && n >= 0),
  position: z.tuple([z.int(), z.int()]),
  frame: z.strictObject({ sha256: hexSha256, png: z.instanceof(Uint8Array) }).nullable(),
  observationText: z.string().nullable().optional(),
  reactionMs: z.number().min(0).nullable().optional(),
  achievementsUnlocked: z.array(text).optional(),
  completedAt: isoTime.optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  modelCall: modelCallSchema.nullable().optional(),
  messages: z.array(messageSchema).optional(),
});

function check(schema: z.ZodType, input: unknown, what: string): void {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new StorageError('invalid_input', `invalid ${what}:\n${z.prettifyError(result.error)}`);
  }
}

function jsonObjectText(value: JsonObject | null | undefined, path: string): string | null {
  if (value === null || value === undefined) return null;
  assertJsonObject(value, path);
  return toJsonText(value);
}

/** A random UUID v4; built from getRandomValues because randomUUID is missing on plain-http pages. */
export function newSessionId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function sessionRow(input: SessionInput, sessionId: string, now: string): SessionRow {
  check(sessionSchema, input, 'session');
  const policy = input.policy;
  if (policy) {
    assertJsonObject(policy.extra, 'session.policy.extra');
    assertNoSecrets(policy.extra, 'session.policy.extra');
  }
  return {
    sessionId,
    startedAt: input.startedAt ?? now,
    source: input.source,
    policyName: input.policyName ?? null,
    envOptions: input.envOptions ? toJsonText(input.envOptions as JsonObject) : null,
    seed: input.seed,
    episode: input.episode,
    worldSeed: input.worldSeed,
    crafterVersion: input.crafterVersion,
    texturePackName: input.texturePack.name,
    texturePackSha256: input.texturePack.sha256,
    appVersion: input.appVersion,
    policyModel: policy?.model ?? null,
    policyEndpointHost: policy?.endpointHost ?? null,
    policyPromptStyle: policy?.promptStyle ?? null,
    policyImageMode: policy?.imageMode ?? null,
    policyExtra: policy ? toJsonText(policy.extra) : null,
    metadata: jsonObjectText(input.metadata, 'session.metadata'),
  };
}

export function sessionEndRow(sessionId: string, end: SessionEnd, now: string): SessionEndRow {
  check(sessionEndSchema, end, 'session end');
  if (end.details) assertNoSecrets(end.details, 'session end details');
  return {
    sessionId,
    endedAt: end.endedAt ?? now,
    endReason: end.endReason ?? null,
    endDetail: end.endDetail ?? null,
    endMetadata: jsonObjectText(end.details, 'session end details'),
  };
}

function modelCallRow(call: ModelCallInput, defaultTime: string): ModelCallRow {
  assertJsonValue(call.requestMessages, 'step.modelCall.requestMessages');
  assertJsonValue(call.rawResponse, 'step.modelCall.rawResponse');
  assertJsonValue(call.toolCalls, 'step.modelCall.toolCalls');
  assertJsonValue(call.invalidActions, 'step.modelCall.invalidActions');
  const requestOptions = jsonObjectText(call.requestOptions, 'step.modelCall.requestOptions');
  if (call.requestOptions) assertNoSecrets(call.requestOptions, 'step.modelCall.requestOptions');
  return {
    startedAt: call.startedAt ?? defaultTime,
    model: call.model,
    provider: call.provider ?? null,
    requestMessages: toJsonText(call.requestMessages),
    requestOptions,
    rawResponse: toJsonText(call.rawResponse),
    toolCalls: toJsonText(call.toolCalls),
    parsedActions: toJsonText(call.parsedActions),
    invalidActions: toJsonText(call.invalidActions),
    inputTokens: call.usage.inputTokens,
    outputTokens: call.usage.outputTokens,
    totalTokens: call.usage.totalTokens,
    latencyMs: call.latencyMs,
    error: call.error,
  };
}

function messageRows(messages: MessageInput[], defaultTime: string): MessageRow[] {
  const prompts = messages.filter((message) => message.isPolicyUserPrompt);
  if (prompts.length > 1) throw new StorageError('invalid_input', 'step.messages marks more than one policy user prompt');
  if (prompts.length === 1 && prompts[0].role !== 'user') {
    throw new StorageError('invalid_input', 'step.messages: the policy user prompt must have role "user"');
  }
  return messages.map((message, i) => {
    if (message.content === undefined) throw new StorageError('invalid_input', `step.messages[${i}].content is missing`);
    assertJsonValue(message.content, `step.messages[${i}].content`);
    return {
      role: message.role,
      content: toJsonText(message.content),
      isPolicyUserPrompt: message.isPolicyUserPrompt === true,
      extra: jsonObjectText(message.extra, `step.messages[${i}].extra`),
      timestamp: message.timestamp ?? defaultTime,
    };
  });
}

export function stepRow(sessionId: string, input: StepInput, now: string): StepRow {
  check(stepSchema, input, `step ${typeof input?.stepIndex === 'number' ? input.stepIndex : ''}`.trim());
  const unlocked = input.achievementsUnlocked;
  for (const name of unlocked ?? []) {
    if (!(input.achievements[name] > 0)) {
      throw new StorageError('invalid_input', `step.achievementsUnlocked names "${name}", whose count in step.achievements is not above 0`);
    }
  }
  const completedAt = input.completedAt ?? now;
  const frame = input.frame
    ? { sha256: input.frame.sha256, png: input.frame.png.slice(), ...pngDimensions(input.frame.png, 'step.frame.png') }
    : null;
  return {
    sessionId,
    stepIndex: input.stepIndex,
    completedAt,
    actions: toJsonText(input.actions),
    actionCount: input.actions.length,
    reward: input.reward,
    done: input.done,
    inventory: toJsonText(input.inventory),
    achievements: toJsonText(input.achievements),
    positionX: input.position[0],
    positionY: input.position[1],
    frame,
    observationText: input.observationText ?? null,
    reactionMs: input.reactionMs ?? null,
    metadata: jsonObjectText(input.metadata, 'step.metadata'),
    achievementsUnlocked: unlocked ? [...unlocked] : null,
    modelCall: input.modelCall ? modelCallRow(input.modelCall, completedAt) : null,
    messages: messageRows(input.messages ?? [], completedAt),
  };
}
