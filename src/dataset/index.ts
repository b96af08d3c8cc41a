// Public surface of the dataset export.
export { exportDataset, ExportCancelled, outputFileNames } from './export.ts';
export type { ExportProgress, ExportRequest, ExportResult, SampleRow } from './export.ts';
export { ACTION_FORMATS, type ActionFormat } from './action-format.ts';
export { DESTINATIONS, DESTINATION_IDS, type Destination, type DestinationId } from './destinations/registry.ts';
export { LIMITS_PROFILES, LIMITS_PROFILE_IDS, profileLimits, type ExportLimits, type LimitsProfileId } from './limits.ts';
export { ExportOptionsError, ROW_TEXT_STYLES, exportOptionDefaults, exportOptionProblems, exportOptionsSchema, parseExportOptions } from './options.ts';
export type { ExportFormat, ExportOptions, ExportOptionsInput, OptionProblem, RowPromptOptions } from './options.ts';
export type * from './deps.ts';
export { BlobTarget } from './output.ts';
export type { FileSink, OutputTarget, Spool, WrittenFile } from './output.ts';
export type { RowMetadata } from './metadata.ts';
export type { AssistantTarget, DatasetRow, RowMeta, SourcedRow, Split } from './rows.ts';
export { sessionOrigin, type SessionOrigin } from './session-origin.ts';
export type { DropReason, ExportStats } from './stats.ts';
export { formatProblem } from './validate/problems.ts';
export type { Problem } from './validate/problems.ts';
export { validateExportFiles, type FileCheckResult } from './validate/export-files.ts';
export { writeRows, type WriteRowsOptions, type WriteRowsResult } from './write-rows.ts';
