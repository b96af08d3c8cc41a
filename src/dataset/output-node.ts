// The directory target for Node: each file is written to "<name>.part" with synchronous writes (memory stays
// bounded) and renamed when the export completes; a failed export removes what it wrote.
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { utf8, type FileSink, type OutputTarget, type Spool, type WrittenFile } from './output.ts';

export class DirectoryTarget implements OutputTarget {
  private readonly partial = new Map<string, string>();
  private readonly scratch = new Set<string>();
  private readonly openFds = new Set<number>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private open(path: string, flags: 'w' | 'w+'): number {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, flags);
    this.openFds.add(fd);
    return fd;
  }

  private close(fd: number): void {
    if (this.openFds.delete(fd)) closeSync(fd);
  }

  create(name: string, mime: string): FileSink {
    const finalPath = join(this.dir, name);
    const partPath = `${finalPath}.part`;
    const fd = this.open(partPath, 'w');
    this.partial.set(partPath, finalPath);
    let bytes = 0;
    return {
      write: (chunk) => {
        const data = utf8(chunk);
        writeSync(fd, data);
        bytes += data.length;
      },
      close: async (): Promise<WrittenFile> => {
        this.close(fd);
        return { name, mime, bytes, path: finalPath };
      },
    };
  }

  spool(name: string): Spool {
    const path = join(this.dir, `.${name.replaceAll('/', '_')}.spool`);
    const fd = this.open(path, 'w+');
    this.scratch.add(path);
    return {
      write: (chunk) => void writeSync(fd, utf8(chunk)),
      async *read() {
        const buffer = new Uint8Array(1024 * 1024);
        for (let position = 0; ; ) {
          const n = readSync(fd, buffer, 0, buffer.length, position);
          if (n === 0) return;
          position += n;
          yield buffer.slice(0, n);
        }
      },
      discard: async () => {
        this.close(fd);
        rmSync(path, { force: true });
        this.scratch.delete(path);
      },
    };
  }

  /** Names of files an export would replace. */
  static existing(dir: string, names: string[]): string[] {
    return names.filter((name) => existsSync(join(dir, name)));
  }

  async commit(): Promise<void> {
    for (const [partPath, finalPath] of this.partial) renameSync(partPath, finalPath);
    this.partial.clear();
  }

  async abort(): Promise<void> {
    for (const fd of [...this.openFds]) this.close(fd);
    for (const path of [...this.partial.keys(), ...this.scratch]) rmSync(path, { force: true });
    this.partial.clear();
    this.scratch.clear();
  }
}
