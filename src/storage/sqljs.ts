// Starts sql.js; the page passes locateFile (the wasm URL), Node needs nothing.
import type { SqlJsConfig, SqlJsStatic } from 'sql.js';
import { StorageError, describeError } from './errors.ts';

/**
 * initSqlJs remembers its first call, failure included, so a wrong wasm location cannot be retried
 * without reloading the page; the error says so.
 */
export async function loadSqlJs(config?: SqlJsConfig): Promise<SqlJsStatic> {
  try {
    const { default: initSqlJs } = await import('sql.js');
    return await initSqlJs(config);
  } catch (error) {
    throw new StorageError(
      'sql_init_failed',
      `sql.js could not start: ${describeError(error)}. In the browser pass { locateFile: () => wasmUrl } with the URL of sql-wasm.wasm; ` +
        'sql.js keeps a failed start, so reload the page after fixing it.',
      { cause: error },
    );
  }
}
