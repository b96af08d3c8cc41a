import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMemoryTraceStore, openTraceFile, openTraceStore, type TraceReader, type TraceStore } from '../../src/storage/index.ts';
import { frame, humanStep, modelSessionInput, modelStep, newIndexedDB, sessionInput, sqlJs } from './storage-fixtures.ts';

function hasSqlite3Shell(): boolean {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
const sqlite3Shell = hasSqlite3Shell();
if (!sqlite3Shell) console.warn('storage-files: the sqlite3 shell is not installed; skipping the check that exports open in it');

/** A store with an ended human session of 12 steps and a model session of 5. */
async function filledStore(store: TraceStore): Promise<{ human: string; model: string }> {
  const human = await store.createSession(sessionInput());
  for (let i = 0; i < 12; i++) await store.appendStep(human.id, humanStep(i));
  await store.endSession(human.id, { endReason: 'done' });
  const model = await store.createSession(modelSessionInput({ startedAt: '2025-02-01T00:00:00.000Z' }));
  for (let i = 0; i < 5; i++) await store.appendStep(model.id, modelStep(i));
  return { human: human.id, model: model.id };
}

async function everything(store: TraceReader) {
  const sessions = await store.listSessions();
  return { sessions, traces: await Promise.all(sessions.map((s) => store.readSession(s.id))) };
}

describe('SQLite files', () => {
  it('exports the whole store as a file that reads back equal', async () => {
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    await filledStore(store);
    const reader = await openTraceFile({ sql: await sqlJs(), bytes: await store.exportSqlite() });
    expect(await everything(reader)).toEqual(await everything(store));
  });

  it('exports chosen sessions with just their frames', async () => {
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    const { human, model } = await filledStore(store);
    const bytes = await store.exportSqlite([model]);
    const reader = await openTraceFile({ sql: await sqlJs(), bytes });
    expect((await reader.listSessions()).map((s) => s.id)).toEqual([model]);
    expect(await reader.readSession(model)).toEqual(await store.readSession(model));
    await expect(reader.readSession(human)).rejects.toMatchObject({ code: 'not_found' });
    const sql = await sqlJs();
    const db = new sql.Database(bytes);
    expect(db.exec('SELECT count(*) FROM frames')[0].values[0][0]).toBe(5);
    db.close();
    await expect(store.exportSqlite(['no-such-session'])).rejects.toMatchObject({ code: 'not_found' });
  });

  it.skipIf(!sqlite3Shell)('writes files the sqlite3 shell opens, frames included', async () => {
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    const { model } = await filledStore(store);
    const dir = mkdtempSync(join(tmpdir(), 'crafter-traces-'));
    for (const [name, bytes] of [['all.db', await store.exportSqlite()], ['one.db', await store.exportSqlite([model])]] as const) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const out = execFileSync('sqlite3', [
        path,
        `PRAGMA integrity_check; PRAGMA user_version; SELECT count(*) FROM session_timesteps WHERE session_id = '${model}';
         SELECT hex(substr(png, 1, 8)) FROM frames f JOIN session_timesteps t ON t.frame_id = f.id
           WHERE t.session_id = '${model}' AND t.step_index = 3;
         SELECT json_extract(request_messages, '$[1].content[1].image_url.url') LIKE 'data:image/png;base64,%' FROM events LIMIT 1;`,
      ]).toString();
      expect(out.trim().split('\n')).toEqual(['ok', '2', '5', '89504E470D0A1A0A', '1']);
      const png = execFileSync('sqlite3', [path, `SELECT hex(png) FROM frames WHERE sha256 = '${frame(3).sha256}'`]).toString().trim();
      expect(png).toBe(Buffer.from(frame(3).png).toString('hex').toUpperCase());
    }
  });

  it('merges a file: new sessions come in, sessions already stored stay as they are', async () => {
    const sql = await sqlJs();
    const source = await openMemoryTraceStore({ sql });
    const { human, model } = await filledStore(source);
    const target = await openMemoryTraceStore({ sql });
    await target.importSqlite(await source.exportSqlite([human]), { mode: 'merge' });
    const extra = await target.createSession(sessionInput({ seed: 99 }));
    await target.appendStep(extra.id, humanStep(0));

    const result = await target.importSqlite(await source.exportSqlite(), { mode: 'merge' });
    expect(result).toEqual({ imported: [model], skipped: [human] });
    expect(await target.readSession(model)).toEqual(await source.readSession(model));
    expect(await target.readSession(human)).toEqual(await source.readSession(human));
    expect((await target.listSessions()).map((s) => s.id).sort()).toEqual([human, model, extra.id].sort());
  });

  it('replaces the store with a file, durably', async () => {
    const sql = await sqlJs();
    const source = await openMemoryTraceStore({ sql });
    await filledStore(source);
    const indexedDB = newIndexedDB();
    const target = await openTraceStore({ sql, idbName: 'traces', indexedDB });
    const old = await target.createSession(sessionInput({ seed: 99 }));
    await target.appendStep(old.id, humanStep(0));

    const result = await target.importSqlite(await source.exportSqlite(), { mode: 'replace' });
    expect(result.imported).toHaveLength(2);
    expect(await everything(target)).toEqual(await everything(source));
    const reopened = await openTraceStore({ sql, idbName: 'traces', indexedDB });
    expect(await everything(reopened)).toEqual(await everything(source));
  });

  describe('refuses bad files and loses nothing', async () => {
    const sql = await sqlJs();
    const good = await openMemoryTraceStore({ sql });
    const { model } = await filledStore(good);
    const goodBytes = await good.exportSqlite();

    const foreign = new sql.Database();
    foreign.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'ada');");
    const newer = new sql.Database(goodBytes);
    newer.exec('PRAGMA user_version = 99');
    const dangling = new sql.Database(goodBytes);
    dangling.run('DELETE FROM session_traces WHERE session_id = ?', [model]);
    const badAction = new sql.Database(goodBytes);
    badAction.exec(`UPDATE session_timesteps SET actions = '["jump"]' WHERE step_index = 4`);
    const corrupted = goodBytes.slice();
    // Overwrite the middle pages (frames, steps) with noise: the header stays valid.
    for (let i = 3 * 16384; i < corrupted.length - 16384; i++) corrupted[i] = (i * 31) & 0xff;

    // The last element: whether opening the file read-only finds the fault too (it checks structure, not each record).
    const cases: [string, Uint8Array, string, boolean][] = [
      ['an empty file', new Uint8Array(0), 'not_sqlite', true],
      ['a PNG', frame(0).png, 'not_sqlite', true],
      ['a text file', new TextEncoder().encode('session_id,reward\nabc,1\n'), 'not_sqlite', true],
      ['another application’s database', foreign.export(), 'foreign_database', true],
      ['an empty SQLite database', new sql.Database().export(), 'foreign_database', true],
      ['a newer schema version', newer.export(), 'newer_schema', true],
      ['a file cut in half', goodBytes.slice(0, Math.floor(goodBytes.length / 2)), 'truncated', true],
      ['a file cut inside its header', goodBytes.slice(0, 60), 'truncated', true],
      ['a file with a page cut off', goodBytes.slice(0, goodBytes.length - 100), 'truncated', true],
      ['a file with damaged pages', corrupted, 'corrupt', true],
      ['a file whose steps refer to a missing session', dangling.export(), 'corrupt', true],
      ['a file with an action Crafter does not have', badAction.export(), 'invalid_input', false],
    ];
    for (const db of [foreign, newer, dangling, badAction]) db.close();

    it.each(cases)('%s', async (_name, bytes, code, foundByReader) => {
      const indexedDB = newIndexedDB();
      const store = await openTraceStore({ sql, idbName: 'traces', indexedDB });
      const existing = await store.createSession(sessionInput({ seed: 5 }));
      for (let i = 0; i < 3; i++) await store.appendStep(existing.id, humanStep(i));
      const before = await everything(store);

      for (const mode of ['merge', 'replace'] as const) {
        await expect(store.importSqlite(bytes, { mode })).rejects.toMatchObject({ name: 'StorageError', code });
        expect(await everything(store)).toEqual(before);
      }
      if (foundByReader) await expect(openTraceFile({ sql, bytes })).rejects.toMatchObject({ code });
      const reopened = await openTraceStore({ sql, idbName: 'traces', indexedDB });
      expect(await everything(reopened)).toEqual(before);
    });
  });

  it('rejects an import without a valid mode', async () => {
    const store = await openMemoryTraceStore({ sql: await sqlJs() });
    const bytes = await store.exportSqlite();
    await expect(store.importSqlite(bytes, { mode: 'append' as 'merge' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
