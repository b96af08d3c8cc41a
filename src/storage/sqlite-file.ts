// Opens bytes that claim to be an SQLite file, telling apart non-SQLite, truncated and damaged files first.
import type { Database, SqlJsStatic } from 'sql.js';
import { StorageError, describeError } from './errors.ts';

const MAGIC = 'SQLite format 3\u0000';
const HEADER_BYTES = 100;

function startsWithMagic(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

export const SQLITE_HEADER_BYTES = HEADER_BYTES;

/** Whether the bytes begin as an SQLite file does. */
export function isSqliteHead(head: Uint8Array): boolean {
  return head.length >= MAGIC.length && startsWithMagic(head, MAGIC.length);
}

/**
 * Throws not_sqlite or truncated unless `head` (the file's first 100 bytes, or all of a shorter file) and its
 * total `size` describe a whole SQLite file; nothing past the header is read.
 */
export function checkSqliteHeader(head: Uint8Array, size: number, what: string): void {
  if (size === 0) throw new StorageError('not_sqlite', `${what} is empty, not an SQLite file`);
  if (!startsWithMagic(head, Math.min(MAGIC.length, head.length))) {
    throw new StorageError('not_sqlite', `${what} is not an SQLite file (it does not start with "SQLite format 3")`);
  }
  if (size < HEADER_BYTES || head.length < HEADER_BYTES) {
    throw new StorageError('truncated', `${what} is truncated: ${size} bytes, shorter than an SQLite header`);
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new StorageError('corrupt', `${what} has an invalid SQLite page size (${rawPageSize})`);
  }
  const pageCount = view.getUint32(28);
  const pageCountValid = pageCount > 0 && view.getUint32(24) === view.getUint32(92);
  if (pageCountValid && size < pageCount * pageSize) {
    throw new StorageError(
      'truncated',
      `${what} is truncated: ${size} bytes where its header promises ${pageCount} pages of ${pageSize} bytes`,
    );
  }
  if (size % pageSize !== 0) {
    throw new StorageError('truncated', `${what} is truncated: ${size} bytes is not a whole number of ${pageSize}-byte pages`);
  }
}

/**
 * Opens a private in-memory copy of `bytes` (sql.js copies them); the caller's bytes are never changed.
 * A file saved in WAL mode is opened as a rollback-journal file (the copy's header says so), since
 * sql.js has no shared memory for WAL; a file handed over on its own has no WAL frames pending anyway.
 */
export function openSqliteBytes(sql: SqlJsStatic, bytes: Uint8Array, what: string, options: { quickCheck: boolean }): Database {
  checkSqliteHeader(bytes.subarray(0, HEADER_BYTES), bytes.length, what);
  let file = bytes;
  if (bytes[18] === 2 || bytes[19] === 2) {
    file = bytes.slice();
    file[18] = 1;
    file[19] = 1;
  }
  let db: Database | undefined;
  try {
    db = new sql.Database(file);
    checkReadable(db, what, options.quickCheck);
    return db;
  } catch (error) {
    db?.close();
    throw damaged(error, what);
  }
}

/** One sentence for a damaged file; SQLite's own words (which can run to pages) stay in the error's details. */
export function damaged(error: unknown, what: string): StorageError {
  if (error instanceof StorageError) return error;
  return new StorageError('corrupt', `${what} is a damaged SQLite file`, { cause: error, details: describeError(error) });
}

/** Reads the schema, and with `quickCheck` every page, of an opened file; throws corrupt when SQLite finds damage. */
export function checkReadable(db: Database, what: string, quickCheck: boolean): void {
  if (!quickCheck) {
    db.exec('SELECT count(*) FROM sqlite_master');
    return;
  }
  const result = db.exec('PRAGMA quick_check')[0]?.values.map((row) => String(row[0])) ?? [];
  if (result.length !== 1 || result[0] !== 'ok') {
    throw new StorageError('corrupt', `${what} is a damaged SQLite file (${result.length} problems found by SQLite's check)`, { details: result.join('\n') });
  }
}

/** Rows of PRAGMA foreign_key_check: references to rows that do not exist. */
export function danglingReferences(db: Database): string[] {
  const rows = db.exec('PRAGMA foreign_key_check')[0]?.values ?? [];
  return rows.map((row) => `${String(row[0])} row ${String(row[1])} -> ${String(row[2])}`);
}
