// The folder backend for Node: the same entries, batches and SQLite files as IndexedDB keeps, as files. Every file is
// written whole under a temporary name and renamed into place, so a killed process leaves either the old or the new.
// Sessions are files of their own, so several threads or processes can record into one folder at once: a session being
// recorded names its process, and a store opening the folder leaves alone the sessions of processes still running.
// Steps are written off the thread (libuv's pool): recording goes on while a batch is written, and the next gathers.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, open as openFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { CatalogEntry, StoreBackend, StoredFile } from '../backend.ts';
import { StorageError, describeError } from '../errors.ts';
import type { JsonObject } from '../types.ts';

/** The file that marks a folder as a trace store, with the layout's version. */
export const STORE_MARKER = 'crafter-traces.json';
const LAYOUT = { format: 'crafter-web-traces', version: 1 };
const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;
/** In a session's batch folder from its first batch until it is sealed or its store closed: the process recording it. */
const OWNER = 'owner.json';
interface Owner {
  pid: number;
  host: string;
  /** When the process started, in seconds: tells it from an earlier process given the same pid (a restarted container). */
  started: number;
}
const THIS_PROCESS: Owner = { pid: process.pid, host: hostname(), started: Math.round(Date.now() / 1000 - process.uptime()) };

/** Whether the process is running; one on another machine is taken to be. */
function running(owner: Owner): boolean {
  if (owner.host !== THIS_PROCESS.host) return true;
  if (owner.pid === THIS_PROCESS.pid) return Math.abs(owner.started - THIS_PROCESS.started) <= 2;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function fsError(error: unknown, doing: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: string })?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new StorageError('quota_exceeded', `the disk is full while ${doing}; what is not saved yet is kept in memory: free space, then resume`, { cause: error });
  }
  return new StorageError('idb_failed', `writing the store failed while ${doing}: ${describeError(error)}`, { cause: error });
}

