// Evaluations side by side as a plain-text table: one row per family, one column per evaluation, each cell the
// accuracy with its 95 % Wilson interval.
import type { Score } from './score.ts';
import type { Evaluation } from './evaluate.ts';

const pct = (x: number) => `${Math.round(100 * x)}`;

export function scoreCell(s: Score | undefined): string {
  if (!s) return '—';
  if (s.probes === s.failed) return 'failed';
  return `${pct(s.accuracy)}% [${pct(s.low)}-${pct(s.high)}]${s.failed ? ` ${s.failed} failed` : ''}`;
}

/** A table of the evaluations (columns numbered, labels and ids listed under it), families in the order given. */
export function comparisonTable(evaluations: readonly Evaluation[], families: readonly string[]): string {
  const header = ['family', 'n', ...evaluations.map((_, i) => `[${i + 1}]`)];
  const rows = families.map((family) => {
    const scores = evaluations.map((e) => e.families.find((f) => f.family === family));
    return [family, String(scores.find(Boolean)?.probes ?? 0), ...scores.map(scoreCell)];
  });
  rows.push(['all probes', String(evaluations[0]?.overall.probes ?? 0), ...evaluations.map((e) => scoreCell(e.overall))]);
  rows.push(['family mean', '', ...evaluations.map((e) => `${pct(e.macroAccuracy)}%`)]);
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  const legend = evaluations.map((e, i) => `[${i + 1}] ${e.name} (${e.startedAt.slice(0, 19).replace('T', ' ')}, id ${e.id})`);
  return [line(header), ...rows.map(line), '', ...legend].join('\n');
}
