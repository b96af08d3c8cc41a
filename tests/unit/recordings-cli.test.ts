// scripts/recordings.ts: import a Recorder folder with seeds into a trace file, export it back, list runs, and
// refuse bad arguments; a bad file among good ones is reported (exit 1) and the good ones are kept.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpz } from '../../src/lib/npz.ts';
import { HAS_RECORDINGS, RECORDINGS_DIR, recordingEntries } from './recordings-shared.ts';
import { tempDir } from './temp-dirs.ts';

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/recordings.ts', ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npx tsx scripts/recordings.ts', () => {
  it('answers --help and refuses bad arguments with exit status 2', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run recordings -- <import\|export\|scores>/);
    expect(cli('import', 'x.npz').stderr).toContain('give the store as either --db <file> or --store <folder>');
    expect(cli('frobnicate', '--db', 'x.db').status).toBe(2);
    expect(cli('export', '--db', join(tmpdir(), 'no-such-file.db'), '--out', tmpdir()).stderr).toContain('does not exist');
  });

  it.skipIf(!HAS_RECORDINGS)('imports a folder with its seeds and stats.jsonl, reports a bad file, and exports the episodes back (skipped without ../shared/crafter-recordings)', () => {
    const work = tempDir('crafter-recordings-cli-');
    const db = join(work, 'traces.db');
    const bad = join(work, 'bad.npz');
    writeFileSync(bad, 'not a zip');
    const run = cli('import', '--db', db, '--seeds', join(RECORDINGS_DIR, 'recordings.json'), RECORDINGS_DIR, bad);
    expect(run.status).toBe(1);
    for (const entry of recordingEntries()) expect(run.stdout).toMatch(new RegExp(`${entry.file}: ${entry.steps} steps as session [0-9a-f-]+ \\(seeded, can be verified; stats.jsonl line \\d\\)`));
    expect(run.stdout).toContain('bad.npz: not imported: bad.npz is not a zip archive');
    expect(run.stdout).toContain(`imported ${recordingEntries().length} of ${recordingEntries().length + 1} files`);

    const out = join(work, 'episodes');
    const exported = cli('export', '--db', db, '--out', out);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...recordingEntries().map((e) => e.file), 'stats.jsonl'].sort());
    expect(readFileSync(join(out, 'stats.jsonl'), 'utf8').trim().split('\n').sort()).toEqual(readFileSync(join(RECORDINGS_DIR, 'stats.jsonl'), 'utf8').trim().split('\n').sort());
    for (const entry of recordingEntries()) {
      const original = readNpz(new Uint8Array(readFileSync(join(RECORDINGS_DIR, entry.file))));
      const back = readNpz(new Uint8Array(readFileSync(join(out, entry.file))));
      expect([...back.keys()]).toEqual([...original.keys()]);
      const bytes = (data: ArrayBufferView) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      for (const [key, array] of original) expect(bytes(back.get(key)!.data).equals(bytes(array.data)), key).toBe(true);
    }
    expect(cli('export', '--db', db, '--out', out).stderr).toContain('already holds a stats.jsonl; pass --force');
    expect(cli('scores', '--db', db).stdout).toContain('no runs in this file');
  });
});
