// Dataset export in Node: 10,000 rows with images (human-like sessions of real Crafter frames and language
// summaries, played by the random agent) exported as OpenAI JSONL and as the TRL zip, median seconds per export.
// `npx tsx scripts/bench/export.ts [--quick]` prints them on its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RandomPolicy } from '../../src/agent/builtin/random.ts';
import { exportDataset, type ExportFormat } from '../../src/dataset/index.ts';
import { DirectoryTarget } from '../../src/dataset/output-node.ts';
import { encodePng } from '../../src/lib/png.ts';
import { sha256Hex } from '../../src/lib/sha256.ts';
import { CrafterEnv } from '../../src/sim/env.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { ACTIONS } from '../../src/sim/rules.ts';
import { textSummary } from '../../src/sim/text.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { loadSqlJs, openMemoryTraceStore, type CrafterAction, type StepInput, type TraceStore } from '../../src/storage/index.ts';
import { exportDeps } from '../../src/worker/export-service.ts';
import { median } from './stats.ts';

const ROWS = 10_000;
const MAX_EPISODE = 1000;

/** Random-agent episodes recorded one step per action, as the page records built-in and human play, until `rows` rows. */
async function buildStore(rows: number): Promise<TraceStore> {
  const store = await openMemoryTraceStore({ sql: await loadSqlJs() });
  const renderer = new FrameRenderer(builtinPack());
  let recorded = 0;
  for (let seed = 1; recorded < rows; seed++) {
    const env = new CrafterEnv({ seed, length: MAX_EPISODE });
    env.wantNoise = true;
    env.reset();
    const policy = new RandomPolicy(seed);
    const session = await store.createSession({
      source: 'builtin', policyName: 'random', seed, episode: 1, worldSeed: 0, crafterVersion: '1.8.3', texturePack: { name: 'builtin', sha256: '0'.repeat(64) },
      policy: { model: null, endpointHost: null, promptStyle: 'language', imageMode: null, extra: {} }, appVersion: '0.1.0',
    });
    const record = (actions: number[], result?: ReturnType<CrafterEnv['stepAction']>): StepInput => {
      const rgb = renderer.render(env);
      return {
        stepIndex: env.step, actions: actions.map((a) => ACTIONS[a] as CrafterAction), reward: result?.reward ?? 0, done: result?.done ?? false,
        inventory: result?.info.inventory ?? {}, achievements: result?.info.achievements ?? {}, position: [env.player.x, env.player.y],
        frame: { sha256: sha256Hex(rgb), png: encodePng(rgb, 64, 64) }, observationText: textSummary(env, 'language'),
        achievementsUnlocked: result?.info.achievementsAdded ?? [],
      };
    };
    await store.appendStep(session.id, record([]));
    for (;;) {
      const action = policy.act(env);
      const result = env.stepAction(action);
      await store.appendStep(session.id, record([action], result));
      recorded++;
      if (result.done || recorded >= rows) break;
    }
    await store.endSession(session.id);
  }
  return store;
}

async function timeExport(store: TraceStore, format: ExportFormat): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'crafter-bench-export-'));
  try {
    const start = performance.now();
    const result = await exportDataset({ reader: store, options: { format, validationRatio: 0.1, dropDuplicates: true }, deps: exportDeps(), target: new DirectoryTarget(dir) });
    const seconds = (performance.now() - start) / 1000;
    const rows = result.stats.rows.train + result.stats.rows.validation;
    if (rows + (result.stats.dropped.duplicate ?? 0) !== ROWS) throw new Error(`the benchmark export wrote ${rows} rows, not ${ROWS}`);
    if (!result.validation.ok) throw new Error(`the benchmark export failed its checks: ${result.validation.problems[0]?.message}`);
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchExport(options: { quick?: boolean } = {}): Promise<Record<string, number>> {
  const runs = options.quick ? 1 : 5;
  const store = await buildStore(ROWS);
  const figures: Record<string, number> = {};
  try {
    await timeExport(store, 'openai'); // warm-up
    const openai: number[] = [];
    for (let r = 0; r < runs; r++) openai.push(await timeExport(store, 'openai'));
    figures.export_10k_rows_s = median(openai);
    const trl: number[] = [];
    for (let r = 0; r < runs; r++) trl.push(await timeExport(store, 'trl'));
    figures.export_10k_rows_trl_zip_s = median(trl);
  } finally {
    await store.close();
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchExport({ quick: process.argv.includes('--quick') });
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(30)} ${Math.round(value * 1000) / 1000}`);
}
