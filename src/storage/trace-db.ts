// Synchronous SQL layer over one sql.js database: writes rows, keeps per-session bookkeeping, exports bytes.
import type { BindParams, Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import { StorageError, describeError } from './errors.ts';
import { parseJsonText } from './json.ts';
import { initialiseSchema, upgradeSchema } from './migrate.ts';
import type { FrameRow, SessionEndRow, SessionRow, StepRow } from './rows.ts';
import { SMALL_SESSION_BYTES, SMALL_SESSION_PAGE_SIZE } from './schema.ts';
import { danglingReferences, openSqliteBytes } from './sqlite-file.ts';

interface SessionState {
  ended: boolean;
  lastStepIndex: number | null;
  /** The last step's achievements as stored (JSON text), parsed only when a step comes without its unlocks. */
  lastAchievements: string | null;
}

/** Rows a session gained since its counts in session_traces were last written. */
interface CountsDue {
  steps: number;
  events: number;
  messages: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function unlockedBetween(before: Record<string, number> | null, after: Record<string, number>): string[] {
  return Object.keys(after).filter((name) => after[name] > 0 && !((before?.[name] ?? 0) > 0));
}

export class TraceDb {
  private readonly statements = new Map<string, Statement>();
  private readonly sessions = new Map<string, SessionState>();
  // Written before anything reads or commits, not per step: the UPDATE was a sixth of a step's SQL.
  private readonly countsDue = new Map<string, CountsDue>();
  /** Frame ids by the SHA-256 of their pixels, loaded at the first frame; null until then and after a rollback. */
  private frameIds: Map<string, number[]> | null = null;
  private transactionOpen = false;

  private constructor(readonly db: Database) {}

  /** A new, empty store with the current schema. */
  static create(sql: SqlJsStatic, pageSize?: number): TraceDb {
    const db = new sql.Database();
    initialiseSchema(db, undefined, pageSize);
    return new TraceDb(db);
  }

  /**
   * Opens a copy of a store file, migrated to the current schema. `verify` also checks every page and
   * every reference between rows (for files from outside; our own snapshots skip it to open fast).
   */
  static fromBytes(sql: SqlJsStatic, bytes: Uint8Array, what: string, options: { verify: boolean }): TraceDb {
    const db = openSqliteBytes(sql, bytes, what, { quickCheck: options.verify });
    try {
      upgradeSchema(db, what);
      const dangling = options.verify ? danglingReferences(db) : [];
      if (dangling.length > 0) {
        throw new StorageError('corrupt', `${what} is a damaged trace store; rows refer to rows that do not exist (${dangling.slice(0, 3).join('; ')})`);
      }
    } catch (error) {
      db.close();
      throw error;
    }
    return new TraceDb(db);
  }

  /** Wraps a database that already has the current schema (a session extracted from a file). */
  static fromDatabase(db: Database): TraceDb {
    return new TraceDb(db);
  }

  /** A cached prepared statement; sql.js keeps them valid across export(). */
  statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  run(sql: string, params: BindParams): void {
    this.statement(sql).run(params);
  }

  /** All rows of a query as arrays, with every session's counts up to date. */
  rows(sql: string, params: BindParams): SqlValue[][] {
    this.writeCounts();
    return this.query(sql, params);
  }

  private query(sql: string, params: BindParams): SqlValue[][] {
    const statement = this.statement(sql);
    statement.bind(params);
    const rows: SqlValue[][] = [];
    try {
      while (statement.step()) rows.push(statement.get());
    } finally {
      statement.reset();
    }
    return rows;
  }

  private insertReturningId(sql: string, params: BindParams): number {
    const rows = this.query(sql, params);
    return Number(rows[0][0]);
  }

  get inTransaction(): boolean {
    return this.transactionOpen;
  }

  begin(): void {
    // What a rollback clears must be this transaction's counts only.
    this.writeCounts();
    this.db.exec('BEGIN');
    this.transactionOpen = true;
  }

  commit(): void {
    this.writeCounts();
    this.db.exec('COMMIT');
    this.transactionOpen = false;
  }

  /** Commits the open transaction, if any, and writes the counts due, so the database can be exported. */
  settle(): void {
    if (this.transactionOpen) this.commit();
    else this.writeCounts();
  }

  rollback(): void {
    try {
      this.db.exec('ROLLBACK');
    } catch (error) {
      // SQLite has already rolled back after some errors (out of memory, full); anything else is news.
      if (!/no transaction is active/.test(describeError(error))) throw error;
    }
    this.transactionOpen = false;
    // The cached bookkeeping may describe rows that were just undone.
    this.sessions.clear();
    this.countsDue.clear();
    this.frameIds = null;
  }

  /** Forgets the cached bookkeeping after one change was undone (to its savepoint): the counts due are of changes kept. */
  forgetState(): void {
    this.sessions.clear();
    this.frameIds = null;
  }

  private writeCounts(): void {
    for (const [sessionId, due] of this.countsDue) {
      this.run(
        `UPDATE session_traces SET num_timesteps = num_timesteps + ?, num_events = num_events + ?,
           num_messages = num_messages + ? WHERE session_id = ?`,
        [due.steps, due.events, due.messages, sessionId],
      );
    }
    this.countsDue.clear();
  }

  private sessionState(sessionId: string): SessionState {
    const cached = this.sessions.get(sessionId);
    if (cached) return cached;
    const found = this.query('SELECT ended_at IS NOT NULL FROM session_traces WHERE session_id = ?', [sessionId]);
    if (found.length === 0) throw new StorageError('not_found', `no session ${sessionId} in the store`);
    const last = this.query(
      'SELECT step_index, achievements FROM session_timesteps WHERE session_id = ? ORDER BY step_index DESC LIMIT 1',
      [sessionId],
    );
    const state: SessionState = {
      ended: found[0][0] === 1,
      lastStepIndex: last.length ? Number(last[0][0]) : null,
      lastAchievements: last.length ? String(last[0][1]) : null,
    };
    this.sessions.set(sessionId, state);
    return state;
  }

  hasSession(sessionId: string): boolean {
    return this.query('SELECT 1 FROM session_traces WHERE session_id = ?', [sessionId]).length > 0;
  }

  insertSession(row: SessionRow): void {
    if (this.hasSession(row.sessionId)) throw new StorageError('conflict', `session ${row.sessionId} already exists`);
    this.run(
      `INSERT INTO session_traces (session_id, created_at, source, policy_name, env_options, seed, episode, world_seed,
         crafter_version, texture_pack_name, texture_pack_sha256, app_version, policy_model, policy_endpoint_host,
         policy_prompt_style, policy_image_mode, policy_extra, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.sessionId, row.startedAt, row.source, row.policyName, row.envOptions, row.seed, row.episode, row.worldSeed, row.crafterVersion,
        row.texturePackName, row.texturePackSha256, row.appVersion, row.policyModel, row.policyEndpointHost,
        row.policyPromptStyle, row.policyImageMode, row.policyExtra, row.metadata,
      ],
    );
    this.sessions.set(row.sessionId, { ended: false, lastStepIndex: null, lastAchievements: null });
  }

  /** Frames are shared between steps with the same pixels and the same PNG bytes. */
  private frameId(frame: FrameRow): number {
    if (!this.frameIds) {
      this.frameIds = new Map();
      for (const [sha256, id] of this.query('SELECT sha256, id FROM frames ORDER BY id', [])) this.knowFrame(String(sha256), Number(id));
    }
    for (const id of this.frameIds.get(frame.sha256) ?? []) {
      const [[png]] = this.query('SELECT png FROM frames WHERE id = ?', [id]);
      if (png instanceof Uint8Array && sameBytes(png, frame.png)) return id;
    }
    const id = this.insertReturningId('INSERT INTO frames (sha256, png, width, height) VALUES (?, ?, ?, ?) RETURNING id', [
      frame.sha256, frame.png, frame.width, frame.height,
    ]);
    this.knowFrame(frame.sha256, id);
    return id;
  }

  private knowFrame(sha256: string, id: number): void {
    const ids = this.frameIds!.get(sha256);
    if (ids) ids.push(id);
    else this.frameIds!.set(sha256, [id]);
  }

  /**
   * Writes one step with its frame, rewards, model call and messages. Resolves `row.achievementsUnlocked`
   * (from the previous record when the caller gave none) so a journal of rows replays identically.
   */
  insertStep(row: StepRow): void {
    const state = this.sessionState(row.sessionId);
    if (state.ended) throw new StorageError('conflict', `session ${row.sessionId} has ended; no more steps can be added`);
    if (state.lastStepIndex !== null && row.stepIndex <= state.lastStepIndex) {
      throw new StorageError(
        'conflict',
        `step ${row.stepIndex} of session ${row.sessionId} does not follow step ${state.lastStepIndex}; step indices must increase`,
      );
    }
    if (row.actionCount === 0 && state.lastStepIndex !== null) {
      throw new StorageError('invalid_input', `step ${row.stepIndex} has no actions; only a session's first record (the reset) may`);
    }
    // Most steps unlock nothing and leave the counts' text as it was: then there is nothing to parse.
    const unchanged = state.lastAchievements !== null && row.achievements === state.lastAchievements;
    const unlocked = row.achievementsUnlocked ?? (unchanged ? [] : unlockedBetween(
      state.lastAchievements === null ? null : parseJsonText<Record<string, number>>(state.lastAchievements, 'session_timesteps.achievements'),
      parseJsonText<Record<string, number>>(row.achievements, 'step.achievements'),
    ));
    row.achievementsUnlocked = unlocked;

    const frameId = row.frame ? this.frameId(row.frame) : null;
    const timestepId = this.insertReturningId(
      `INSERT INTO session_timesteps (session_id, step_index, completed_at, actions, action_count, reward, done,
         inventory, achievements, position_x, position_y, frame_id, observation_text, reaction_ms, step_metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        row.sessionId, row.stepIndex, row.completedAt, row.actions, row.actionCount, row.reward, row.done ? 1 : 0,
        row.inventory, row.achievements, row.positionX, row.positionY, frameId, row.observationText, row.reactionMs,
        row.metadata,
      ],
    );
    const rewardSql = `INSERT INTO event_rewards (session_id, timestep_id, reward_value, reward_type, key, source, created_at)
       VALUES (?, ?, ?, ?, ?, 'environment', ?)`;
    if (row.reward !== 0) this.run(rewardSql, [row.sessionId, timestepId, row.reward, 'environment', null, row.completedAt]);
    for (const name of unlocked) this.run(rewardSql, [row.sessionId, timestepId, 1, 'achievement', name, row.completedAt]);

    const call = row.modelCall;
    if (call) {
      this.run(
        `INSERT INTO events (session_id, timestep_id, event_type, event_time, model_name, provider, input_tokens,
           output_tokens, total_tokens, latency_ms, request_messages, request_options, raw_response, tool_calls,
           parsed_actions, invalid_actions, error)
         VALUES (?, ?, 'cais', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          row.sessionId, timestepId, call.startedAt, call.model, call.provider, call.inputTokens, call.outputTokens,
          call.totalTokens, call.latencyMs, call.requestMessages, call.requestOptions, call.rawResponse, call.toolCalls,
          call.parsedActions, call.invalidActions, call.error,
        ],
      );
    }
    row.messages.forEach((message, index) => {
      this.run(
        `INSERT INTO messages (session_id, timestep_id, message_index, message_type, content, is_policy_user_prompt,
           timestamp, metadata)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [row.sessionId, timestepId, index, message.role, message.content, message.isPolicyUserPrompt ? 1 : 0, message.timestamp, message.extra],
      );
    });
    const due = this.countsDue.get(row.sessionId) ?? { steps: 0, events: 0, messages: 0 };
    due.steps += 1;
    due.events += call ? 1 : 0;
    due.messages += row.messages.length;
    this.countsDue.set(row.sessionId, due);
    state.lastStepIndex = row.stepIndex;
    state.lastAchievements = row.achievements;
  }

  /** Marks the session ended and writes its outcome from its steps. */
  endSession(row: SessionEndRow): void {
    const state = this.sessionState(row.sessionId);
    if (state.ended) throw new StorageError('conflict', `session ${row.sessionId} has already ended`);
    const achievements = this.query(
      `SELECT key FROM event_rewards WHERE session_id = ? AND reward_type = 'achievement' GROUP BY key ORDER BY min(id)`,
      [row.sessionId],
    ).map((r) => String(r[0]));
    this.run('UPDATE session_traces SET ended_at = ?, end_reason = ?, end_detail = ?, end_metadata = ? WHERE session_id = ?', [
      row.endedAt, row.endReason, row.endDetail, row.endMetadata, row.sessionId,
    ]);
    this.run(
      `INSERT INTO outcome_rewards (session_id, total_reward, achievements_count, total_steps, created_at, reward_metadata)
       SELECT ?, coalesce(sum(reward), 0), ?, coalesce(sum(action_count), 0), ?, ? FROM session_timesteps WHERE session_id = ?`,
      [row.sessionId, achievements.length, row.endedAt, JSON.stringify({ achievements }), row.sessionId],
    );
    state.ended = true;
  }

  sessionIds(): string[] {
    return this.rows('SELECT session_id FROM session_traces ORDER BY created_at, session_id', []).map((row) => String(row[0]));
  }

  /** The database as a session's file to seal: a small one is rewritten with small pages first (VACUUM). */
  sealedBytes(): Uint8Array {
    this.settle();
    const pages = Number(this.db.exec('PRAGMA page_count')[0].values[0][0]);
    const pageSize = Number(this.db.exec('PRAGMA page_size')[0].values[0][0]);
    if (pages * pageSize <= SMALL_SESSION_BYTES && pageSize > SMALL_SESSION_PAGE_SIZE) {
      this.db.exec(`PRAGMA page_size = ${SMALL_SESSION_PAGE_SIZE}; VACUUM`);
    }
    return this.exportBytes();
  }

  /** The whole database as a standalone SQLite file. */
  exportBytes(): Uint8Array {
    if (this.transactionOpen) throw new StorageError('conflict', 'cannot export the database while a write is in progress');
    this.writeCounts();
    return this.db.export();
  }

  close(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
    this.db.close();
  }
}
