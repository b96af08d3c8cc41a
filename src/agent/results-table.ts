// The rows of a run's results table, shared by the page and the command line.
import type { RunResults } from './run-results.ts';

export const money = (usd: number | null) => (usd === null ? 'unknown' : `$${usd < 0.01 ? usd.toFixed(6) : usd.toFixed(4)}`);

export const RESULT_ROWS: ReadonlyArray<readonly [string, (r: RunResults) => string]> = [
  ['Agent', (r) => r.agent],
  ['Episodes (complete / all)', (r) => `${r.completeEpisodes} / ${r.episodes.length}`],
  ['Crafter score', (r) => `${r.metrics.crafterScore.toFixed(2)} %`],
  ['BALROG progression', (r) => `${(100 * r.metrics.balrogProgression).toFixed(1)} %`],
  ['Mean reward', (r) => r.metrics.meanReward.toFixed(2)],
  ['Mean length', (r) => r.metrics.meanLength.toFixed(1)],
  ['Model calls', (r) => String(r.totals.modelCalls)],
  ['Tokens per step (in / out)', (r) => (r.totals.modelCalls ? `${r.perStep.inputTokens.toFixed(1)} / ${r.perStep.outputTokens.toFixed(1)}` : '—')],
  ['Cost per step', (r) => (r.totals.modelCalls ? money(r.perStep.costUsd) : '—')],
  ['Total cost', (r) => (r.totals.modelCalls ? money(r.totals.costUsd) : '—')],
  ['Invalid actions / noop fallbacks', (r) => `${r.totals.invalidActions} / ${r.totals.fallbackNoops}`],
  ['Retries', (r) => String(r.totals.retries)],
  ['State', (r) => r.state],
];
