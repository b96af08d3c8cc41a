// The run panel: N episodes of a model or a built-in agent, watched live, paused, resumed or stopped, and their results.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RunResults } from '../../agent/run-results.ts';
import type { RunStatus } from '../../agent/run.ts';
import { RunFormView } from '../components/run-form.tsx';
import { RunProgress } from '../components/run-progress.tsx';
import { RunResultsView } from '../components/run-results.tsx';
import {
  connectionFromForm, credentialsFromForm, loadApiKey, loadRunForm, probeSettingsFromForm, runConfigFromForm, saveRunForm, storeApiKey, type RunForm,
} from '../run-settings.ts';
import type { WorkerApi } from '../worker-client.ts';

const POLL_MS = 250;
const STORE_POLL_MS = 1000;

interface Props {
  api: WorkerApi;
  scale: number;
}

const isEnded = (s: RunStatus | null) => !s || s.state === 'finished' || s.state === 'stopped';

/** The trace store's size in bytes, as the store reports it: the one place that reads it. */
async function storeSize(api: WorkerApi): Promise<number> {
  const status = await api.storeStatus();
  return status.bytes;
}

/** Runs newest first, a run's latest results replacing what was read of it before. */
function mergeRuns(stored: RunResults[], latest: Record<string, RunResults>): RunResults[] {
  const fresh = Object.values(latest);
  const known = new Set(fresh.map((r) => r.runId));
  return [...fresh, ...stored.filter((r) => !known.has(r.runId))].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

export function RunView({ api, scale }: Props) {
  const [form, setFormState] = useState<RunForm>(loadRunForm);
  const [apiKey, setApiKeyState] = useState<string>(() => loadApiKey());
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [liveIndex, setLiveIndex] = useState<number | null>(null);
  // Every run the store and this tab know, read once (null until then); runs of this visit are re-read as they play.
  const [stored, setStored] = useState<RunResults[] | null>(null);
  const [latest, setLatest] = useState<Record<string, RunResults>>({});
  const [storeBytes, setStoreBytes] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const liveRef = useRef<number | null>(null);
  liveRef.current = liveIndex;

  const loadResults = async () => {
    try {
      setStored(await api.runs.allResults());
    } catch (e) {
      setStored((s) => s ?? []);
      setError(`Results could not be read: ${(e as Error).message}`);
    }
  };

  // Back on this tab while a run plays (the worker keeps it): show it again.
  useEffect(() => {
    void (async () => {
      const playing = (await api.runs.list()).find((r) => r.state !== 'finished' && r.state !== 'stopped');
      if (playing) setStatus(await api.runs.status(playing.runId));
      await loadResults();
    })();
  }, []);

  const runId = status?.runId ?? null;
  const ended = isEnded(status);
  useEffect(() => {
    if (!runId || ended) return;
    let cancelled = false;
    const timer = setInterval(async () => {
      try {
        const next = await api.runs.status(runId, liveRef.current);
        if (!cancelled) setStatus(next);
      } catch (e) {
        if (!cancelled) setError((e as Error).message);
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [runId, ended]);

  // The run's results as its episodes end, and once more when it ends, however it ended (the poll, Stop, or Resume).
  const episodesDone = status?.episodesDone ?? 0;
  useEffect(() => {
    if (!runId) return;
    let cancelled = false;
    api.runs.results(runId).then(
      (results) => !cancelled && setLatest((runs) => ({ ...runs, [results.runId]: results })),
      (e: Error) => !cancelled && setError(`Results could not be read: ${e.message}`),
    );
    return () => {
      cancelled = true;
    };
  }, [runId, episodesDone, ended]);

  // The store's size while the run writes to it, and once after.
  useEffect(() => {
    if (!runId) return;
    let cancelled = false;
    const read = () => storeSize(api).then((bytes) => !cancelled && setStoreBytes(bytes), () => undefined);
    void read();
    const timer = ended ? undefined : setInterval(read, STORE_POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [runId, ended]);

  const setForm = (next: RunForm) => {
    setFormState(next);
    saveRunForm(next);
    storeApiKey(apiKey, next.rememberKey);
  };
  const setApiKey = (key: string) => {
    setApiKeyState(key);
    storeApiKey(key, form.rememberKey);
  };
  const isModel = form.agent === 'model';

  const start = async () => {
    setError(null);
    try {
      const config = runConfigFromForm(form);
      setLiveIndex(null);
      setStoreBytes(null);
      setStatus(await api.runs.start(config, isModel ? credentialsFromForm(form, apiKey) : null));
    } catch (e) {
      setError(`The run could not start: ${(e as Error).message}`);
    }
  };

  const control = (action: () => Promise<RunStatus>) => async () => {
    setError(null);
    try {
      setStatus(await action());
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section class="run" aria-label="run">
      <RunFormView
        form={form}
        apiKey={apiKey}
        running={!ended}
        onForm={setForm}
        onApiKey={setApiKey}
        onStart={() => void start()}
        onProbe={async () => api.runs.probe(connectionFromForm(form, apiKey), probeSettingsFromForm(form))}
      />
      {error && <p class="error" role="alert" data-testid="run-error">{error}</p>}
      {status && runId && (
        <RunProgress
          status={status}
          storeBytes={storeBytes}
          liveIndex={liveIndex}
          scale={Math.max(2, Math.min(scale, 6))}
          onLive={setLiveIndex}
          onPause={control(() => api.runs.pause(runId))}
          // The connection as the fields are now: a corrected URL, model, key or header takes effect.
          onResume={control(async () => api.runs.resume(runId, isModel ? connectionFromForm(form, apiKey) : null))}
          onStop={control(() => api.runs.stop(runId))}
        />
      )}
      <RunResultsView runs={stored && mergeRuns(stored, latest)} onRefresh={() => void loadResults()} />
    </section>
  );
}
