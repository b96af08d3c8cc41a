// npx tsx scripts/export.ts --db <store>[,<store>...] --format <openai|annotated|hf|llamafactory> --out <dir> [filters]
// Exports trace stores (downloaded .db files, zips of session files, the runner's store folders; several at once, as
// the shards of one run) as one fine-tuning dataset, streaming the files into <dir>, and checks every row.
// Exit status: 0 when every check passed (warnings, such as too few examples for a service, are printed), 1 when the
// files were written but some rows break a destination's rules (listed with their row numbers), 2 when the
// arguments or the store could not be used (nothing is written then).
import { command, fail } from './lib/args.ts';
import { printChecks } from './lib/checks.ts';
import { openStores } from './lib/stores.ts';
import { ACTION_FORMATS, DESTINATIONS, DESTINATION_IDS, exportDataset, LIMITS_PROFILE_IDS, outputFileNames, type ExportOptionsInput, type ExportProgress, type ExportResult } from '../src/dataset/index.ts';
import { DirectoryTarget } from '../src/dataset/output-node.ts';
import { exportDeps } from '../src/worker/export-service.ts';
import { loadSqlJs } from '../src/storage/index.ts';

const args = command({
  name: 'export',
  invocation: 'npm run export --',
  summary: 'Exports trace stores (.db files, zips of session files, store folders; several as one, the shards of a run) as one fine-tuning dataset, streaming the files into --out, and checks every row.',
  options: {
    db: { type: 'string', required: true, value: 'store,...', help: 'trace stores: .db files or zips downloaded from the page, or store folders (npm run rollout --out)' },
    format: { type: 'string', required: true, choices: DESTINATION_IDS, help: 'the destination (see below)' },
    out: { type: 'string', required: true, value: 'dir', help: 'the folder the files are written to' },
    'action-format': { type: 'string', choices: ACTION_FORMATS, help: "the assistant's answer: text (a JSON object of actions) or one tool call (default: the destination's)", group: 'answers' },
    source: { type: 'string', value: 'human,model,builtin,import', help: 'sessions of these sources only', group: 'sessions' },
    model: { type: 'string', value: 'name,...', help: 'model sessions of these models only (other sources are left out)', group: 'sessions' },
    'min-achievements': { type: 'number', integer: true, min: 0, help: 'sessions with at least n achievements', group: 'sessions' },
    'with-achievement': { type: 'string', value: 'a,...', help: 'sessions that unlocked all of these', group: 'sessions' },
    'without-achievement': { type: 'string', value: 'a,...', help: 'sessions that unlocked none of these', group: 'sessions' },
    'reward-above': { type: 'number', value: 'x', help: 'sessions whose achievement reward (+1 per unlock, health changes not counted) is above x', group: 'sessions' },
    'images-only': { type: 'boolean', help: 'rows with at least one image', group: 'rows' },
    'achievement-led': { type: 'boolean', help: "rows followed by an achievement unlock within --lookahead steps (the row's own action first)", group: 'rows' },
    lookahead: { type: 'number', integer: true, min: 1, value: 'k', help: 'steps --achievement-led looks ahead (default 5)', group: 'rows' },
    'max-noop-streak': { type: 'number', integer: true, min: 0, value: 'n', help: 'keep at most n consecutive turns of only noop (idle streaks)', group: 'rows' },
    'keep-failed': { type: 'boolean', help: 'keep failed or invalid model calls', group: 'rows' },
    'keep-duplicates': { type: 'boolean', help: 'keep rows identical to an earlier one', group: 'rows' },
    validation: { type: 'number', min: 0, max: 1, value: 'share', help: 'share of sessions in the validation split (default 0.1)', group: 'split' },
    'split-seed': { type: 'number', integer: true, help: 'seed of the session-level split', group: 'split' },
    'text-style': { type: 'string', choices: ['stored', 'state', 'language'], help: 'observation text of human and built-in agent rows', group: 'prompts of human and built-in agent rows' },
    'image-mode': { type: 'string', choices: ['text', 'text_and_image', 'image'], help: 'what the user turn shows', group: 'prompts of human and built-in agent rows' },
    'frame-history': { type: 'number', integer: true, min: 0, help: 'earlier frames shown', group: 'prompts of human and built-in agent rows' },
    'history-layout': { type: 'string', choices: ['separate', 'sheet'], help: 'earlier frames as separate images or one sheet', group: 'prompts of human and built-in agent rows' },
    'actions-per-call': { type: 'number', integer: true, min: 1, help: 'actions per assistant turn', group: 'prompts of human and built-in agent rows' },
    'no-last-actions': { type: 'boolean', help: 'leave the last actions out of the prompt', group: 'prompts of human and built-in agent rows' },
    limits: { type: 'string', choices: LIMITS_PROFILE_IDS, help: "the provider's limits to check against (default: the destination's)", group: 'limits' },
    'max-images': { type: 'number', integer: true, min: 1, help: 'images per row (default: the profile\'s)', group: 'limits' },
    'min-examples': { type: 'number', integer: true, min: 1, help: 'examples per file (default 10)', group: 'limits' },
    force: { type: 'boolean', help: 'replace files already in --out', group: 'other' },
    json: { type: 'boolean', help: 'print the result as JSON on the last line', group: 'other' },
  },
  notes: `destinations:\n${DESTINATION_IDS.map((id) => `  ${id.padEnd(13)}${DESTINATIONS[id].label}; for ${DESTINATIONS[id].for}`).join('\n')}\n\n` +
    'Exit status: 0 when every check passed (warnings are printed), 1 when the files were written but some rows break a\n' +
    "destination's rules (listed with their row numbers), 2 when the arguments or the store could not be used (nothing is written then).",
});

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter(Boolean));

// Only options given on the command line are passed; the rest take the export's defaults.
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
const options = defined({
  format: args.format,
  actionFormat: args['action-format'],
  limitsProfile: args.limits,
  sources: list(args.source),
  models: list(args.model),
  minAchievements: args['min-achievements'],
  withAchievements: list(args['with-achievement']),
  withoutAchievements: list(args['without-achievement']),
  rewardAbove: args['reward-above'],
  onlyWithImages: args['images-only'],
  onlyAchievementLed: args['achievement-led'],
  maxNoopStreak: args['max-noop-streak'],
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

const clash = DirectoryTarget.existing(args.out, outputFileNames(args.format));
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
printChecks(result.validation, result.elapsedMs);
if (args.json) console.log(JSON.stringify({ files: result.files.map(({ name, bytes: size, path }) => ({ name, bytes: size, path })), stats, validation: result.validation }));
process.exit(result.validation.ok ? 0 : 1);
