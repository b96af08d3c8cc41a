// A run as it plays: state and controls, a progress bar with its pace, one episode live, and the running achievement table.
import { ACHIEVEMENTS } from '../../sim/rules.ts';
import type { RunStatus } from '../../agent/run.ts';
import { FrameView } from './frame-view.tsx';

interface Props {
  status: RunStatus;
  /** The trace store's size, when known. */
  storeBytes: number | null;
  liveIndex: number | null;
  scale: number;
  onLive: (index: number | null) => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'kB'] : bytes < 1e9 ? [bytes / 1e6, 'MB'] : [bytes / 1e9, 'GB'];
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function pace(status: RunStatus, storeBytes: number | null): string {
  const rate = status.stepsPerSecond;
  const speed = rate === null ? (status.state === 'running' ? 'measuring steps/s' : '— steps/s') : `${rate < 10 ? rate.toFixed(1) : Math.round(rate)} steps/s`;
  const left = status.secondsLeft === null ? 'time left unknown' : status.secondsLeft === 0 ? 'nothing left' : `about ${formatDuration(status.secondsLeft)} left`;
  return [speed, left, `store ${storeBytes === null ? '…' : formatBytes(storeBytes)}`].join(' · ');
}

export function RunProgress({ status, storeBytes, liveIndex, scale, onLive, onPause, onResume, onStop }: Props) {
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
      <p data-testid="run-pace">{pace(status, storeBytes)}</p>
      {status.pause?.by === 'error' && (
        <p class="error" role="alert" data-testid="run-pause-message">
          Paused: {status.pause.message} Fix the cause above (Resume takes the base URL, model, key and headers as they are then), then resume.
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
          <tr>
            <th>Achievement</th>
            <th>Complete episodes ({status.completeEpisodes})</th>
            <th>Rate (% of complete episodes)</th>
            <th>Playing now ({status.active.length})</th>
          </tr>
        </thead>
        <tbody>
          {ACHIEVEMENTS.map((a) => {
            const n = status.achievementCounts[a];
            const playing = status.playingAchievementCounts[a];
            return (
              <tr key={a} data-achievement={a} class={n || playing ? 'done' : ''}>
                <td>{a.replaceAll('_', ' ')}</td>
                <td>{n}</td>
                <td>{status.completeEpisodes ? `${((100 * n) / status.completeEpisodes).toFixed(0)} %` : '—'}</td>
                <td>{playing}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
