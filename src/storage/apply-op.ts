// Applies one journal operation to a session's SQL database: the single write path for live calls and for replay.
import type { JournalOp } from './journal.ts';
import type { TraceDb } from './trace-db.ts';

export function applyOp(tdb: TraceDb, op: JournalOp): void {
  switch (op.kind) {
    case 'session':
      tdb.insertSession(op.row);
      return;
    case 'step':
      tdb.insertStep(op.row);
      return;
    case 'end':
      tdb.endSession(op.row);
      return;
  }
}
