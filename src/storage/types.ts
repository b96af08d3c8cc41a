// Plain record types of the trace store: what callers write and what they read back.
import { ACTIONS, type ActionName } from '../sim/rules.ts';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Crafter's 17 actions, in data.yaml order: the simulator's rules are the one source of them. */
export const CRAFTER_ACTIONS = ACTIONS;
export type CrafterAction = ActionName;

export const SESSION_SOURCES = ['human', 'model', 'scripted', 'random', 'import'] as const;
export type SessionSource = (typeof SESSION_SOURCES)[number];

export const MESSAGE_ROLES = ['system', 'user', 'assistant', 'tool'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** Settings of the policy that played; never holds an API key. */
export interface PolicySettings {
  model: string | null;
  /** Host (and port) of the endpoint only, e.g. "api.openai.com"; no scheme, path or credentials. */
  endpointHost: string | null;
  promptStyle: string | null;
  imageMode: string | null;
  /** Any other setting (temperature, max_tokens, ...). */
  extra: JsonObject;
}

export interface TexturePack {
  name: string;
  /** Content hash of the pack, hex SHA-256. */
  sha256: string;
}

export interface SessionInput {
  source: SessionSource;
  seed: number;
  episode: number;
  worldSeed: number;
  crafterVersion: string;
  texturePack: TexturePack;
  policy: PolicySettings | null;
  appVersion: string;
  /** ISO 8601; defaults to now. */
  startedAt?: string;
  metadata?: JsonObject | null;
}

export interface SessionOutcome {
  totalReward: number;
  /** Achievements unlocked during the session, in the order they were first unlocked. */
  achievements: string[];
  /** Environment steps taken: the number of actions over all step records. */
  length: number;
}

export interface SessionRecord {
  id: string;
  source: SessionSource;
  seed: number;
  episode: number;
  worldSeed: number;
  crafterVersion: string;
  texturePack: TexturePack;
  policy: PolicySettings | null;
  appVersion: string;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  metadata: JsonObject | null;
  /** Step records stored so far. */
  stepCount: number;
  modelCallCount: number;
  messageCount: number;
  /** Set when the session has been ended. */
  outcome: SessionOutcome | null;
}

export interface SessionEnd {
  /** ISO 8601; defaults to now. */
  endedAt?: string;
  /** Why it ended, e.g. "done", "step_budget", "aborted". */
  endReason?: string | null;
}

export interface FrameInput {
  /** Hex SHA-256 over the raw 64x64x3 RGB pixels (observation_image_sha256); frames are deduplicated by it. */
  sha256: string;
  png: Uint8Array;
}

export interface FrameRecord extends FrameInput {
  width: number;
  height: number;
}

export interface TokenUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
}

export interface ModelCallInput {
  model: string;
  /** Endpoint host the call went to. */
  provider?: string | null;
  /** The request messages exactly as sent, image parts included. */
  requestMessages: JsonValue[];
  /** The rest of the request body as sent (tools, tool_choice, temperature, ...). */
  requestOptions?: JsonObject | null;
  /** The response as received (parsed JSON body, or its text when it was not JSON). */
  rawResponse: JsonValue;
  toolCalls: JsonValue[];
  parsedActions: CrafterAction[];
  invalidActions: JsonValue[];
  /** Token counts as the endpoint reported them; null where it reported none. */
  usage: TokenUsage;
  latencyMs: number | null;
  error: string | null;
  /** ISO 8601; defaults to the step's completedAt. */
  startedAt?: string;
}

export type ModelCallRecord = Required<ModelCallInput> & { provider: string | null; requestOptions: JsonObject | null };

export interface MessageInput {
  role: MessageRole;
  /** Message content as in chat APIs: a string or an array of parts. */
  content: JsonValue;
  /** Marks the step's user prompt given to the policy (at most one per step, role "user"). */
  isPolicyUserPrompt?: boolean;
  /** The message's other fields as sent, e.g. tool_calls, tool_call_id, name. */
  extra?: JsonObject | null;
  /** ISO 8601; defaults to the step's completedAt. */
  timestamp?: string;
}

export interface MessageRecord {
  role: MessageRole;
  content: JsonValue;
  isPolicyUserPrompt: boolean;
  extra: JsonObject | null;
  timestamp: string;
}

export interface StepInput {
  /** Crafter's step count after this record; 0 is the reset observation. Strictly increasing within a session. */
  stepIndex: number;
  /** Actions executed in order (one, or those of one model call); empty only for a session's first record (the reset). */
  actions: CrafterAction[];
  /** Reward of this record (sum over its actions). */
  reward: number;
  done: boolean;
  /** Inventory after the step. */
  inventory: Record<string, number>;
  /** Achievement counts after the step. */
  achievements: Record<string, number>;
  /** Player position [x, y] after the step. */
  position: [number, number];
  frame: FrameInput | null;
  /** The observation's text summary as a model would have been given it. */
  observationText?: string | null;
  /** A human's reaction time for this step, in milliseconds. */
  reactionMs?: number | null;
  /** Achievements unlocked for the first time by this record; derived from the previous record when omitted. */
  achievementsUnlocked?: string[];
  /** ISO 8601; defaults to now. */
  completedAt?: string;
  metadata?: JsonObject | null;
  modelCall?: ModelCallInput | null;
  messages?: MessageInput[];
}

export interface StepRecord {
  stepIndex: number;
  actions: CrafterAction[];
  reward: number;
  done: boolean;
  inventory: Record<string, number>;
  achievements: Record<string, number>;
  position: [number, number];
  frame: FrameRecord | null;
  observationText: string | null;
  reactionMs: number | null;
  achievementsUnlocked: string[];
  completedAt: string;
  metadata: JsonObject | null;
  modelCall: ModelCallRecord | null;
  messages: MessageRecord[];
}

export interface SessionTrace {
  session: SessionRecord;
  steps: StepRecord[];
}

export interface SessionFilter {
  source?: SessionSource | SessionSource[];
  /** Policy model name, exact match. */
  model?: string;
  seed?: number;
  ended?: boolean;
  /** ISO 8601, inclusive. */
  startedAfter?: string;
  /** ISO 8601, exclusive. */
  startedBefore?: string;
  /** Newest first; defaults to 1000. */
  limit?: number;
  offset?: number;
}

export interface IterateStepsOptions {
  /** Steps fetched per query; defaults to 256. */
  batchSize?: number;
  /** Include frame bytes; defaults to true. When false, each frame's png is empty and its sha256, width and height remain. */
  frames?: boolean;
}

export type ImportMode = 'merge' | 'replace';

export interface ImportResult {
  /** Sessions copied into the store. */
  imported: string[];
  /** Sessions of the file already in the store (same id), left as they were; always empty for "replace". */
  skipped: string[];
}

export interface StoreStatus {
  /** Where completed steps are kept: IndexedDB, or only this process's memory. */
  persistence: 'indexeddb' | 'memory' | 'read-only';
  /** Journal entries written since the last snapshot. */
  journalEntries: number;
  journalBytes: number;
  snapshotBytes: number;
  lastSnapshotAt: string | null;
  /** Last background failure (a snapshot that could not be written); writes are unaffected. */
  lastError: Error | null;
}
