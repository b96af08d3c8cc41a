// scripts/checkpoints.ts: generate a set, run the baselines and a model (a local OpenAI-compatible server) image-only
// and text-only; evaluations land in the archive beside the set; bad arguments get one line and exit status 2.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProbeSet, type Evaluation } from '../../src/agent/probes/index.ts';
import { OpenAITestServer } from '../e2e/openai-test-server.ts';

const KEY = 'sk-cli-probe-3e8b1f0dSECRET';
const server = new OpenAITestServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.close();
});

// Asynchronous, so the test server in this process can answer the CLI's calls.
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/checkpoints.ts', ...args], { env: { ...process.env, OPENAI_API_KEY: KEY } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('npm run checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crafter-checkpoints-'));
  const setPath = join(dir, 'set.json');
  const archivePath = join(dir, 'set.evaluations.json');

  it('answers --help, and refuses bad arguments with one line and status 2', async () => {
    const help = await cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: npm run checkpoints -- <generate|eval|baselines|show>');
    const bad = [['generate', '--out', setPath, '--colour', 'red'], ['frobnicate'], [], ['generate', '--out', setPath, '--per-family', 'many'],
      ['eval', '--set', join(dir, 'missing.json'), '--base-url', 'http://x/v1', '--model', 'm'], ['generate', '--out', setPath, '--families', 'nearest-gold']];
    const runs = await Promise.all(bad.map((args) => cli(...args)));
    for (const [i, run] of runs.entries()) {
      const args = bad[i];
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/^checkpoints: /);
    }
    expect(existsSync(setPath)).toBe(false);
  });

  it('generates a set, runs the baselines and a model image-only and text-only, keeping every evaluation beside the set', async () => {
    const generated = await cli('generate', '--seed', '2', '--per-family', '4', '--worlds', '2', '--steps', '400', '--families', 'day-night,count-cows,vital-drink', '--out', setPath);
    expect(generated.stderr).toBe('');
    expect(generated.status).toBe(0);
    const set = readProbeSet(JSON.parse(readFileSync(setPath, 'utf8')));
    expect(generated.stdout).toContain(`probe set ${set.id}: ${set.probes.length} probes`);
    expect((await cli('generate', '--seed', '2', '--out', setPath)).stderr).toContain('exists; pass --force');

    const baselines = await cli('baselines', '--set', setPath, '--json');
    expect(baselines.status).toBe(0);
    expect(baselines.stdout).toMatch(/\[1\] oracle \(reads the state\)/);
    const summary = JSON.parse(baselines.stdout.trim().split('\n').pop()!) as { evaluations: Evaluation[] };
    expect(summary.evaluations.map((e) => e.overall.accuracy)[0]).toBe(1);

    // The image evaluation gets every answer right; the text one gets unreadable replies.
    server.reset();
    for (const probe of set.probes) server.queue.push({ kind: 'text', text: `${probe.answer}` });
    for (const _ of set.probes) server.queue.push({ kind: 'text', text: '???' });
    const evaluated = await cli('eval', '--set', setPath, '--base-url', `${server.url}/v1`, '--model', 'vlm-x', '--modes', 'image,text', '--parallel', '1', '--name', 'vlm-x');
    expect(evaluated.stderr).toBe('');
    expect(evaluated.status).toBe(0);
    expect(evaluated.stdout).toContain('[1] vlm-x (image)');
    expect(evaluated.stdout).toMatch(/all probes\s+\d+\s+100% \[\d+-100\]\s+0% \[0-\d+\]\s/);
    const calls = server.completions();
    expect(calls).toHaveLength(2 * set.probes.length);
    expect(calls.every((c) => c.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    const archive = JSON.parse(readFileSync(archivePath, 'utf8')) as { evaluations: Evaluation[] };
    expect(archive.evaluations.map((e) => e.name)).toEqual(['vlm-x (text)', 'vlm-x (image)', 'text summary alone (language)', 'majority answer', 'oracle (reads the state)']);
    expect(readFileSync(archivePath, 'utf8')).not.toContain(KEY);
    expect(evaluated.stdout).not.toContain(KEY);

    const shown = await cli('show', '--set', setPath);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('[5] oracle (reads the state)');
  });

  it('stops with status 1 when the endpoint refuses the key', async () => {
    server.reset();
    const refused = await cli('eval', '--set', setPath, '--base-url', `${server.url}/v1`, '--model', 'unauthorized', '--modes', 'image');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^checkpoints: stopped: .*key/i);
    expect(refused.stderr).not.toContain(KEY);
  });
});
