// Read side of the SQL layer: sessions and pages of steps back as plain records.
import type { SqlValue } from 'sql.js';
import { StorageError } from './errors.ts';
import { parseJsonText } from './json.ts';
import type { TraceDb } from './trace-db.ts';
import type {
  CrafterAction,
  JsonObject,
  JsonValue,
  MessageRecord,
  MessageRole,
  ModelCallRecord,
  SessionFilter,
  SessionRecord,
  SessionSource,
  StepRecord,
} from './types.ts';

const SESSION_COLUMNS = `s.session_id, s.source, s.seed, s.episode, s.world_seed, s.crafter_version, s.texture_pack_name,
  s.texture_pack_sha256, s.policy_model, s.policy_endpoint_host, s.policy_prompt_style, s.policy_image_mode,
  s.policy_extra, s.app_version, s.created_at, s.ended_at, s.end_reason, s.metadata, s.num_timesteps, s.num_events,
  s.num_messages, o.total_reward, o.total_steps, o.reward_metadata`;

const str = (value: SqlValue): string => String(value);
const strOrNull = (value: SqlValue): string | null => (value === null ? null : String(value));
const num = (value: SqlValue): number => Number(value);
const numOrNull = (value: SqlValue): number | null => (value === null ? null : Number(value));
const json = <T extends JsonValue>(value: SqlValue, what: string): T => parseJsonText<T>(String(value), what);
const jsonOrNull = <T extends JsonValue>(value: SqlValue, what: string): T | null => (value === null ? null : json<T>(value, what));

function sessionFromRow(row: SqlValue[]): SessionRecord {
  const policyExtra = jsonOrNull<JsonObject>(row[12], 'session_traces.policy_extra');
  const hasOutcome = row[21] !== null;
  return {
    id: str(row[0]),
    source: str(row[1]) as SessionSource,
    seed: num(row[2]),
    episode: num(row[3]),
    worldSeed: num(row[4]),
    crafterVersion: str(row[5]),
    texturePack: { name: str(row[6]), sha256: str(row[7]) },
    policy: policyExtra === null ? null : {
      model: strOrNull(row[8]),
      endpointHost: strOrNull(row[9]),
      promptStyle: strOrNull(row[10]),
      imageMode: strOrNull(row[11]),
      extra: policyExtra,
    },
    appVersion: str(row[13]),
    startedAt: str(row[14]),
    endedAt: strOrNull(row[15]),
    endReason: strOrNull(row[16]),
    metadata: jsonOrNull<JsonObject>(row[17], 'session_traces.metadata'),
    stepCount: num(row[18]),
    modelCallCount: num(row[19]),
    messageCount: num(row[20]),
    outcome: hasOutcome ? {
      totalReward: num(row[21]),
      length: num(row[22]),
      achievements: (json<{ achievements: string[] }>(row[23], 'outcome_rewards.reward_metadata')).achievements,
    } : null,
  };
}

export function readSessionRecord(tdb: TraceDb, sessionId: string): SessionRecord {
  const rows = tdb.rows(
    `SELECT ${SESSION_COLUMNS} FROM session_traces s LEFT JOIN outcome_rewards o ON o.session_id = s.session_id
     WHERE s.session_id = ?`,
    [sessionId],
  );
  if (rows.length === 0) throw new StorageError('not_found', `no session ${sessionId} in the store`);
  return sessionFromRow(rows[0]);
}

export function listSessionRecords(tdb: TraceDb, filter: SessionFilter = {}): SessionRecord[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.source !== undefined) {
    const sources = Array.isArray(filter.source) ? filter.source : [filter.source];
    where.push(`s.source IN (${sources.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...sources);
  }
  if (filter.model !== undefined) {
    where.push('s.policy_model = ?');
    params.push(filter.model);
  }
  if (filter.seed !== undefined) {
    where.push('s.seed = ?');
    params.push(filter.seed);
  }
  if (filter.ended !== undefined) where.push(filter.ended ? 's.ended_at IS NOT NULL' : 's.ended_at IS NULL');
  if (filter.startedAfter !== undefined) {
    where.push('s.created_at >= ?');
    params.push(filter.startedAfter);
  }
  if (filter.startedBefore !== undefined) {
    where.push('s.created_at < ?');
    params.push(filter.startedBefore);
  }
  const limit = filter.limit ?? 1000;
  const offset = filter.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0) {
    throw new StorageError('invalid_input', 'session filter: limit and offset must be non-negative integers');
  }
  params.push(limit, offset);
  const sql = `SELECT ${SESSION_COLUMNS} FROM session_traces s LEFT JOIN outcome_rewards o ON o.session_id = s.session_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.created_at DESC, s.session_id LIMIT ? OFFSET ?`;
  return tdb.rows(sql, params).map(sessionFromRow);
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
