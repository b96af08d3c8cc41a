// A run as it plays: state and controls, a progress bar, one episode live, and the running achievement table.
import { ACHIEVEMENTS } from '../../sim/rules.ts';
import type { RunStatus } from '../../agent/run.ts';
import { FrameView } from './frame-view.tsx';

interface Props {
  status: RunStatus;
  liveIndex: number | null;
  scale: number;
  onLive: (index: number | null) => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
}

export function RunProgress({ status, liveIndex, scale, onLive, onPause, onResume, onStop }: Props) {
  const live = status.live;
  const ended = status.state === 'finished' || status.state === 'stopped';
  return (
    <section class="run-progress" aria-label="run progress">
      <h2>
        {status.name} <small>({status.agent})</small>
      </h2>
      <p>
        <span data-testid="run-state" class={`state-${status.state}`}>{status.state}</span>
        {' · '}
        <span data-testid="run-episodes">{status.episodesDone} / {status.episodesTotal} episodes</span>
        {' · '}
        {status.steps} steps
      </p>
      <progress data-testid="run-progress" max={1} value={status.progress} aria-label="run progress" />
      {status.pause?.by === 'error' && (
        <p class="error" role="alert" data-testid="run-pause-message">
          Paused: {status.pause.message} Fix the cause (a new key can be typed above), then resume.
        </p>
      )}
      <div class="run-controls">
        <button type="button" onClick={onPause} disabled={ended || status.state !== 'running'}>Pause</button>
        <button type="button" onClick={onResume} disabled={ended || status.state !== 'paused'}>Resume</button>
        <button type="button" onClick={onStop} disabled={ended || status.state === 'stopping'}>Stop</button>
      </div>
      <div class="run-live">
        <div>
          {live?.frame ? (
            <FrameView rgb={live.frame.rgb} width={live.frame.width} height={live.frame.height} scale={scale} label={`live episode ${live.index + 1} at step ${live.step}`} />
          ) : (
            <p>No episode is playing.</p>
          )}
          {status.active.length > 1 && (
            <label>
              Show episode{' '}
              <select value={liveIndex ?? ''} onChange={(e) => onLive((e.target as HTMLSelectElement).value === '' ? null : Number((e.target as HTMLSelectElement).value))}>
                <option value="">first playing</option>
                {status.active.map((a) => <option key={a.index} value={a.index}>{`#${a.index + 1} seed ${a.seed}`}</option>)}
              </select>
            </label>
          )}
        </div>
        {live && (
          <div class="run-live-info" data-testid="run-live">
            <p>
              Episode {live.index + 1} (seed {live.seed}, episode {live.episode}) · step {live.step} · reward {live.reward.toFixed(1)}
            </p>
            <p>{live.note}</p>
            <p>Last actions: {live.lastActions.join(', ') || '—'}</p>
            {live.lastReply !== null && <pre class="reply">{live.lastReply}</pre>}
            <details>
              <summary>Observation text</summary>
              <pre>{live.text}</pre>
            </details>
          </div>
        )}
      </div>
      <table class="achievement-table" data-testid="run-achievements">
        <thead>
          <tr><th>Achievement</th><th>Episodes</th><th>Rate</th></tr>
        </thead>
        <tbody>
          {ACHIEVEMENTS.map((a) => {
            const n = status.achievementCounts[a];
            return (
              <tr key={a} class={n ? 'done' : ''}>
                <td>{a.replaceAll('_', ' ')}</td>
                <td>{n}</td>
                <td>{status.episodesCounted ? `${((100 * n) / status.episodesCounted).toFixed(0)} %` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
