// npm run recordings -- import|export|scores ...: Crafter's own files and the trace store. Imports Recorder episodes
// (.npz, both spellings, with stats.jsonl), exports sessions as a Recorder folder, and a run as a scores/*.json run.
// Exit status: 0 when everything went through, 1 when some file could not be imported or exported, 2 for bad arguments.
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from './lib/args.ts';
import { loadPackFromDirSync } from './lib/assets-node.ts';
import { importRecordings, type RecordingFile } from '../src/agent/recordings/write.ts';
import { crafterEpisodeFiles } from '../src/dataset/crafter/export.ts';
import { scoresJson, scoresOfSessions, sessionsOfRun } from '../src/dataset/crafter/scores.ts';
import { ACHIEVEMENTS } from '../src/sim/rules.ts';
import { TEXT_STYLES, type TextStyle } from '../src/sim/text.ts';
import { builtinPack } from '../src/sim/textures/builtin/index.ts';
import { loadSqlJs, openMemoryTraceStore, openTraceFile, SESSION_SOURCES, type SessionRecord, type SessionSource, type TraceReader, type TraceStore } from '../src/storage/index.ts';
import { fileSource, openTraceDir, writeExportedFile } from '../src/storage/node.ts';
import { APP_VERSION } from '../src/worker/app-version.ts';
import { crafterExportDeps } from '../src/worker/recordings-service.ts';

const USAGE = `usage: npm run recordings -- <command> [options]
Every command takes the trace store as --db <file> (a downloaded trace file) or --store <folder> (Node's store folder).

import --db <file.db> <file.npz | folder>...   import Crafter Recorder episodes into the store (a --db file is created if absent)
  A folder gives every .npz in it and its stats.jsonl. Each file becomes one session of source "import"; a bad
  file is reported and imports nothing. The files keep no seed: without one a session replays but cannot be verified.
  --seeds <recordings.json>   seeds per file: {"episodes": [{"file": "<name>.npz", "seed": 1, "episode": 1}, ...]}
  --seed <n> [--episode <n>]  the seed (and episode, default 1) of every file given
  --stats <stats.jsonl>       Crafter's stats.jsonl to match the episodes to (a folder's own is used by default)
  --length <n>                the episodes' length setting (default 10000; an episode that ended alive shows its own)
  --text-style state|language the observation text stored with each step (default language; both can be exported)

export --db <file.db> --out <folder>   write ended sessions as Crafter Recorder .npz files plus stats.jsonl
  --session <id,...>   these sessions only      --source <${SESSION_SOURCES.join(',')}>   sessions of these sources only
  --assets <folder>    Crafter's texture folder, to draw frames no record holds (between a model call's actions)
  --force              replace files already in --out

scores --db <file.db> --run <run id> --method <name> --out <file.json>   a run's finished episodes as a
  Crafter scores/*.json run (xs, length, reward, achievement_*), to read with Crafter's analysis scripts
  --task <name> (default crafter_reward)   --seed <label> (default 0)   without --run, lists the runs in the file`;

const SPEC = {
  db: 'string', store: 'string', seeds: 'string', seed: 'number', episode: 'number', stats: 'string', length: 'number', 'text-style': 'string',
  out: 'string', session: 'string', source: 'string', assets: 'string', force: 'boolean', run: 'string', method: 'string',
  task: 'string', help: 'boolean',
} as const;

function fail(message: string): never {
  console.error(`recordings: ${message}`);
  process.exit(2);
}

/** Options per SPEC, and the other arguments (paths) in order. */
function parseCommandLine(argv: string[]): { options: ReturnType<typeof parseArgs<typeof SPEC>>; paths: string[] } {
  const named: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) paths.push(argv[i]);
    else {
      named.push(argv[i]);
      const kind = SPEC[argv[i].slice(2) as keyof typeof SPEC];
      if (kind && kind !== 'boolean' && i + 1 < argv.length) named.push(argv[++i]);
    }
  }
  return { options: parseArgs(named, SPEC), paths };
}

const [command, ...rest] = process.argv.slice(2);
if (!command || command === '--help' || command === 'help') {
  console.log(USAGE);
  process.exit(command ? 0 : 2);
}
let parsed: ReturnType<typeof parseCommandLine>;
try {
  parsed = parseCommandLine(rest);
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const { options: args, paths } = parsed;
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.db === !args.store) fail(`give the store as either --db <file> or --store <folder>\n${USAGE}`);
const sql = await loadSqlJs();
const list = (value: string | undefined) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
const unusable = (error: Error): never => fail(`${args.db ?? args.store} is not a usable trace store: ${error.message}`);

