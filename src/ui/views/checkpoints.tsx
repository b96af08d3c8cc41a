// The Checkpoints tab: generate a probe set (fresh worlds or the store's sessions), run it against a model (the run
// panel's connection fields) or the baselines, compare the per-family scores with their intervals beside the earlier
// evaluations the store keeps, and export the set as training rows.
import { proxy } from 'comlink';
import { useEffect, useState } from 'preact/hooks';
import { FAMILY_IDS } from '../../agent/probes/families/index.ts';
import { subjectLabel, type EvaluateProgress } from '../../agent/probes/evaluate.ts';
import type { GenerateProgress } from '../../agent/probes/generate.ts';
import { scoreCell } from '../../agent/probes/report.ts';
import type { ImageMode } from '../../agent/prompt.ts';
import type { TextStyle } from '../../sim/text.ts';
import type { EvaluationSummary, ProbeSample, ProbeSetInfo } from '../../worker/probe-service.ts';
import { ProbeRowsExport } from '../components/probe-rows-export.tsx';
import { downloadBytes } from '../download.ts';
import { IMAGE_MODE_CHOICES, Options, TEXT_STYLE_CHOICES } from '../prompt-choices.tsx';
import { loadApiKey, loadRunForm, saveRunForm, storeApiKey } from '../run-settings.ts';
import type { WorkerApi } from '../worker-client.ts';

interface CheckpointForm {
  seed: number;
  perFamily: number;
  families: string[];
  source: 'fresh' | 'sessions';
  worlds: number;
  steps: number;
  answerWith: 'model' | 'baselines';
  mode: ImageMode;
  textStyle: TextStyle;
  temperature: number;
  maxTokens: number;
  parallel: number;
  name: string;
}

const DEFAULT_FORM: CheckpointForm = {
  seed: 0, perFamily: 40, families: [...FAMILY_IDS], source: 'fresh', worlds: 8, steps: 1000,
  answerWith: 'baselines', mode: 'image', textStyle: 'language', temperature: 0, maxTokens: 64, parallel: 4, name: '',
};
const FORM_KEY = 'crafter-web:checkpoints-form';

function loadForm(): CheckpointForm {
  try {
    const raw = JSON.parse(localStorage.getItem(FORM_KEY) ?? '{}') as Partial<CheckpointForm>;
    const merged = { ...DEFAULT_FORM, ...raw };
    return { ...merged, families: Array.isArray(raw.families) ? raw.families.filter((f) => FAMILY_IDS.includes(f)) : DEFAULT_FORM.families };
  } catch {
    return { ...DEFAULT_FORM };
  }
}

const MAX_COLUMNS = 6;
const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

