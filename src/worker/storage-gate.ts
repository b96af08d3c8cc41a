// Where recordings wait while storage refuses to write: released when space is freed (a delete) or on a retry.

export class StorageGate {
  private waiters: Array<() => void> = [];

  /** Resolves at the next release. */
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
