// npm run checkpoints -- generate|eval|baselines|show|delete|export [options]: vision checkpoints from the command line.
// generate draws a probe set from fresh seeded worlds or a trace store; eval asks a model (key from OPENAI_API_KEY,
// never written anywhere) image-only, text-only and both; baselines runs the oracle, the majority answer and the text
// summary alone. Evaluations are kept in a JSON archive beside the set, or in a store folder (--store), and printed per
// family beside the earlier ones. export writes the set as question-answer training rows to a dataset destination.
// Exit status: 0 done; 1 some calls failed, the evaluation stopped, or exported rows break the destination's rules;
// 2 bad arguments or unusable input.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { printChecks } from './lib/checks.ts';
import { command, fail, UsageError, type CommandSpec, type OptionSpec, type Parsed } from './lib/args.ts';
import { loadPackFromDirSync } from './lib/assets-node.ts';
import { ModelClient } from '../src/agent/model-client.ts';
import { RequestRateLimiter } from '../src/agent/rate-limit.ts';
import type { BuiltinPolicyKind } from '../src/agent/builtin/policy.ts';
import type { ImageMode } from '../src/agent/prompt.ts';
import {
  BASELINES, FAMILY_IDS, JsonFileArchive, PROBE_MODES, StoreArchive, baselineAnswerer, evaluateProbeSet, generateProbeSet, modelAnswerer,
  probeRows, readProbeSet, validateModelAnswerer, type Answerer, type Evaluation, type EvaluationArchive, type ProbeSet, type ProbeSpecInput,
} from '../src/agent/probes/index.ts';
import { comparisonTable } from '../src/agent/probes/report.ts';
import { DESTINATION_IDS, exportProbeRows, LIMITS_PROFILE_IDS, outputFileNames, parseRowSourceOptions, type RowSourceOptions } from '../src/dataset/index.ts';
import { DirectoryTarget } from '../src/dataset/output-node.ts';
import { builtinPack } from '../src/sim/textures/builtin/index.ts';
import type { TextStyle } from '../src/sim/text.ts';
import { loadSqlJs, openTraceFile, type TraceReader } from '../src/storage/index.ts';
import { fileSource, openTraceDir } from '../src/storage/node.ts';

const COMMANDS = ['generate', 'eval', 'baselines', 'show', 'delete', 'export'] as const;
const G = 'generate: fresh seeded worlds, or recorded sessions with --db or --store';
const E = 'eval, baselines, show and delete';
const X = 'export: the set as visual question-answer training rows';

