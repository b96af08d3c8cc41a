// Replay of a stored session: scrub the frames, see each step's action, reward and model exchange; verify by re-simulating.
import { useEffect, useState } from 'preact/hooks';
import type { SessionTrace } from '../../storage/types.ts';
import { FrameView } from '../components/frame-view.tsx';
import type { WorkerApi } from '../worker-client.ts';

interface Props {
  api: WorkerApi;
  sessionId: string;
  scale: number;
  onClose: () => void;
}

export function ReplayView({ api, sessionId, scale, onClose }: Props) {
  const [trace, setTrace] = useState<SessionTrace | null>(null);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [verdict, setVerdict] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.readSession(sessionId).then(setTrace, (e: Error) => setError(e.message));
  }, [sessionId]);

  useEffect(() => {
    if (!playing || !trace) return;
    const timer = setInterval(() => setIndex((i) => (i + 1 < trace.steps.length ? i + 1 : (setPlaying(false), i))), 200);
    return () => clearInterval(timer);
  }, [playing, trace]);

  const verify = async () => {
    setVerdict('Re-simulating…');
    try {
      const r = await api.verifySession(sessionId);
      if (r.unverifiable) setVerdict(`This session ${r.unverifiable}.`);
      else if (!r.ok) setVerdict(`Mismatch at step ${r.firstMismatch?.stepIndex}: ${r.firstMismatch?.reason}.`);
      else if (!r.packMatches) setVerdict(`Actions re-simulate through ${r.stepsChecked} steps, but frames were not compared: the session used another texture pack; load it to compare frames.`);
      else setVerdict(`Verified: all ${r.framesCompared} frames match the re-simulation.`);
    } catch (e) {
      setVerdict(`Could not verify: ${(e as Error).message}`);
    }
  };

  if (error) return <p class="error" role="alert">{error}</p>;
  if (!trace) return <p>Loading session…</p>;
  const step = trace.steps[index];
  const s = trace.session;
  return (
    <section class="replay" aria-label="replay">
      <h2>
        {s.source} session, seed {s.seed}, episode {s.episode} <button type="button" onClick={onClose}>Back to sessions</button>
      </h2>
      {step?.frame && <FrameView png={step.frame.png} width={step.frame.width} height={step.frame.height} scale={scale} label={`replay frame at step ${step.stepIndex}`} />}
      <div class="replay-controls">
        <button type="button" onClick={() => setIndex((i) => Math.max(0, i - 1))} aria-label="previous step">◀</button>
        <button type="button" onClick={() => setPlaying((p) => !p)}>{playing ? 'Pause' : 'Play'}</button>
        <button type="button" onClick={() => setIndex((i) => Math.min(trace.steps.length - 1, i + 1))} aria-label="next step">▶</button>
        <label>
          Step <input type="range" min={0} max={trace.steps.length - 1} value={index} onInput={(e) => setIndex(Number((e.target as HTMLInputElement).value))} data-testid="replay-slider" />
        </label>
        <span data-testid="replay-position">{index + 1} / {trace.steps.length}</span>
        <button type="button" onClick={() => void verify()}>Verify</button>
      </div>
      {verdict && <p role="status" data-testid="verify-result">{verdict}</p>}
      {step && (
        <dl class="step-details">
          <dt>Step</dt><dd>{step.stepIndex}</dd>
          <dt>Action</dt><dd data-testid="replay-action">{step.actions.join(', ') || '(reset)'}</dd>
          <dt>Reward</dt><dd>{step.reward}</dd>
          <dt>Unlocked</dt><dd>{step.achievementsUnlocked.join(', ') || '-'}</dd>
          {step.reactionMs !== null && (<><dt>Reaction</dt><dd>{step.reactionMs} ms</dd></>)}
        </dl>
      )}
      {step?.modelCall && (
        <details open>
          <summary>Model call ({step.modelCall.model}, {step.modelCall.latencyMs ?? '?'} ms)</summary>
          <h4>Prompt</h4>
          <pre>{JSON.stringify(step.modelCall.requestMessages, (_key, v) => (typeof v === 'string' && v.startsWith('data:image') ? `${v.slice(0, 40)}…` : v), 2)}</pre>
          <h4>Response</h4>
          <pre>{JSON.stringify(step.modelCall.rawResponse, null, 2)}</pre>
          {step.modelCall.error && <p class="error">{step.modelCall.error}</p>}
        </details>
      )}
      {step?.observationText && (
        <details>
          <summary>Observation text</summary>
          <pre>{step.observationText}</pre>
        </details>
      )}
    </section>
  );
}
