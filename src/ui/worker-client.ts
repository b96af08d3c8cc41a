// The page's handle on the worker: one module worker wrapped with comlink, initialised once.
import { wrap, type Remote } from 'comlink';
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import type { CrafterWorkerApi, InitInfo } from '../worker/api.ts';

export type WorkerApi = Remote<CrafterWorkerApi>;

declare global {
  interface Window {
    /** The worker's API, for automation (benchmarks, browser tests) and the console. */
    crafterWeb?: { api: WorkerApi; info: InitInfo };
  }
}

let client: Promise<{ api: WorkerApi; info: InitInfo }> | null = null;

export function connectWorker(): Promise<{ api: WorkerApi; info: InitInfo }> {
  client ??= (async () => {
    const worker = new Worker(new URL('../worker/crafter.worker.ts', import.meta.url), { type: 'module' });
    const api = wrap<CrafterWorkerApi>(worker);
    const info = await api.init({ wasmUrl: new URL(wasmUrl, location.href).href });
    window.crafterWeb = { api, info };
    return { api, info };
  })();
  return client;
}
