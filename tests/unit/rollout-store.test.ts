// One folder store written by several recorders at once (the runner's threads): each records its own sessions; a store
// opened meanwhile neither lists nor recovers them, and one opened with recovery takes a dead recorder's as interrupted.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTraceDir } from '../../src/storage/node.ts';
import { humanStep, sessionInput, sqlJs } from './storage-fixtures.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crafter-rollout-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a folder store shared by several recorders', () => {
  it('keeps every recorder\'s sessions apart; a dead recorder\'s are recovered as interrupted', async () => {
    const dir = tempDir();
    const sql = await sqlJs();
    const main = await openTraceDir({ sql, dir });
    await main.recovered();
    const first = await openTraceDir({ sql, dir, recover: false });
    const second = await openTraceDir({ sql, dir, recover: false });
    const a = await first.createSession(sessionInput({ source: 'builtin', policyName: 'scripted' }));
    const b = await second.createSession(sessionInput({ source: 'builtin', policyName: 'scripted' }));
    await Promise.all([first.appendStep(a.id, humanStep(0)), second.appendStep(b.id, humanStep(0))]);
    // A store opened while both record, even with recovery, leaves their sessions alone: they are not its to list.
    const reader = await openTraceDir({ sql, dir });
    await reader.recovered();
    expect(await reader.listSessions()).toEqual([]);
    await reader.close();
    for (let i = 1; i <= 20; i++) await Promise.all([first.appendStep(a.id, humanStep(i)), second.appendStep(b.id, humanStep(i))]);
    await first.endSession(a.id, { endReason: 'step_limit' });
    await first.close();
    // The second recorder's process dies without ending its session (its owner file names an earlier process now):
    // the next store opened with recovery marks it interrupted.
    const owner = join(dir, 'batches', b.id, 'owner.json');
    const recorder = JSON.parse(readFileSync(owner, 'utf8')) as { started: number };
    writeFileSync(owner, JSON.stringify({ ...recorder, started: recorder.started - 3600 }));
    const after = await openTraceDir({ sql, dir });
    await after.recovered();
    const sessions = await after.listSessions();
    expect(sessions.map((s) => [s.id, s.state, s.endReason, s.stepCount]).sort()).toEqual(
      [[a.id, 'ended', 'step_limit', 21], [b.id, 'interrupted', 'interrupted', 21]].sort(),
    );
    expect((await after.readSession(b.id)).steps).toHaveLength(21);
    await after.close();
    await second.close().catch(() => undefined);
    // Nothing half-written is left behind: every file was renamed into place.
    expect(readdirSync(join(dir, 'sessions')).filter((name) => name.includes('.tmp-'))).toEqual([]);
    await main.close();
  });

  it('goes on recording while a batch is being written, in larger batches', async () => {
    const dir = tempDir();
    const store = await openTraceDir({ sql: await sqlJs(), dir });
    const session = await store.createSession(sessionInput({ source: 'builtin', policyName: 'scripted' }));
    // Steps come a few microtasks apart, as the episode loop makes them; the file writes run off the thread meanwhile.
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      writes.push(store.appendStep(session.id, humanStep(i)));
      for (let hop = 0; hop < 3; hop++) await Promise.resolve();
    }
    await Promise.all(writes);
    const [entry] = await store.listSessions();
    expect(entry.stepCount).toBe(200);
    expect(readdirSync(join(dir, 'batches', session.id)).length).toBeLessThan(50);
    await store.endSession(session.id, { endReason: 'stopped' });
    expect(readdirSync(join(dir, 'batches')).includes(session.id)).toBe(false);
    await store.close();
  });
});
