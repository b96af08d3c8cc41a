// Opens bytes that claim to be an SQLite file, telling apart non-SQLite, truncated and damaged files first.
import type { Database, SqlJsStatic } from 'sql.js';
import { StorageError, describeError } from './errors.ts';

const MAGIC = 'SQLite format 3\u0000';
const HEADER_BYTES = 100;

function startsWithMagic(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

/** Throws not_sqlite or truncated unless the header and length describe a whole SQLite file. */
export function checkSqliteHeader(bytes: Uint8Array, what: string): void {
  if (bytes.length === 0) throw new StorageError('not_sqlite', `${what} is empty, not an SQLite file`);
  if (!startsWithMagic(bytes, Math.min(MAGIC.length, bytes.length))) {
    throw new StorageError('not_sqlite', `${what} is not an SQLite file (it does not start with "SQLite format 3")`);
  }
  if (bytes.length < HEADER_BYTES) {
    throw new StorageError('truncated', `${what} is truncated: ${bytes.length} bytes, shorter than an SQLite header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new StorageError('corrupt', `${what} has an invalid SQLite page size (${rawPageSize})`);
  }
  const pageCount = view.getUint32(28);
  const pageCountValid = pageCount > 0 && view.getUint32(24) === view.getUint32(92);
  if (pageCountValid && bytes.length < pageCount * pageSize) {
    throw new StorageError(
      'truncated',
      `${what} is truncated: ${bytes.length} bytes where its header promises ${pageCount} pages of ${pageSize} bytes`,
    );
  }
  if (bytes.length % pageSize !== 0) {
    throw new StorageError('truncated', `${what} is truncated: ${bytes.length} bytes is not a whole number of ${pageSize}-byte pages`);
  }
}

/**
 * Opens a private in-memory copy of `bytes` (sql.js copies them); the caller's bytes are never changed.
 * A file saved in WAL mode is opened as a rollback-journal file (the copy's header says so), since
 * sql.js has no shared memory for WAL; a file handed over on its own has no WAL frames pending anyway.
 */
export function openSqliteBytes(sql: SqlJsStatic, bytes: Uint8Array, what: string, options: { quickCheck: boolean }): Database {
  checkSqliteHeader(bytes, what);
  let file = bytes;
  if (bytes[18] === 2 || bytes[19] === 2) {
    file = bytes.slice();
    file[18] = 1;
    file[19] = 1;
  }
  let db: Database | undefined;
  try {
    db = new sql.Database(file);
    if (options.quickCheck) {
      const result = db.exec('PRAGMA quick_check')[0]?.values.map((row) => String(row[0])) ?? [];
      if (result.length !== 1 || result[0] !== 'ok') {
        throw new StorageError('corrupt', `${what} is a damaged SQLite file: ${result.slice(0, 3).join('; ')}`);
      }
    } else {
      db.exec('SELECT count(*) FROM sqlite_master');
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof StorageError) throw error;
    throw new StorageError('corrupt', `${what} is a damaged SQLite file: ${describeError(error)}`, { cause: error });
  }
}

/** Rows of PRAGMA foreign_key_check: references to rows that do not exist. */
export function danglingReferences(db: Database): string[] {
  const rows = db.exec('PRAGMA foreign_key_check')[0]?.values ?? [];
  return rows.map((row) => `${String(row[0])} row ${String(row[1])} -> ${String(row[2])}`);
}