const SPEC = {
  name: 'checkpoints',
  invocation: `npm run checkpoints -- <${COMMANDS.join('|')}>`,
  summary: 'Vision checkpoints: questions about frames with exact answers from the simulator, asked of a model and of baselines.',
  options: {
    out: { type: 'string', value: 'path', help: 'generate: the probe set file written; export: the folder the files go to', group: G },
    seed: { type: 'number', integer: true, help: 'generate: the set\'s seed (default 0)', group: G },
    'per-family': { type: 'number', integer: true, min: 1, help: 'generate: probes per family (default 40)', group: G },
    families: { type: 'string', value: 'id,...', help: `generate: these families only (${FAMILY_IDS.join(', ')})`, group: G },
    'capture-rate': { type: 'number', min: 0, max: 1, help: 'generate: share of frames offered as candidates (default 0.2)', group: G },
    'max-candidates': { type: 'number', integer: true, min: 1, help: 'generate: candidate frames kept at most (default 4000)', group: G },
    worlds: { type: 'number', integer: true, min: 1, help: 'generate: fresh worlds played (default 8)', group: G },
    steps: { type: 'number', integer: true, min: 1, help: 'generate: steps played in each world (default 1000)', group: G },
    policies: { type: 'string', value: 'scripted,random', help: 'generate: the built-in agents that play the worlds, in turn', group: G },
    db: { type: 'string', value: 'traces.db', help: 'generate: draw frames from this downloaded store (.db or .zip) instead', group: G },
    store: { type: 'string', value: 'folder', help: "Node's trace store folder: generate draws frames from its sessions; the others keep evaluations in it", group: G },
    sessions: { type: 'string', value: 'id,...', help: 'generate: these sessions of --db or --store only', group: G },
    assets: { type: 'string', value: 'dir', help: "generate: Crafter's original textures (default: the built-in ones)", group: G },
    force: { type: 'boolean', help: 'generate: replace --out if it exists; export: replace the files in --out', group: G },
    set: { type: 'string', value: 'set.json', help: 'the probe set (every command but generate)', group: E },
    'base-url': { type: 'string', value: 'url', help: 'eval: the OpenAI-compatible endpoint; the key is read from OPENAI_API_KEY and written nowhere', group: E },
    model: { type: 'string', value: 'name', help: 'eval: the model', group: E },
    modes: { type: 'string', value: 'image,text,text_and_image', help: 'eval: what the model is shown (default all three)', group: E },
    'text-style': { type: 'string', choices: ['language', 'state'], default: 'language', help: 'the observation text shown', group: E },
    temperature: { type: 'number', min: 0, max: 2, help: 'eval: sampling temperature (default 0)', group: E },
    'max-tokens': { type: 'number', integer: true, min: 1, help: 'eval: tokens per answer (default 64)', group: E },
    parallel: { type: 'number', integer: true, min: 1, help: 'eval: requests in flight (default 4)', group: E },
    rpm: { type: 'number', min: 0, help: 'eval: requests per minute at most (default 0: no limit)', group: E },
    timeout: { type: 'number', min: 1, help: 'eval: seconds per request (default 60)', group: E },
    retries: { type: 'number', integer: true, min: 0, help: 'eval: retries per request (default 4)', group: E },
    name: { type: 'string', value: 'label', help: 'eval: the evaluation\'s name', group: E },
    archive: { type: 'string', value: 'file', help: 'where evaluations are kept without --store (default <set>.evaluations.json)', group: E },
    evaluation: { type: 'string', value: 'id,...', help: 'delete: the evaluations to forget (show lists their ids)', group: E },
    json: { type: 'boolean', help: 'print the new evaluations (export: the result) as JSON on the last line', group: E },
    format: { type: 'string', choices: DESTINATION_IDS, help: 'export: the destination, as npm run export takes it', group: X },
    mode: { type: 'string', choices: PROBE_MODES, default: 'image', help: 'export: what the user turn shows', group: X },
    validation: { type: 'number', min: 0, max: 1, value: 'share', help: 'export: share of worlds (or sessions) in the validation split (default 0.1)', group: X },
    'split-seed': { type: 'number', integer: true, help: 'export: seed of the split (default 0)', group: X },
    limits: { type: 'string', choices: LIMITS_PROFILE_IDS, help: "export: the provider's limits to check against (default: the destination's)", group: X },
  },
  notes: 'Each evaluating command prints the new evaluations per family (accuracy, 95 % Wilson interval) beside the earlier\n' +
    'ones of the same set. Exit status: 0 done; 1 some calls failed, the evaluation stopped, or exported rows break the\n' +
    "destination's rules; 2 bad arguments or unusable input.",
} as const satisfies CommandSpec<Record<string, OptionSpec>>;
type Args = Parsed<typeof SPEC.options>;

const list = (value: string | undefined) => value?.split(',').map((s) => s.trim()).filter(Boolean);

const textStyle = (args: Args): TextStyle => args['text-style'];

function need<K extends keyof Args>(args: Args, key: K): NonNullable<Args[K]> {
  const value = args[key];
  if (value === undefined) throw new UsageError(`--${String(key)} is required`);
  return value as NonNullable<Args[K]>;
}

