// Trace store figures in Node with fake-indexeddb: append latency on an empty and a 50,000-step store,
// opening the 50,000-step store (snapshot only, and with the longest journal tail the snapshot policy allows),
// the cost of one snapshot, and stored bytes per step. Typical frames come from the built-in texture pack.
// `npx tsx scripts/bench/storage.ts [--quick]` prints them on its own.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { IDBFactory } from 'fake-indexeddb';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { encodePng } from '../../src/lib/png.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { DEFAULT_SNAPSHOT_POLICY, openMemoryTraceStore, openTraceStore, type FrameInput, type JsonValue, type SessionInput, type StepInput, type TraceStore } from '../../src/storage/index.ts';
import { IdbJournal, journalOpBytes } from '../../src/storage/journal.ts';
import { SCHEMA_VERSION } from '../../src/storage/schema.ts';
import { TraceDb } from '../../src/storage/trace-db.ts';
import { newSessionId, sessionRow, stepRow } from '../../src/storage/validate.ts';
import { median } from './stats.ts';
import { FRAME_SIZE, syntheticFrames } from './synthetic-frames.ts';
import { command } from '../lib/args.ts';

const INVENTORY = ['health', 'food', 'drink', 'energy', 'sapling', 'wood', 'stone', 'coal', 'iron', 'diamond', 'wood_pickaxe', 'stone_pickaxe', 'iron_pickaxe', 'wood_sword', 'stone_sword', 'iron_sword'];
const ACHIEVEMENTS = ['collect_coal', 'collect_diamond', 'collect_drink', 'collect_iron', 'collect_sapling', 'collect_stone', 'collect_wood', 'defeat_skeleton', 'defeat_zombie', 'eat_cow', 'eat_plant', 'make_iron_pickaxe', 'make_iron_sword', 'make_stone_pickaxe', 'make_stone_sword', 'make_wood_pickaxe', 'make_wood_sword', 'place_furnace', 'place_plant', 'place_stone', 'place_table', 'wake_up'];
const ACTIONS = ['noop', 'move_left', 'move_right', 'move_up', 'move_down', 'do'] as const;
const STORE_STEPS = 50_000;
const STEPS_PER_SESSION = 1000;

function typicalFrames(count: number): FrameInput[] {
  return syntheticFrames(builtinPack(), count, 23).map((rgb) => ({
    sha256: createHash('sha256').update(rgb).digest('hex'),
    png: encodePng(rgb, FRAME_SIZE, FRAME_SIZE),
  }));
}

function session(source: SessionInput['source']): SessionInput {
  return {
    source,
    seed: 1,
    episode: 1,
    worldSeed: 535231920,
    crafterVersion: '1.8.3',
    texturePack: { name: 'builtin', sha256: '0'.repeat(64) },
    policy: source === 'model'
      ? { model: 'gpt-4o-mini', endpointHost: 'api.openai.com', promptStyle: 'state-block', imageMode: 'current-frame', extra: { temperature: 0.2 } }
      : null,
    appVersion: '0.1.0',
  };
}

/** A human step as the page records it: one action, state after it, frame, text summary, reaction time. */
function humanStep(i: number, frame: FrameInput): StepInput {
  return {
    stepIndex: i,
    actions: i === 0 ? [] : [ACTIONS[i % ACTIONS.length]],
    reward: i % 97 === 0 && i > 0 ? 1 : 0,
    done: false,
    inventory: Object.fromEntries(INVENTORY.map((key, k) => [key, k < 4 ? 9 - ((i + k) % 3) : (i >> k) % 4])),
    achievements: Object.fromEntries(ACHIEVEMENTS.map((key, k) => [key, i > 97 * (k + 1) ? 1 : 0])),
    position: [32 + (i % 7), 32 - (i % 5)],
    frame,
    observationText: `Step ${i}. Health 9/9, food 8/9, drink 7/9, energy 9/9.\nYou face grass. Tree 1 step north and 2 steps west.\nInventory: wood 2, sapling 1.`,
    reactionMs: 180 + (i % 50),
  };
}

