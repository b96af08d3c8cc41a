// One writer per IndexedDB store: a second tab writing the same journal would lose the first tab's
// steps at its next snapshot, so opening takes an exclusive Web Lock and refuses if another tab holds it.
import { StorageError } from './errors.ts';

export interface HeldLock {
  release(): void;
}

/** Takes the lock, or returns null where the platform has no Web Locks (Node); rejects if another holder has it. */
export function acquireStoreLock(lockName: string, locks: LockManager | undefined): Promise<HeldLock | null> {
  if (!locks) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    locks
      .request(lockName, { ifAvailable: true }, (lock) => {
        if (!lock) {
          reject(new StorageError('store_in_use', `the trace store "${lockName}" is open in another tab or worker; close it there first`));
          return undefined;
        }
        return new Promise<void>((release) => resolve({ release: () => release() }));
      })
      .catch((error: unknown) => reject(new StorageError('store_in_use', `could not lock the trace store "${lockName}"`, { cause: error })));
  });
}
