// Read side of the SQL layer: sessions and pages of steps back as plain records.
import type { SqlValue } from 'sql.js';
import { StorageError } from './errors.ts';
import { parseJsonText } from './json.ts';
import type { TraceDb } from './trace-db.ts';
import type {
  CrafterAction,
  IterateStepsOptions,
  EndReason,
  EnvOptions,
  JsonObject,
  JsonValue,
  MessageRecord,
  MessageRole,
  ModelCallRecord,
  SessionRecord,
  SessionSource,
  SessionState,
  StepRecord,
} from './types.ts';

const SESSION_COLUMNS = `s.session_id, s.source, s.policy_name, s.env_options, s.seed, s.episode, s.world_seed, s.crafter_version,
  s.texture_pack_name, s.texture_pack_sha256, s.policy_model, s.policy_endpoint_host, s.policy_prompt_style,
  s.policy_image_mode, s.policy_extra, s.app_version, s.created_at, s.ended_at, s.end_reason, s.end_detail, s.metadata,
  s.num_timesteps, s.num_events, s.num_messages, o.total_reward, o.total_steps, o.reward_metadata,
  (SELECT coalesce(sum(action_count), 0) FROM session_timesteps t WHERE t.session_id = s.session_id),
  (SELECT coalesce(sum(reward), 0) FROM session_timesteps t WHERE t.session_id = s.session_id),
  (SELECT json_group_array(key) FROM (SELECT key FROM event_rewards r WHERE r.session_id = s.session_id
     AND r.reward_type = 'achievement' GROUP BY key ORDER BY min(r.id))), s.end_metadata`;

const str = (value: SqlValue): string => String(value);
const strOrNull = (value: SqlValue): string | null => (value === null ? null : String(value));
const num = (value: SqlValue): number => Number(value);
const numOrNull = (value: SqlValue): number | null => (value === null ? null : Number(value));
const json = <T extends JsonValue>(value: SqlValue, what: string): T => parseJsonText<T>(String(value), what);
const jsonOrNull = <T extends JsonValue>(value: SqlValue, what: string): T | null => (value === null ? null : json<T>(value, what));

/** The state a session's rows say it is in. */
export function sessionState(endedAt: string | null, endReason: string | null): SessionState {
  if (endedAt === null) return 'recording';
  return endReason === 'interrupted' ? 'interrupted' : 'ended';
}

function sessionFromRow(row: SqlValue[], bytes: number): SessionRecord {
  const policyExtra = jsonOrNull<JsonObject>(row[14], 'session_traces.policy_extra');
  const hasOutcome = row[24] !== null;
  const endedAt = strOrNull(row[17]);
  const endReason = strOrNull(row[18]) as EndReason | null;
  return {
    id: str(row[0]),
    source: str(row[1]) as SessionSource,
    policyName: strOrNull(row[2]),
    envOptions: jsonOrNull<JsonObject>(row[3], 'session_traces.env_options') as EnvOptions | null,
    state: sessionState(endedAt, endReason),
    seed: num(row[4]),
    episode: num(row[5]),
    worldSeed: num(row[6]),
    crafterVersion: str(row[7]),
    texturePack: { name: str(row[8]), sha256: str(row[9]) },
    policy: policyExtra === null ? null : {
      model: strOrNull(row[10]),
      endpointHost: strOrNull(row[11]),
      promptStyle: strOrNull(row[12]),
      imageMode: strOrNull(row[13]),
      extra: policyExtra,
    },
    appVersion: str(row[15]),
    startedAt: str(row[16]),
    endedAt,
    endReason,
    endDetail: strOrNull(row[19]),
    endDetails: jsonOrNull<JsonObject>(row[30], 'session_traces.end_metadata'),
    metadata: jsonOrNull<JsonObject>(row[20], 'session_traces.metadata'),
    length: num(row[27]),
    totalReward: num(row[28]),
    achievements: json<string[]>(row[29], 'achievements'),
    bytes,
    damaged: null,
    stepCount: num(row[21]),
    modelCallCount: num(row[22]),
    messageCount: num(row[23]),
    outcome: hasOutcome ? {
      totalReward: num(row[24]),
      length: num(row[25]),
      achievements: (json<{ achievements: string[] }>(row[26], 'outcome_rewards.reward_metadata')).achievements,
    } : null,
  };
}

/** The session's record as its rows give it; `bytes` is what the caller knows it takes in the store. */
export function readSessionRecord(tdb: TraceDb, sessionId: string, bytes = 0): SessionRecord {
  const rows = tdb.rows(
    `SELECT ${SESSION_COLUMNS} FROM session_traces s LEFT JOIN outcome_rewards o ON o.session_id = s.session_id
     WHERE s.session_id = ?`,
    [sessionId],
  );
  if (rows.length === 0) throw new StorageError('not_found', `no session ${sessionId} in the store`);
  return sessionFromRow(rows[0], bytes);
}

function modelCallFromRow(row: SqlValue[]): ModelCallRecord {
  return {
    startedAt: str(row[1]),
    model: str(row[2]),
    provider: strOrNull(row[3]),
    requestMessages: json<JsonValue[]>(row[4], 'events.request_messages'),
    requestOptions: jsonOrNull<JsonObject>(row[5], 'events.request_options'),
    rawResponse: json(row[6], 'events.raw_response'),
    toolCalls: json<JsonValue[]>(row[7], 'events.tool_calls'),
    parsedActions: json<CrafterAction[]>(row[8], 'events.parsed_actions'),
    invalidActions: json<JsonValue[]>(row[9], 'events.invalid_actions'),
    usage: { inputTokens: numOrNull(row[10]), outputTokens: numOrNull(row[11]), totalTokens: numOrNull(row[12]) },
    latencyMs: numOrNull(row[13]),
    error: strOrNull(row[14]),
  };
}

