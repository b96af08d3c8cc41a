// Public surface of the trace store (Node's folder store: src/storage/node.ts).
export { openMemoryTraceStore, openTraceFile, openTraceStore } from './open.ts';
export type { OpenMemoryTraceStoreOptions, OpenTraceStoreOptions } from './open.ts';
export type { EndOptions, TraceReader, TraceStore } from './trace-store.ts';
export { blobSource, bytesSource, type ByteSource } from './byte-source.ts';
export { SINGLE_FILE_MAX_BYTES, exportedBytes, type ExportOptions } from './export-file.ts';
export { loadSqlJs } from './sqljs.ts';
export { StorageError, isStorageError } from './errors.ts';
export type { StorageErrorCode } from './errors.ts';
export { APPLICATION_ID, SCHEMA_VERSION } from './schema.ts';
export * from './types.ts';
