// Checks the finished files of an export to any destination, against the limits of a profile (the destination's by default).
import { destination, type DestinationId } from '../destinations/registry.ts';
import { profileLimits, type ExportLimits, type LimitsProfileId } from '../limits.ts';
import { ProblemList, type Problem } from './problems.ts';

export interface FileCheckResult {
  ok: boolean;
  count: number;
  problems: Problem[];
  warnings: Problem[];
  /** Rows per row file. */
  rows: Record<string, number>;
}

/** `files` maps file names to contents: the JSONL files of openai/annotated, or the one zip of the others. */
export async function validateExportFiles(
  id: DestinationId,
  files: Map<string, Uint8Array>,
  options: { profile?: LimitsProfileId; limits?: Partial<ExportLimits> } = {},
): Promise<FileCheckResult> {
  const target = destination(id);
  const limits = { ...profileLimits(options.profile ?? target.limitsProfile), ...options.limits };
  const problems = new ProblemList(1000);
  const rows = await target.check(files, { limits, problems });
  return { ok: problems.ok, count: problems.count, problems: problems.problems, warnings: problems.warnings, rows };
}
