// A trace file as it is, of any size and any schema version this app knows: checked once, then each session taken
// out alone into a small database migrated to the current schema. Memory holds one session, never the whole file.
import type { Database, SqlJsStatic } from 'sql.js';
import { readAll, type ByteSource } from './byte-source.ts';
import { StorageError } from './errors.ts';
import { openLazySqlite } from './lazy-sqlite.ts';
import { applyMigrations, checkSchema, initialiseSchema } from './migrate.ts';
import { REQUIRED_TABLES } from './schema.ts';
import { SQLITE_HEADER_BYTES, checkReadable, checkSqliteHeader, damaged, danglingReferences, openSqliteBytes } from './sqlite-file.ts';
import { TraceDb } from './trace-db.ts';

/** How each table's rows of one session are found; frames belong to a session through its steps. */
const SESSION_ROWS: Record<(typeof REQUIRED_TABLES)[number], string | null> = {
  schema_migrations: null,
  session_traces: 'session_id = ?1',
  frames: 'id IN (SELECT frame_id FROM src.session_timesteps WHERE session_id = ?1)',
  session_timesteps: 'session_id = ?1',
  events: 'session_id = ?1',
  messages: 'session_id = ?1',
  event_rewards: 'session_id = ?1',
  outcome_rewards: 'session_id = ?1',
};

export class TraceFile {
  private constructor(
    private readonly sql: SqlJsStatic,
    private readonly db: Database,
    readonly version: number,
    readonly what: string,
  ) {}

  /**
   * Checks `source` is a crafter-web trace file (header first, before anything else is read), then, with `verify`,
   * every page and every reference between rows.
   */
  static async open(sql: SqlJsStatic, source: ByteSource, options: { verify: boolean }): Promise<TraceFile> {
    const what = source.what;
    const head = await source.read(0, Math.min(SQLITE_HEADER_BYTES, source.size));
    checkSqliteHeader(head, source.size, what);
    let db: Database | undefined;
    try {
      db = source.readSync ? openLazySqlite(sql, source, head) : openSqliteBytes(sql, await readAll(source), what, { quickCheck: false });
      checkReadable(db, what, options.verify);
      const version = checkSchema(db, what);
      const dangling = options.verify ? danglingReferences(db) : [];
      if (dangling.length > 0) {
        throw new StorageError('corrupt', `${what} is a damaged trace store: ${dangling.length} rows refer to rows that do not exist`, { details: dangling.join('\n') });
      }
      return new TraceFile(sql, db, version, what);
    } catch (error) {
      db?.close();
      throw damaged(error, what);
    }
  }

  /** Session ids, oldest first. */
  sessionIds(): string[] {
    const rows = this.db.exec('SELECT session_id FROM session_traces ORDER BY created_at, session_id')[0]?.values ?? [];
    return rows.map((row) => String(row[0]));
  }

  /** The session alone in a new database with the current schema; the caller closes it. */
  extract(sessionId: string): TraceDb {
    const db = new this.sql.Database();
    try {
      initialiseSchema(db, this.version);
      db.exec(`ATTACH '/${(this.db as unknown as { filename: string }).filename}' AS src`);
      for (const [table, where] of Object.entries(SESSION_ROWS)) {
        if (!where) continue;
        const columns = (db.exec(`PRAGMA main.table_info(${table})`)[0]?.values ?? []).map((row) => `"${String(row[1])}"`).join(', ');
        db.run(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM src.${table} WHERE ${where}`, { '?1': sessionId } as never);
      }
      db.exec('DETACH src');
      if (db.exec('SELECT count(*) FROM session_traces')[0].values[0][0] !== 1) {
        throw new StorageError('not_found', `no session ${sessionId} in ${this.what}`);
      }
      applyMigrations(db, this.version);
      return TraceDb.fromDatabase(db);
    } catch (error) {
      db.close();
      throw damaged(error, this.what);
    }
  }

  close(): void {
    this.db.close();
  }
}