/** When the session's last step was completed; null before its first. */
export function lastStepCompletedAt(tdb: TraceDb, sessionId: string): string | null {
  const [row] = tdb.rows('SELECT completed_at FROM session_timesteps WHERE session_id = ? ORDER BY step_index DESC LIMIT 1', [sessionId]);
  return row ? str(row[0]) : null;
}

/** Up to `limit` steps of a session with step index above `afterStepIndex`, in order. */
export function readStepPage(
  tdb: TraceDb,
  sessionId: string,
  afterStepIndex: number,
  limit: number,
  withFrames: boolean,
): StepRecord[] {
  const stepRows = tdb.rows(
    `SELECT t.id, t.step_index, t.completed_at, t.actions, t.reward, t.done, t.inventory, t.achievements, t.position_x,
       t.position_y, t.observation_text, t.reaction_ms, t.step_metadata, f.sha256, ${withFrames ? 'f.png' : 'NULL'}, f.width, f.height
     FROM session_timesteps t LEFT JOIN frames f ON f.id = t.frame_id
     WHERE t.session_id = ? AND t.step_index > ? ORDER BY t.step_index LIMIT ?`,
    [sessionId, afterStepIndex, limit],
  );
  if (stepRows.length === 0) return [];
  const ids = stepRows.map((row) => num(row[0]));
  const range = [sessionId, Math.min(...ids), Math.max(...ids)];

  const unlocked = new Map<number, string[]>();
  for (const [timestepId, key] of tdb.rows(
    `SELECT timestep_id, key FROM event_rewards WHERE session_id = ? AND timestep_id BETWEEN ? AND ?
       AND reward_type = 'achievement' ORDER BY id`,
    range,
  )) {
    const list = unlocked.get(num(timestepId)) ?? [];
    list.push(str(key));
    unlocked.set(num(timestepId), list);
  }
  const calls = new Map<number, ModelCallRecord>();
  for (const row of tdb.rows(
    `SELECT timestep_id, event_time, model_name, provider, request_messages, request_options, raw_response, tool_calls,
       parsed_actions, invalid_actions, input_tokens, output_tokens, total_tokens, latency_ms, error
     FROM events WHERE session_id = ? AND timestep_id BETWEEN ? AND ? ORDER BY id`,
    range,
  )) {
    if (calls.has(num(row[0]))) throw new StorageError('corrupt', `step row ${num(row[0])} has more than one model call`);
    calls.set(num(row[0]), modelCallFromRow(row));
  }
  const messages = new Map<number, MessageRecord[]>();
  for (const row of tdb.rows(
    `SELECT timestep_id, message_type, content, is_policy_user_prompt, metadata, timestamp
     FROM messages WHERE session_id = ? AND timestep_id BETWEEN ? AND ? ORDER BY timestep_id, message_index`,
    range,
  )) {
    const list = messages.get(num(row[0])) ?? [];
    list.push({
      role: str(row[1]) as MessageRole,
      content: json(row[2], 'messages.content'),
      isPolicyUserPrompt: row[3] === 1,
      extra: jsonOrNull<JsonObject>(row[4], 'messages.metadata'),
      timestamp: str(row[5]),
    });
    messages.set(num(row[0]), list);
  }

  return stepRows.map((row) => {
    const id = num(row[0]);
    const png = row[14];
    return {
      stepIndex: num(row[1]),
      actions: json<CrafterAction[]>(row[3], 'session_timesteps.actions'),
      reward: num(row[4]),
      done: row[5] === 1,
      inventory: json<Record<string, number>>(row[6], 'session_timesteps.inventory'),
      achievements: json<Record<string, number>>(row[7], 'session_timesteps.achievements'),
      position: [num(row[8]), num(row[9])],
      frame: row[13] === null ? null : {
        sha256: str(row[13]),
        png: png instanceof Uint8Array ? png : new Uint8Array(0),
        width: num(row[15]),
        height: num(row[16]),
      },
      observationText: strOrNull(row[10]),
      reactionMs: numOrNull(row[11]),
      achievementsUnlocked: unlocked.get(id) ?? [],
      completedAt: str(row[2]),
      metadata: jsonOrNull<JsonObject>(row[12], 'session_timesteps.step_metadata'),
      modelCall: calls.get(id) ?? null,
      messages: messages.get(id) ?? [],
    };
  });
}

/** The session's steps in order, read `batchSize` at a time (a query per batch), as iterateSteps gives them. */
export function* stepsInBatches(tdb: TraceDb, sessionId: string, options: IterateStepsOptions = {}): Generator<StepRecord, void, undefined> {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new StorageError('invalid_input', 'iterateSteps: batchSize must be a positive integer');
  for (let after = -1; ; ) {
    const page = readStepPage(tdb, sessionId, after, batchSize, options.frames ?? true);
    yield* page;
    if (page.length < batchSize) return;
    after = page[page.length - 1].stepIndex;
  }
}
