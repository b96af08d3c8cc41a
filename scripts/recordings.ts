// npm run recordings -- import|export|scores ...: Crafter's own files and the trace store. Imports Recorder episodes
// (.npz, both spellings, with stats.jsonl), exports sessions as a Recorder folder, and a run as a scores/*.json run.
// Exit status: 0 when everything went through, 1 when some file could not be imported or exported, 2 for bad arguments.
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { command, fail, type CommandSpec, type OptionSpec } from './lib/args.ts';
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

const COMMANDS = ['import', 'export', 'scores'] as const;
const I = 'import <file.npz | folder>...: Crafter Recorder episodes into the store (a --db file is created if absent)';
const X = 'export: ended sessions as Crafter Recorder .npz files plus stats.jsonl';
const S = 'scores: a run\'s finished episodes as a Crafter scores/*.json run (without --run, lists the runs)';

const SPEC = {
  name: 'recordings',
  invocation: `npm run recordings -- <${COMMANDS.join('|')}>`,
  summary: "Crafter's own files and the trace store. Every command takes the store as --db <file> (a downloaded trace file) or --store <folder>.",
  options: {
    db: { type: 'string', value: 'file', help: 'the trace store as a downloaded file (.db, or .zip of session files)' },
    store: { type: 'string', value: 'folder', help: "the trace store as Node's store folder" },
    seeds: { type: 'string', value: 'recordings.json', help: 'seeds per file: {"episodes": [{"file": "<name>.npz", "seed": 1, "episode": 1}, ...]}', group: I },
    seed: { type: 'number', integer: true, help: 'the seed of every file given (without one a session replays but cannot be verified)', group: I },
    episode: { type: 'number', integer: true, min: 1, help: 'the episode of every file given (default 1)', group: I },
    stats: { type: 'string', value: 'stats.jsonl', help: "Crafter's stats.jsonl to match the episodes to (a folder's own is used by default)", group: I },
    length: { type: 'number', integer: true, min: 1, help: "the episodes' length setting (default 10000; an episode that ended alive shows its own)", group: I },
    'text-style': { type: 'string', choices: TEXT_STYLES, help: 'the observation text stored with each step (default language)', group: I },
    out: { type: 'string', value: 'path', help: 'export: the folder written; scores: the .json file written', group: X },
    session: { type: 'string', value: 'id,...', help: 'these sessions only', group: X },
    source: { type: 'string', value: SESSION_SOURCES.join(','), help: 'sessions of these sources only', group: X },
    assets: { type: 'string', value: 'dir', help: "Crafter's texture folder, to draw frames no record holds (between a model call's actions)", group: X },
    force: { type: 'boolean', help: 'replace files already in --out', group: X },
    run: { type: 'string', value: 'id', help: 'the run', group: S },
    method: { type: 'string', value: 'name', help: "the method's name in the scores file", group: S },
    task: { type: 'string', value: 'name', help: 'the task (default crafter_reward)', group: S },
  },
  notes: 'Exit status: 0 when everything went through, 1 when some file could not be imported or exported, 2 for bad arguments.',
} as const satisfies CommandSpec<Record<string, OptionSpec>>;

/** The named options, and the other arguments (paths) in order. */
function splitArguments(argv: string[]): { named: string[]; paths: string[] } {
  const named: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('-')) paths.push(argv[i]);
    else {
      named.push(argv[i]);
      const option = (SPEC.options as Record<string, OptionSpec>)[argv[i].slice(2)];
      if (option && option.type !== 'boolean' && i + 1 < argv.length) named.push(argv[++i]);
    }
  }
  return { named, paths };
}

const argv = process.argv.slice(2);
const sub = argv[0]?.startsWith('-') ? undefined : argv[0];
const { named, paths } = splitArguments(sub === undefined ? argv : argv.slice(1));
const args = command(SPEC, named);
if (sub === undefined) fail(`give a command: ${COMMANDS.join(', ')}`);
if (!(COMMANDS as readonly string[]).includes(sub)) fail(`unknown command ${JSON.stringify(sub)}; one of ${COMMANDS.join(', ')}`);
const commandName = sub as (typeof COMMANDS)[number];
if (!args.db === !args.store) fail('give the store as either --db <file> or --store <folder>');
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
  if (!args.out) fail('--out is required');
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
  if (!args.method || !args.out) fail('--method and --out are required with --run');
  const sessions = await sessionsOfRun(reader, args.run).catch((error: Error) => fail(error.message));
  const { run, episodes, unfinished } = await scoresOfSessions(reader, sessions, ACHIEVEMENTS, { task: args.task ?? 'crafter_reward', method: args.method, seed: args.seed === undefined ? '0' : String(args.seed) });
  writeFileSync(args.out, scoresJson([run]));
  console.log(`wrote ${args.out}: ${episodes} finished episodes${unfinished ? ` (${unfinished} unfinished left out)` : ''}`);
  await reader.close();
  return 0;
}

const commands: Record<(typeof COMMANDS)[number], () => Promise<number>> = { import: importCommand, export: exportCommand, scores: scoresCommand };
process.exit(await commands[commandName]());