export function CheckpointsView({ api }: { api: WorkerApi }) {
  const [form, setFormState] = useState<CheckpointForm>(loadForm);
  const [connection, setConnection] = useState(() => {
    const run = loadRunForm();
    return { baseUrl: run.baseUrl, model: run.model, timeoutSeconds: run.timeoutSeconds, maxRetries: run.maxRetries, requestsPerMinute: run.requestsPerMinute, rememberKey: run.rememberKey };
  });
  const [apiKey, setApiKey] = useState(loadApiKey);
  const [sets, setSets] = useState<ProbeSetInfo[]>([]);
  const [setId, setSetId] = useState<string | null>(null);
  const [samples, setSamples] = useState<ProbeSample[]>([]);
  const [evaluations, setEvaluations] = useState<EvaluationSummary[]>([]);
  /** Every evaluation the store keeps, of any set. */
  const [stored, setStored] = useState<EvaluationSummary[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const current = sets.find((s) => s.id === setId) ?? null;
  const set = (change: Partial<CheckpointForm>) => {
    const next = { ...form, ...change };
    setFormState(next);
    localStorage.setItem(FORM_KEY, JSON.stringify(next));
  };
  // The model connection is the run panel's: edits here show there too.
  const connect = (change: Partial<typeof connection>) => {
    const next = { ...connection, ...change };
    setConnection(next);
    saveRunForm({ ...loadRunForm(), ...next });
  };

  const refresh = async (id: string | null) => {
    const known = await api.probes.listSets();
    setSets(known);
    // Back on this tab in the same visit: show the newest set again.
    if (id === null && known.length) return setSetId(known[known.length - 1].id);
    const all = await api.probes.evaluations();
    setStored(all);
    setEvaluations(all.filter((e) => e.set.id === id));
    setSamples(id ? await api.probes.samples(id, 1) : []);
  };
  useEffect(() => void refresh(setId).catch((e: Error) => setError(e.message)), [setId]);

  const run = async (what: string, work: () => Promise<void>) => {
    setError(null);
    setBusy(what);
    setProgress(null);
    try {
      await work();
    } catch (e) {
      setError(`${what} did not finish: ${(e as Error).message}`);
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  const generate = () => run('Generating the probe set', async () => {
    const source = form.source === 'fresh' ? { kind: 'fresh' as const, worlds: form.worlds, steps: form.steps } : { kind: 'sessions' as const, sessions: [] };
    const info = await api.probes.generate(
      { seed: form.seed, perFamily: form.perFamily, families: form.families, source },
      proxy((p: GenerateProgress) => setProgress(`${p.phase}: ${p.done} of ${p.total}, ${p.candidates} candidate frames`)),
    );
    setSetId(info.id);
    await refresh(info.id);
  });

  const load = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    void run(`Loading ${file.name}`, async () => {
      const info = await api.probes.importSet(await file.text());
      setSetId(info.id);
      await refresh(info.id);
    }).finally(() => (input.value = ''));
  };

  const evaluate = () => run('The evaluation', async () => {
    if (!current) return;
    const onProgress = proxy((p: EvaluateProgress) => setProgress(`${p.done} of ${p.total} probes, ${p.correct} right${p.failed ? `, ${p.failed} failed` : ''}`));
    if (form.answerWith === 'baselines') await api.probes.baselines(current.id, form.textStyle);
    else {
      await api.probes.evaluate(current.id, {
        kind: 'model', baseUrl: connection.baseUrl, model: connection.model, mode: form.mode, textStyle: form.textStyle, temperature: form.temperature,
        maxTokens: form.maxTokens, timeoutMs: Math.round(connection.timeoutSeconds * 1000), maxRetries: connection.maxRetries,
        requestsPerMinute: connection.requestsPerMinute, parallel: form.parallel, name: form.name.trim() || undefined,
      }, apiKey, onProgress);
    }
    await refresh(current.id);
  });

  const forget = (evaluation: EvaluationSummary) => run(`Deleting ${evaluation.name}`, async () => {
    await api.probes.deleteEvaluation(evaluation.id);
    await refresh(setId);
  });

  const num = (field: 'seed' | 'perFamily' | 'worlds' | 'steps' | 'temperature' | 'maxTokens' | 'parallel', label: string, attrs: Record<string, number> = {}) => (
    <label>{label} <input type="number" name={field} value={form[field]} onInput={(e) => set({ [field]: Number(value(e)) })} {...attrs} /></label>
  );
  const shown = evaluations.slice(0, MAX_COLUMNS);
  const families = current?.families.filter((f) => f.probes > 0).map((f) => f.family) ?? [];
  const otherSets = [...new Set(stored.filter((e) => e.set.id !== setId).map((e) => `${e.set.id} (seed ${e.set.seed})`))];

  return (
    <section class="run checkpoints" aria-label="checkpoints">
      <p class="hint">Vision checkpoints: questions about single frames with exact answers from the simulator (what you face, where the nearest tree is, how many zombies are in view, day or night, each vital, inventory counts, what you could craft), balanced per family, reproducible from the seed.</p>
      <form class="run-form" aria-label="probe set" onSubmit={(e) => { e.preventDefault(); void generate(); }}>
        <fieldset>
          <legend>Probe set</legend>
          {num('seed', 'Seed', { min: 0 })}
          {num('perFamily', 'Probes per family', { min: 2, max: 1000 })}
          <label>Frames from <select name="source" value={form.source} onChange={(e) => set({ source: value(e) as CheckpointForm['source'] })}>
            <option value="fresh">fresh worlds played by the built-in agents</option>
            <option value="sessions">the sessions recorded in the store</option>
          </select></label>
          {form.source === 'fresh' && num('worlds', 'Worlds', { min: 1, max: 500 })}
          {form.source === 'fresh' && num('steps', 'Steps per world', { min: 1, max: 10000 })}
          <button type="submit" disabled={busy !== null || form.families.length === 0}>Generate set</button>
          <label>Or load a set file <input type="file" name="setFile" accept="application/json,.json" onChange={load} disabled={busy !== null} /></label>
        </fieldset>
        <fieldset class="families">
          <legend>Families ({form.families.length} of {FAMILY_IDS.length})</legend>
          {FAMILY_IDS.map((id) => (
            <label class="inline" key={id}>
              <input type="checkbox" name={`family-${id}`} checked={form.families.includes(id)}
                onChange={(e) => set({ families: FAMILY_IDS.filter((f) => (f === id ? (e.target as HTMLInputElement).checked : form.families.includes(f))) })} /> {id}{' '}
            </label>
          ))}
        </fieldset>
      </form>
      {busy && (
        <p data-testid="checkpoints-busy">{busy}… {progress ?? ''} <button type="button" onClick={() => void api.probes.cancel()}>Cancel</button></p>
      )}
      {error && <p class="error" role="alert" data-testid="checkpoints-error">{error}</p>}
      {otherSets.length > 0 && (
        <p class="hint" data-testid="stored-evaluations">
          The store keeps evaluations of {otherSets.length === 1 ? 'another probe set' : `${otherSets.length} other probe sets`} ({otherSets.join(', ')}): generate the same set again (same seed and settings) or load its file to see them beside new ones.
        </p>
      )}
      {sets.length > 0 && (
        <div class="toolbar">
          <label>Set <select name="set" value={setId ?? ''} onChange={(e) => setSetId(value(e))}>
            {sets.map((s) => <option key={s.id} value={s.id}>{s.id} (seed {s.spec.seed}, {s.probes} probes)</option>)}
          </select></label>
          {current && <button type="button" onClick={async () => downloadBytes(await api.probes.setJson(current.id), `crafter-probes-${current.id}.json`, 'application/json')}>Download set (JSON)</button>}
        </div>
      )}
      {current && (
        <>
          <p data-testid="probe-set">
            Set {current.id}: {current.probes} probes over {current.frames} frames, seed {current.spec.seed}, {current.spec.source.kind === 'fresh' ? `${current.spec.source.worlds} fresh worlds` : `${current.spec.source.sessions.length} recorded sessions`}, textures {current.texturePack}.
            {current.families.some((f) => f.probes < current.spec.perFamily) && ` Short of ${current.spec.perFamily}: ${current.families.filter((f) => f.probes < current.spec.perFamily).map((f) => `${f.family} ${f.probes}`).join(', ')} (the frames did not offer enough different answers).`}
          </p>
          <details>
            <summary>One probe of each family</summary>
            <ul class="probe-samples" style={{ listStyle: 'none', padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(24rem, 1fr))', gap: '0.75rem' }}>
              {samples.map((s) => (
                <li key={s.id} style={{ display: 'flex', gap: '0.5rem', alignItems: 'flex-start' }}>
                  <img src={s.image} width={128} height={128} alt={`frame of ${s.id}`} style={{ imageRendering: 'pixelated' }} />
                  <span><strong>{s.family}</strong> (seed {s.seed}, step {s.step}): {s.question} <em>Answer: {s.accepted.join(' or ')}</em></span>
                </li>
              ))}
            </ul>
          </details>
          <form class="run-form" aria-label="evaluate" onSubmit={(e) => { e.preventDefault(); void evaluate(); }}>
            <fieldset>
              <legend>Evaluate</legend>
              <label>Answer with <select name="answerWith" value={form.answerWith} onChange={(e) => set({ answerWith: value(e) as CheckpointForm['answerWith'] })}>
                <option value="baselines">the baselines: oracle, majority answer, text summary alone</option>
                <option value="model">a model through an OpenAI-compatible endpoint</option>
              </select></label>
              <label>Text style <select name="textStyle" value={form.textStyle} onChange={(e) => set({ textStyle: value(e) as TextStyle })}><Options choices={TEXT_STYLE_CHOICES} /></select></label>
              {form.answerWith === 'model' && (
                <>
                  <label>Base URL <input type="text" name="baseUrl" size={40} value={connection.baseUrl} onInput={(e) => connect({ baseUrl: value(e) })} /></label>
                  <label>API key <input type="password" name="apiKey" autoComplete="off" value={apiKey} placeholder="empty for local servers"
                    onInput={(e) => { setApiKey(value(e)); storeApiKey(value(e), connection.rememberKey); }} /></label>
                  <label>Model <input type="text" name="model" value={connection.model} onInput={(e) => connect({ model: value(e) })} /></label>
                  <label>The model sees <select name="mode" value={form.mode} onChange={(e) => set({ mode: value(e) as ImageMode })}><Options choices={IMAGE_MODE_CHOICES} /></select></label>
                  {num('temperature', 'Temperature', { min: 0, max: 2, step: 0.1 })}
                  {num('maxTokens', 'Max tokens', { min: 1 })}
                  {num('parallel', 'Calls in parallel', { min: 1, max: 64 })}
                  <label>Requests per minute (0: no limit) <input type="number" name="requestsPerMinute" min={0} value={connection.requestsPerMinute}
                    onInput={(e) => connect({ requestsPerMinute: Number(value(e)) })} /></label>
                  <label>Name <input type="text" name="name" value={form.name} placeholder="e.g. base model" onInput={(e) => set({ name: value(e) })} /></label>
                  <p class="hint">The connection (base URL, model, requests per minute, timeout, retries) is the run panel's; the key goes to the endpoint only.</p>
                </>
              )}
              <button type="submit" disabled={busy !== null}>Run evaluation</button>
            </fieldset>
          </form>
          <h2>Scores per family</h2>
          {shown.length === 0 ? <p>No evaluations of this set yet.</p> : (
            <>
              <table data-testid="checkpoint-results">
                <thead>
                  <tr><th>Family</th><th>n</th>{shown.map((e) => <th key={e.id} title={`${subjectLabel(e.subject)}, ${new Date(e.startedAt).toLocaleString()}`}>{e.name}</th>)}</tr>
                </thead>
                <tbody>
                  {families.map((family) => (
                    <tr key={family} data-family={family}>
                      <th scope="row">{family}</th>
                      <td>{current.families.find((f) => f.family === family)?.probes}</td>
                      {shown.map((e) => <td key={e.id}>{scoreCell(e.families.find((f) => f.family === family))}</td>)}
                    </tr>
                  ))}
                  <tr data-family="all"><th scope="row">all probes</th><td>{current.probes}</td>{shown.map((e) => <td key={e.id}>{scoreCell(e.overall)}</td>)}</tr>
                </tbody>
                <tfoot>
                  <tr><td colSpan={2} />{shown.map((e) => (
                    <td key={e.id}><button type="button" aria-label={`Delete evaluation ${e.name}`} disabled={busy !== null} onClick={() => void forget(e)}>Delete</button></td>
                  ))}</tr>
                </tfoot>
              </table>
              <p class="hint">Accuracy with its 95 % Wilson score interval; failed calls are left out of the accuracy and shown beside it. Evaluations are kept in the trace store, beside the sessions.{evaluations.length > MAX_COLUMNS && ` The ${MAX_COLUMNS} newest of ${evaluations.length} evaluations are shown.`}</p>
              <button type="button" onClick={async () => downloadBytes(await api.probes.evaluationsJson(current.id), `crafter-checkpoints-${current.id}.json`, 'application/json')}>Download evaluations (JSON)</button>
            </>
          )}
          <h2>Export as training rows</h2>
          <ProbeRowsExport key={current.id} api={api} setId={current.id} drawn={current.spec.source.kind === 'fresh' ? 'world' : 'session'} disabled={busy !== null} run={run} />
        </>
      )}
    </section>
  );
}
