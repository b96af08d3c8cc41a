// The export panel: choose a format and filters, build the files in the worker with a progress bar, look at the
// preview and the checks, then download.
import { proxy } from 'comlink';
import { useEffect, useState } from 'preact/hooks';
import { sessionOrigin, type ExportProgress, type ExportResult } from '../../dataset/index.ts';
import { ExportFormView } from '../components/export-form.tsx';
import { loadExportForm, optionsFromForm, resetExportForm, saveExportForm, type ExportForm } from '../export-settings.ts';
import { ExportPreview } from '../components/export-preview.tsx';
import type { WorkerApi } from '../worker-client.ts';

const PHASES: Record<ExportProgress['phase'], string> = {
  sessions: 'choosing sessions',
  rows: 'writing rows',
  files: 'finishing files',
  done: 'done',
};

export function ExportView({ api }: { api: WorkerApi }) {
  const [form, setFormState] = useState<ExportForm>(loadExportForm);
  const [models, setModels] = useState<string[]>([]);
  const [sessionCount, setSessionCount] = useState<number | null>(null);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api.listSessions({ limit: 100_000 }).then(
      (sessions) => {
        setSessionCount(sessions.length);
        setModels([...new Set(sessions.flatMap((s) => sessionOrigin(s).model ?? []))].sort());
      },
      (e: Error) => setError(`The sessions could not be listed: ${e.message}`),
    );
  }, []);

  const setForm = (next: ExportForm) => {
    setFormState(next);
    saveExportForm(next);
  };

  const build = async () => {
    setError(null);
    setResult(null);
    setBusy(true);
    setProgress(null);
    try {
      const options = optionsFromForm(form);
      setResult(await api.exports.run(options, proxy((p: ExportProgress) => setProgress(p))));
    } catch (e) {
      setError(`The export was not built: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const share = progress && progress.stepsTotal > 0 ? progress.stepsDone / progress.stepsTotal : 0;
  return (
    <section class="run" aria-label="export">
      <p class="hint">{sessionCount === null ? 'Reading the store…' : `${sessionCount} session${sessionCount === 1 ? '' : 's'} in the store.`} Exports stream: a large store is written a batch of steps at a time.</p>
      <ExportFormView form={form} models={models} busy={busy} onForm={setForm} onReset={() => setFormState(resetExportForm())} onBuild={() => void build()} />
      {busy && (
        <div class="run-progress" data-testid="export-running">
          <progress data-testid="export-progress" max={1} value={share} aria-label="export progress" />
          <p>
            {progress ? `${PHASES[progress.phase]}: ${progress.stepsDone} of ${progress.stepsTotal} steps, ${progress.sessionsDone} of ${progress.sessionsTotal} sessions, ${progress.rows} rows` : 'starting…'}
            {' '}<button type="button" onClick={() => void api.exports.cancel()}>Cancel</button>
          </p>
        </div>
      )}
      {error && <p class="error" role="alert" data-testid="export-error">{error}</p>}
      {result && <ExportPreview result={result} />}
    </section>
  );
}
