// An import far larger than what the store may hold in memory: read in place, a piece at a time, a session at a time.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource, openTraceDir } from '../../src/storage/node.ts';
import type { ByteSource } from '../../src/storage/index.ts';
import { sqlJs } from './storage-fixtures.ts';

const SESSIONS = 120;
const STEPS = 40;
/** The lazy reader's piece (src/storage/lazy-sqlite.ts); a zip's directory is read in one piece of up to 64 KiB + 22. */
const CHUNK = 256 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const scratch = mkdtempSync(join(tmpdir(), 'crafter-import-scale-'));
const traceFile = join(scratch, 'sessions.db');
const zipFile = join(scratch, 'sessions.zip');
const module = (path: string) => JSON.stringify(fileURLToPath(new URL(path, import.meta.url)));

// Made in a process of its own, so this one never holds them: a file of 120 sessions of 40 steps, each frame 64x64 noise
// that neither compresses nor repeats (about 80 MB), and the zip of per-session files the store downloads of it.
const MAKE_FILES = `
  import { createHash, randomBytes } from 'node:crypto';
  import { writeFileSync } from 'node:fs';
  import { encode } from 'fast-png';
  import { fileSource, openTraceDir, writeExportedFile } from ${module('../../src/storage/node.ts')};
  import { PAGE_SIZE } from ${module('../../src/storage/schema.ts')};
  import { TraceDb } from ${module('../../src/storage/trace-db.ts')};
  import { newSessionId, sessionEndRow, sessionRow, stepRow } from ${module('../../src/storage/validate.ts')};
  import { humanStep, sessionInput, sqlJs } from ${module('./storage-fixtures.ts')};
  const sql = await sqlJs();
  const tdb = TraceDb.create(sql, PAGE_SIZE);
  const now = '2025-01-01T00:00:00.000Z';
  tdb.begin();
  for (let s = 0; s < ${SESSIONS}; s++) {
    const id = newSessionId();
    tdb.insertSession(sessionRow(sessionInput({ seed: s, startedAt: new Date(Date.UTC(2025, 0, 1, s)).toISOString() }), id, now));
    for (let i = 0; i < ${STEPS}; i++) {
      const png = encode({ width: 64, height: 64, data: randomBytes(64 * 64 * 3), channels: 3 }, { zlib: { level: 0 } });
      // The hash of the PNG's bytes stands for the pixels' own, so every frame read back can be checked.
      tdb.insertStep(stepRow(id, humanStep(i, { frame: { sha256: createHash('sha256').update(png).digest('hex'), png } }), now));
    }
    tdb.endSession(sessionEndRow(id, { endReason: 'step_limit' }, now));
  }
  tdb.commit();
  writeFileSync(${JSON.stringify(traceFile)}, tdb.exportBytes());
  tdb.close();
  const store = await openTraceDir({ sql, dir: ${JSON.stringify(join(scratch, 'origin'))} });
  await store.importFile(fileSource(${JSON.stringify(traceFile)}), { mode: 'merge' });
  await writeExportedFile(await store.exportFile(undefined, { singleFileMaxBytes: 0 }), ${JSON.stringify(zipFile)});`;

beforeAll(() => {
  const made = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', MAKE_FILES], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`making the large files failed: ${made.stderr}`);
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Live memory of this process's JavaScript: its heap and its ArrayBuffers, after a full collection. */
function liveBytes(): number {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** The file on disk as a ByteSource that counts what is read and samples live memory as it goes. */
function measuredSource(path: string) {
  const inner = fileSource(path);
  const stats = { reads: 0, bytes: 0, largest: 0, peak: 0 };
  const count = (length: number) => {
    stats.reads++;
    stats.bytes += length;
    stats.largest = Math.max(stats.largest, length);
    if (stats.reads % 4 === 0) stats.peak = Math.max(stats.peak, liveBytes());
  };
  const source: ByteSource = {
    size: inner.size,
    what: inner.what,
    read: async (offset, length) => {
      count(length);
      return inner.read(offset, length);
    },
    readSync: (offset, length) => {
      count(length);
      return inner.readSync!(offset, length);
    },
  };
  return { source, stats, close: inner.close };
}

/** Imports the file on disk into a new folder store: what was read, and how far live memory grew at most. */
async function measuredImport(path: string): Promise<{ dir: string; sessions: number; stats: ReturnType<typeof measuredSource>['stats']; growth: number }> {
  const dir = mkdtempSync(join(scratch, 'store-'));
  const store = await openTraceDir({ sql: await sqlJs(), dir });
  const { source, stats, close } = measuredSource(path);
  const before = liveBytes();
  const result = await store.importFile(source, { mode: 'merge' });
  const growth = Math.max(stats.peak, liveBytes()) - before;
  close();
  await store.close();
  return { dir, sessions: result.imported.length, stats, growth };
}

/** Every session arrived whole: its steps in order, each frame's bytes those hashed when it was made. */
async function expectWhole(dir: string): Promise<void> {
  const store = await openTraceDir({ sql: await sqlJs(), dir });
  const sessions = await store.listSessions();
  expect(sessions).toHaveLength(SESSIONS);
  for (const session of sessions) {
    expect(session).toMatchObject({ stepCount: STEPS, state: 'ended', endReason: 'step_limit', damaged: null });
    let i = 0;
    for await (const step of store.iterateSteps(session.id)) {
      expect(step.stepIndex).toBe(i++);
      expect(createHash('sha256').update(step.frame!.png).digest('hex')).toBe(step.frame!.sha256);
    }
    expect(i).toBe(STEPS);
  }
  await store.close();
}

describe('an import far larger than the bound', () => {
  it.each([
    ['a trace file', traceFile],
    ['a zip of session files', zipFile],
  ])('%s: read in pieces, never whole, its memory that of a session at a time, every session arriving intact', async (_kind, path) => {
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(64 * 2 ** 20);
    const { dir, sessions, stats, growth } = await measuredImport(path);
    expect(sessions).toBe(SESSIONS);
    expect(stats.largest).toBeLessThanOrEqual(CHUNK);
    expect(stats.reads).toBeGreaterThan(size / CHUNK);
    // A session (under 1 MB), the reader's pieces (4 MiB) and SQLite's work at a time (about 20 MB here): far below the file's 80 MB.
    expect(growth).toBeLessThan(size / 3);
    await expectWhole(dir);
  }, 180_000);
});
