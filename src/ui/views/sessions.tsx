// The sessions in the trace store: list, delete, download as SQLite, import a SQLite file.
import { useEffect, useState } from 'preact/hooks';
import type { SessionRecord } from '../../storage/types.ts';
import { CrafterFiles } from '../components/crafter-files.tsx';
import { downloadBlob } from '../download.ts';
import type { WorkerApi } from '../worker-client.ts';

interface Props {
  api: WorkerApi;
  onReplay: (sessionId: string) => void;
}

export function SessionsView({ api, onReplay }: Props) {
  const [sessions, setSessions] = useState<SessionRecord[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');

  const refresh = async () => {
    try {
      setSessions(await api.listSessions());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => void refresh(), []);

  const remove = async (s: SessionRecord) => {
    if (!confirm(`Delete the ${s.source} session of seed ${s.seed} (${s.length} steps)?`)) return;
    await api.deleteSessions([s.id]);
    setMessage(`Deleted session ${s.id}.`);
    await refresh();
  };

  const download = async () => {
    try {
      const file = await api.exportStore();
      downloadBlob(file.blob, file.name);
      setMessage(`Downloaded ${file.sessions} sessions (${file.bytes} bytes).`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const importFile = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    try {
      const result = await api.importStore(file, mode);
      setMessage(`Imported ${file.name} (${mode}): ${JSON.stringify(result)}`);
      await refresh();
    } catch (e) {
      setError(`Could not import ${file.name}: ${(e as Error).message}. Nothing in the store was changed.`);
    } finally {
      input.value = '';
    }
  };

  return (
    <section class="sessions" aria-label="sessions">
      <div class="toolbar">
        <button type="button" onClick={() => void download()}>Download store (.db)</button>
        <fieldset>
          <legend>Import a .db file</legend>
          <label><input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> merge</label>
          <label><input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> replace</label>
          <label>File <input type="file" accept=".db,.sqlite,application/vnd.sqlite3" onChange={(e) => void importFile(e)} data-testid="import-file" /></label>
        </fieldset>
        <button type="button" onClick={() => void refresh()}>Refresh</button>
      </div>
      <CrafterFiles api={api} onImported={() => void refresh()} />
      {message && <p class="message" role="status">{message}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {sessions === null ? (
        <p>Loading…</p>
      ) : sessions.length === 0 ? (
        <p>No sessions yet: play, or run an agent.</p>
      ) : (
        <table data-testid="sessions-table">
          <thead>
            <tr><th>Source</th><th>Seed</th><th>Episode</th><th>Length</th><th>Reward</th><th>Achievements</th><th>Started</th><th>Actions</th></tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-session={s.id}>
                <td>{s.source}{s.policyName ? ` (${s.policyName})` : ''}</td>
                <td>{s.seed}</td>
                <td>{s.episode}</td>
                <td data-testid="session-length">{s.length}</td>
                <td>{s.totalReward.toFixed(1)}</td>
                <td>{s.achievements.length}</td>
                <td>{new Date(s.startedAt).toLocaleString()}</td>
                <td>
                  <button type="button" onClick={() => onReplay(s.id)}>Replay</button>{' '}
                  <button type="button" onClick={() => void remove(s)}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
