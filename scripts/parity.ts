// npm run parity -- --golden <dir> [--assets <dir>]: exact replay of Python Crafter's golden traces.
import { existsSync } from 'node:fs';
import { runParity } from './lib/parity.ts';
import { parseArgs } from './lib/args.ts';

const args = parseArgs(process.argv.slice(2), { golden: 'string', assets: 'string', quiet: 'boolean' });
if (!args.golden) {
  console.error('usage: npm run parity -- --golden <dir> [--assets <dir>] [--quiet]');
  process.exit(2);
}
if (!existsSync(args.golden)) {
  console.error(`parity: golden directory not found: ${args.golden}`);
  process.exit(2);
}
const frameHasher = args.assets ? (await import('./lib/frame-hash.ts')).createFrameHasher(args.assets) : undefined;
const report = runParity(args.golden, {
  frameHasher,
  onEpisode: (file, steps, first) => {
    if (first) {
      console.log(`MISMATCH ${first.file} t=${first.t} field=${first.field} expected=${JSON.stringify(first.expected)} got=${JSON.stringify(first.got)}`);
    } else if (!args.quiet) {
      console.log(`ok ${file.split('/').pop()} (${steps} steps)`);
    }
  },
});
if (args.assets) console.log(`frames: ${report.framesCompared} compared, ${report.frameMismatches} mismatches`);
console.log(`parity: ${report.episodes} episodes, ${report.steps} steps, ${report.mismatches} mismatches`);
process.exit(report.mismatches === 0 && report.frameMismatches === 0 ? 0 : 1);
