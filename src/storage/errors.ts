// The one error type the trace store throws, with a code callers can branch on.

export type StorageErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'not_sqlite'
  | 'foreign_database'
  | 'newer_schema'
  | 'truncated'
  | 'corrupt'
  | 'quota_exceeded'
  | 'idb_unavailable'
  | 'idb_failed'
  | 'store_in_use'
  | 'read_only'
  | 'closed'
  | 'sql_init_failed'
  | 'sql_failed';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  /** Long technical details (SQLite's own report), kept apart so the message stays one sentence. */
  readonly details: string | null;
  /** For a write that could not be made durable: the change is held in memory and written by retryWrites(). */
  kept = false;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown; details?: string }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
    this.details = options?.details ?? null;
  }
}

/** The error for a read of a session's batches `first` to `last` that found only `found` of them. */
export function missingBatches(sessionId: string, found: number, first: number, last: number): StorageError {
  return new StorageError('corrupt', `session ${sessionId} has ${found} of its saved batches ${first} to ${last}`);
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Maps an IndexedDB failure to a StorageError; `doing` says what was being done. */
export function idbError(error: unknown, doing: string): StorageError {
  if (error instanceof StorageError) return error;
  const name = errorName(error);
  if (name === 'QuotaExceededError') {
    return new StorageError(
      'quota_exceeded',
      `The browser's storage for this page is full while ${doing}; what is not saved yet is kept in memory. Delete sessions you no longer need (download them first to keep them) in the Sessions tab, then resume.`,
      { cause: error },
    );
  }
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError') {
    return new StorageError(
      'idb_unavailable',
      `The browser's storage (IndexedDB) is unavailable while ${doing} (${name}: ${describeError(error)}). What is not saved yet is kept in memory only: download the sessions in the Sessions tab to keep them.`,
      { cause: error },
    );
  }
  return new StorageError('idb_failed', `IndexedDB failed while ${doing}: ${describeError(error)}; nothing was written.`, {
    cause: error,
  });
}
