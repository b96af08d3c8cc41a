// One runner per store folder: a lock file names the process recording into it, so a second runner (another shard
// given the same folder on a shared disk, say) is refused rather than taking the first one's open sessions for
// leftovers. A lock left by a runner that died on this machine is taken over.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

export const LOCK_FILE = 'runner.lock';

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** Takes the folder's lock (the folder must exist); returns its release, and whether a dead runner's lock was taken over. */
export function lockStore(dir: string): { release: () => void; tookOver: Holder | null } {
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  let tookOver: Holder | null = null;
  try {
    writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    let holder: Holder | null = null;
    try {
      holder = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    } catch {
      // An unreadable lock (cut short by a crash) holds nothing.
    }
    if (holder && !(holder.host === me.host && !alive(holder.pid))) {
      throw new Error(`another runner (process ${holder.pid} on ${holder.host}, since ${holder.startedAt}) records into ${dir}; give every shard a folder of its own. If no runner is recording there any more, delete ${path} and run again`);
    }
    tookOver = holder;
    writeFileSync(path, JSON.stringify(me));
  }
  return { release: () => rmSync(path, { force: true }), tookOver };
}
