// Public surface of the dataset export.
export { exportDataset, ExportCancelled, outputFileNames } from './export.ts';
export type { ExportProgress, ExportRequest, ExportResult, SampleRow } from './export.ts';
export { EXPORT_FORMATS, ExportOptionsError, OPENAI_LIMITS, ROW_TEXT_STYLES, exportOptionsSchema, parseExportOptions } from './options.ts';
export type { ExportFormat, ExportLimits, ExportOptions, ExportOptionsInput, RowPromptOptions } from './options.ts';
export type * from './deps.ts';
export { BlobTarget } from './output.ts';
export type { FileSink, OutputTarget, Spool, WrittenFile } from './output.ts';
export type { DatasetRow, RowMetadata, Split } from './rows.ts';
export type { DropReason, ExportStats } from './stats.ts';
export { formatProblem } from './validate/problems.ts';
export type { Problem } from './validate/problems.ts';
export { validateExportFiles } from './validate/files.ts';
