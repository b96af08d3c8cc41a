// Trace files for the browser tests, written in Node through the store's own API: sessions of every source, model,
// date and end reason, with frames or without, to import into the page.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { encode } from 'fast-png';
import initSqlJs from 'sql.js';
import { exportedBytes, openMemoryTraceStore, type EndReason, type FrameInput, type SessionSource } from '../../src/storage/index.ts';

export interface FixtureSession {
  source: SessionSource;
  /** The model's name (source model) or the built-in agent's kind (source builtin). */
  policy?: string;
  seed: number;
  startedAt: string;
  steps: number;
  endReason: EndReason;
  frames?: boolean;
}

const ITEMS = ['health', 'food', 'drink', 'energy', 'sapling', 'wood', 'stone', 'coal', 'iron', 'diamond',
  'wood_pickaxe', 'stone_pickaxe', 'iron_pickaxe', 'wood_sword', 'stone_sword', 'iron_sword'];

/** A plain 64x64 frame whose colour follows `n`. */
function frame(n: number): FrameInput {
  const pixels = new Uint8Array(64 * 64 * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    pixels[i] = (n * 37) & 0xff;
    pixels[i + 1] = (n * 11 + (i % 192)) & 0xff;
    pixels[i + 2] = 90;
  }
  return { sha256: createHash('sha256').update(pixels).digest('hex'), png: encode({ width: 64, height: 64, data: pixels, channels: 3 }) };
}

/** The sessions as one trace file (SQLite), written to `path`. */
export async function writeTraceFile(path: string, sessions: FixtureSession[]): Promise<void> {
  const store = await openMemoryTraceStore({ sql: await initSqlJs() });
  const frames = Array.from({ length: 16 }, (_, n) => frame(n));
  for (const s of sessions) {
    const created = await store.createSession({
      source: s.source,
      policyName: s.source === 'human' ? null : s.policy ?? null,
      envOptions: { size: [64, 64], length: 10000 },
      seed: s.seed,
      episode: 1,
      worldSeed: s.seed * 7 + 1,
      crafterVersion: '1.8.3',
      texturePack: { name: 'crafter-web-builtin', sha256: '0'.repeat(64) },
      policy: s.source === 'model' ? { model: s.policy ?? 'test-model', endpointHost: 'localhost', promptStyle: 'language', imageMode: 'text_and_image', extra: {} } : null,
      appVersion: 'fixture',
      startedAt: s.startedAt,
      metadata: null,
    });
    const start = Date.parse(s.startedAt);
    const writes: Promise<void>[] = [];
    for (let i = 0; i <= s.steps; i++) {
      writes.push(store.appendStep(created.id, {
        stepIndex: i,
        actions: i === 0 ? [] : ['noop'],
        reward: 0,
        done: i === s.steps && s.endReason === 'died',
        inventory: Object.fromEntries(ITEMS.map((item) => [item, item === 'health' ? 9 : 0])),
        achievements: {},
        position: [32, 32],
        frame: s.frames === false ? null : frames[i % frames.length],
        completedAt: new Date(start + i * 200).toISOString(),
      }));
    }
    await Promise.all(writes);
    await store.endSession(created.id, { endReason: s.endReason, endedAt: new Date(start + s.steps * 200 + 1).toISOString() });
  }
  const file = await store.exportFile(undefined, { singleFileMaxBytes: Number.MAX_SAFE_INTEGER });
  writeFileSync(path, await exportedBytes(file));
  await store.close();
}
