// scripts/export.ts: the same files as the page's export, clear errors, and nothing overwritten or half-written.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportToMemory, FIXTURE_DIR, fixtureReader, GOLDEN_OPTIONS } from './dataset-fixtures.ts';
import { tempDir } from './temp-dirs.ts';

const DB = join(FIXTURE_DIR, 'trace.db');

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/export.ts', ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const newDir = () => tempDir('crafter-export-cli-');

describe('npx tsx scripts/export.ts', () => {
  it('writes the same files as an export in the page', async () => {
    const out = newDir();
    const run = cli('--db', DB, '--format', 'llamafactory', '--out', out, '--validation', '0.2', '--split-seed', '4');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('rows: 40 train, 10 validation; sources: human 14, builtin 26, model 10');
    expect(run.stdout).toContain('checks: every row passed');
    const reader = await fixtureReader();
    const { files } = await exportToMemory(reader, { format: 'llamafactory', ...GOLDEN_OPTIONS });
    await reader.close();
    expect(readdirSync(out)).toEqual(['crafter-llamafactory.zip']);
    expect(Buffer.compare(readFileSync(join(out, 'crafter-llamafactory.zip')), Buffer.from(files.get('crafter-llamafactory.zip')!))).toBe(0);
  });

  it('passes filters through, warns of too few examples, and exits 1 with the problems listed when rows break a limit', () => {
    const out = newDir();
    const run = cli('--db', DB, '--format', 'openai', '--out', out, '--source', 'model', '--keep-failed', '--validation', '0', '--min-examples', '20', '--max-images', '1', '--json');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('rows: 11 train, 0 validation; sources: model 11');
    expect(run.stdout).toContain('warning: train.jsonl: 11 examples; an upload to the chosen service needs at least 20');
    expect(run.stdout).toContain('train.jsonl:2: 2 images, more than the limit of 1 per example');
    const last = JSON.parse(run.stdout.trim().split('\n').pop()!) as { validation: { count: number } };
    expect(last.validation.count).toBe(10);
    expect(readdirSync(out).sort()).toEqual(['train.jsonl', 'train.metadata.jsonl']);
  });

  it('the Hugging Face folder with the text action format and the Azure OpenAI limits profile', async () => {
    const out = newDir();
    const run = cli('--db', DB, '--format', 'hf', '--out', out, '--validation', '0.2', '--split-seed', '4', '--limits', 'azure-openai', '--achievement-led', '--lookahead', '3');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(out)).toEqual(['crafter-hf.zip']);
    expect(cli('--db', DB, '--format', 'hf', '--out', newDir(), '--action-format', 'tool')).toMatchObject({ status: 2, stderr: expect.stringContaining('hf takes the text action format') });
  });

  it('refuses bad arguments and a store it cannot read, writing nothing', () => {
    const out = newDir();
    expect(cli('--db', DB, '--format', 'openai', '--out', out, '--colour', 'blue')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown option --colour') });
    expect(cli('--db', DB, '--format', 'csv', '--out', out)).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown --format "csv"') });
    expect(cli('--db', DB, '--format', 'openai', '--out', out, '--with-achievement', 'collect_gold')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown achievement "collect_gold"') });
    const notADb = join(out, 'not-a.db');
    writeFileSync(notADb, 'hello');
    expect(cli('--db', notADb, '--format', 'openai', '--out', out)).toMatchObject({ status: 2, stderr: expect.stringContaining('not-a.db is not a usable trace store') });
    expect(readdirSync(out)).toEqual(['not-a.db']);
  });

  it('does not replace files already in --out without --force', () => {
    const out = newDir();
    writeFileSync(join(out, 'train.jsonl'), 'mine\n');
    expect(cli('--db', DB, '--format', 'openai', '--out', out)).toMatchObject({ status: 2, stderr: expect.stringContaining('already holds train.jsonl; pass --force') });
    expect(readFileSync(join(out, 'train.jsonl'), 'utf8')).toBe('mine\n');
    expect(cli('--db', DB, '--format', 'openai', '--out', out, '--force', '--validation', '0').status).toBe(0);
    expect(readFileSync(join(out, 'train.jsonl'), 'utf8')).not.toBe('mine\n');
  });
});
