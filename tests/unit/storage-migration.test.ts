// Files and stores of earlier versions: the version-2 file today's app downloads, a version-1 file, the old IndexedDB
// layout (one snapshot plus a journal); and every file that is not one, refused at its header before anything is read.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'sql.js';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { storedZip } from '../../src/lib/zip-store.ts';
import { encodeBatch } from '../../src/storage/journal.ts';
import { APPLICATION_ID, MIGRATIONS, PAGE_SIZE } from '../../src/storage/schema.ts';
import { stepRow } from '../../src/storage/validate.ts';
import {
  exportedBytes,
  openMemoryTraceStore,
  openTraceFile,
  openTraceStore,
  SCHEMA_VERSION,
  type SessionRecord,
  type StepRecord,
  type TraceStore,
} from '../../src/storage/index.ts';
import { achievements, frame, humanStep, isOneSentence, newIndexedDB, rawIndexedDB, recordingSource, sessionInput, sqlJs } from './storage-fixtures.ts';

/** The trace file the previous app (schema version 2) downloaded: tests/unit/fixtures/dataset/trace.db. */
const V2_FILE = new Uint8Array(readFileSync(fileURLToPath(new URL('./fixtures/dataset/trace.db', import.meta.url))));
const V2 = {
  human: '7f27e6aa-2ffb-419e-a90d-32a443468ce3',
  humanAgain: 'afbf42be-7da2-4904-b3d2-05f935141410',
  scripted: '53cce509-3b50-451b-81df-e342a1745435',
  random: '62b0e556-bf53-44f6-8e01-d975b38c062c',
  model: 'a978ba04-3f33-4dff-848c-773ffbfb9066',
};
const ENV_OPTIONS = { size: [64, 64], length: 10000 };

/** The version-2 file changed by `sql` (run on a copy). */
async function changedV2(sql: string, params: (string | number)[] = []): Promise<Uint8Array> {
  const db = new (await sqlJs()).Database(V2_FILE);
  db.run(sql, params);
  const bytes = db.export();
  db.close();
  return bytes;
}

/** The steps of every session of a file, as the file itself reads them. */
async function stepsOf(bytes: Uint8Array): Promise<Map<string, StepRecord[]>> {
  const reader = await openTraceFile({ sql: await sqlJs(), file: bytes });
  const out = new Map<string, StepRecord[]>();
  for (const session of await reader.listSessions()) out.set(session.id, (await reader.readSession(session.id)).steps);
  await reader.close();
  return out;
}

const V1_SESSION = '11111111-2222-4333-8444-555555555555';