function loadSet(path: string): ProbeSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --set ${path}: ${(error as Error).message}`);
  }
  try {
    return readProbeSet(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
}

const unusableStore = (path: string) => (error: Error): never => {
  throw new UsageError(`${path} is not a usable trace store: ${error.message}`);
};

type NamedArchive = EvaluationArchive & { readonly name: string };

/** Runs `work` on the evaluations' archive: the store folder given, else the JSON file (beside the set by default). */
async function withArchive<T>(args: Args, work: (archive: NamedArchive) => Promise<T>): Promise<T> {
  if (args.store !== undefined) {
    if (args.archive !== undefined) throw new UsageError('give --archive or --store, not both');
    const store = await openTraceDir({ sql: await loadSqlJs(), dir: args.store }).catch(unusableStore(args.store));
    try {
      return await work(new StoreArchive(store, `the store ${args.store}`));
    } finally {
      await store.close();
    }
  }
  const path = args.archive ?? need(args, 'set').replace(/\.json$/i, '') + '.evaluations.json';
  return work(new JsonFileArchive({
    name: path,
    read: async () => (existsSync(path) ? readFile(path, 'utf8') : null),
    write: (text) => writeFile(path, text),
  }));
}

/** The sessions to draw frames from: a downloaded store (--db) or a store folder (--store). */
async function sessionReader(args: Args): Promise<TraceReader | undefined> {
  if (args.db !== undefined && args.store !== undefined) throw new UsageError('give --db or --store, not both');
  if (args.store !== undefined) {
    if (!existsSync(args.store)) throw new UsageError(`--store ${args.store} does not exist`);
    return openTraceDir({ sql: await loadSqlJs(), dir: args.store }).catch(unusableStore(args.store));
  }
  if (args.db === undefined) return undefined;
  let file: ReturnType<typeof fileSource>;
  try {
    file = fileSource(args.db);
  } catch (error) {
    throw new UsageError(`cannot read --db ${args.db}: ${(error as Error).message}`);
  }
  return openTraceFile({ sql: await loadSqlJs(), file }).catch(unusableStore(args.db));
}

async function generate(args: Args): Promise<number> {
  const out = need(args, 'out');
  if (existsSync(out) && !args.force) throw new UsageError(`${out} exists; pass --force to replace it`);
  const spec: ProbeSpecInput = { seed: args.seed ?? 0 };
  if (args['per-family'] !== undefined) spec.perFamily = args['per-family'];
  if (args.families !== undefined) spec.families = list(args.families);
  if (args['capture-rate'] !== undefined) spec.captureRate = args['capture-rate'];
  if (args['max-candidates'] !== undefined) spec.maxCandidates = args['max-candidates'];
  let pack;
  try {
    pack = args.assets ? loadPackFromDirSync(args.assets, 'crafter-original') : builtinPack();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const reader = await sessionReader(args);
  if (reader) {
    const sessions = list(args.sessions) ?? (await reader.listSessions({ limit: 1_000_000 })).map((s) => s.id).sort();
    if (!sessions.length) {
      await reader.close();
      throw new UsageError(`${args.db ?? args.store} holds no sessions`);
    }
    spec.source = { kind: 'sessions', sessions };
  } else {
    spec.source = { kind: 'fresh', worlds: args.worlds, steps: args.steps, policies: list(args.policies) as BuiltinPolicyKind[] | undefined };
  }
  const started = performance.now();
  let set: ProbeSet;
  try {
    set = await generateProbeSet(spec, {
      pack,
      reader,
      onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\r${p.phase}: ${p.done}/${p.total}, ${p.candidates} candidate frames   `),
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  } finally {
    await reader?.close();
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
  writeFileSync(out, JSON.stringify(set));
  console.log(`probe set ${set.id}: ${set.probes.length} probes over ${set.frames.length} frames, seed ${set.spec.seed}, textures ${set.texturePack.name} (${Math.round(performance.now() - started)} ms)`);
  for (const f of set.families) {
    const top = Math.max(0, ...Object.values(f.classes));
    const short = f.probes < set.spec.perFamily ? `  (fewer than ${set.spec.perFamily}: the frames offered ${JSON.stringify(f.offered)})` : '';
    console.log(`  ${f.family.padEnd(20)} ${String(f.probes).padStart(4)} probes, ${Object.keys(f.classes).length} answer classes, largest ${f.probes ? Math.round((100 * top) / f.probes) : 0}%${short}`);
  }
  console.log(`wrote ${out}`);
  return 0;
}

const askedFamilies = (set: ProbeSet) => set.families.filter((f) => f.probes > 0).map((f) => f.family);

async function evaluate(args: Args, set: ProbeSet, answerers: Answerer[], parallel: number): Promise<number> {
  return withArchive(args, (archive) => evaluateInto(archive, args, set, answerers, parallel));
}

