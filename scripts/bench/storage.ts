// Trace store figures in Node, medians: recording human-like steps (64x64 frame, text, inventory) through the recorder's
// window into IndexedDB (fake-indexeddb) and into a folder on disk; opening a store of 50,000 steps in sessions of
// 1,000 (the catalog only), in IndexedDB and in a folder; the bytes a sealed session takes per human and per model
// step; deleting a session.
// Frames look like Crafter's, drawn from the built-in texture pack. `npx tsx scripts/bench/storage.ts [--quick]`.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IDBFactory } from 'fake-indexeddb';
import type { SqlJsStatic } from 'sql.js';
import { StepWriter } from '../../src/agent/step-writer.ts';
import { crc32 } from '../../src/lib/crc32.ts';
import { encodePng } from '../../src/lib/png.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import type { CatalogEntry } from '../../src/storage/backend.ts';
import { IdbBackend } from '../../src/storage/backends/idb.ts';
import { loadSqlJs, openMemoryTraceStore, openTraceStore, type FrameInput, type JsonValue, type SessionInput, type StepInput, type TraceStore } from '../../src/storage/index.ts';
import { FilesBackend, openTraceDir } from '../../src/storage/node.ts';
import { readSessionRecord } from '../../src/storage/trace-queries.ts';
import { TraceDb } from '../../src/storage/trace-db.ts';
import { newSessionId, sessionEndRow, sessionRow, stepRow } from '../../src/storage/validate.ts';
import { command } from '../lib/args.ts';
import { median } from './stats.ts';
import { FRAME_SIZE, syntheticFrames } from './synthetic-frames.ts';

const INVENTORY = ['health', 'food', 'drink', 'energy', 'sapling', 'wood', 'stone', 'coal', 'iron', 'diamond', 'wood_pickaxe', 'stone_pickaxe', 'iron_pickaxe', 'wood_sword', 'stone_sword', 'iron_sword'];
const ACHIEVEMENTS = ['collect_coal', 'collect_diamond', 'collect_drink', 'collect_iron', 'collect_sapling', 'collect_stone', 'collect_wood', 'defeat_skeleton', 'defeat_zombie', 'eat_cow', 'eat_plant', 'make_iron_pickaxe', 'make_iron_sword', 'make_stone_pickaxe', 'make_stone_sword', 'make_wood_pickaxe', 'make_wood_sword', 'place_furnace', 'place_plant', 'place_stone', 'place_table', 'wake_up'];
const ACTIONS = ['noop', 'move_left', 'move_right', 'move_up', 'move_down', 'do'] as const;
const STORE_SESSIONS = 50;
const SESSION_STEPS = 1000;
/** Steps the recorder lets run ahead of what is durable (the runs' and the play view's window). */
const WINDOW = 64;

function typicalFrames(count: number): FrameInput[] {
  return syntheticFrames(builtinPack(), count, 23).map((rgb) => ({
    sha256: createHash('sha256').update(rgb).digest('hex'),
    png: encodePng(rgb, FRAME_SIZE, FRAME_SIZE),
  }));
}

