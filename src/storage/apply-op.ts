// Applies one journal operation to the SQL layer: the single write path for live calls and for replay.
import type { SqlJsStatic } from 'sql.js';
import type { JournalOp } from './journal.ts';
import { copySession } from './session-copy.ts';
import { TraceDb } from './trace-db.ts';
import type { ImportMode, ImportResult } from './types.ts';

/** Copies the sessions of an SQLite trace file into `target`; checks the whole file before touching `target`. */
export function importFile(target: TraceDb, sql: SqlJsStatic, bytes: Uint8Array, mode: ImportMode): ImportResult {
  const source = TraceDb.fromBytes(sql, bytes, 'the imported file', { verify: true });
  try {
    if (mode === 'replace') target.deleteAll();
    const result: ImportResult = { imported: [], skipped: [] };
    for (const sessionId of source.sessionIds()) {
      if (target.hasSession(sessionId)) {
        result.skipped.push(sessionId);
      } else {
        copySession(source, target, sessionId);
        result.imported.push(sessionId);
      }
    }
    return result;
  } finally {
    source.close();
  }
}

/** Returns the import result for "import" operations and undefined for the others. */
export function applyOp(tdb: TraceDb, sql: SqlJsStatic, op: JournalOp): ImportResult | undefined {
  switch (op.kind) {
    case 'session':
      tdb.insertSession(op.row);
      return undefined;
    case 'step':
      tdb.insertStep(op.row);
      return undefined;
    case 'end':
      tdb.endSession(op.row);
      return undefined;
    case 'delete':
      tdb.deleteSession(op.sessionId);
      return undefined;
    case 'import':
      return importFile(tdb, sql, op.bytes, op.mode);
  }
}
