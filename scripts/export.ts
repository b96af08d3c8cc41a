// npx tsx scripts/export.ts --db <store>[,<store>...] --format <openai|annotated|trl|llamafactory> --out <dir> [filters]
// Exports trace stores (downloaded .db files, zips of session files, the runner's store folders; several at once, as
// the shards of one run) as one fine-tuning dataset, streaming the files into <dir>, and checks every row.
// Exit status: 0 when every check passed, 1 when the files were written but some rows break a format's rules
// (listed with their row numbers), 2 when the arguments or the store could not be used (nothing is written then).
import { parseArgs } from './lib/args.ts';
import { openStores } from './lib/stores.ts';
import { exportDataset, formatProblem, outputFileNames, EXPORT_FORMATS, type ExportOptionsInput, type ExportProgress, type ExportResult } from '../src/dataset/index.ts';
import { DirectoryTarget } from '../src/dataset/output-node.ts';
import { exportDeps } from '../src/worker/export-service.ts';
import { loadSqlJs } from '../src/storage/index.ts';

const USAGE = `usage: npm run export -- --db <store>[,<store>...] --format <${EXPORT_FORMATS.join('|')}> --out <dir> [options]
stores:    trace files (.db), zips of session files, or store folders (npm run rollout --out); several are read as one
sessions:  --source human,model,scripted,random   --model <name,...>   --min-achievements <n>
           --with-achievement <a,...>   --without-achievement <a,...>   --reward-above <x>
rows:      --images-only   --rewarded (an achievement or positive reward within k steps)   --lookahead <k> (default 5)
           --keep-failed (keep failed or invalid model calls)   --keep-duplicates
split:     --validation <share of sessions, default 0.1>   --split-seed <n>
prompts of human, scripted and random rows:
           --text-style stored|state|language   --image-mode text|text_and_image|image   --frame-history <n>
           --history-layout separate|sheet   --actions-per-call <n>   --no-last-actions
limits:    --max-images <n per row, default 10>   --min-examples <n per file, default 10>
other:     --force (replace files already in --out)   --json (print the result as JSON on the last line)`;

const SPEC = {
  db: 'string', format: 'string', out: 'string', source: 'string', model: 'string', 'min-achievements': 'number',
  'with-achievement': 'string', 'without-achievement': 'string', 'reward-above': 'number', 'images-only': 'boolean',
  rewarded: 'boolean', lookahead: 'number', 'keep-failed': 'boolean', 'keep-duplicates': 'boolean', validation: 'number',
  'split-seed': 'number', 'text-style': 'string', 'image-mode': 'string', 'frame-history': 'number', 'history-layout': 'string',
  'actions-per-call': 'number', 'no-last-actions': 'boolean', 'max-images': 'number', 'min-examples': 'number', force: 'boolean',
  json: 'boolean', help: 'boolean',
} as const;

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter(Boolean));

function fail(message: string): never {
  console.error(`export: ${message}`);
  process.exit(2);
}

let args: ReturnType<typeof parseArgs<typeof SPEC>>;
try {
  args = parseArgs(process.argv.slice(2), SPEC);
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.db || !args.format || !args.out) fail(`--db, --format and --out are required\n${USAGE}`);

// Only options given on the command line are passed; the rest take the export's defaults.
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
const options = defined({
  format: args.format,
  sources: list(args.source),
  models: list(args.model),
  minAchievements: args['min-achievements'],
  withAchievements: list(args['with-achievement']),
  withoutAchievements: list(args['without-achievement']),
  rewardAbove: args['reward-above'],
  onlyWithImages: args['images-only'],
  onlyRewarded: args.rewarded,
  lookahead: args.lookahead,
  dropFailedCalls: args['keep-failed'] ? false : undefined,
  dropDuplicates: args['keep-duplicates'] ? false : undefined,
  validationRatio: args.validation,
  splitSeed: args['split-seed'],
  prompt: defined({
    textStyle: args['text-style'],
    imageMode: args['image-mode'],
    frameHistory: args['frame-history'],
    historyLayout: args['history-layout'],
    actionsPerCall: args['actions-per-call'],
    lastActions: args['no-last-actions'] ? false : undefined,
  }),
  limits: defined({ maxImagesPerExample: args['max-images'], minExamples: args['min-examples'] }),
}) as ExportOptionsInput;

if (!(EXPORT_FORMATS as readonly string[]).includes(args.format)) fail(`unknown --format ${JSON.stringify(args.format)}; one of ${EXPORT_FORMATS.join(', ')}`);
const clash = DirectoryTarget.existing(args.out, outputFileNames(args.format as ExportOptionsInput['format']));
if (clash.length && !args.force) fail(`${args.out} already holds ${clash.join(', ')}; pass --force to replace them`);

const stores = list(args.db)!;
const { reader, duplicates } = await openStores(await loadSqlJs(), stores).catch((error: Error) => fail(error.message));
if (stores.length > 1) console.log(`stores: ${stores.length}, ${await reader.countSessions()} sessions${duplicates ? ` (${duplicates} found twice, read once)` : ''}`);

const showProgress = process.stderr.isTTY;
const onProgress = (p: ExportProgress) => {
  if (!showProgress) return;
  const share = p.stepsTotal ? Math.floor((100 * p.stepsDone) / p.stepsTotal) : 0;
  process.stderr.write(`\r${p.phase}: ${share}% of ${p.stepsTotal} steps, ${p.rows} rows   `);
};

let result: ExportResult;
try {
  result = await exportDataset({ reader, options, deps: exportDeps(), target: new DirectoryTarget(args.out), onProgress });
} catch (error) {
  if (showProgress) process.stderr.write('\n');
  fail((error as Error).message);
} finally {
  await reader.close();
}
if (showProgress) process.stderr.write('\n');

const { stats } = result;
const counts = (record: Record<string, number>) => Object.entries(record).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
console.log(`sessions: ${stats.sessions.train} train, ${stats.sessions.validation} validation, ${stats.sessions.listed} listed (left out: ${counts(stats.sessions.excluded)})`);
console.log(`rows: ${stats.rows.train} train, ${stats.rows.validation} validation; sources: ${counts(stats.sources)}; models: ${counts(stats.models)}`);
console.log(`rows left out: ${counts(stats.dropped as Record<string, number>)}`);
console.log(`images: ${stats.images} in rows${stats.imageFiles ? `, ${stats.imageFiles} distinct files` : ''}; about ${stats.estimatedTokens} tokens`);
console.log(`achievements unlocked in rows: ${counts(stats.achievements)}`);
for (const file of result.files) console.log(`wrote ${file.path} (${file.bytes} bytes)`);
if (result.validation.ok) console.log(`checks: every row passed (${result.elapsedMs} ms)`);
else {
  console.log(`checks: ${result.validation.count} problems${result.validation.count > result.validation.problems.length ? ` (first ${result.validation.problems.length} listed)` : ''}:`);
  for (const problem of result.validation.problems) console.log(`  ${formatProblem(problem)}`);
}
if (args.json) console.log(JSON.stringify({ files: result.files.map(({ name, bytes: size, path }) => ({ name, bytes: size, path })), stats, validation: result.validation }));
process.exit(result.validation.ok ? 0 : 1);