// Unique across threads and processes writing into one folder.
const temporaryName = (path: string) => `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;

const SUBFOLDERS = ['sessions', 'batches', 'documents'];

/** Whether `name` in `dir` is what another thread or process creating the store there makes before its marker. */
function beingCreated(dir: string, name: string): boolean {
  if (name.startsWith(`${STORE_MARKER}.tmp-`)) return true;
  return SUBFOLDERS.includes(name) && readdirSync(join(dir, name)).length === 0;
}

function safeName(name: string, what: string): string {
  if (!SAFE_NAME.test(name)) throw new StorageError('invalid_input', `${what} "${name}" cannot name a file`);
  return name;
}

export class FilesBackend implements StoreBackend {
  readonly persistence = 'files' as const;
  /** Sessions this store records: their owner file goes when it closes, so the next store takes them as interrupted. */
  private readonly recording = new Set<string>();

  private constructor(readonly dir: string, private readonly sync: boolean) {}

  /** Opens the store in `dir`, creating it when the folder is empty or absent; refuses a folder that holds something else. */
  static open(dir: string, options: { durability?: 'relaxed' | 'strict' } = {}): FilesBackend {
    const marker = join(dir, STORE_MARKER);
    if (!existsSync(marker)) {
      // The marker is looked for again after the folder is read: another thread may have put it in place meanwhile.
      if (existsSync(dir) && !FilesBackend.creatable(dir) && !existsSync(marker)) {
        throw new StorageError('foreign_database', `${dir} is not an empty folder nor a crafter-web trace store (no ${STORE_MARKER})`);
      }
      mkdirSync(dir, { recursive: true });
      if (!existsSync(marker)) {
        const temporary = temporaryName(marker);
        writeFileSync(temporary, JSON.stringify(LAYOUT));
        renameSync(temporary, marker);
      }
    }
    const layout = JSON.parse(readFileSync(marker, 'utf8')) as { format?: string; version?: number };
    if (layout.format !== LAYOUT.format) throw new StorageError('foreign_database', `${dir} is not a crafter-web trace store`);
    if ((layout.version ?? 0) > LAYOUT.version) throw new StorageError('newer_schema', `${dir} was written by a newer version of crafter-web; update it`);
    for (const sub of SUBFOLDERS) mkdirSync(join(dir, sub), { recursive: true });
    return new FilesBackend(dir, options.durability === 'strict');
  }

  /** Whether a store may be created in the existing `dir`: a folder that is empty or holds what another opener is creating. */
  private static creatable(dir: string): boolean {
    return statSync(dir).isDirectory() && readdirSync(dir).every((name) => beingCreated(dir, name));
  }

  /** Writes a file whole under a temporary name; `place()` renames it into place. */
  private async stage(path: string, data: Uint8Array | string): Promise<{ place: () => Promise<void> }> {
    const temporary = temporaryName(path);
    const handle = await openFile(temporary, 'w');
    try {
      await handle.writeFile(typeof data === 'string' ? Buffer.from(data) : data);
      if (this.sync) await handle.sync();
    } finally {
      await handle.close();
    }
    return { place: () => rename(temporary, path) };
  }

  /** Writes the files at once, then puts them in place in the order given (a crash leaves a prefix of them). */
  private async writeFiles(...files: Array<[string, Uint8Array | string]>): Promise<void> {
    const staged = await Promise.all(files.map(([path, data]) => this.stage(path, data)));
    for (const file of staged) await file.place();
  }

  private async attemptAsync(doing: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      throw fsError(error, doing);
    }
  }

  private entryPath(id: string): string {
    return join(this.dir, 'sessions', `${safeName(id, 'session id')}.json`);
  }

  private filePath(id: string): string {
    return join(this.dir, 'sessions', `${safeName(id, 'session id')}.db`);
  }

  private batchDir(id: string): string {
    return join(this.dir, 'batches', safeName(id, 'session id'));
  }

  private attempt<T>(doing: string, body: () => T): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(fsError(error, doing));
    }
  }

  loadCatalog(): Promise<CatalogEntry[]> {
    return this.attempt('loading the session list', () => {
      const entries: CatalogEntry[] = [];
      for (const name of readdirSync(join(this.dir, 'sessions'))) {
        if (!name.endsWith('.json')) continue;
        const entry = JSON.parse(readFileSync(join(this.dir, 'sessions', name), 'utf8')) as CatalogEntry;
        if (!this.recordedElsewhere(entry)) entries.push(entry);
      }
      return entries;
    });
  }

  /** Whether another store, in a process still running, records the session. */
  private recordedElsewhere(entry: CatalogEntry): boolean {
    const path = join(this.batchDir(entry.record.id), OWNER);
    return !entry.file && existsSync(path) && running(JSON.parse(readFileSync(path, 'utf8')) as Owner);
  }

  commitBatch(entry: CatalogEntry, seq: number, batch: Uint8Array): Promise<void> {
    return this.attemptAsync('saving steps', async () => {
      const dir = this.batchDir(entry.record.id);
      if (seq === 1) {
        await mkdir(dir, { recursive: true });
        await this.writeFiles([join(dir, OWNER), JSON.stringify(THIS_PROCESS)]);
        this.recording.add(entry.record.id);
      }
      // The batch goes into place before the entry that counts it.
      await this.writeFiles([join(dir, `${seq}.bin`), batch], [this.entryPath(entry.record.id), JSON.stringify(entry)]);
    });
  }

  putEntry(entry: CatalogEntry): Promise<void> {
    return this.attemptAsync('saving the session list', () => this.writeFiles([this.entryPath(entry.record.id), JSON.stringify(entry)]));
  }

  seal(entry: CatalogEntry, file: Uint8Array): Promise<void> {
    return this.attemptAsync('sealing a session', async () => {
      await this.writeFiles([this.filePath(entry.record.id), file], [this.entryPath(entry.record.id), JSON.stringify(entry)]);
      await rm(this.batchDir(entry.record.id), { recursive: true, force: true });
      this.recording.delete(entry.record.id);
    });
  }

  readBatches(sessionId: string, first: number, last: number): Promise<Uint8Array[]> {
    return this.attempt('reading a session', () =>
      Array.from({ length: last - first + 1 }, (_, i) => {
        const path = join(this.batchDir(sessionId), `${first + i}.bin`);
        if (!existsSync(path)) throw new StorageError('corrupt', `batch ${first + i} of session ${sessionId} is missing`);
        return new Uint8Array(readFileSync(path));
      }),
    );
  }

  readFile(sessionId: string): Promise<StoredFile> {
    return this.attempt('reading a session', () => {
      const path = this.filePath(sessionId);
      if (!existsSync(path)) throw new StorageError('corrupt', `the file of session ${sessionId} is missing`);
      return new Uint8Array(readFileSync(path));
    });
  }

  /** Where a sealed session's file is, for copying it without reading it into memory. */
  sessionFilePath(sessionId: string): string {
    return this.filePath(sessionId);
  }

  deleteSessions(sessionIds: string[]): Promise<void> {
    return this.attempt('deleting sessions', () => {
      for (const id of sessionIds) {
        // The entry goes first: a session without one is no longer listed, and its leftovers are removed here or never read.
        rmSync(this.entryPath(id), { force: true });
        rmSync(this.filePath(id), { force: true });
        rmSync(this.batchDir(id), { recursive: true, force: true });
        this.recording.delete(id);
      }
    });
  }

  async publish(entries: CatalogEntry[], deleteIds: string[]): Promise<void> {
    await this.deleteSessions(deleteIds);
    await this.attemptAsync('finishing the import', async () => {
      for (const entry of entries) await this.writeFiles([this.entryPath(entry.record.id), JSON.stringify(entry)]);
    });
  }

  putDocument(kind: string, id: string, value: JsonObject): Promise<void> {
    return this.attemptAsync(`saving a ${kind}`, async () => {
      const dir = join(this.dir, 'documents', safeName(kind, 'document kind'));
      await mkdir(dir, { recursive: true });
      await this.writeFiles([join(dir, `${safeName(id, 'document id')}.json`), JSON.stringify(value)]);
    });
  }

  listDocuments(kind: string): Promise<JsonObject[]> {
    return this.attempt(`reading ${kind}s`, () => {
      const dir = join(this.dir, 'documents', safeName(kind, 'document kind'));
      if (!existsSync(dir)) return [];
      return readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as JsonObject);
    });
  }

  deleteDocument(kind: string, id: string): Promise<void> {
    return this.attempt(`deleting a ${kind}`, () => rmSync(join(this.dir, 'documents', safeName(kind, 'document kind'), `${safeName(id, 'document id')}.json`), { force: true }));
  }

  close(): void {
    for (const id of this.recording) rmSync(join(this.batchDir(id), OWNER), { force: true });
    this.recording.clear();
  }
}