/** A file as version 1 of the app wrote it: schema migration 1 only, the policy as one JSON column. */
async function versionOneFile(): Promise<Uint8Array> {
  const db: Database = new (await sqlJs()).Database();
  db.exec(`PRAGMA page_size = ${PAGE_SIZE}; PRAGMA application_id = ${APPLICATION_ID};`);
  db.exec(MIGRATIONS[0].sql);
  db.run("INSERT INTO schema_migrations VALUES (1, 'base tables', '2024-12-01T00:00:00.000Z')");
  db.exec('PRAGMA user_version = 1');
  const policy = { model: 'gpt-4o', endpoint_host: 'api.openai.com', prompt_style: 'balrog', image_mode: 'none', extra: { temperature: 0 } };
  db.run(
    `INSERT INTO session_traces (session_id, created_at, ended_at, end_reason, source, seed, episode, world_seed, crafter_version,
       texture_pack_name, texture_pack_sha256, app_version, policy, num_timesteps, num_events, num_messages, metadata)
     VALUES (?, '2024-12-01T10:00:00.000Z', '2024-12-01T10:05:00.000Z', 'done', 'model', 3, 1, 1427922768, '1.8.3',
       'crafter-default', 'cd', '0.0.9', ?, 2, 1, 1, NULL)`,
    [V1_SESSION, JSON.stringify(policy)],
  );
  const f = frame(1);
  db.run('INSERT INTO frames (id, sha256, png, width, height) VALUES (1, ?, ?, 64, 64)', [f.sha256, f.png]);
  const inventory = JSON.stringify({ health: 9, wood: 1 });
  db.run(`INSERT INTO session_timesteps VALUES (1, ?, 0, '2024-12-01T10:00:01.000Z', '[]', 0, 0, 0, ?, ?, 32, 32, 1, 'reset', NULL, NULL)`, [V1_SESSION, inventory, JSON.stringify(achievements(0))]);
  db.run(`INSERT INTO session_timesteps VALUES (2, ?, 1, '2024-12-01T10:00:02.000Z', '["do"]', 1, 1, 1, ?, ?, 32, 33, 1, NULL, NULL, NULL)`, [V1_SESSION, inventory, JSON.stringify(achievements(1))]);
  db.run(
    `INSERT INTO events (session_id, timestep_id, event_type, event_time, model_name, provider, input_tokens, output_tokens,
       total_tokens, latency_ms, request_messages, request_options, raw_response, tool_calls, parsed_actions, invalid_actions, error)
     VALUES (?, 2, 'cais', '2024-12-01T10:00:01.500Z', 'gpt-4o', 'api.openai.com', 10, 2, 12, 300, '[{"role":"user","content":"go"}]',
       NULL, '"do"', '[]', '["do"]', '[]', NULL)`,
    [V1_SESSION],
  );
  db.run(
    `INSERT INTO messages (session_id, timestep_id, message_index, message_type, content, is_policy_user_prompt, timestamp, metadata)
     VALUES (?, 2, 0, 'user', '"go"', 1, '2024-12-01T10:00:01.500Z', NULL)`,
    [V1_SESSION],
  );
  db.run(
    `INSERT INTO event_rewards (session_id, timestep_id, reward_value, reward_type, key, source, created_at) VALUES
       (?, 2, 1, 'environment', NULL, 'environment', '2024-12-01T10:00:02.000Z'),
       (?, 2, 1, 'achievement', 'collect_coal', 'environment', '2024-12-01T10:00:02.000Z')`,
    [V1_SESSION, V1_SESSION],
  );
  db.run(
    `INSERT INTO outcome_rewards (session_id, total_reward, achievements_count, total_steps, created_at, reward_metadata)
     VALUES (?, 1, 1, 1, '2024-12-01T10:05:00.000Z', '{"achievements":["collect_coal"]}')`,
    [V1_SESSION],
  );
  const bytes = db.export();
  db.close();
  return bytes;
}

const V1_EXPECTED: Partial<SessionRecord> = {
  id: V1_SESSION,
  source: 'model',
  policyName: 'gpt-4o',
  envOptions: { size: [64, 64] },
  policy: { model: 'gpt-4o', endpointHost: 'api.openai.com', promptStyle: 'balrog', imageMode: 'none', extra: { temperature: 0 } },
  state: 'ended',
  endReason: 'died',
  endDetail: null,
  appVersion: '0.0.9',
  endedAt: '2024-12-01T10:05:00.000Z',
  outcome: { totalReward: 1, achievements: ['collect_coal'], length: 1 },
};

async function durableStore(): Promise<{ store: TraceStore; indexedDB: IDBFactory }> {
  const indexedDB = newIndexedDB();
  const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
  const { id } = await store.createSession(sessionInput());
  for (let i = 0; i < 4; i++) await store.appendStep(id, humanStep(i));
  await store.endSession(id);
  return { store, indexedDB };
}

