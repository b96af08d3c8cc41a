// Shared inputs of the dataset tests: the fixed trace (tests/unit/fixtures/dataset/trace.db), exports into memory, file maps.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { BlobTarget, exportDataset, type ExportOptionsInput, type ExportResult } from '../../src/dataset/index.ts';
import { exportDeps } from '../../src/worker/export-service.ts';
import { encodePng } from '../../src/lib/png.ts';
import { openMemoryTraceStore, openTraceFile, type CrafterAction, type SessionInput, type StepInput, type TraceReader, type TraceStore } from '../../src/storage/index.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/dataset/', import.meta.url));
export const deps = exportDeps();

let sqlPromise: Promise<SqlJsStatic> | undefined;
export function sqlJs(): Promise<SqlJsStatic> {
  sqlPromise ??= initSqlJs();
  return sqlPromise;
}

export async function fixtureReader(): Promise<TraceReader> {
  return openTraceFile({ sql: await sqlJs(), file: new Uint8Array(readFileSync(`${FIXTURE_DIR}trace.db`)) });
}

/** The golden export's options: 1 of the 5 sessions (the model session, with seed 4) goes to validation. */
export const GOLDEN_OPTIONS = { validationRatio: 0.2, splitSeed: 4 } as const;

export interface MemoryExport {
  result: ExportResult;
  /** Every written file by name. */
  files: Map<string, Uint8Array>;
}

export async function exportToMemory(reader: TraceReader, options: ExportOptionsInput): Promise<MemoryExport> {
  const result = await exportDataset({ reader, options, deps, target: new BlobTarget(64 * 1024) });
  const files = new Map<string, Uint8Array>();
  for (const file of result.files) files.set(file.name, new Uint8Array(await file.blob!.arrayBuffer()));
  return { result, files };
}

/** The files of an export as the user sees them: JSONL files as they are, archives unpacked (entries under the zip's name). */
export function unpacked(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [name, bytes] of files) {
    if (!name.endsWith('.zip')) out.set(name, bytes);
    else for (const [entry, data] of Object.entries(unzipSync(bytes))) out.set(`${name}/${entry}`, data);
  }
  return out;
}

export const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
export const jsonLines = (bytes: Uint8Array | undefined): unknown[] => text(bytes).split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);

export interface SyntheticStep {
  reward?: number;
  unlocked?: string[];
  actions?: CrafterAction[];
}

/** A PNG of 64x64 pixels of one colour per step, so every frame is distinct. */
export function solidPng(n: number): Uint8Array {
  const pixels = new Uint8Array(64 * 64 * 3);
  for (let i = 0; i < pixels.length; i += 3) pixels.set([(n * 37) & 255, (n * 91) & 255, (n * 53 + (i >> 9)) & 255], i);
  return encodePng(pixels, 64, 64);
}

/** One human (or other non-model) session from a list of steps; the reset record comes first. */
export async function addSyntheticSession(
  store: TraceStore,
  steps: SyntheticStep[],
  session: Partial<SessionInput> = {},
  options: { end?: boolean; frameBase?: number } = {},
): Promise<string> {
  const created = await store.createSession({
    source: 'human', seed: 5, episode: 1, worldSeed: 1, crafterVersion: '1.8.3',
    texturePack: { name: 'builtin', sha256: '0'.repeat(64) },
    policy: { model: null, endpointHost: null, promptStyle: 'language', imageMode: null, extra: {} },
    appVersion: '0.1.0', startedAt: '2025-02-01T00:00:00.000Z', ...session,
  });
  const base = options.frameBase ?? 0;
  const achievements: Record<string, number> = {};
  const record = (i: number, step: SyntheticStep): StepInput => ({
    stepIndex: i, actions: i === 0 ? [] : (step.actions ?? ['do']), reward: step.reward ?? 0, done: false,
    inventory: {}, achievements: Object.assign(achievements, Object.fromEntries((step.unlocked ?? []).map((name) => [name, 1]))), position: [32, 32],
    frame: { sha256: `${(base + i).toString(16).padStart(8, '0')}${'0'.repeat(56)}`, png: solidPng(base + i) },
    observationText: `observation ${i}`, achievementsUnlocked: step.unlocked ?? [],
  });
  await store.appendStep(created.id, record(0, {}));
  for (let i = 0; i < steps.length; i++) await store.appendStep(created.id, record(i + 1, steps[i]));
  if (options.end ?? true) await store.endSession(created.id);
  return created.id;
}

export async function memoryStore(): Promise<TraceStore> {
  return openMemoryTraceStore({ sql: await sqlJs() });
}
