// scripts/checkpoints.ts: generate a set, run the baselines and a model (a local OpenAI-compatible server) image-only
// and text-only; evaluations land in the archive beside the set; bad arguments get one line and exit status 2.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProbeSet, type Evaluation } from '../../src/agent/probes/index.ts';
import { OpenAITestServer } from '../e2e/openai-test-server.ts';
import { tempDir } from './temp-dirs.ts';

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
  const dir = tempDir('crafter-checkpoints-');
  const setPath = join(dir, 'set.json');
  const archivePath = join(dir, 'set.evaluations.json');

  it('answers --help, and refuses bad arguments with one line and status 2', async () => {
    const help = await cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: npm run checkpoints -- <generate|eval|baselines|show|delete|export>');
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

  it('keeps evaluations in a store folder with --store, lists their ids, and deletes one', async () => {
    const store = join(dir, 'store');
    const first = await cli('baselines', '--set', setPath, '--store', store, '--json');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`kept in the store ${store}`);
    const [oracle] = (JSON.parse(first.stdout.trim().split('\n').pop()!) as { evaluations: Evaluation[] }).evaluations;
    expect(readdirSync(join(store, 'documents', 'probe-evaluation'))).toHaveLength(3);
    const second = await cli('baselines', '--set', setPath, '--store', store, '--text-style', 'state');
    expect(second.stdout).toContain('[6] oracle (reads the state)');
    const shown = await cli('show', '--set', setPath, '--store', store);
    expect(shown.stdout).toContain(`id ${oracle.id})`);
    expect((await cli('delete', '--set', setPath, '--store', store, '--evaluation', oracle.id)).stdout).toContain('deleted 1 evaluation from the store');
    expect((await cli('show', '--set', setPath, '--store', store)).stdout).not.toContain(oracle.id);
    const again = await cli('delete', '--set', setPath, '--store', store, '--evaluation', oracle.id);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('holds no evaluation');
    expect((await cli('show', '--set', setPath, '--store', store, '--archive', archivePath)).stderr).toContain('not both');
    // The JSON file beside the set stays the default, untouched by --store.
    expect((JSON.parse(readFileSync(archivePath, 'utf8')) as { evaluations: unknown[] }).evaluations).toHaveLength(5);
  });

  it('exports the set as training rows to a destination, checked, and refuses bad options writing nothing', async () => {
    const out = join(dir, 'rows');
    const exported = await cli('export', '--set', setPath, '--format', 'llamafactory', '--out', out, '--mode', 'text_and_image', '--validation', '0.5', '--split-seed', '1', '--json');
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/rows: \d+ train from 1 world, \d+ validation from 1 world;/);
    expect(exported.stdout).toContain('checks: every row passed');
    const result = JSON.parse(exported.stdout.trim().split('\n').pop()!) as { files: { name: string }[]; rows: { train: number; validation: number } };
    expect(result.files.map((f) => f.name)).toEqual(['crafter-llamafactory.zip']);
    const set = readProbeSet(JSON.parse(readFileSync(setPath, 'utf8')));
    expect(result.rows.train + result.rows.validation).toBe(set.probes.length);
    const zip = unzipSync(readFileSync(join(out, 'crafter-llamafactory.zip')));
    const answers = ['train', 'validation'].flatMap((split) => new TextDecoder().decode(zip[`crafter_${split}.jsonl`]).trim().split('\n')
      .map((line) => (JSON.parse(line) as { messages: { content: string }[] }).messages[2].content));
    expect(answers.sort()).toEqual(set.probes.map((p) => p.answer).sort());
    expect((await cli('export', '--set', setPath, '--format', 'llamafactory', '--out', out)).stderr).toContain('pass --force');
    const bad = await Promise.all([
      ['export', '--set', setPath, '--format', 'csv', '--out', join(dir, 'x')],
      ['export', '--set', setPath, '--format', 'hf', '--out', join(dir, 'x'), '--validation', '0.95'],
      ['export', '--set', setPath, '--out', join(dir, 'x')],
      ['export', '--set', setPath, '--format', 'hf', '--out', join(dir, 'x'), '--mode', 'video'],
    ].map((args) => cli(...args)));
    for (const run of bad) {
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});