async function openReader(): Promise<TraceReader> {
  if (args.store) return openTraceDir({ sql, dir: args.store }).catch(unusable);
  if (!existsSync(args.db!)) fail(`${args.db} does not exist`);
  return openTraceFile({ sql, file: fileSource(args.db!) }).catch(unusable);
}

/** The store to import into, and how to keep what was written: a folder store keeps it as it goes; a file is rewritten. */
async function openWriter(): Promise<{ store: TraceStore; save: () => Promise<string> }> {
  if (args.store) return { store: await openTraceDir({ sql, dir: args.store }).catch(unusable), save: async () => args.store! };
  const store = await openMemoryTraceStore({ sql, ...(existsSync(args.db!) ? { bytes: new Uint8Array(readFileSync(args.db!)) } : {}) }).catch(unusable);
  return {
    store,
    save: async () => {
      // Written beside and renamed, so an interrupted write never leaves a half file in place of the store.
      const file = await store.exportFile();
      const partial = `${args.db}.partial`;
      await writeExportedFile(file, partial);
      renameSync(partial, args.db!);
      return `${args.db}${file.kind === 'zip' ? ' (a zip of session files: the store outgrew one file)' : ''}`;
    },
  };
}

/** The .npz files and the stats.jsonl the paths name (a folder gives its own). */
function recordingPaths(): { npz: string[]; stats: string | null } {
  const npz: string[] = [];
  let stats = args.stats ?? null;
  for (const path of paths) {
    if (!existsSync(path)) fail(`${path} does not exist`);
    if (statSync(path).isDirectory()) {
      npz.push(...readdirSync(path).filter((name) => name.endsWith('.npz')).sort().map((name) => join(path, name)));
      if (!args.stats && existsSync(join(path, 'stats.jsonl'))) stats = join(path, 'stats.jsonl');
    } else npz.push(path);
  }
  if (!npz.length) fail('no .npz files given');
  return { npz, stats };
}

function seedsByFile(): Map<string, { seed: number; episode?: number }> {
  const seeds = new Map<string, { seed: number; episode?: number }>();
  if (!args.seeds) return seeds;
  let entries: unknown;
  try {
    entries = (JSON.parse(readFileSync(args.seeds, 'utf8')) as { episodes?: unknown }).episodes;
  } catch (error) {
    fail(`cannot read --seeds ${args.seeds}: ${(error as Error).message}`);
  }
  if (!Array.isArray(entries)) fail(`--seeds ${args.seeds} must hold {"episodes": [{"file", "seed", "episode"}, ...]}`);
  for (const entry of entries as Array<{ file?: unknown; seed?: unknown; episode?: unknown }>) {
    if (typeof entry.file !== 'string' || !Number.isSafeInteger(entry.seed)) fail(`--seeds ${args.seeds}: each episode needs a "file" and an integer "seed"`);
    seeds.set(basename(entry.file), { seed: entry.seed as number, ...(entry.episode === undefined ? {} : { episode: entry.episode as number }) });
  }
  return seeds;
}

async function importCommand(): Promise<number> {
  const style = args['text-style'] ?? 'language';
  if (!(TEXT_STYLES as readonly string[]).includes(style)) fail(`--text-style must be one of ${TEXT_STYLES.join(', ')}`);
  if (args.episode !== undefined && args.seed === undefined) fail('--episode needs --seed');
  const { npz, stats } = recordingPaths();
  const seeds = seedsByFile();
  const { store, save } = await openWriter();
  const files: RecordingFile[] = npz.map((path) => ({
    name: basename(path),
    read: async () => new Uint8Array(readFileSync(path)),
    ...(args.seed !== undefined ? { seed: args.seed, episode: args.episode } : seeds.get(basename(path)) ?? {}),
  }));
  const result = await importRecordings(store, files, {
    textStyle: style as TextStyle, appVersion: APP_VERSION, length: args.length,
    stats: stats ? { name: basename(stats), text: readFileSync(stats, 'utf8') } : null,
  }).catch((error: Error) => fail(error.message));
  let failed = 0;
  for (const file of result.files) {
    if (file.error) {
      failed++;
      console.log(`${file.file}: not imported: ${file.error}`);
    } else {
      const verify = file.seeded ? 'seeded, can be verified' : 'no seed: replays, cannot be verified';
      console.log(`${file.file}: ${file.steps} steps as session ${file.sessionId} (${verify}${file.statsLine ? `; stats.jsonl line ${file.statsLine}` : ''})`);
    }
  }
  if (result.unmatchedStatsLines.length) console.log(`stats.jsonl lines matching no imported episode: ${result.unmatchedStatsLines.join(', ')}`);
  const where = await save();
  await store.close();
  console.log(`imported ${result.files.length - failed} of ${result.files.length} files into ${where}`);
  return failed ? 1 : 0;
}

