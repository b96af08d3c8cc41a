// Every command-line tool answers --help with its usage (exit 0) and a bad argument with one line (exit 2), never a stack trace.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ASSETS_DIR, GOLDEN_OPTIONS_DIR, HAS_ASSETS, HAS_GOLDEN_OPTIONS } from './shared-paths.ts';
import { tempDir } from './temp-dirs.ts';

const run = promisify(execFile);

async function tool(script: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { status: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// The tools npm runs (`npm run <name>`, `npm test`), and the benchmark parts that also run on their own.
const packageScripts = Object.values((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts)
  .map((line) => /^tsx (?:--\S+ )*(scripts\/\S+\.ts)$/.exec(line)?.[1])
  .filter((path): path is string => !!path);
const TOOLS = [...packageScripts, 'scripts/bench/agent.ts', 'scripts/bench/encode.ts', 'scripts/bench/export.ts', 'scripts/bench/storage.ts'];

describe('command-line tools', () => {
  it('cover every tool npm runs', () => {
    expect(packageScripts.sort()).toEqual(['scripts/bench-page.ts', 'scripts/bench.ts', 'scripts/checkpoints.ts', 'scripts/eval-agent.ts', 'scripts/export.ts', 'scripts/frames.ts', 'scripts/merge-stores.ts', 'scripts/parity.ts', 'scripts/recordings.ts', 'scripts/rollout.ts', 'scripts/run-tests.ts']);
  });

  it.each(TOOLS)('%s --help prints its usage and exits 0', async (script) => {
    const result = await tool(script, '--help');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: /);
    expect(result.stdout).toMatch(/--help +print this usage/);
  });

  it.each(TOOLS)('%s answers an unknown option with one line and exit status 2', async (script) => {
    const result = await tool(script, '--no-such-option');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^[\w/-]+: unknown option --no-such-option \(.* --help shows the usage\)\n$/);
  });

  it('answers a bad value or a missing folder with one line and exit status 2', async () => {
    const out = tempDir('crafter-cli-');
    const cases: Array<[string, string[], string]> = [
      ['scripts/frames.ts', ['--seed', '1', '--steps', '2', '--out', out, '--assets', join(out, 'missing')], `frames: --assets ${join(out, 'missing')}: no such folder`],
      ['scripts/frames.ts', ['--seed', '1', '--steps', '2', '--out', out, '--assets', out], 'frames: --assets'],
      ['scripts/frames.ts', ['--seed', '1', '--steps', '-2', '--out', out], 'frames: --steps must be a whole number >= 0, not "-2"'],
      ['scripts/eval-agent.ts', ['--agent', 'clever'], 'eval: unknown --agent "clever"; one of random, scripted'],
      ['scripts/parity.ts', [], 'parity: --golden is required'],
      ['scripts/parity.ts', ['--golden', join(out, 'missing')], `parity: golden directory not found: ${join(out, 'missing')}`],
      ['scripts/parity.ts', ['--golden', out], `parity: ${out} holds no golden episode files`],
      ['scripts/bench.ts', ['--assets', join(out, 'missing')], `bench: --assets ${join(out, 'missing')}: no such folder`],
    ];
    for (const [script, args, start] of cases) {
      const result = await tool(script, ...args);
      expect({ script, args, status: result.status, lines: result.stderr.split('\n').length }).toEqual({ script, args, status: 2, lines: 2 });
      expect(result.stderr.startsWith(start), result.stderr).toBe(true);
    }
  });

  it.skipIf(!HAS_GOLDEN_OPTIONS || !HAS_ASSETS)('parity takes the reward option of a golden header (skipped without ../shared)', async () => {
    const result = await tool('scripts/parity.ts', '--golden', join(GOLDEN_OPTIONS_DIR, 'length'), '--assets', ASSETS_DIR, '--quiet');
    expect(result.stdout.trim().split('\n').slice(-2)).toEqual(['frames: 703 compared, 0 mismatches', 'parity: 3 episodes, 700 steps, 0 mismatches']);
    expect(result.status).toBe(0);
  });
});
