// The results as the page shows them, in text: the results table, then the success rate of every achievement.
import { RESULT_ROWS } from '../../../src/agent/results-table.ts';
import type { RunResults } from '../../../src/agent/run-results.ts';
import { ACHIEVEMENTS } from '../../../src/sim/rules.ts';

export function resultsText(results: RunResults): string {
  const width = Math.max(...RESULT_ROWS.map(([name]) => name.length), ...ACHIEVEMENTS.map((name) => name.length + 2));
  const lines = [`results of ${results.name} (${results.runId})`];
  for (const [name, cell] of RESULT_ROWS) lines.push(`  ${name.padEnd(width)}  ${cell(results)}`);
  lines.push(`  success rates (% of ${results.completeEpisodes} complete episodes):`);
  for (const name of ACHIEVEMENTS) lines.push(`    ${name.padEnd(width - 2)}  ${results.metrics.successRates[name].toFixed(1).padStart(5)} %`);
  return lines.join('\n');
}
