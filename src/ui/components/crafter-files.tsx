// Crafter's own files in the Sessions view: import Recorder episodes (.npz, with stats.jsonl and an optional seed per
// file), export sessions as a Recorder folder (zipped .npz files and stats.jsonl), and a run as a scores/*.json run.
import { proxy } from 'comlink';
import { useEffect, useState } from 'preact/hooks';
import type { ImportBatchResult, ImportProgress } from '../../agent/recordings/write.ts';
import type { TextStyle } from '../../sim/text.ts';
import { SESSION_SOURCES, type SessionSource } from '../../storage/types.ts';
import { downloadBytes } from '../download.ts';
import type { WorkerApi } from '../worker-client.ts';

interface Props {
  api: WorkerApi;
  /** Called after an import wrote sessions, so the list can refresh. */
  onImported: () => void;
}

interface Chosen {
  file: File;
  /** As typed: empty for no seed. */
  seed: string;
  episode: string;
}

interface RunChoice {
  runId: string;
  name: string;
}

const download = async (blob: Blob, name: string, type: string) => downloadBytes(new Uint8Array(await blob.arrayBuffer()), name, type);

function parseSeed(chosen: Chosen): { seed?: number; episode?: number } {
  if (!chosen.seed.trim()) return {};
  const seed = Number(chosen.seed);
  const episode = chosen.episode.trim() ? Number(chosen.episode) : 1;
  if (!Number.isSafeInteger(seed)) throw new Error(`${chosen.file.name}: the seed must be an integer`);
  if (!Number.isSafeInteger(episode) || episode < 1) throw new Error(`${chosen.file.name}: the episode must be an integer from 1`);
  return { seed, episode };
}

