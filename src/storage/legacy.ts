// The IndexedDB layout of app versions before sessions were kept apart (one snapshot of the whole store plus a
// journal of changes after it), moved once into per-session files. The snapshot is read a session at a time.
import type { SqlJsStatic } from 'sql.js';
import { crc32 } from '../lib/crc32.ts';
import { applyOp } from './apply-op.ts';
import type { CatalogEntry } from './backend.ts';
import type { IdbBackend } from './backends/idb.ts';
import { blobSource } from './byte-source.ts';
import { StorageError, describeError } from './errors.ts';
import { importSessions } from './import.ts';
import type { JournalOp } from './journal.ts';
import { applyMigrations, initialiseSchema } from './migrate.ts';
import type { SessionEndRow, SessionRow, StepRow } from './rows.ts';
import { TraceDb } from './trace-db.ts';
import { TraceFile } from './trace-file.ts';
import { readSessionRecord, readStepPage } from './trace-queries.ts';
import type { StoreFiles } from './trace-store.ts';
import { sessionEndRow } from './validate.ts';

/** Version 2's session row, as its journal holds it: today's without the fields version 3 added. */
type LegacySessionRow = Omit<SessionRow, 'policyName' | 'envOptions'>;

type LegacyOp =
  | { kind: 'session'; row: LegacySessionRow }
  | { kind: 'step'; row: StepRow }
  | { kind: 'end'; row: { sessionId: string; endedAt: string; endReason: string | null } }
  | { kind: 'delete'; sessionId: string }
  | { kind: 'import'; mode: 'merge' | 'replace'; bytes: Uint8Array };

interface LegacySnapshot {
  file: Blob;
  watermark: number;
}

interface Plan {
  fromSnapshot: boolean;
  session: LegacySessionRow | null;
  steps: StepRow[];
  end: { endedAt: string; endReason: string | null } | null;
}

/** Stands in for a session of the snapshot (already upgraded) when only its journaled end needs upgrading. */
const PLACEHOLDER: LegacySessionRow = {
  sessionId: '', startedAt: '', source: 'human', seed: 0, episode: 0, worldSeed: 0, crafterVersion: '', texturePackName: '',
  texturePackSha256: '', appVersion: '', policyModel: null, policyEndpointHost: null, policyPromptStyle: null, policyImageMode: null,
  policyExtra: null, metadata: null,
};

/**
 * The session's version-3 rows, made by schema migration 3 itself on a scratch database, so the mapping of
 * sources and end reasons lives in one place (schema.ts).
 */
