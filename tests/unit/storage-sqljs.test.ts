import { expect, it } from 'vitest';
import { loadSqlJs, openMemoryTraceStore } from '../../src/storage/index.ts';
import { humanStep, sessionInput } from './storage-fixtures.ts';

it('starts sql.js in Node without any configuration and runs a store on it', async () => {
  const sql = await loadSqlJs();
  const store = await openMemoryTraceStore({ sql });
  const { id } = await store.createSession(sessionInput());
  await store.appendStep(id, humanStep(0));
  expect((await store.readSession(id)).steps).toHaveLength(1);
});
