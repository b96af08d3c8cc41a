// How the dataset tools end: the checks' warnings and problems of the files written, one per line.
import { formatProblem, type ExportResult } from '../../src/dataset/index.ts';

export function printChecks(validation: ExportResult['validation'], elapsedMs: number): void {
  for (const warning of validation.warnings) console.log(`warning: ${formatProblem(warning)}`);
  if (validation.ok) {
    console.log(`checks: every row passed (${elapsedMs} ms)`);
    return;
  }
  const listed = validation.count > validation.problems.length ? ` (first ${validation.problems.length} listed)` : '';
  console.log(`checks: ${validation.count} problems${listed}:`);
  for (const problem of validation.problems) console.log(`  ${formatProblem(problem)}`);
}
