// npm run merge-stores -- --db <store>[,<store>...] --out <folder | file.db | file.zip>
// Merges trace stores (the runner's folders, one per machine of a sharded run; .db files; zips of session files) into
// one with the store's own import, session by session: into a store folder, or into one file the page imports
// (Sessions > Import). Sessions already in the target are left as they are; the inputs are never changed.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { command, fail } from './lib/args.ts';
import { loadSqlJs, type ByteSource } from '../src/storage/index.ts';
import { STORE_MARKER, fileSource, openTraceDir, writeExportedFile } from '../src/storage/node.ts';
import type { SqlJsStatic } from 'sql.js';

const args = command({
  name: 'merge-stores',
  invocation: 'npm run merge-stores --',
  summary: "Merges trace stores (the runner's folders, one per machine of a sharded run; .db files; zips of session files) into one,\nsession by session: a store folder, or one file the page imports. Sessions already in the target stay as they are.",
  options: {
    db: { type: 'string', required: true, value: 'store,...', help: 'the stores to merge: folders, .db files, zips' },
    out: { type: 'string', required: true, value: 'folder|file.db|file.zip', help: 'the store written: a folder, or one file' },
  },
});
const inputs = args.db.split(',').map((p) => p.trim()).filter(Boolean);
if (!inputs.length) fail('--db names no store');
const out = args.out;
const toFile = /\.(db|zip)$/i.test(out);
if (toFile && existsSync(out)) fail(`${out} exists already; give a new file name`);
const work = mkdtempSync(join(toFile ? dirname(out) : tmpdirOf(out), '.merge-stores-'));

function tmpdirOf(path: string): string {
  return dirname(path.replace(/\/+$/, '')) || '.';
}

/** A store as something to import: a file as it is, a folder written out as one file first. */
async function importable(sql: SqlJsStatic, path: string, n: number): Promise<ByteSource & { close(): void }> {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  if (!statSync(path).isDirectory()) return fileSource(path, basename(path));
  if (!existsSync(join(path, STORE_MARKER))) throw new Error(`${path} is a folder but not a trace store (no ${STORE_MARKER})`);
  const store = await openTraceDir({ sql, dir: path, recover: false });
  const file = join(work, `input-${n}`);
  try {
    await writeExportedFile(await store.exportFile(), file);
  } finally {
    await store.close();
  }
  return fileSource(file, path);
}

const sql = await loadSqlJs();
const target = await openTraceDir({ sql, dir: toFile ? join(work, 'merged') : out }).catch((error: Error) => fail(error.message));
let exitCode = 0;
try {
  for (const [n, path] of inputs.entries()) {
    const source = await importable(sql, path, n);
    try {
      const result = await target.importFile(source, { mode: 'merge' });
      console.log(`${path}: ${result.imported.length} sessions imported (${result.steps} steps), ${result.skipped.length} already there`);
    } finally {
      source.close();
    }
  }
  const status = target.status();
  if (toFile) {
    const file = await target.exportFile();
    // Past the single-file size the download is a zip of session files, whatever the name asked for.
    const path = out.replace(/\.(db|zip)$/i, file.kind === 'zip' ? '.zip' : '.db');
    await writeExportedFile(file, path);
    console.log(`wrote ${path}: ${file.sessions} sessions, ${file.bytes} bytes${path !== out ? ` (a zip: too large for one .db file)` : ''}`);
  } else {
    console.log(`${out}: ${status.sessions} sessions`);
  }
} catch (error) {
  console.error(`merge-stores: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await target.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