async function exportCommand(): Promise<number> {
  if (!args.out) fail(`--out is required\n${USAGE}`);
  const sources = list(args.source);
  const unknown = sources.filter((s) => !(SESSION_SOURCES as readonly string[]).includes(s));
  if (unknown.length) fail(`unknown --source ${unknown.join(', ')}; one of ${SESSION_SOURCES.join(', ')}`);
  const packs = [builtinPack(), ...(args.assets ? [loadPackFromDirSync(args.assets, 'crafter-original')] : [])];
  const reader = await openReader();
  const ids = list(args.session);
  let sessions: SessionRecord[] = ids.length
    ? await Promise.all(ids.map(async (id) => (await reader.readSession(id).catch((error: Error) => fail(error.message))).session))
    : (await reader.listSessions({ limit: 1_000_000, ended: true, ...(sources.length ? { source: sources as SessionSource[] } : {}) })).reverse();
  sessions = sessions.filter((s) => s.endedAt !== null);
  if (!sessions.length) fail('no ended sessions to export');
  mkdirSync(args.out, { recursive: true });
  if (!args.force && existsSync(join(args.out, 'stats.jsonl'))) fail(`${args.out} already holds a stats.jsonl; pass --force to replace it`);
  const lines: string[] = [];
  let written = 0;
  try {
    for await (const file of crafterEpisodeFiles(reader, sessions, crafterExportDeps(packs))) {
      const path = join(args.out, file.name);
      if (!args.force && existsSync(path)) fail(`${path} exists; pass --force to replace it`);
      writeFileSync(path, file.bytes);
      if (file.statsLine !== null) lines.push(`${file.statsLine}\n`);
      written++;
      console.log(`wrote ${path} (${file.bytes.length} bytes)`);
    }
  } catch (error) {
    console.error(`recordings: ${(error as Error).message}`);
  }
  writeFileSync(join(args.out, 'stats.jsonl'), lines.join(''));
  console.log(`exported ${written} of ${sessions.length} sessions; stats.jsonl has ${lines.length} finished episodes`);
  await reader.close();
  return written === sessions.length ? 0 : 1;
}

async function scoresCommand(): Promise<number> {
  const reader = await openReader();
  if (!args.run) {
    const runs = new Map<string, { name: string; sessions: number }>();
    for (const s of await reader.listSessions({ limit: 1_000_000 })) {
      const runId = s.metadata?.runId;
      if (typeof runId !== 'string') continue;
      const run = runs.get(runId) ?? { name: typeof s.metadata?.runName === 'string' ? s.metadata.runName : runId, sessions: 0 };
      run.sessions++;
      runs.set(runId, run);
    }
    console.log(runs.size ? [...runs].map(([id, r]) => `${id}  ${r.name}  (${r.sessions} sessions)`).join('\n') : 'no runs in this file');
    return 0;
  }
  if (!args.method || !args.out) fail(`--method and --out are required with --run\n${USAGE}`);
  const sessions = await sessionsOfRun(reader, args.run).catch((error: Error) => fail(error.message));
  const { run, episodes, unfinished } = await scoresOfSessions(reader, sessions, ACHIEVEMENTS, { task: args.task ?? 'crafter_reward', method: args.method, seed: args.seed === undefined ? '0' : String(args.seed) });
  writeFileSync(args.out, scoresJson([run]));
  console.log(`wrote ${args.out}: ${episodes} finished episodes${unfinished ? ` (${unfinished} unfinished left out)` : ''}`);
  await reader.close();
  return 0;
}

const commands: Record<string, () => Promise<number>> = { import: importCommand, export: exportCommand, scores: scoresCommand };
if (!commands[command]) fail(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
process.exit(await commands[command]());
