// Runs every check (typecheck, vitest, Playwright when there are specs) and ends with `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from './lib/args.ts';

command({
  name: 'test',
  invocation: 'npm test --',
  summary: 'Runs every check: the typecheck, the unit tests (vitest) and the browser tests (Playwright with Debian\'s chromium,\n' +
    'installed with apt-get when missing); the last line reads "N passed, N failed".',
  options: {},
});

const work = mkdtempSync(join(tmpdir(), 'crafter-web-tests-'));
let passed = 0;
let failed = 0;
let skipped = 0;

function run(program: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n$ ${program} ${args.join(' ')}`);
  const result = spawnSync(program, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/** Installs Debian packages the tests need (the machine is Debian, as CI's is), as root or through sudo. */
function aptInstall(packages: string[], why: string): void {
  console.log(`${why}: installing Debian's ${packages.join(' ')} with apt-get`);
  const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
  const apt = (args: string[]) => run(sudo.length ? 'sudo' : 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], { DEBIAN_FRONTEND: 'noninteractive' });
  apt(['update']);
  apt(['install', '-y', ...packages]);
}

// The .npz tests read files back with numpy, the independent reader.
const hasNumpy = ['python3', '/usr/bin/python3'].some((python) => spawnSync(python, ['-c', 'import numpy']).status === 0);
if (!hasNumpy) aptInstall(['python3-numpy'], 'numpy is missing');

// The typecheck counts as one check.
if (run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) === 0) passed++;
else failed++;

const vitestJson = join(work, 'vitest.json');
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  // A suite that failed to load has no tests to count: count it as a failure.
  for (const suite of report.testResults ?? []) if (suite.status === 'failed' && !(suite.assertionResults ?? []).length) failed++;
} else if (vitestStatus !== 0) {
  failed++;
}

const e2eDir = 'tests/e2e';
const hasSpecs = existsSync(e2eDir) && readdirSync(e2eDir).some((f) => f.endsWith('.spec.ts'));
if (hasSpecs) {
  if (!existsSync('/usr/bin/chromium')) aptInstall(['chromium'], 'Chromium is missing');
  const pwJson = join(work, 'playwright.json');
  const pwStatus = run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  if (existsSync(pwJson)) {
    const stats = JSON.parse(readFileSync(pwJson, 'utf8')).stats ?? {};
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += (stats.unexpected ?? 0);
    skipped += stats.skipped ?? 0;
    if (pwStatus !== 0 && !stats.unexpected) failed++;
  } else if (pwStatus !== 0) {
    failed++;
  }
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