async function evaluateInto(archive: NamedArchive, args: Args, set: ProbeSet, answerers: Answerer[], parallel: number): Promise<number> {
  const earlier = (await archive.list()).filter((e) => e.set.id === set.id);
  const fresh: Evaluation[] = [];
  for (const answerer of answerers) {
    const evaluation = await evaluateProbeSet(set, answerer, {
      name: answerer.subject.kind === 'model' && args.name ? `${args.name}${answerers.length > 1 ? ` (${answerer.subject.mode})` : ''}` : undefined,
      parallel,
      onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\r${p.done}/${p.total} probes, ${p.correct} right, ${p.failed} failed   `),
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    await archive.save(evaluation);
    fresh.push(evaluation);
  }
  console.log(comparisonTable([...fresh, ...earlier], askedFamilies(set)));
  console.log(`kept in ${archive.name}`);
  if (args.json) console.log(JSON.stringify({ set: set.id, evaluations: fresh.map(({ outcomes: _, ...summary }) => summary) }));
  return fresh.some((e) => e.overall.failed > 0) ? 1 : 0;
}

async function forget(args: Args): Promise<number> {
  const ids = list(args.evaluation) ?? [];
  if (!ids.length) throw new UsageError('--evaluation is required: the ids of the evaluations to delete (show lists them)');
  return withArchive(args, async (archive) => {
    const known = new Set((await archive.list()).map((e) => e.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`${archive.name} holds no evaluation ${unknown.join(', ')}; nothing was deleted`);
    for (const id of ids) await archive.delete(id);
    console.log(`deleted ${ids.length} evaluation${ids.length === 1 ? '' : 's'} from ${archive.name}`);
    return 0;
  });
}

async function exportRows(args: Args, set: ProbeSet): Promise<number> {
  const format = need(args, 'format');
  const out = need(args, 'out');
  let options: RowSourceOptions;
  try {
    options = parseRowSourceOptions({ format, limitsProfile: args.limits ?? null, validationRatio: args.validation, splitSeed: args['split-seed'] });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const clash = DirectoryTarget.existing(out, outputFileNames(format));
  if (clash.length && !args.force) throw new UsageError(`${out} already holds ${clash.join(', ')}; pass --force to replace them`);
  const result = await exportProbeRows({ rows: [...probeRows(set, { mode: args.mode, textStyle: textStyle(args) })], options, target: new DirectoryTarget(out) });
  const { rows, sessions } = result;
  const drawn = (n: number) => `${n} ${set.spec.source.kind === 'fresh' ? 'world' : 'session'}${n === 1 ? '' : 's'}`;
  console.log(`rows: ${rows.train} train from ${drawn(sessions.train)}, ${rows.validation} validation from ${drawn(sessions.validation)}; ${result.images} images${result.imageFiles ? ` (${result.imageFiles} distinct files)` : ''}`);
  for (const file of result.files) console.log(`wrote ${file.path} (${file.bytes} bytes)`);
  printChecks(result.validation, result.elapsedMs);
  if (args.json) {
    const { files, ...rest } = result;
    console.log(JSON.stringify({ files: files.map(({ name, bytes, path }) => ({ name, bytes, path })), ...rest }));
  }
  return result.validation.ok ? 0 : 1;
}

async function main(args: Args, command: (typeof COMMANDS)[number]): Promise<number> {
  if (command === 'generate') return generate(args);
  if (command === 'delete') return forget(args);
  const set = loadSet(need(args, 'set'));
  if (command === 'export') return exportRows(args, set);
  if (command === 'show') {
    return withArchive(args, async (archive) => {
      const all = (await archive.list()).filter((e) => e.set.id === set.id);
      if (!all.length) console.log(`no evaluations of set ${set.id} in ${archive.name} yet`);
      else console.log(comparisonTable(all, askedFamilies(set)));
      return 0;
    });
  }
  if (command === 'baselines') return evaluate(args, set, BASELINES.map((kind) => baselineAnswerer(set, kind, textStyle(args))), 1);
  const modes = (list(args.modes) ?? [...PROBE_MODES]) as ImageMode[];
  const bad = modes.find((m) => !PROBE_MODES.includes(m));
  if (bad) throw new UsageError(`unknown mode ${JSON.stringify(bad)} in --modes; one of ${PROBE_MODES.join(', ')}`);
  const parallel = args.parallel ?? 4;
  let client: ModelClient;
  try {
    client = new ModelClient(
      { baseUrl: need(args, 'base-url'), model: need(args, 'model'), timeoutMs: (args.timeout ?? 60) * 1000, maxRetries: args.retries ?? 4 },
      { apiKey: process.env.OPENAI_API_KEY ?? '' },
    );
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
  const limiter = new RequestRateLimiter(args.rpm ?? 0);
  const settings = { model: client.model, textStyle: textStyle(args), temperature: args.temperature ?? 0, maxTokens: args['max-tokens'] ?? 64 };
  try {
    validateModelAnswerer({ ...settings, mode: 'image' });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const answerers = modes.map((mode) => modelAnswerer({ caller: client, mode, ...settings, beforeAttempt: (signal) => limiter.acquire(signal) }));
  return evaluate(args, set, answerers, parallel);
}

const argv = process.argv.slice(2);
const sub = argv[0]?.startsWith('-') ? undefined : argv[0];
const args = command(SPEC, sub === undefined ? argv : argv.slice(1));
if (sub === undefined) fail(`give a command: ${COMMANDS.join(', ')}`);
if (!(COMMANDS as readonly string[]).includes(sub)) fail(`unknown command ${JSON.stringify(sub)}; one of ${COMMANDS.join(', ')}`);
try {
  process.exit(await main(args, sub as (typeof COMMANDS)[number]));
} catch (error) {
  if (error instanceof UsageError) fail(error.message);
  console.error(`checkpoints: stopped: ${(error as Error).message}`);
  process.exit(1);
}