describe("the version-2 file today's app downloads", () => {
  it('imports (merge) with sources, end reasons and Env options in the current schema, every step as the file has it', async () => {
    const { store } = await durableStore();
    const result = await store.importFile(V2_FILE, { mode: 'merge' });
    expect(result.imported.sort()).toEqual(Object.values(V2).sort());
    expect(result.skipped).toEqual([]);
    const byId = new Map((await store.listSessions()).map((s) => [s.id, s]));
    expect(byId.size).toBe(6);
    expect(byId.get(V2.human)).toMatchObject({ source: 'human', policyName: null, envOptions: ENV_OPTIONS, state: 'ended', endReason: 'stopped', endDetail: null, stepCount: 15 });
    expect(byId.get(V2.scripted)).toMatchObject({ source: 'builtin', policyName: 'scripted', envOptions: ENV_OPTIONS, endReason: 'stopped', stepCount: 15 });
    // Left open by the old app: imported as interrupted, its steps kept.
    expect(byId.get(V2.random)).toMatchObject({ source: 'builtin', policyName: 'random', state: 'interrupted', endReason: 'interrupted', stepCount: 13 });
    expect(byId.get(V2.model)).toMatchObject({ source: 'model', policyName: 'gpt-4o-mini', endReason: 'stopped', stepCount: 13, modelCallCount: 12 });
    expect(byId.get(V2.model)!.policy).toMatchObject({ model: 'gpt-4o-mini', endpointHost: 'api.openai.com' });
    for (const [id, steps] of await stepsOf(V2_FILE)) expect((await store.readSession(id)).steps).toEqual(steps);
    const calls = (await store.readSession(V2.model)).steps.filter((s) => s.modelCall);
    expect(calls.map((s) => s.modelCall!.error).filter(Boolean)).toHaveLength(2);
  });

  it('imports (replace) as exactly the sessions of the file', async () => {
    const { store, indexedDB } = await durableStore();
    await store.importFile(V2_FILE, { mode: 'replace' });
    expect((await store.listSessions()).map((s) => s.id).sort()).toEqual(Object.values(V2).sort());
    const reopened = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    expect((await reopened.listSessions()).map((s) => s.id).sort()).toEqual(Object.values(V2).sort());
    expect((await reopened.readSession(V2.scripted)).steps).toEqual((await stepsOf(V2_FILE)).get(V2.scripted));
  });

  it.each([
    ['done', 'died', null],
    ['length', 'step_limit', null],
    ['stopped', 'stopped', null],
    ['error: the endpoint went away (503)', 'error', 'the endpoint went away (503)'],
    ['stopped after an error: api.openai.com refused the API key (401)', 'stopped', 'api.openai.com refused the API key (401)'],
  ])('maps the end reason "%s" to %s with its detail', async (old, reason, detail) => {
    const bytes = await changedV2('UPDATE session_traces SET end_reason = ? WHERE session_id = ?', [old, V2.model]);
    const store = await openMemoryTraceStore({ sql: await sqlJs(), bytes });
    expect((await store.listSessions({ source: 'model' }))[0]).toMatchObject({ endReason: reason, endDetail: detail });
  });

  it('fills the Env options from the length the old app kept in the metadata, the frame size where it kept none', async () => {
    const bytes = await changedV2('UPDATE session_traces SET metadata = NULL WHERE session_id = ?', [V2.human]);
    const store = await openMemoryTraceStore({ sql: await sqlJs(), bytes });
    const byId = new Map((await store.listSessions()).map((s) => [s.id, s]));
    expect(byId.get(V2.human)!.envOptions).toEqual({ size: [64, 64] });
    expect(byId.get(V2.humanAgain)!.envOptions).toEqual(ENV_OPTIONS);
  });

  it('reads in place, without changing the bytes', async () => {
    const copy = V2_FILE.slice();
    const reader = await openTraceFile({ sql: await sqlJs(), file: copy });
    expect(await reader.countSessions()).toBe(5);
    expect((await reader.listSessions({ source: 'builtin' })).map((s) => s.policyName).sort()).toEqual(['random', 'scripted']);
    await reader.close();
    expect(Buffer.from(copy).equals(Buffer.from(V2_FILE))).toBe(true);
  });
});

describe('a version-1 file', () => {
  it('migrates on import and when read in place', async () => {
    const bytes = await versionOneFile();
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    expect(await store.importFile(bytes, { mode: 'merge' })).toEqual({ imported: [V1_SESSION], skipped: [], steps: 1 });
    expect((await store.listSessions())[0]).toMatchObject(V1_EXPECTED);
    const trace = await store.readSession(V1_SESSION);
    expect(trace.steps.map((s) => [s.stepIndex, s.actions, s.achievementsUnlocked, s.observationText])).toEqual([
      [0, [], [], 'reset'],
      [1, ['do'], ['collect_coal'], null],
    ]);
    expect(trace.steps[1].modelCall).toMatchObject({ model: 'gpt-4o', requestMessages: [{ role: 'user', content: 'go' }] });
    expect(trace.steps[1].messages).toEqual([{ role: 'user', content: 'go', isPolicyUserPrompt: true, extra: null, timestamp: '2024-12-01T10:00:01.500Z' }]);
    expect(Buffer.from(trace.steps[0].frame!.png).equals(Buffer.from(frame(1).png))).toBe(true);
    const reader = await openTraceFile({ sql: await sqlJs(), file: bytes });
    expect((await reader.listSessions())[0]).toMatchObject(V1_EXPECTED);
    // The download of the migrated session is a current file.
    const db = new (await sqlJs()).Database(await exportedBytes(await store.exportFile()));
    expect(db.exec('PRAGMA user_version')[0].values[0][0]).toBe(SCHEMA_VERSION);
    expect(db.exec('SELECT version FROM schema_migrations ORDER BY version')[0].values.flat()).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });
});

