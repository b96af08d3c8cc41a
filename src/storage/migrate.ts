// Brings a trace database to the current schema version, or says why it cannot.
import type { Database } from 'sql.js';
import { StorageError, describeError } from './errors.ts';
import { APPLICATION_ID, MIGRATIONS, REQUIRED_TABLES, SCHEMA_VERSION, SESSION_PAGE_SIZE } from './schema.ts';

function pragmaNumber(db: Database, name: string): number {
  return Number(db.exec(`PRAGMA ${name}`)[0]?.values[0]?.[0] ?? 0);
}

function tableNames(db: Database): Set<string> {
  const rows = db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values ?? [];
  return new Set(rows.map((row) => String(row[0])));
}

/**
 * Settings of the in-memory connection: durability comes from IndexedDB, not from SQLite's own journal,
 * and a 32 MiB page cache keeps index pages of a large store from being copied out of sql.js's file on every insert.
 */
export function configureConnection(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;');
}

/** Applies the migrations after `fromVersion`, up to `toVersion` (default: the current schema). */
export function applyMigrations(db: Database, fromVersion: number, toVersion = SCHEMA_VERSION): void {
  for (const migration of MIGRATIONS) {
    if (migration.version <= fromVersion || migration.version > toVersion) continue;
    db.exec('BEGIN');
    try {
      db.exec(migration.sql);
      db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new StorageError('corrupt', `migration to schema version ${migration.version} (${migration.name}) failed: ${describeError(error)}`, {
        cause: error,
      });
    }
  }
}

/** Creates the schema of `version` (default: the current one) in a database that has no tables yet. */
export function initialiseSchema(db: Database, version = SCHEMA_VERSION, pageSize = SESSION_PAGE_SIZE): void {
  db.exec(`PRAGMA page_size = ${pageSize}; PRAGMA application_id = ${APPLICATION_ID};`);
  configureConnection(db);
  applyMigrations(db, 0, version);
}

/**
 * Checks that `db` is a crafter-web trace store no newer than this code and returns its schema version.
 * `what` names the database in error messages ("the imported file", "the stored snapshot").
 */
export function checkSchema(db: Database, what: string): number {
  const applicationId = pragmaNumber(db, 'application_id');
  const version = pragmaNumber(db, 'user_version');
  const tables = tableNames(db);
  if (applicationId !== APPLICATION_ID) {
    const content = tables.size === 0 ? 'an empty SQLite database' : `tables ${[...tables].slice(0, 5).join(', ')}`;
    throw new StorageError(
      'foreign_database',
      `${what} is an SQLite database of another application (application_id ${applicationId}, ${content}), not a crafter-web trace store`,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new StorageError(
      'newer_schema',
      `${what} has trace schema version ${version}, newer than this app's version ${SCHEMA_VERSION}; update the app to open it`,
    );
  }
  const missing = REQUIRED_TABLES.filter((table) => !tables.has(table));
  if (version < 1 || missing.length > 0) {
    throw new StorageError('corrupt', `${what} is a damaged trace store (schema version ${version}, missing tables: ${missing.join(', ') || 'none'})`);
  }
  return version;
}

/** Checks `db` as checkSchema does, then migrates it in place; returns the version it had. */
export function upgradeSchema(db: Database, what: string): number {
  const version = checkSchema(db, what);
  configureConnection(db);
  applyMigrations(db, version);
  return version;
}