function session(source: 'human' | 'model'): SessionInput {
  return {
    source,
    policyName: source === 'model' ? 'gpt-4o-mini' : null,
    envOptions: { size: [64, 64], length: 10000 },
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

/** Steps per second recording one session through the recorder's window, until every step is durable. */
async function recordRate(store: TraceStore, steps: number, frames: FrameInput[]): Promise<number> {
  const { id } = await store.createSession(session('human'));
  const writer = new StepWriter(store, id, (error) => Promise.reject(error), WINDOW);
  const start = performance.now();
  for (let i = 0; i < steps; i++) await writer.write(humanStep(i, frames[i % frames.length]));
  await writer.flush();
  const seconds = (performance.now() - start) / 1000;
  await store.endSession(id);
  return steps / seconds;
}

/** One sealed session of 1,000 human steps, every frame a row of its own as distinct observations would be. */
function sealedSession(sql: SqlJsStatic, n: number, frames: FrameInput[]): { entry: CatalogEntry; bytes: Uint8Array } {
  const tdb = TraceDb.create(sql);
  const id = newSessionId();
  const now = new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString();
  tdb.begin();
  tdb.insertSession(sessionRow({ ...session('human'), startedAt: now }, id, now));
  for (let i = 0; i < SESSION_STEPS; i++) {
    const pooled = frames[(n * SESSION_STEPS + i) % frames.length];
    tdb.insertStep(stepRow(id, humanStep(i, { png: pooled.png, sha256: createHash('sha256').update(`${n}:${i}`).digest('hex') }), now));
  }
  tdb.endSession(sessionEndRow(id, { endReason: 'step_limit' }, now));
  tdb.commit();
  const bytes = tdb.exportBytes();
  const entry: CatalogEntry = { record: readSessionRecord(tdb, id, bytes.length), batches: 0, batchBytes: 0, file: { bytes: bytes.length, crc32: crc32(bytes) }, staged: null };
  tdb.close();
  return { entry, bytes };
}

/** Fills IndexedDB and a folder with the same 50 sealed sessions of 1,000 steps, written straight through their backends (the public API would replay every step). */
async function fillLargeStores(sql: SqlJsStatic, indexedDB: IDBFactory, dir: string, frames: FrameInput[]): Promise<void> {
  const idb = await IdbBackend.open(indexedDB, 'bench', 'relaxed');
  const files = FilesBackend.open(dir);
  for (let n = 0; n < STORE_SESSIONS; n++) {
    const { entry, bytes } = sealedSession(sql, n, frames);
    await idb.seal(entry, bytes);
    await files.seal(entry, bytes);
  }
  idb.close();
  files.close();
}

/** Median milliseconds to open the store (its catalog loaded, nothing left to recover), checking it holds the 50,000 steps. */
async function openTime(open: () => Promise<TraceStore>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const store = await open();
    await store.recovered();
    times.push(performance.now() - start);
    const steps = (await store.listSessions()).reduce((sum, s) => sum + s.stepCount, 0);
    if (steps !== STORE_SESSIONS * SESSION_STEPS) throw new Error(`the large store holds ${steps} steps, not ${STORE_SESSIONS * SESSION_STEPS}`);
    await store.close();
  }
  return median(times);
}

/** Bytes a sealed session takes per step record, recorded through the public API. */
async function bytesPerStep(sql: SqlJsStatic, frames: FrameInput[], source: 'human' | 'model'): Promise<number> {
  const store = await openMemoryTraceStore({ sql });
  const { id } = await store.createSession(session(source));
  const step = source === 'model' ? modelStep : humanStep;
  for (let i = 0; i < SESSION_STEPS; i++) await store.appendStep(id, step(i, frames[i % frames.length]));
  const ended = await store.endSession(id);
  await store.close();
  return ended.bytes / SESSION_STEPS;
}

export async function benchStorage(options: { quick?: boolean } = {}): Promise<Record<string, number>> {
  const quick = options.quick ?? false;
  const sql = await loadSqlJs();
  // As many frames as a session has steps: every observation distinct, as in play.
  const frames = typicalFrames(SESSION_STEPS);
  const runs = quick ? 3 : 5;
  const recorded = quick ? 300 : 1000;
  const figures: Record<string, number> = {};

  const idbRates: number[] = [];
  const fileRates: number[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'crafter-bench-store-'));
  try {
    for (let r = 0; r < runs; r++) {
      const idb = await openTraceStore({ sql, idbName: 'bench-record', indexedDB: new IDBFactory() });
      idbRates.push(await recordRate(idb, recorded, frames));
      await idb.close();
      const dir = await openTraceDir({ sql, dir: join(scratch, `run-${r}`) });
      fileRates.push(await recordRate(dir, recorded, frames));
      await dir.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  figures.store_record_steps_per_s = median(idbRates);
  figures.store_record_steps_per_s_files = median(fileRates);

  const indexedDB = new IDBFactory();
  const large = mkdtempSync(join(tmpdir(), 'crafter-bench-large-'));
  try {
    await fillLargeStores(sql, indexedDB, join(large, 'traces'), frames);
    figures.store_open_ms = await openTime(() => openTraceStore({ sql, idbName: 'bench', indexedDB }), runs);
    figures.store_open_ms_files = await openTime(() => openTraceDir({ sql, dir: join(large, 'traces') }), runs);
  } finally {
    rmSync(large, { recursive: true, force: true });
  }

  const store = await openTraceStore({ sql, idbName: 'bench', indexedDB });
  const deleteTimes: number[] = [];
  for (const { id } of (await store.listSessions()).slice(0, runs)) {
    const start = performance.now();
    await store.deleteSessions([id]);
    deleteTimes.push(performance.now() - start);
  }
  figures.store_delete_ms = median(deleteTimes);
  await store.close();
  const after = await openTraceStore({ sql, idbName: 'bench', indexedDB });
  if ((await after.countSessions()) !== STORE_SESSIONS - runs) throw new Error('deleted sessions are still in the store');
  await after.close();

  figures.store_bytes_per_human_step = await bytesPerStep(sql, frames, 'human');
  figures.store_bytes_per_model_step = await bytesPerStep(sql, frames, 'model');
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = command({
    name: 'bench/storage',
    invocation: 'npx tsx scripts/bench/storage.ts',
    summary: 'Trace store figures in Node, medians: recording, opening 50,000 steps, bytes per step, deleting a session.',
    options: { quick: { type: 'boolean', help: 'fewer and shorter runs' } },
  });
  const figures = await benchStorage({ quick: args.quick });
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(32)} ${Math.round(value * 1000) / 1000}`);
}
