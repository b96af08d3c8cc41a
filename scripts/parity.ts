// npm run parity -- --golden <dir> [--assets <dir>]: exact replay of Python Crafter's golden traces.
import { existsSync } from 'node:fs';
import { command, fail } from './lib/args.ts';
import { packFromArg } from './lib/assets-node.ts';
import { createFrameHasher } from './lib/frame-hash.ts';
import { goldenFiles } from './lib/golden.ts';
import { runParity, type ParityReport } from './lib/parity.ts';

const args = command({
  name: 'parity',
  invocation: 'npm run parity --',
  summary: "Replays every golden episode of Python Crafter and compares every record exactly, with the Env options of each file's header.",
  options: {
    golden: { type: 'string', required: true, value: 'dir', help: 'a folder of golden episode files (crafter-golden format)' },
    assets: { type: 'string', value: 'dir', help: "Crafter's original texture folder: compare every frame's pixels too" },
    quiet: { type: 'boolean', help: 'print only mismatches and the totals' },
  },
  notes: 'The last line is "parity: <E> episodes, <S> steps, <M> mismatches" (with --assets, "frames: <F> compared, <M> mismatches" before it).\n' +
    'Exit status: 0 when every count of mismatches is 0, 1 otherwise, 2 when the arguments or files cannot be used.',
});
if (!existsSync(args.golden)) fail(`golden directory not found: ${args.golden}`);
if (goldenFiles(args.golden).length === 0) fail(`${args.golden} holds no golden episode files (*.jsonl)`);
const frameHasher = args.assets ? createFrameHasher(packFromArg(args.assets)) : undefined;
let report: ParityReport;
try {
  report = runParity(args.golden, {
    frameHasher,
    onEpisode: (file, steps, first) => {
      if (first) {
        console.log(`MISMATCH ${first.file} t=${first.t} field=${first.field} expected=${JSON.stringify(first.expected)} got=${JSON.stringify(first.got)}`);
      } else if (!args.quiet) {
        console.log(`ok ${file.split('/').pop()} (${steps} steps)`);
      }
    },
  });
} catch (error) {
  fail((error as Error).message);
}
if (args.assets) console.log(`frames: ${report.framesCompared} compared, ${report.frameMismatches} mismatches`);
console.log(`parity: ${report.episodes} episodes, ${report.steps} steps, ${report.mismatches} mismatches`);
process.exit(report.mismatches === 0 && report.frameMismatches === 0 ? 0 : 1);
