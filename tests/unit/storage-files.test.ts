// The folder store in Node (src/storage/node.ts): round trips, a killed process, two stores writing into one folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openTraceDir, STORE_MARKER } from '../../src/storage/node.ts';
import type { TraceStore } from '../../src/storage/index.ts';
import { humanStep, modelSessionInput, modelStep, sessionInput, sqlJs } from './storage-fixtures.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crafter-store-'));
  dirs.push(dir);
  return join(dir, 'traces');
}

const openDir = async (dir: string) => openTraceDir({ sql: await sqlJs(), dir });

describe('the folder store', () => {
  it('gives back what it recorded after it is opened again, and deletes a session with its files', async () => {
    const dir = newDir();
    const store = await openDir(dir);
    const human = await store.createSession(sessionInput({ startedAt: '2025-01-01T00:00:00.000Z' }));
    for (let i = 0; i < 20; i++) await store.appendStep(human.id, humanStep(i));
    await store.endSession(human.id, { endReason: 'died' });
    const model = await store.createSession(modelSessionInput());
    for (let i = 0; i < 6; i++) await store.appendStep(model.id, modelStep(i));
    await store.endSession(model.id, { endReason: 'error', endDetail: 'the endpoint went away', details: { unansweredCalls: [{ kind: 'network', attempts: [{ attempt: 0 }] }] } });
    await store.putDocument('run', 'r1', { name: 'baseline' });
    const list = await store.listSessions();
    const traces = await Promise.all(list.map((s) => store.readSession(s.id)));
    await store.close();

    const again = await openDir(dir);
    expect(again.status()).toMatchObject({ persistence: 'files', sessions: 2, pendingSteps: 0 });
    expect(await again.listSessions()).toEqual(list);
    expect(await Promise.all(list.map((s) => again.readSession(s.id)))).toEqual(traces);
    expect(list[0]).toMatchObject({ endReason: 'error', endDetail: 'the endpoint went away', endDetails: { unansweredCalls: [{ kind: 'network', attempts: [{ attempt: 0 }] }] } });
    expect(await again.listDocuments('run')).toEqual([{ name: 'baseline' }]);

    expect(readdirSync(join(dir, 'sessions')).sort()).toEqual([`${human.id}.db`, `${human.id}.json`, `${model.id}.db`, `${model.id}.json`].sort());
    await again.deleteSessions([human.id]);
    expect(readdirSync(join(dir, 'sessions')).sort()).toEqual([`${model.id}.db`, `${model.id}.json`].sort());
    expect(readdirSync(join(dir, 'batches'))).toEqual([]);
  });

  it('refuses a folder that holds something else, and a store of a newer layout', async () => {
    const dir = newDir();
    await openDir(dir);
    writeFileSync(join(dir, STORE_MARKER), JSON.stringify({ format: 'crafter-web-traces', version: 99 }));
    await expect(openDir(dir)).rejects.toMatchObject({ code: 'newer_schema' });
    const other = newDir();
    await openDir(other);
    rmSync(join(other, STORE_MARKER));
    writeFileSync(join(other, 'notes.txt'), 'mine');
    await expect(openDir(other)).rejects.toMatchObject({ code: 'foreign_database' });
    const unmarked = newDir();
    const store = await openDir(unmarked);
    await store.createSession(sessionInput());
    await store.close();
    rmSync(join(unmarked, STORE_MARKER));
    await expect(openDir(unmarked)).rejects.toMatchObject({ code: 'foreign_database' });
  });

  it('opens a folder another thread is creating the store in (its empty subfolders made, its marker not yet in place)', async () => {
    const dir = newDir();
    for (const sub of ['sessions', 'batches', 'documents']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, `${STORE_MARKER}.tmp-1-abc`), '{');
    const store = await openDir(dir);
    expect(existsSync(join(dir, STORE_MARKER))).toBe(true);
    await store.createSession(sessionInput());
    expect(await store.listSessions()).toHaveLength(1);
    await store.close();
  });

  it('keeps what a killed process had made durable, and marks its session interrupted', async () => {
    const dir = newDir();
    const fixtures = fileURLToPath(new URL('./storage-fixtures.ts', import.meta.url));
    const node = fileURLToPath(new URL('../../src/storage/node.ts', import.meta.url));
    // A recorder in its own process, saying how many steps are durable as they become so; it is killed mid-recording.
    const script = `
      import { humanStep, sessionInput, sqlJs } from ${JSON.stringify(fixtures)};
      import { openTraceDir } from ${JSON.stringify(node)};
      const store = await openTraceDir({ sql: await sqlJs(), dir: ${JSON.stringify(dir)} });
      const { id } = await store.createSession(sessionInput());
      let durable = 0;
      for (let i = 0; ; i++) {
        store.appendStep(id, humanStep(i)).then(() => process.stdout.write(id + ' ' + ++durable + '\\n'));
        if (i % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const reported = await new Promise<{ id: string; durable: number }>((resolve, reject) => {
      let last = { id: '', durable: 0 };
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = chunk.toString().trim().split('\n');
        const [id, count] = lines[lines.length - 1].split(' ');
        last = { id, durable: Number(count) };
        if (last.durable >= 150) {
          child.kill('SIGKILL');
          resolve(last);
        }
      });
      child.on('exit', () => reject(new Error(`the recorder ended before it was killed: ${errors}`)));
    });
    await new Promise((resolve) => child.on('close', resolve));

    const store = await openDir(dir);
    await store.recovered();
    const [session] = await store.listSessions();
    expect(session).toMatchObject({ id: reported.id, state: 'interrupted', endReason: 'interrupted', damaged: null });
    // At least what was reported durable (more may have become so before the kill), with no gap and nothing half-written.
    expect(session.stepCount).toBeGreaterThanOrEqual(reported.durable);
    const steps = (await store.readSession(session.id)).steps;
    expect(steps.map((s) => s.stepIndex)).toEqual(Array.from({ length: session.stepCount }, (_, i) => i));
    expect(steps.map((s) => Buffer.from(s.frame!.png).equals(Buffer.from(humanStep(s.stepIndex).frame!.png)))).not.toContain(false);
    expect(store.status().lastError).toBeNull();
    expect(readdirSync(join(dir, 'batches'))).toEqual([]);
    expect(existsSync(join(dir, 'sessions', `${session.id}.db`))).toBe(true);
  }, 60_000);

  it('takes as interrupted a session whose recorder had this process id before, in an earlier process', async () => {
    const dir = newDir();
    const earlier = await openDir(dir);
    const { id } = await earlier.createSession(sessionInput());
    for (let i = 0; i < 6; i++) await earlier.appendStep(id, humanStep(i));
    // A restarted container gives its process the same id: only the start time tells the two apart.
    const owner = join(dir, 'batches', id, 'owner.json');
    const recorder = JSON.parse(readFileSync(owner, 'utf8')) as { pid: number; started: number };
    expect(recorder.pid).toBe(process.pid);
    writeFileSync(owner, JSON.stringify({ ...recorder, started: recorder.started - 3600 }));
    const store = await openDir(dir);
    await store.recovered();
    expect((await store.listSessions())[0]).toMatchObject({ id, state: 'interrupted', stepCount: 6 });
  });

  it('keeps the sessions of two stores writing into one folder at once', async () => {
    const dir = newDir();
    const [a, b] = [await openDir(dir), await openDir(dir)];
    const record = async (store: TraceStore, steps: number) => {
      const { id } = await store.createSession(sessionInput());
      for (let i = 0; i < steps; i++) await store.appendStep(id, humanStep(i));
      await store.endSession(id, { endReason: 'step_limit' });
      return id;
    };
    const [fromA, fromB] = await Promise.all([record(a, 30), record(b, 25)]);
    await Promise.all([a.close(), b.close()]);
    const store = await openDir(dir);
    const list = await store.listSessions();
    expect(new Map(list.map((s) => [s.id, [s.state, s.stepCount]]))).toEqual(new Map([[fromA, ['ended', 30]], [fromB, ['ended', 25]]]));
    expect((await store.readSession(fromA)).steps).toHaveLength(30);
    expect((await store.readSession(fromB)).steps).toHaveLength(25);
  });

  it('lets a store opened on the folder leave alone a session another store is recording', async () => {
    const dir = newDir();
    const first = await openDir(dir);
    const { id } = await first.createSession(sessionInput());
    for (let i = 0; i < 10; i++) await first.appendStep(id, humanStep(i));
    const second = await openDir(dir);
    await second.recovered();
    expect(await second.listSessions()).toEqual([]);
    for (let i = 10; i < 20; i++) await first.appendStep(id, humanStep(i));
    // Closed without ending the session: the next store takes it as interrupted, every step kept.
    await first.close();
    const store = await openDir(dir);
    await store.recovered();
    expect((await store.listSessions())[0]).toMatchObject({ id, state: 'interrupted', stepCount: 20, damaged: null });
    expect((await store.readSession(id)).steps).toHaveLength(20);
    expect(readdirSync(join(dir, 'batches'))).toEqual([]);
  });
});