/** A model step: the request carries a system prompt, the text summary and the frame as a data URL. */
function modelStep(i: number, frame: FrameInput): StepInput {
  const base = humanStep(i, frame);
  if (i === 0) return base;
  const prompt: JsonValue[] = [
    { type: 'text', text: base.observationText! },
    { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(frame.png).toString('base64')}` } },
  ];
  const system = 'You are playing Crafter. '.repeat(40);
  const call = { id: `call_${i}`, type: 'function', function: { name: 'interact_many', arguments: '{"actions":["move_left","do"]}' } };
  return {
    ...base,
    actions: ['move_left', 'do'],
    reactionMs: null,
    modelCall: {
      model: 'gpt-4o-mini',
      provider: 'api.openai.com',
      requestMessages: [{ role: 'system', content: system }, { role: 'user', content: prompt }],
      requestOptions: { tool_choice: 'required', temperature: 0.2 },
      rawResponse: { id: `chatcmpl-${i}`, choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: 'tool_calls' }], usage: { prompt_tokens: 1100, completion_tokens: 25, total_tokens: 1125 } },
      toolCalls: [call],
      parsedActions: ['move_left', 'do'],
      invalidActions: [],
      usage: { inputTokens: 1100, outputTokens: 25, totalTokens: 1125 },
      latencyMs: 900,
      error: null,
    },
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: prompt, isPolicyUserPrompt: true },
      { role: 'assistant', content: null, extra: { tool_calls: [call] } },
    ],
  };
}

/** Milliseconds of each awaited appendStep. */
async function timeAppends(store: TraceStore, sessionId: string, count: number, frames: FrameInput[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const step = humanStep(i, frames[i % frames.length]);
    const start = performance.now();
    await store.appendStep(sessionId, step);
    times.push(performance.now() - start);
  }
  return times;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Writes a 50,000-step store (50 human sessions of 1,000 steps, every frame distinct) straight into
 * IndexedDB as one snapshot; the setup inserts in bulk instead of journaling every step.
 */
async function buildLargeStore(sql: SqlJsStatic, indexedDB: IDBFactory, frames: FrameInput[]): Promise<number> {
  const tdb = TraceDb.create(sql);
  const now = new Date().toISOString();
  tdb.begin();
  for (let s = 0; s < STORE_STEPS / STEPS_PER_SESSION; s++) {
    const sessionId = newSessionId();
    tdb.insertSession(sessionRow(session('human'), sessionId, now));
    for (let i = 0; i < STEPS_PER_SESSION; i++) {
      const n = s * STEPS_PER_SESSION + i;
      const pooled = frames[n % frames.length];
      // Pool PNGs, but give each step its own frame row, as distinct observations would have.
      const frame = { png: pooled.png, sha256: createHash('sha256').update(`${n}`).digest('hex') };
      tdb.insertStep(stepRow(sessionId, humanStep(i, frame), now));
    }
  }
  tdb.commit();
  const bytes = tdb.exportBytes();
  tdb.close();
  const journal = await IdbJournal.open(indexedDB, 'bench', 'relaxed');
  await journal.writeSnapshot({ bytes, watermark: 0, schemaVersion: SCHEMA_VERSION, createdAt: now });
  journal.close();
  return bytes.length;
}

/** Journals one session with as many steps as the default policy lets build up before the next snapshot. */
async function writeLongestTail(indexedDB: IDBFactory, snapshotBytes: number, frames: FrameInput[]): Promise<number> {
  const journal = await IdbJournal.open(indexedDB, 'bench', 'relaxed');
  const limit = Math.max(DEFAULT_SNAPSHOT_POLICY.minJournalBytes, DEFAULT_SNAPSHOT_POLICY.journalToSnapshotRatio * snapshotBytes);
  const now = new Date().toISOString();
  const sessionId = newSessionId();
  await journal.append({ kind: 'session', row: sessionRow(session('human'), sessionId, now) });
  let bytes = 0;
  let steps = 0;
  while (bytes < limit) {
    const row = stepRow(sessionId, humanStep(steps, frames[steps % frames.length]), now);
    row.achievementsUnlocked = [];
    await journal.append({ kind: 'step', row });
    bytes += journalOpBytes({ kind: 'step', row });
    steps += 1;
  }
  journal.close();
  return steps;
}

async function bytesPerStep(sql: SqlJsStatic, frames: FrameInput[], step: (i: number, frame: FrameInput) => StepInput, source: SessionInput['source']): Promise<number> {
  const store = await openMemoryTraceStore({ sql });
  const { id } = await store.createSession(session(source));
  const count = 1000;
  for (let i = 0; i < count; i++) await store.appendStep(id, step(i, frames[i % frames.length]));
  const size = (await store.exportSqlite()).length;
  await store.close();
  return size / count;
}

export async function benchStorage(options: { quick?: boolean } = {}): Promise<Record<string, number>> {
  const quick = options.quick ?? false;
  const appends = quick ? 200 : 1000;
  const opens = quick ? 3 : 5;
  const sql = await initSqlJs();
  const frames = typicalFrames(quick ? 1000 : 2000);
  const figures: Record<string, number> = {};

  {
    const store = await openTraceStore({ sql, idbName: 'bench', indexedDB: new IDBFactory() });
    const { id } = await store.createSession(session('human'));
    const times = await timeAppends(store, id, appends, frames);
    figures.append_ms_empty = median(times.slice(20));
    await store.close();
  }

  const indexedDB = new IDBFactory();
  const buildStart = performance.now();
  const snapshotBytes = await buildLargeStore(sql, indexedDB, frames);
  figures.build_50k_s = (performance.now() - buildStart) / 1000;
  figures.snapshot_50k_bytes = snapshotBytes;

  const openTimes: number[] = [];
  let store: TraceStore | undefined;
  for (let r = 0; r < opens; r++) {
    await store?.close();
    const start = performance.now();
    store = await openTraceStore({ sql, idbName: 'bench', indexedDB });
    openTimes.push(performance.now() - start);
  }
  figures.open_50k_ms = median(openTimes);

  const large = store!;
  const { id } = await large.createSession(session('human'));
  const times = await timeAppends(large, id, appends, frames);
  figures.append_ms_50k = median(times.slice(20));
  figures.append_p99_ms_50k = percentile(times.slice(20), 0.99);

  const snapshotTimes: number[] = [];
  for (let r = 0; r < (quick ? 1 : 3); r++) {
    const start = performance.now();
    const bytes = await large.exportSqlite();
    const scratch = await IdbJournal.open(indexedDB, 'bench-scratch', 'relaxed');
    await scratch.writeSnapshot({ bytes, watermark: 0, schemaVersion: SCHEMA_VERSION, createdAt: new Date().toISOString() });
    scratch.close();
    snapshotTimes.push(performance.now() - start);
  }
  figures.snapshot_50k_ms = median(snapshotTimes);
  await large.close();

  const tailSteps = await writeLongestTail(indexedDB, snapshotBytes, frames);
  figures.open_50k_longest_tail_steps = tailSteps;
  const tailOpenTimes: number[] = [];
  for (let r = 0; r < (quick ? 1 : 3); r++) {
    const start = performance.now();
    // Keep the tail for the next repetition: no compacting snapshot on open.
    const reopened = await openTraceStore({ sql, idbName: 'bench', indexedDB, snapshotPolicy: { minJournalBytes: Number.MAX_SAFE_INTEGER } });
    tailOpenTimes.push(performance.now() - start);
    await reopened.close();
  }
  figures.open_50k_longest_tail_ms = median(tailOpenTimes);

  figures.frame_png_bytes_median = median(frames.map((f) => f.png.length));
  figures.frame_png_bytes_mean = frames.reduce((sum, f) => sum + f.png.length, 0) / frames.length;
  figures.bytes_per_step = await bytesPerStep(sql, frames, humanStep, 'human');
  figures.bytes_per_step_model_call = await bytesPerStep(sql, frames, modelStep, 'model');
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = command({
    name: 'bench/storage',
    invocation: 'npx tsx scripts/bench/storage.ts',
    summary: 'Trace store figures in Node (fake-indexeddb): append latency, opening a 50,000-step store, one snapshot, bytes per step.',
    options: { quick: { type: 'boolean', help: 'fewer and smaller rounds' } },
  });
  const figures = await benchStorage({ quick: !!args.quick });
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(30)} ${Math.round(value * 1000) / 1000}`);
}
