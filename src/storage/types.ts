// Plain record types of the trace store: what callers write and what they read back.
import { ACTIONS, type ActionName } from '../sim/rules.ts';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Crafter's 17 actions, in data.yaml order: the simulator's rules are the one source of them. */
export const CRAFTER_ACTIONS = ACTIONS;
export type CrafterAction = ActionName;

/** Who played: a person, a model behind an endpoint, a built-in agent (its name in `policyName`), or a file imported from elsewhere. */
export const SESSION_SOURCES = ['human', 'model', 'builtin', 'import'] as const;
export type SessionSource = (typeof SESSION_SOURCES)[number];

/** Why a session ended, one name each, with the words the page shows for it. */
export const END_REASONS = {
  died: 'died',
  step_limit: 'reached the step limit',
  stopped: 'stopped',
  interrupted: 'interrupted (the page closed while recording)',
  error: 'ended by an error',
} as const;
export type EndReason = keyof typeof END_REASONS;

/** Crafter's Env options a session was played with; absent ones are Crafter's defaults. */
export interface EnvOptions {
  /** Frame size [width, height] (Crafter's `size`). */
  size?: [number, number];
  /** Episode length limit (Crafter's `length`). */
  length?: number;
  area?: [number, number];
  view?: [number, number];
  reward?: boolean;
}

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
  /** Which policy within the source: the built-in agent's kind (scripted, random), the model's name; null for a person. */
  policyName?: string | null;
  envOptions?: EnvOptions | null;
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

export type SessionState = 'recording' | 'ended' | 'interrupted';

export interface SessionRecord {
  id: string;
  source: SessionSource;
  policyName: string | null;
  envOptions: EnvOptions | null;
  /** recording: steps are still being added (in this tab); interrupted: the page closed while it recorded. */
  state: SessionState;
  seed: number;
  episode: number;
  worldSeed: number;
  crafterVersion: string;
  texturePack: TexturePack;
  policy: PolicySettings | null;
  appVersion: string;
  startedAt: string;
  endedAt: string | null;
  endReason: EndReason | null;
  /** The error or other detail of the end, in words. */
  endDetail: string | null;
  /** What else the end kept (SessionEnd.details). */
  endDetails: JsonObject | null;
  metadata: JsonObject | null;
  /** Environment steps taken so far: the actions over all step records (the reset record takes none). */
  length: number;
  totalReward: number;
  /** Achievements unlocked so far, in the order first unlocked. */
  achievements: string[];
  /** Bytes the session takes in the store. */
  bytes: number;
  /** Why the session's stored data cannot be read, when it cannot; every other session is unaffected. */
  damaged: string | null;
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
  endReason?: EndReason | null;
  endDetail?: string | null;
  /** What else the end should keep, such as a model call that failed before the run stopped, with its attempts. */
  details?: JsonObject | null;
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
  /** Policy name (built-in agent kind or model), exact match. */
  policyName?: string;
  seed?: number;
  ended?: boolean;
  endReason?: EndReason | EndReason[];
  /** ISO 8601, inclusive. */
  startedAfter?: string;
  /** ISO 8601, exclusive. */
  startedBefore?: string;
  /** Order of the list; defaults to newest first. */
  sort?: SessionSort;
  /** Defaults to every session. */
  limit?: number;
  offset?: number;
}

export const SESSION_SORT_KEYS = ['startedAt', 'length', 'totalReward', 'achievements', 'bytes', 'seed'] as const;
export type SessionSort = { key: (typeof SESSION_SORT_KEYS)[number]; descending: boolean };

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
  /** Sessions of the file already in the store (same id), left as they were. */
  skipped: string[];
  /** Environment steps of the imported sessions. */
  steps: number;
}

/** A download: one SQLite file, or a zip of per-session SQLite files when the sessions pass the single-file size. */
export interface ExportedFile {
  kind: 'sqlite' | 'zip';
  /** Suggested file name. */
  name: string;
  /** The file's contents in order, read one part at a time; Blobs are the store's own files (never copied into memory). */
  parts: () => AsyncIterable<Uint8Array | Blob>;
  bytes: number;
  sessions: number;
  /** Sessions left out because their data is damaged, with the reason. */
  leftOut: { id: string; reason: string }[];
}

export interface StoreStatus {
  /** Where recorded steps are kept: IndexedDB, files on disk, only this process's memory (lost when it ends), or a file opened to read. */
  persistence: 'indexeddb' | 'files' | 'memory' | 'read-only';
  /** Why the store is in memory only, when it is. */
  memoryReason: string | null;
  sessions: number;
  /** Bytes the sessions take in the store. */
  bytes: number;
  /** Steps accepted but not yet durable (their batch is being written, or writing failed). */
  pendingSteps: number;
  /**
   * Ended sessions being sealed into their file, or about to be (an episode's file is made half a second after its
   * end). Nothing is lost if the page closes first: the next opening seals them, with work that shares the thread
   * with whatever is recorded meanwhile.
   */
  sealingSessions: number;
  /** Set while writing is refused (storage full or unavailable): the pending steps are kept in memory until retryWrites() succeeds. */
  blocked: { code: string; message: string } | null;
  /** Last background failure (sealing or recovering a session); recording is unaffected. */
  lastError: string | null;
}