function upgradeRows(sql: SqlJsStatic, sessionId: string, row: LegacySessionRow, end: Plan['end']): { session: SessionRow; end: SessionEndRow | null } {
  const db = new sql.Database();
  try {
    initialiseSchema(db, 2);
    db.run(
      `INSERT INTO session_traces (session_id, created_at, ended_at, end_reason, source, seed, episode, world_seed, crafter_version,
         texture_pack_name, texture_pack_sha256, app_version, policy_model, policy_endpoint_host, policy_prompt_style,
         policy_image_mode, policy_extra, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.sessionId, row.startedAt, end?.endedAt ?? null, end?.endReason ?? null, row.source, row.seed, row.episode, row.worldSeed,
        row.crafterVersion, row.texturePackName, row.texturePackSha256, row.appVersion, row.policyModel, row.policyEndpointHost,
        row.policyPromptStyle, row.policyImageMode, row.policyExtra, row.metadata],
    );
    applyMigrations(db, 2);
    const [v] = db.exec('SELECT source, policy_name, env_options, end_reason, end_detail FROM session_traces')[0].values;
    const str = (value: unknown) => (value === null ? null : String(value));
    return {
      session: { ...row, source: String(v[0]), policyName: str(v[1]), envOptions: str(v[2]) },
      end: end && { sessionId, endedAt: end.endedAt, endReason: str(v[3]), endDetail: str(v[4]), endMetadata: null },
    };
  } finally {
    db.close();
  }
}

/** The session's data in the current schema: from the snapshot (with the journal's later steps) or from the journal alone. */
function buildSession(ctx: StoreFiles, snapshot: TraceFile | null, id: string, plan: Plan): TraceDb {
  let tdb: TraceDb;
  if (plan.fromSnapshot && snapshot) {
    tdb = snapshot.extract(id);
  } else {
    if (!plan.session) throw new StorageError('corrupt', `the old journal has steps of session ${id} but not its start`);
    tdb = TraceDb.create(ctx.sql);
  }
  try {
    const rows = upgradeRows(ctx.sql, id, plan.session ?? PLACEHOLDER, plan.end);
    const ops: JournalOp[] = [
      ...(plan.fromSnapshot ? [] : [{ kind: 'session' as const, row: rows.session }]),
      ...plan.steps.map((row) => ({ kind: 'step' as const, row })),
    ];
    tdb.begin();
    for (const op of ops) applyOp(tdb, op);
    const record = readSessionRecord(tdb, id);
    if (!record.endedAt) {
      const last = readStepPage(tdb, id, -1, Number.MAX_SAFE_INTEGER, false).at(-1);
      applyOp(tdb, { kind: 'end', row: rows.end ?? sessionEndRow(id, { endReason: 'interrupted', endedAt: last?.completedAt ?? record.startedAt }, new Date().toISOString()) });
    }
    tdb.settle();
    return tdb;
  } catch (error) {
    tdb.close();
    throw error;
  }
}

/** Moves the old whole-store snapshot and journal into per-session files; returns what could not be moved. */
export async function migrateLegacyStore(ctx: StoreFiles, backend: IdbBackend): Promise<string[]> {
  const raw = backend.db as unknown as { get(store: string, key: string): Promise<unknown>; getAll(store: string): Promise<unknown[]>; getAllKeys(store: string): Promise<number[]> };
  const stored = (await raw.get('snapshot', 'current')) as LegacySnapshot | undefined;
  const [keys, values] = await Promise.all([raw.getAllKeys('journal'), raw.getAll('journal')]);
  const plans = new Map<string, Plan>();
  const imports: Uint8Array[] = [];
  let snapshotKept = Boolean(stored);
  const problems: string[] = [];
  const snapshot = stored ? await TraceFile.open(ctx.sql, blobSource(stored.file, 'the stored snapshot of the old store layout'), { verify: false }) : null;
  try {
    for (const id of snapshot?.sessionIds() ?? []) plans.set(id, { fromSnapshot: true, session: null, steps: [], end: null });
    keys.forEach((key, i) => {
      if (key <= (stored?.watermark ?? 0)) return;
      const op = (values[i] as { format: number; op: LegacyOp }).op;
      const plan = (id: string) => plans.get(id) ?? plans.set(id, { fromSnapshot: false, session: null, steps: [], end: null }).get(id)!;
      if (op.kind === 'session') plan(op.row.sessionId).session = op.row;
      else if (op.kind === 'step') plan(op.row.sessionId).steps.push(op.row);
      else if (op.kind === 'end') plan(op.row.sessionId).end = { endedAt: op.row.endedAt, endReason: op.row.endReason };
      else if (op.kind === 'delete') plans.delete(op.sessionId);
      else if (op.mode === 'replace') {
        plans.clear();
        imports.length = 0;
        snapshotKept = false;
        imports.push(op.bytes);
      } else imports.push(op.bytes);
    });
    const known = new Set((await backend.loadCatalog()).map((e) => e.record.id));
    for (const [id, plan] of plans) {
      if (known.has(id) || (plan.fromSnapshot && !snapshotKept)) continue;
      try {
        const tdb = buildSession(ctx, snapshot, id, plan);
        try {
          const bytes = tdb.sealedBytes();
          const entry: CatalogEntry = { record: readSessionRecord(tdb, id, bytes.length), batches: 0, batchBytes: 0, file: { bytes: bytes.length, crc32: crc32(bytes) }, staged: null };
          await backend.seal(entry, bytes);
          known.add(id);
        } finally {
          tdb.close();
        }
      } catch (error) {
        problems.push(`session ${id}: ${describeError(error)}`);
      }
    }
    for (const bytes of imports) {
      await importSessions(ctx, bytes, 'merge', {
        existing: () => new Map([...known].map((id) => [id, null as unknown as CatalogEntry])),
        live: () => new Set(),
        staged: () => undefined,
        unstaged: () => undefined,
        published: (entries) => entries.forEach((e) => known.add(e.record.id)),
      }).catch((error: unknown) => problems.push(`an import: ${describeError(error)}`));
    }
  } finally {
    snapshot?.close();
  }
  if (problems.length === 0) {
    const tx = (backend.db as unknown as IDBDatabase).transaction(['journal', 'snapshot'], 'readwrite');
    tx.objectStore('journal').clear();
    tx.objectStore('snapshot').clear();
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
  return problems;
}
