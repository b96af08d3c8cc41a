// Validated, serialised records: what the SQL layer writes and the IndexedDB journal replays.
// JSON fields are already text here, so a journal entry is cheap to clone and replays byte for byte.

export interface SessionRow {
  sessionId: string;
  startedAt: string;
  source: string;
  policyName: string | null;
  /** JSON object text of the Env options, or null. */
  envOptions: string | null;
  seed: number;
  episode: number;
  worldSeed: number;
  crafterVersion: string;
  texturePackName: string;
  texturePackSha256: string;
  appVersion: string;
  policyModel: string | null;
  policyEndpointHost: string | null;
  policyPromptStyle: string | null;
  policyImageMode: string | null;
  /** JSON object text; null exactly when the session has no policy. */
  policyExtra: string | null;
  metadata: string | null;
}

export interface FrameRow {
  sha256: string;
  png: Uint8Array;
  width: number;
  height: number;
}

export interface ModelCallRow {
  startedAt: string;
  model: string;
  provider: string | null;
  requestMessages: string;
  requestOptions: string | null;
  rawResponse: string;
  toolCalls: string;
  parsedActions: string;
  invalidActions: string;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  latencyMs: number | null;
  error: string | null;
}

export interface MessageRow {
  role: string;
  content: string;
  isPolicyUserPrompt: boolean;
  extra: string | null;
  timestamp: string;
}

export interface StepRow {
  sessionId: string;
  stepIndex: number;
  completedAt: string;
  actions: string;
  actionCount: number;
  reward: number;
  done: boolean;
  inventory: string;
  achievements: string;
  positionX: number;
  positionY: number;
  frame: FrameRow | null;
  observationText: string | null;
  reactionMs: number | null;
  metadata: string | null;
  /** Null until the store resolves it (from the caller, or from the previous record); always set in the journal. */
  achievementsUnlocked: string[] | null;
  modelCall: ModelCallRow | null;
  messages: MessageRow[];
}

export interface SessionEndRow {
  sessionId: string;
  endedAt: string;
  endReason: string | null;
  endDetail: string | null;
  /** JSON object text, or null. */
  endMetadata: string | null;
}

/** Approximate bytes a row occupies, for deciding when to snapshot. */
export function stepRowBytes(row: StepRow): number {
  let bytes = 200 + row.actions.length + row.inventory.length + row.achievements.length;
  bytes += (row.frame?.png.length ?? 0) + (row.observationText?.length ?? 0) + (row.metadata?.length ?? 0);
  if (row.modelCall) {
    const call = row.modelCall;
    bytes += call.requestMessages.length + (call.requestOptions?.length ?? 0) + call.rawResponse.length + call.toolCalls.length;
  }
  for (const message of row.messages) bytes += message.content.length + (message.extra?.length ?? 0) + 50;
  return bytes;
}
