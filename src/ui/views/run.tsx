// The run panel: N episodes of a model or a built-in agent, watched live, paused, resumed or stopped, and their results.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RunResults } from '../../agent/run-results.ts';
import type { RunStatus } from '../../agent/run.ts';
import { RunFormView } from '../components/run-form.tsx';
import { RunProgress } from '../components/run-progress.tsx';
import { RunResultsView } from '../components/run-results.tsx';
import { loadApiKey, loadRunForm, runConfigFromForm, saveRunForm, storeApiKey, type RunForm } from '../run-settings.ts';
import type { WorkerApi } from '../worker-client.ts';

const POLL_MS = 250;

interface Props {
  api: WorkerApi;
  scale: number;
}

const isEnded = (s: RunStatus | null) => !s || s.state === 'finished' || s.state === 'stopped';

export function RunView({ api, scale }: Props) {
  const [form, setFormState] = useState<RunForm>(loadRunForm);
  const [apiKey, setApiKeyState] = useState<string>(() => loadApiKey());
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [liveIndex, setLiveIndex] = useState<number | null>(null);
  const [results, setResults] = useState<RunResults[]>([]);
  const [error, setError] = useState<string | null>(null);
  const liveRef = useRef<number | null>(null);
  liveRef.current = liveIndex;

  const refreshResults = async () => {
    try {
      setResults(await api.runs.allResults());
    } catch (e) {
      setError(`Results could not be read: ${(e as Error).message}`);
    }
  };

  // Back on this tab while a run plays (the worker keeps it): show it again.
  useEffect(() => {
    void (async () => {
      const playing = (await api.runs.list()).find((r) => r.state !== 'finished' && r.state !== 'stopped');
      if (playing) setStatus(await api.runs.status(playing.runId));
      await refreshResults();
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
        if (cancelled) return;
        setStatus(next);
        if (isEnded(next)) void refreshResults();
      } catch (e) {
        if (!cancelled) setError((e as Error).message);
      }
    }, POLL_MS);
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

  const start = async () => {
    setError(null);
    try {
      const config = runConfigFromForm(form);
      setLiveIndex(null);
      setStatus(await api.runs.start(config, form.agent === 'model' ? apiKey : null));
    } catch (e) {
      setError(`The run could not start: ${(e as Error).message}`);
    }
  };

  const control = (action: () => Promise<RunStatus>) => async () => {
    try {
      setStatus(await action());
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section class="run" aria-label="run">
      <RunFormView form={form} apiKey={apiKey} running={!ended} onForm={setForm} onApiKey={setApiKey} onStart={() => void start()} />
      {error && <p class="error" role="alert" data-testid="run-error">{error}</p>}
      {status && runId && (
        <RunProgress
          status={status}
          liveIndex={liveIndex}
          scale={Math.max(2, Math.min(scale, 6))}
          onLive={setLiveIndex}
          onPause={control(() => api.runs.pause(runId))}
          onResume={control(() => api.runs.resume(runId, form.agent === 'model' ? apiKey : null))}
          onStop={control(() => api.runs.stop(runId))}
        />
      )}
      <RunResultsView runs={results} onRefresh={() => void refreshResults()} />
    </section>
  );
}
