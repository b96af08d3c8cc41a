// Results of finished runs: the figures of one run, or two side by side (a base model and its fine-tune, say),
// with charts, the episodes, and a JSON download.
import { useState } from 'preact/hooks';
import { ACHIEVEMENTS } from '../../sim/rules.ts';
import { END_REASONS } from '../../storage/types.ts';
import type { RunResults as Results } from '../../agent/run-results.ts';
import { RESULT_ROWS, money } from '../../agent/results-table.ts';
import { downloadBytes } from '../download.ts';
import { BarChart, LineChart, SERIES_COLORS } from './charts.tsx';

interface Props {
  /** Null while the store is read. */
  runs: Results[] | null;
  onRefresh: () => void;
}

function label(r: Results): string {
  return `${r.name} — ${new Date(r.startedAt).toLocaleString()}`;
}

export function RunResultsView({ runs, onRefresh }: Props) {
  const [a, setA] = useState<string | null>(null);
  const [b, setB] = useState<string>('');
  const first = runs?.find((r) => r.runId === a) ?? runs?.[0];
  const second = runs?.find((r) => r.runId === b && r.runId !== first?.runId);
  if (!runs || !first) {
    return (
      <section class="run-results" aria-label="results">
        <h2>Results</h2>
        <p data-testid="results-note">{runs ? 'No runs yet.' : 'Reading the results of earlier runs…'}</p>
      </section>
    );
  }
  const shown = second ? [first, second] : [first];
  const download = () => {
    const name = shown.map((r) => r.name.replace(/[^\w.-]+/g, '_')).join('-vs-');
    downloadBytes(JSON.stringify(shown.length === 1 ? shown[0] : shown, null, 2), `crafter-results-${name}.json`, 'application/json');
  };
  return (
    <section class="run-results" aria-label="results">
      <h2>Results</h2>
      <div class="toolbar">
        <label>
          Run{' '}
          <select data-testid="results-run-a" value={first.runId} onChange={(e) => setA((e.target as HTMLSelectElement).value)}>
            {runs.map((r) => <option key={r.runId} value={r.runId}>{label(r)}</option>)}
          </select>
        </label>
        <label>
          Compare with{' '}
          <select data-testid="results-run-b" value={second?.runId ?? ''} onChange={(e) => setB((e.target as HTMLSelectElement).value)}>
            <option value="">—</option>
            {runs.filter((r) => r.runId !== first.runId).map((r) => <option key={r.runId} value={r.runId}>{label(r)}</option>)}
          </select>
        </label>
        <button type="button" onClick={download}>Download results (JSON)</button>
        <button type="button" onClick={onRefresh}>Refresh</button>
      </div>
      <table data-testid="results-table">
        <thead>
          <tr><th /> {shown.map((r, i) => <th key={r.runId} style={{ color: SERIES_COLORS[i] }}>{r.name}</th>)}</tr>
        </thead>
        <tbody>
          {RESULT_ROWS.map(([name, cell]) => (
            <tr key={name} data-row={name}>
              <th scope="row">{name}</th>
              {shown.map((r) => <td key={r.runId}>{cell(r)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <div class="charts">
        <BarChart
          title="Success rate per achievement (% of complete episodes)"
          labels={ACHIEVEMENTS}
          max={100}
          unit=" %"
          series={shown.map((r, i) => ({ name: r.name, color: SERIES_COLORS[i], values: ACHIEVEMENTS.map((name) => r.metrics.successRates[name]) }))}
        />
        <LineChart
          title="Mean cumulative reward over steps"
          xLabel="step"
          yLabel="reward"
          series={shown.map((r, i) => ({ name: r.name, color: SERIES_COLORS[i], values: r.rewardCurve }))}
        />
      </div>
      <details>
        <summary>Episodes of {first.name}</summary>
        <table data-testid="results-episodes">
          <thead>
            <tr><th>#</th><th>Seed</th><th>Episode</th><th>End</th><th>Length</th><th>Reward</th><th>Achievements</th><th>Calls</th><th>Tokens in / out</th><th>Cost</th></tr>
          </thead>
          <tbody>
            {first.episodes.map((e) => (
              <tr key={e.index}>
                <td>{e.index + 1}</td>
                <td>{e.seed}</td>
                <td>{e.episode}</td>
                <td title={e.error ?? ''}>{e.status === 'running' ? 'playing' : END_REASONS[e.status]}</td>
                <td>{e.length}</td>
                <td>{e.reward.toFixed(1)}</td>
                <td title={e.achievements.join(', ')}>{e.achievements.length}</td>
                <td>{e.modelCalls}</td>
                <td>{e.inputTokens} / {e.outputTokens}</td>
                <td>{money(e.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
