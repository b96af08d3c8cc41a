// The SQL layer's bookkeeping: counts written lazily and frames found by hash stay right across a change undone to
// its savepoint (as the session writer undoes a refused change) and across a whole rollback.
import { describe, expect, it } from 'vitest';
import { TraceDb } from '../../src/storage/trace-db.ts';
import { readSessionRecord } from '../../src/storage/trace-queries.ts';
import { sessionRow, stepRow } from '../../src/storage/validate.ts';
import { frame, humanStep, modelStep, sessionInput, sqlJs } from './storage-fixtures.ts';

const NOW = '2026-01-02T03:04:05.000Z';

function apply(tdb: TraceDb, change: () => void): void {
  tdb.run('SAVEPOINT change', []);
  try {
    change();
    tdb.run('RELEASE change', []);
  } catch (error) {
    tdb.db.exec('ROLLBACK TO change; RELEASE change');
    tdb.forgetState();
    throw error;
  }
}

describe('a session database', () => {
  it('counts the steps, events and messages kept when a change in the same transaction is undone', async () => {
    const tdb = TraceDb.create(await sqlJs());
    tdb.begin();
    tdb.insertSession(sessionRow(sessionInput(), 's', NOW));
    for (let i = 0; i < 3; i++) apply(tdb, () => tdb.insertStep(stepRow('s', modelStep(i), NOW)));
    // Refused by SQLite after its step row was written: the whole change goes, the three before it stay.
    const refused = stepRow('s', modelStep(3), NOW);
    refused.messages[0].role = 'narrator' as 'user';
    expect(() => apply(tdb, () => tdb.insertStep(refused))).toThrow(/CHECK constraint/);
    apply(tdb, () => tdb.insertStep(stepRow('s', modelStep(3), NOW)));
    tdb.commit();
    const counts = { stepCount: 4, modelCallCount: 3, messageCount: 3 * modelStep(1).messages!.length };
    expect(readSessionRecord(tdb, 's')).toMatchObject(counts);
    const file = TraceDb.fromBytes(await sqlJs(), tdb.exportBytes(), 'the file', { verify: true });
    expect(readSessionRecord(file, 's')).toMatchObject(counts);
    file.close();
    tdb.close();
  });

  it('records an unlock at the step whose counts first have it, whether the counts changed or read as before', async () => {
    const tdb = TraceDb.create(await sqlJs());
    tdb.insertSession(sessionRow(sessionInput(), 's', NOW));
    const counts: Array<Record<string, number>> = [{}, {}, { collect_wood: 1 }, { collect_wood: 1 }, { collect_wood: 2 }, { collect_wood: 2, place_table: 1 }];
    const unlocked = counts.map((achievements, i) => {
      const row = stepRow('s', humanStep(i, { achievements }), NOW);
      tdb.insertStep(row);
      return row.achievementsUnlocked;
    });
    expect(unlocked).toEqual([[], [], ['collect_wood'], [], [], ['place_table']]);
    const kept = tdb.rows("SELECT t.step_index, r.key FROM event_rewards r JOIN session_timesteps t ON t.id = r.timestep_id WHERE r.reward_type = 'achievement'", []);
    expect(kept).toEqual([[2, 'collect_wood'], [5, 'place_table']]);
    tdb.close();
  });

  it('forgets what a rollback undid: counts and frames', async () => {
    const tdb = TraceDb.create(await sqlJs());
    tdb.insertSession(sessionRow(sessionInput(), 's', NOW));
    tdb.insertStep(stepRow('s', humanStep(0), NOW));
    tdb.begin();
    tdb.insertStep(stepRow('s', humanStep(1), NOW));
    tdb.rollback();
    // The same frame again: its row went with the rollback, so it is written anew.
    tdb.insertStep(stepRow('s', humanStep(1), NOW));
    tdb.insertStep(stepRow('s', humanStep(2, { frame: frame(1) }), NOW));
    expect(readSessionRecord(tdb, 's')).toMatchObject({ stepCount: 3 });
    expect(tdb.rows('SELECT count(*) FROM frames', [])[0][0]).toBe(2);
    expect(tdb.rows('SELECT count(DISTINCT frame_id) FROM session_timesteps WHERE frame_id IS NOT NULL', [])[0][0]).toBe(2);
    tdb.close();
  });
});
