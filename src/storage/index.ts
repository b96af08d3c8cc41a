// Public surface of the trace store.
export { openMemoryTraceStore, openTraceFile, openTraceStore } from './open.ts';
export type { OpenMemoryTraceStoreOptions, OpenTraceStoreOptions } from './open.ts';
export type { SnapshotPolicy, TraceReader, TraceStore } from './trace-store.ts';
export { DEFAULT_SNAPSHOT_POLICY } from './trace-store.ts';
export { loadSqlJs } from './sqljs.ts';
export { StorageError, isStorageError } from './errors.ts';
export type { StorageErrorCode } from './errors.ts';
export { APPLICATION_ID, SCHEMA_VERSION } from './schema.ts';
export * from './types.ts';
