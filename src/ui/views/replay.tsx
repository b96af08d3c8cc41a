// Replay of a stored session: scrub the frames, see each step's action, reward and model exchange; verify by re-simulating.
import { useEffect, useState } from 'preact/hooks';
import { continuedFrom } from '../../agent/continued-episode.ts';
import { formatFrameSize } from '../../agent/frame-size.ts';
import type { SessionTrace } from '../../storage/types.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { FrameView } from '../components/frame-view.tsx';
import { count, endWords, errorText, plural } from '../format.ts';
import { recordAt } from '../step-search.ts';
import type { WorkerApi } from '../worker-client.ts';

interface Props {
  api: WorkerApi;
  sessionId: string;
  scale: number;
  onClose: () => void;
}

const SPEEDS = [5, 20, 60] as const;

export function ReplayView({ api, sessionId, scale, onClose }: Props) {
  const [trace, setTrace] = useState<SessionTrace | null>(null);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(SPEEDS[0]);
  const [verdict, setVerdict] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.readSession(sessionId).then(setTrace, setError);
  }, [sessionId]);

  useEffect(() => {
    if (!playing || !trace) return;
    const timer = setInterval(() => setIndex((i) => (i + 1 < trace.steps.length ? i + 1 : (setPlaying(false), i))), 1000 / speed);
    return () => clearInterval(timer);
  }, [playing, trace, speed]);

  const verify = async () => {
    setVerdict('Re-simulating…');
    try {
      const r = await api.verifySession(sessionId);
      if (r.unverifiable) setVerdict(`This session ${r.unverifiable}.`);
      else if (!r.ok) setVerdict(`Mismatch at step ${r.firstMismatch?.stepIndex}: ${r.firstMismatch?.reason}.`);
      else if (!r.packMatches) setVerdict(`Actions re-simulate through ${plural(Math.max(0, r.stepsChecked - 1), 'step')}, but frames were not compared: the session used another texture pack; load it to compare frames.`);
      else setVerdict(`Verified: all ${count(r.framesCompared)} frames match the re-simulation.`);
    } catch (e) {
      setVerdict(`Could not verify: ${errorText(e).summary}`);
    }
  };

  if (error) return <ErrorMessage prefix="The session could not be read:" error={error} />;
  if (!trace) return <p>Loading session…</p>;
  const steps = trace.steps;
  const last = steps.length - 1;
  const go = (i: number) => setIndex(Math.min(last, Math.max(0, i)));
  const step = steps[index];
  const s = trace.session;
  const firstStep = steps[0]?.stepIndex ?? 0;
  const lastStep = steps[last]?.stepIndex ?? 0;
  const from = continuedFrom(s.metadata);
  // Arrow keys step through the replay wherever focus is in it, except in the fields that use them themselves.
  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT' || event.ctrlKey || event.metaKey || event.altKey) return;
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, PageUp: -10, PageDown: 10, Home: -Infinity, End: Infinity };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    go(Number.isFinite(move) ? index + move : move < 0 ? 0 : last);
  };
  return (
    <section class="replay" aria-label="replay" onKeyDown={onKey}>
      <h2>
        {s.source}{s.policyName ? ` (${s.policyName})` : ''} session, seed {s.seed}, episode {s.episode} <button type="button" onClick={onClose}>Back to sessions</button>
      </h2>
      <p class="hint" data-testid="replay-summary">
        {plural(s.length, 'step')}{from ? ` continuing from step ${from.stepIndex}` : ''} · {endWords(s)} · frames {s.envOptions?.size ? formatFrameSize(s.envOptions.size) : '64'} px · reward {s.totalReward.toFixed(1)}
      </p>
      {step?.frame && <FrameView png={step.frame.png} width={step.frame.width} height={step.frame.height} scale={scale} label={`replay frame at step ${step.stepIndex}`} />}
      <div class="replay-controls">
        <button type="button" onClick={() => go(index - 1)} aria-label="previous step" disabled={index <= 0}>◀</button>
        <button type="button" onClick={() => setPlaying((p) => !p)}>{playing ? 'Pause' : 'Play'}</button>
        <button type="button" onClick={() => go(index + 1)} aria-label="next step" disabled={index >= last}>▶</button>
        <label>
          Step{' '}
          <input
            type="number"
            min={firstStep}
            max={lastStep}
            value={step?.stepIndex ?? 0}
            onChange={(e) => go(recordAt(steps, Number((e.target as HTMLInputElement).value)))}
            data-testid="replay-step"
            class="step-number"
          />
        </label>
        <span data-testid="replay-position">step {count(step?.stepIndex ?? 0)} of {count(lastStep)}</span>
        <label>
          Speed{' '}
          <select value={speed} onChange={(e) => setSpeed(Number((e.target as HTMLSelectElement).value))}>
            {SPEEDS.map((n) => <option key={n} value={n}>{n} steps/s</option>)}
          </select>
        </label>
        <button type="button" onClick={() => void verify()}>Verify</button>
      </div>
      <input
        type="range"
        class="replay-slider"
        min={0}
        max={last}
        value={index}
        aria-label="step"
        aria-valuetext={`step ${step?.stepIndex ?? 0} of ${lastStep}`}
        onInput={(e) => go(Number((e.target as HTMLInputElement).value))}
        data-testid="replay-slider"
      />
      <p class="hint">← → step, Page Up / Page Down ten at a time, Home / End to the ends.</p>
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