/** A zip of `members`, stored as they are. */
function zipOf(members: Record<string, Uint8Array>): Uint8Array {
  return zipSync(members, { level: 0 });
}

interface Refusal {
  name: string;
  bytes: () => Promise<Uint8Array>;
  code: string;
  message: RegExp;
  /** Only the file's header may be read before it is refused. */
  headerOnly: boolean;
}

const refusals: Refusal[] = [
  { name: 'an empty file', bytes: async () => new Uint8Array(0), code: 'not_sqlite', message: /is empty/, headerOnly: true },
  { name: 'a file that is not SQLite', bytes: async () => new TextEncoder().encode('session_id,step\n1,2\n'.repeat(400)), code: 'not_sqlite', message: /neither a crafter-web trace file/, headerOnly: true },
  { name: 'a truncated file', bytes: async () => V2_FILE.slice(0, V2_FILE.length / 2), code: 'truncated', message: /is truncated/, headerOnly: true },
  { name: 'a file cut inside its header', bytes: async () => V2_FILE.slice(0, 60), code: 'truncated', message: /shorter than an SQLite header/, headerOnly: true },
  { name: 'a file of a newer schema', bytes: () => changedV2(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`), code: 'newer_schema', message: /newer than this app's/, headerOnly: false },
  {
    name: "another application's SQLite file",
    bytes: async () => {
      const db = new (await sqlJs()).Database();
      db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'hello\');');
      const bytes = db.export();
      db.close();
      return bytes;
    },
    code: 'foreign_database',
    message: /another application/,
    headerOnly: false,
  },
  {
    name: 'a file with damaged pages',
    bytes: async () => {
      const bytes = V2_FILE.slice();
      bytes.fill(0x5a, PAGE_SIZE * 3, PAGE_SIZE * 4);
      return bytes;
    },
    code: 'corrupt',
    message: /damaged/,
    headerOnly: false,
  },
  { name: 'a zip without a .db member', bytes: async () => zipOf({ 'README.txt': new TextEncoder().encode('hello') }), code: 'not_sqlite', message: /zip without any \.db trace file/, headerOnly: false },
  {
    name: 'a damaged zip',
    bytes: async () => {
      const zip = zipOf({ 'sessions/a.db': V2_FILE });
      return zip.slice(0, zip.length - 30);
    },
    code: 'truncated',
    message: /damaged zip/,
    headerOnly: false,
  },
  {
    name: 'a zip holding a truncated session file',
    bytes: async () => {
      const members = [{ name: 'sessions/a.db', size: V2_FILE.length / 2, crc32: 0, data: async () => V2_FILE.slice(0, V2_FILE.length / 2) }];
      const zip = storedZip(members);
      const parts: Uint8Array[] = [];
      for await (const part of zip.parts()) parts.push(part);
      return new Uint8Array(Buffer.concat(parts));
    },
    code: 'truncated',
    message: /sessions\/a\.db in the imported file is truncated/,
    headerOnly: false,
  },
];

describe('files that are not trace files', () => {
  it.each(refusals.map((r) => [r.name, r] as const))('refuses %s with its own code and one sentence, the store unchanged', async (_name, refusal) => {
    const { store, indexedDB } = await durableStore();
    const before = { sessions: await store.listSessions(), status: store.status() };
    const raw = await rawIndexedDB(indexedDB, 'traces');
    const counts = async () => [await raw.count('catalog'), await raw.count('files'), await raw.count('batches')];
    const stored = await counts();
    const source = recordingSource(await refusal.bytes());
    const error = await store.importFile(source, { mode: 'replace' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', code: refusal.code, message: expect.stringMatching(refusal.message) });
    const message = (error as Error).message;
    expect(isOneSentence(message), message).toBe(true);
    expect(message).toMatch(/; nothing was imported$|nothing was imported$/);
    // The header comes first: the first reads are of the file's first 100 bytes.
    if (source.size > 0) expect(source.reads[0]).toEqual([0, Math.min(16, source.size)]);
    if (refusal.headerOnly) for (const [offset, length] of source.reads) expect(offset + length).toBeLessThanOrEqual(100);
    expect(await store.listSessions()).toEqual(before.sessions);
    expect(store.status()).toEqual(before.status);
    expect(await counts()).toEqual(stored);
    raw.close();
    // Reading the file in place refuses it the same way.
    await expect(openTraceFile({ sql: await sqlJs(), file: await refusal.bytes() })).rejects.toMatchObject({ code: refusal.code });
  });

  it('reads no more than the header of a truncated file, at its first 100 bytes', async () => {
    const source = recordingSource(V2_FILE.slice(0, V2_FILE.length - PAGE_SIZE));
    await expect(openTraceFile({ sql: await sqlJs(), file: source })).rejects.toMatchObject({ code: 'truncated' });
    expect(source.reads).toEqual([[0, 16], [0, 100]]);
  });
});

/** A row as version 2 of the app journaled a session start. */
function legacySessionRow(sessionId: string, source: string, startedAt: string, model: string | null = null) {
  return {
    sessionId, startedAt, source, seed: 9, episode: 1, worldSeed: 123, crafterVersion: '1.8.3', texturePackName: 'crafter-default',
    texturePackSha256: 'cd', appVersion: '0.1.0', policyModel: model, policyEndpointHost: model ? 'api.openai.com' : null,
    policyPromptStyle: model ? 'language' : null, policyImageMode: null, policyExtra: model ? '{}' : null, metadata: '{"length":10000}',
  };
}

/** A step as version 2 of the app journaled it: the current row shape, its unlocked achievements resolved. */
function legacyStep(sessionId: string, i: number) {
  return { ...stepRow(sessionId, humanStep(i), '2025-01-05T00:00:00.000Z'), achievementsUnlocked: [] };
}

/** An IndexedDB database in the old layout (version 1): the snapshot under 'current', the journal with auto-increment keys. */
async function legacyIndexedDB(snapshot: Uint8Array, watermark: number, ops: object[]): Promise<IDBFactory> {
  const indexedDB = newIndexedDB();
  const request = indexedDB.open('traces', 1);
  request.onupgradeneeded = () => {
    request.result.createObjectStore('journal', { autoIncrement: true });
    request.result.createObjectStore('snapshot');
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(['journal', 'snapshot'], 'readwrite');
  tx.objectStore('snapshot').put({ file: new Blob([snapshot as Uint8Array<ArrayBuffer>]), watermark, schemaVersion: 2, createdAt: '2025-01-04T00:00:00.000Z' }, 'current');
  for (const op of ops) tx.objectStore('journal').add({ format: 1, op });
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return indexedDB;
}

describe('the old IndexedDB layout', () => {
  it('moves every session over: the snapshot, the journal after its watermark, deletes honoured; then empties the old stores', async () => {
    const ghost = 'ghost-before-the-watermark';
    const [scripted, model, gone] = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000003'];
    const at = (n: number) => `2025-01-05T00:00:${String(n).padStart(2, '0')}.000Z`;
    const ops = [
      // Already in the snapshot (at or below the watermark): never replayed.
      { kind: 'session', row: legacySessionRow(ghost, 'human', at(0)) },
      { kind: 'step', row: legacyStep(V2.random, 12) },
      // After the watermark.
      { kind: 'step', row: legacyStep(V2.random, 13) },
      { kind: 'step', row: legacyStep(V2.random, 14) },
      { kind: 'end', row: { sessionId: V2.random, endedAt: at(1), endReason: 'length' } },
      { kind: 'session', row: legacySessionRow(scripted, 'scripted', at(2)) },
      ...[0, 1, 2].map((i) => ({ kind: 'step', row: legacyStep(scripted, i) })),
      { kind: 'end', row: { sessionId: scripted, endedAt: at(3), endReason: 'error: the simulator failed' } },
      { kind: 'session', row: legacySessionRow(model, 'model', at(4), 'gpt-4o') },
      ...[0, 1].map((i) => ({ kind: 'step', row: legacyStep(model, i) })),
      { kind: 'delete', sessionId: V2.humanAgain },
      { kind: 'session', row: legacySessionRow(gone, 'human', at(5)) },
      { kind: 'step', row: legacyStep(gone, 0) },
      { kind: 'delete', sessionId: gone },
      { kind: 'import', mode: 'merge', bytes: await versionOneFile() },
    ];
    const indexedDB = await legacyIndexedDB(V2_FILE, 2, ops);
    const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    await store.recovered();
    const byId = new Map((await store.listSessions()).map((s) => [s.id, s]));
    expect([...byId.keys()].sort()).toEqual([V2.human, V2.scripted, V2.random, V2.model, scripted, model, V1_SESSION].sort());
    expect(byId.get(V2.random)).toMatchObject({ source: 'builtin', policyName: 'random', state: 'ended', endReason: 'step_limit', stepCount: 15 });
    expect((await store.readSession(V2.random)).steps.map((s) => s.stepIndex)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(byId.get(scripted)).toMatchObject({ source: 'builtin', policyName: 'scripted', envOptions: ENV_OPTIONS, endReason: 'error', endDetail: 'the simulator failed', stepCount: 3 });
    expect(byId.get(model)).toMatchObject({ source: 'model', policyName: 'gpt-4o', state: 'interrupted', endReason: 'interrupted', stepCount: 2 });
    expect(byId.get(V1_SESSION)).toMatchObject(V1_EXPECTED);
    const snapshotSteps = await stepsOf(V2_FILE);
    for (const id of [V2.human, V2.scripted, V2.model]) expect((await store.readSession(id)).steps).toEqual(snapshotSteps.get(id));
    expect((await store.readSession(scripted)).steps.map((s) => Buffer.from(s.frame!.png).equals(Buffer.from(frame(s.stepIndex).png)))).toEqual([true, true, true]);

    const raw = await rawIndexedDB(indexedDB, 'traces');
    expect([await raw.count('journal'), await raw.count('snapshot'), await raw.count('batches'), await raw.count('files')]).toEqual([0, 0, 0, 7]);
    raw.close();
    const list = await store.listSessions();
    await store.close();
    const reopened = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    expect(await reopened.listSessions()).toEqual(list);
  });

  it('moves a journal without a snapshot', async () => {
    const id = 'bbbbbbbb-0000-4000-8000-000000000001';
    const indexedDB = newIndexedDB();
    const request = indexedDB.open('traces', 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('journal', { autoIncrement: true });
      request.result.createObjectStore('snapshot');
    };
    const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
    const tx = db.transaction('journal', 'readwrite');
    tx.objectStore('journal').add({ format: 1, op: { kind: 'session', row: legacySessionRow(id, 'random', '2025-01-06T00:00:00.000Z') } });
    for (let i = 0; i < 4; i++) tx.objectStore('journal').add({ format: 1, op: { kind: 'step', row: legacyStep(id, i) } });
    tx.objectStore('journal').add({ format: 1, op: { kind: 'end', row: { sessionId: id, endedAt: '2025-01-06T00:01:00.000Z', endReason: 'done' } } });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
    const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    expect(await store.listSessions()).toEqual([expect.objectContaining({ id, source: 'builtin', policyName: 'random', endReason: 'died', stepCount: 4 })]);
  });
});

describe('journal batches of an earlier format', () => {
  it('replays a format-2 batch (before batches had a CRC-32)', async () => {
    const indexedDB = newIndexedDB();
    const page = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    const { id } = await page.createSession(sessionInput());
    for (let i = 0; i < 3; i++) await page.appendStep(id, humanStep(i));
    const raw = await rawIndexedDB(indexedDB, 'traces');
    // Batch 2 as format 2 wrote it: a 12-byte header (magic, format, JSON length), no CRC-32.
    const current = (await raw.get('batches', [id, 2])) as Uint8Array;
    const older = new Uint8Array(current.length - 4);
    older.set(current.subarray(0, 12));
    older.set(current.subarray(16), 12);
    new DataView(older.buffer).setUint32(4, 2, true);
    expect(encodeBatch([]).length).toBe(16 + '{"blocks":[]}\n[]'.length);
    await raw.put('batches', older, [id, 2]);
    raw.close();
    const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    await store.recovered();
    expect((await store.listSessions())[0]).toMatchObject({ id, state: 'interrupted', stepCount: 3, damaged: null });
  });
});
