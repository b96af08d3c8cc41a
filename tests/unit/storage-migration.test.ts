import { describe, expect, it } from 'vitest';
import type { Database } from 'sql.js';
import { openMemoryTraceStore, openTraceFile, openTraceStore, SCHEMA_VERSION, APPLICATION_ID } from '../../src/storage/index.ts';
import { IdbJournal } from '../../src/storage/journal.ts';
import { MIGRATIONS, PAGE_SIZE } from '../../src/storage/schema.ts';
import { stepRow } from '../../src/storage/validate.ts';
import { achievements, frame, humanStep, newIndexedDB, sqlJs } from './storage-fixtures.ts';

const SESSION_ID = '11111111-2222-4333-8444-555555555555';

/** A store as version 1 of the app wrote it: policy kept as one JSON column. */
async function versionOneStore(): Promise<Database> {
  const sql = await sqlJs();
  const db = new sql.Database();
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
    [SESSION_ID, JSON.stringify(policy)],
  );
  const f = frame(1);
  db.run('INSERT INTO frames (id, sha256, png, width, height) VALUES (1, ?, ?, 64, 64)', [f.sha256, f.png]);
  const inventory = JSON.stringify({ health: 9, wood: 1 });
  db.run(
    `INSERT INTO session_timesteps VALUES (1, ?, 0, '2024-12-01T10:00:01.000Z', '[]', 0, 0, 0, ?, ?, 32, 32, 1, 'reset', NULL, NULL)`,
    [SESSION_ID, inventory, JSON.stringify(achievements(0))],
  );
  db.run(
    `INSERT INTO session_timesteps VALUES (2, ?, 1, '2024-12-01T10:00:02.000Z', '["do"]', 1, 1, 1, ?, ?, 32, 33, 1, NULL, NULL, NULL)`,
    [SESSION_ID, inventory, JSON.stringify(achievements(1))],
  );
  db.run(
    `INSERT INTO events (session_id, timestep_id, event_type, event_time, model_name, provider, input_tokens, output_tokens,
       total_tokens, latency_ms, request_messages, request_options, raw_response, tool_calls, parsed_actions, invalid_actions, error)
     VALUES (?, 2, 'cais', '2024-12-01T10:00:01.500Z', 'gpt-4o', 'api.openai.com', 10, 2, 12, 300, '[{"role":"user","content":"go"}]',
       NULL, '"do"', '[]', '["do"]', '[]', NULL)`,
    [SESSION_ID],
  );
  db.run(
    `INSERT INTO messages (session_id, timestep_id, message_index, message_type, content, is_policy_user_prompt, timestamp, metadata)
     VALUES (?, 2, 0, 'user', '"go"', 1, '2024-12-01T10:00:01.500Z', NULL)`,
    [SESSION_ID],
  );
  db.run(
    `INSERT INTO event_rewards (session_id, timestep_id, reward_value, reward_type, key, source, created_at) VALUES
       (?, 2, 1, 'environment', NULL, 'environment', '2024-12-01T10:00:02.000Z'),
       (?, 2, 1, 'achievement', 'collect_coal', 'environment', '2024-12-01T10:00:02.000Z')`,
    [SESSION_ID, SESSION_ID],
  );
  db.run(
    `INSERT INTO outcome_rewards (session_id, total_reward, achievements_count, total_steps, created_at, reward_metadata)
     VALUES (?, 1, 1, 1, '2024-12-01T10:05:00.000Z', '{"achievements":["collect_coal"]}')`,
    [SESSION_ID],
  );
  return db;
}

const expectedSession = {
  id: SESSION_ID,
  source: 'model',
  policy: { model: 'gpt-4o', endpointHost: 'api.openai.com', promptStyle: 'balrog', imageMode: 'none', extra: { temperature: 0 } },
  appVersion: '0.0.9',
  endedAt: '2024-12-01T10:05:00.000Z',
  outcome: { totalReward: 1, achievements: ['collect_coal'], length: 1 },
};