export function CrafterFiles({ api, onImported }: Props) {
  const [episodes, setEpisodes] = useState<Chosen[]>([]);
  const [stats, setStats] = useState<File | null>(null);
  const [textStyle, setTextStyle] = useState<TextStyle>('language');
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<ImportBatchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [source, setSource] = useState<SessionSource | ''>('');
  const [runs, setRuns] = useState<RunChoice[]>([]);
  const [runId, setRunId] = useState('');
  const [method, setMethod] = useState('');

  const loadRuns = async () => {
    const found = new Map<string, string>();
    for (const s of await api.listSessions({ limit: 1_000_000 })) {
      const id = s.metadata?.runId;
      if (typeof id === 'string' && !found.has(id)) found.set(id, typeof s.metadata?.runName === 'string' ? s.metadata.runName : id);
    }
    setRuns([...found].map(([id, name]) => ({ runId: id, name })));
  };
  useEffect(() => void loadRuns().catch((e: Error) => setError(e.message)), []);

  const choose = (event: Event) => {
    const files = [...((event.target as HTMLInputElement).files ?? [])];
    setEpisodes(files.filter((f) => !f.name.endsWith('.jsonl')).map((file) => ({ file, seed: '', episode: '1' })));
    setStats(files.find((f) => f.name.endsWith('.jsonl')) ?? null);
    setResult(null);
    setError(null);
  };
  const edit = (i: number, change: Partial<Chosen>) => setEpisodes(episodes.map((c, j) => (j === i ? { ...c, ...change } : c)));

  /**
   * Runs `work` with the buttons held; its `progress` lines show only while it runs: the worker's progress calls
   * travel on a port of their own, and the last may arrive after the work's answer.
   */
  const run = async (label: string, work: (progress: (line: string) => void) => Promise<void>) => {
    let running = true;
    setBusy(label);
    setError(null);
    setMessage(null);
    try {
      await work((line) => {
        if (running) setBusy(line);
      });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      running = false;
      setBusy(null);
    }
  };

  const importChosen = () => run('Importing…', async (progress) => {
    const uploads = episodes.map((c) => ({ name: c.file.name, blob: c.file, ...parseSeed(c) }));
    const statsFile = stats && { name: stats.name, text: await stats.text() };
    const onProgress = proxy((p: ImportProgress) => progress(`Importing ${p.file} (${p.filesDone + 1} of ${p.filesTotal}): ${p.stepsDone} steps written…`));
    setResult(await api.recordings.importFiles(uploads, { textStyle, stats: statsFile }, onProgress));
    onImported();
  });

  const exportEpisodes = () => run('Exporting…', async (progress) => {
    const onProgress = proxy((done: number) => progress(`Exporting: ${done} episodes written…`));
    const { zip, episodes: count } = await api.recordings.exportEpisodes(source ? { source } : {}, onProgress);
    await download(zip, `crafter-episodes-${new Date().toISOString().slice(0, 19).replaceAll(':', '-')}.zip`, 'application/zip');
    setMessage(`Exported ${count} episodes as Crafter Recorder .npz files with their stats.jsonl.`);
  });

  const exportScores = () => run('Writing scores…', async () => {
    const chosen = runs.find((r) => r.runId === runId);
    if (!chosen) throw new Error('choose a run');
    const name = method.trim() || chosen.name;
    const { json, episodes: count, unfinished } = await api.recordings.scores({ runId, method: name });
    await download(new Blob([json]), `crafter_reward-${name.replace(/[^\w.-]+/g, '_')}.json`, 'application/json');
    setMessage(`Wrote ${count} finished episodes${unfinished ? ` (${unfinished} unfinished left out)` : ''} as a Crafter scores file.`);
  });

  return (
    <fieldset class="crafter-files" aria-label="Crafter files">
      <legend>Crafter files</legend>
      <label>
        Import Crafter recording (.npz / stats.jsonl){' '}
        <input type="file" multiple accept=".npz,.jsonl" onChange={choose} data-testid="crafter-import-files" />
      </label>
      {episodes.length > 0 && (
        <div>
          <p class="hint">
            Crafter's files keep no seed. Give the seed (and episode) a file was played with to verify it by re-simulation;
            without one it replays and exports, but cannot be verified.{stats ? ` ${stats.name} is matched to the episodes.` : ''}
          </p>
          <table data-testid="crafter-import-table">
            <thead><tr><th>File</th><th>Seed (optional)</th><th>Episode</th></tr></thead>
            <tbody>
              {episodes.map((c, i) => (
                <tr key={c.file.name}>
                  <td>{c.file.name}</td>
                  <td><input type="text" inputMode="numeric" size={8} value={c.seed} aria-label={`seed of ${c.file.name}`} onInput={(e) => edit(i, { seed: (e.target as HTMLInputElement).value })} /></td>
                  <td><input type="text" inputMode="numeric" size={4} value={c.episode} aria-label={`episode of ${c.file.name}`} onInput={(e) => edit(i, { episode: (e.target as HTMLInputElement).value })} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            Text stored with each step{' '}
            <select value={textStyle} aria-label="text stored" onChange={(e) => setTextStyle((e.target as HTMLSelectElement).value as TextStyle)}>
              <option value="language">language</option>
              <option value="state">state</option>
            </select>
          </label>
          <button type="button" disabled={busy !== null} onClick={() => void importChosen()}>Import {episodes.length} file{episodes.length === 1 ? '' : 's'}</button>
        </div>
      )}
      {result && (
        <ul data-testid="crafter-import-result">
          {result.files.map((f) => (
            <li key={f.file} class={f.error ? 'error' : undefined}>
              {f.error
                ? `${f.file}: not imported: ${f.error}`
                : `${f.file}: ${f.steps} steps imported${f.seeded ? ' (with its seed: can be verified)' : ' (no seed: cannot be verified)'}${f.statsLine ? `, stats.jsonl line ${f.statsLine}` : ''}`}
            </li>
          ))}
          {result.unmatchedStatsLines.length > 0 && <li>stats.jsonl lines matching no imported episode: {result.unmatchedStatsLines.join(', ')}</li>}
        </ul>
      )}
      <div class="toolbar">
        <label>
          Sessions{' '}
          <select value={source} aria-label="sessions to export" onChange={(e) => setSource((e.target as HTMLSelectElement).value as SessionSource | '')}>
            <option value="">all ended</option>
            {SESSION_SOURCES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <button type="button" disabled={busy !== null} onClick={() => void exportEpisodes()}>Export as Crafter .npz</button>
        <label>
          Run{' '}
          <select value={runId} aria-label="run to export" onChange={(e) => setRunId((e.target as HTMLSelectElement).value)} onFocus={() => void loadRuns()}>
            <option value="">choose a run</option>
            {runs.map((r) => <option key={r.runId} value={r.runId}>{r.name}</option>)}
          </select>
        </label>
        <label>Method <input type="text" size={14} value={method} placeholder="run name" onInput={(e) => setMethod((e.target as HTMLInputElement).value)} /></label>
        <button type="button" disabled={busy !== null || !runId} onClick={() => void exportScores()}>Export scores JSON</button>
      </div>
      {busy && <p role="status">{busy}</p>}
      {message && <p class="message" role="status">{message}</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </fieldset>
  );
}