describe('schema migrations', () => {
  it('has a migration for every version up to the current one', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('reads a version 1 file, upgrading a private copy only', async () => {
    const db = await versionOneStore();
    const bytes = db.export();
    db.close();
    const original = bytes.slice();
    const reader = await openTraceFile({ sql: await sqlJs(), bytes });
    const [session] = await reader.listSessions();
    expect(session).toMatchObject(expectedSession);
    const trace = await reader.readSession(SESSION_ID);
    expect(trace.steps.map((s) => [s.stepIndex, s.actions, s.achievementsUnlocked, s.observationText])).toEqual([
      [0, [], [], 'reset'],
      [1, ['do'], ['collect_coal'], null],
    ]);
    expect(trace.steps[1].modelCall).toMatchObject({ model: 'gpt-4o', requestMessages: [{ role: 'user', content: 'go' }] });
    expect(trace.steps[1].messages).toEqual([
      { role: 'user', content: 'go', isPolicyUserPrompt: true, extra: null, timestamp: '2024-12-01T10:00:01.500Z' },
    ]);
    expect(Buffer.from(trace.steps[0].frame!.png).equals(Buffer.from(frame(1).png))).toBe(true);
    expect(bytes).toEqual(original);
    await expect(reader.listSessions({ model: 'gpt-4o' })).resolves.toHaveLength(1);
  });

  it('opens a version 1 store kept in IndexedDB, replays its journal, and rewrites the snapshot at the current version', async () => {
    const db = await versionOneStore();
    const indexedDB = newIndexedDB();
    const oldApp = await IdbJournal.open(indexedDB, 'traces', 'relaxed');
    await oldApp.writeSnapshot({ bytes: db.export(), watermark: 0, schemaVersion: 1, createdAt: '2024-12-01T10:06:00.000Z' });
    db.close();
    // A step the old app journaled after its snapshot, to a second session it had also journaled.
    await oldApp.append({
      kind: 'session',
      row: {
        sessionId: 'second', startedAt: '2024-12-02T00:00:00.000Z', source: 'human', seed: 1, episode: 1, worldSeed: 2,
        crafterVersion: '1.8.3', texturePackName: 'crafter-default', texturePackSha256: 'cd', appVersion: '0.0.9',
        policyModel: null, policyEndpointHost: null, policyPromptStyle: null, policyImageMode: null, policyExtra: null, metadata: null,
      },
    });
    await oldApp.append({ kind: 'step', row: { ...stepRow('second', humanStep(0), '2024-12-02T00:00:01.000Z'), achievementsUnlocked: [] } });
    oldApp.close();

    const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    expect(await store.listSessions()).toEqual([
      expect.objectContaining({ id: 'second', stepCount: 1 }),
      expect.objectContaining(expectedSession),
    ]);
    await store.appendStep('second', humanStep(1));
    await expect.poll(() => store.status().lastSnapshotAt).not.toBe('2024-12-01T10:06:00.000Z');

    const check = await IdbJournal.open(indexedDB, 'traces', 'relaxed');
    const { snapshot } = await check.load();
    check.close();
    const sql = await sqlJs();
    const upgraded = new sql.Database(snapshot!.bytes);
    expect(upgraded.exec('PRAGMA user_version')[0].values[0][0]).toBe(SCHEMA_VERSION);
    expect(upgraded.exec('SELECT version FROM schema_migrations ORDER BY version')[0].values.flat()).toEqual([1, 2]);
    upgraded.close();

    const reopened = await openTraceStore({ sql, idbName: 'traces', indexedDB });
    expect((await reopened.readSession('second')).steps).toHaveLength(2);
    expect(await reopened.readSession(SESSION_ID)).toEqual(await store.readSession(SESSION_ID));
  });

  it('imports a version 1 file into a current store', async () => {
    const db = await versionOneStore();
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    expect(await store.importSqlite(db.export(), { mode: 'merge' })).toEqual({ imported: [SESSION_ID], skipped: [] });
    db.close();
    expect((await store.listSessions())[0]).toMatchObject(expectedSession);
  });

  it('refuses a store of a newer schema version and leaves IndexedDB as it was', async () => {
    const sql = await sqlJs();
    const current = await openMemoryTraceStore({ sql });
    const newer = new sql.Database(await current.exportSqlite());
    newer.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    const bytes = newer.export();
    newer.close();

    await expect(openTraceFile({ sql, bytes })).rejects.toMatchObject({ code: 'newer_schema' });
    const indexedDB = newIndexedDB();
    const newerApp = await IdbJournal.open(indexedDB, 'traces', 'relaxed');
    await newerApp.writeSnapshot({ bytes, watermark: 0, schemaVersion: SCHEMA_VERSION + 1, createdAt: '2030-01-01T00:00:00.000Z' });
    newerApp.close();
    await expect(openTraceStore({ sql, idbName: 'traces', indexedDB })).rejects.toMatchObject({
      code: 'newer_schema',
      message: expect.stringContaining('update the app'),
    });
    const check = await IdbJournal.open(indexedDB, 'traces', 'relaxed');
    expect((await check.load()).snapshot!.bytes).toEqual(bytes);
    check.close();
  });
});
