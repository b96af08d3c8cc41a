// Human play: Crafter's keys, real-time or turn-based, every step recorded as a demonstration.
import { useEffect, useRef, useState } from 'preact/hooks';
import { actionIndex } from '../../sim/rules.ts';
import type { HumanView } from '../../agent/human-episode.ts';
import { END_REASONS } from '../../storage/types.ts';
import type { PackInfo } from '../../worker/api.ts';
import { FrameView } from '../components/frame-view.tsx';
import { Hud } from '../components/hud.tsx';
import { KEY_LABELS, KEYMAP, isTypingTarget } from '../keymap.ts';
import type { Settings } from '../settings.ts';
import type { WorkerApi } from '../worker-client.ts';

interface Props {
  api: WorkerApi;
  pack: PackInfo;
  settings: Settings;
  onSettings: (s: Settings) => void;
}

declare global {
  interface Window {
    /** Key press to frame drawn, in milliseconds, for each step (read by the browser tests). */
    __keyToFrameMs?: number[];
  }
}

export function PlayView({ api, pack, settings, onSettings }: Props) {
  const [view, setView] = useState<HumanView | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const [seedText, setSeedText] = useState(String(settings.seed));
  const held = useRef<string[]>([]);
  const pressedSinceFrame = useRef<number | null>(null);
  const frameShownAt = useRef(performance.now());
  const pendingMark = useRef<number | null>(null);

  async function run(operation: () => Promise<HumanView | null>): Promise<void> {
    try {
      const next = await operation();
      if (next) setView(next);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const startEpisode = (seed: number) =>
    run(() => api.play.start({ seed, episode: 1, length: 10000, size: [64, 64], textStyle: settings.textStyle }));

  function act(action: number, pressedAt: number | null): Promise<void> {
    const reactionMs = pressedAt === null ? null : Math.round(Math.max(0, pressedAt - frameShownAt.current));
    return run(async () => {
      const next = await api.play.act(action, reactionMs);
      pendingMark.current = pressedAt;
      const added = next.packet.info.achievements_added;
      if (added.length) setNotices((n) => [...added.map((a) => `Unlocked ${a.replaceAll('_', ' ')}`), ...n].slice(0, 5));
      return next;
    });
  }

  function onDrawn() {
    frameShownAt.current = performance.now();
    if (pendingMark.current !== null) {
      (window.__keyToFrameMs ??= []).push(frameShownAt.current - pendingMark.current);
      pendingMark.current = null;
    }
  }

  // The episode lives in the worker: coming back to this tab shows it as it was.
  useEffect(() => {
    void run(async () => (await api.play.current()) ?? (await api.play.start({ seed: settings.seed, episode: 1, length: 10000, size: [64, 64], textStyle: settings.textStyle })));
  }, [pack.hash]);

  useEffect(() => {
    void run(() => api.play.setTextStyle(settings.textStyle));
  }, [settings.textStyle]);

  // Durable counts catch up after the step that made them, and storage may refuse to write: look again now and then.
  useEffect(() => {
    const timer = setInterval(async () => {
      const [recording, status] = await Promise.all([api.play.status(), api.storeStatus()]);
      setBlocked(status.blocked?.message ?? null);
      if (recording) setView((v) => (v && v.recording.sessionId === recording.sessionId ? { ...v, recording } : v));
    }, 500);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (isTypingTarget(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const name = KEYMAP[event.code];
      if (!name) return;
      event.preventDefault();
      if (settings.mode === 'turn') {
        void act(actionIndex(name), performance.now());
      } else {
        if (!held.current.includes(event.code)) held.current.push(event.code);
        pressedSinceFrame.current ??= performance.now();
      }
    };
    const up = (event: KeyboardEvent) => {
      held.current = held.current.filter((code) => code !== event.code);
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    let timer: ReturnType<typeof setInterval> | undefined;
    if (settings.mode === 'realtime') {
      timer = setInterval(() => {
        const code = held.current[held.current.length - 1];
        const pressedAt = pressedSinceFrame.current;
        pressedSinceFrame.current = null;
        void act(actionIndex(code ? KEYMAP[code] : 'noop'), code ? pressedAt ?? performance.now() : null);
      }, 1000 / settings.stepsPerSecond);
    }
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      if (timer) clearInterval(timer);
    };
  }, [settings.mode, settings.stepsPerSecond]);

  const submitSeed = (event: Event) => {
    event.preventDefault();
    const seed = Number(seedText);
    if (!Number.isInteger(seed)) {
      setError(`the seed must be a whole number, not "${seedText}"`);
      return;
    }
    setError(null);
    onSettings({ ...settings, seed });
    void startEpisode(seed);
  };

  const o = view?.packet.observation;
  const rec = view?.recording;
  const ended = rec?.state === 'ended';
  return (
    <section class="play" aria-label="play">
      <div class="play-main">
        {view && o ? (
          <FrameView rgb={view.rgb} width={o.observation_image_width} height={o.observation_image_height} scale={settings.scale} label={`frame at step ${o.num_steps_taken}`} onDrawn={onDrawn} />
        ) : (
          <p>Starting…</p>
        )}
        <form class="controls" onSubmit={submitSeed}>
          <label>
            Seed <input name="seed" inputMode="numeric" value={seedText} onInput={(e) => setSeedText((e.target as HTMLInputElement).value)} data-testid="seed-input" />
          </label>
          <button type="submit">New world</button>
          <button type="button" onClick={() => void run(() => api.play.next())}>Next episode</button>
          <button type="button" onClick={() => void run(() => api.play.stop())} disabled={rec?.state !== 'recording'}>Stop</button>
        </form>
        <p class="recording" data-testid="recording">
          {view ? `Seed ${view.seed}, episode ${view.episode}. ` : ''}
          {rec?.state === 'recording' ? `Recording: ${rec.durable} saved` : rec?.state === 'ready' ? 'Ready: the first key starts the recording' : ''}
          {ended && rec ? `Episode over (${END_REASONS[rec.endReason!]}): ${rec.durable} saved. "Next episode" or "New world" starts another.` : ''}
          {rec?.error ? ` (error: ${rec.error})` : ''}
        </p>
        {blocked && <p class="error" role="alert">{blocked}</p>}
        {ended && rec && (rec.endReason === 'died' || rec.endReason === 'step_limit') && (
          <div class="dialog" role="dialog" aria-label="episode over">
            <p>{rec.endReason === 'died' ? 'You died.' : 'The episode reached its length.'} The episode is saved.</p>
            <button type="button" onClick={() => void run(() => api.play.next())} autoFocus>Start again</button>
          </div>
        )}
        {error && <p class="error" role="alert">{error}</p>}
        <ul class="notices" aria-live="polite">{notices.map((n, i) => <li key={i}>{n}</li>)}</ul>
      </div>
      <div class="play-side">
        {o && <Hud observation={o} />}
        <details>
          <summary>Keys ({settings.mode === 'turn' ? 'turn-based: the world waits for a key' : `real time, ${settings.stepsPerSecond} steps/s`})</summary>
          <dl class="keys">{KEY_LABELS.map(([k, v]) => [<dt key={k}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}</dl>
        </details>
        {o && (
          <details>
            <summary>What a model would be told</summary>
            <pre class="observation-text" data-testid="observation-text">{o.text}</pre>
          </details>
        )}
      </div>
    </section>
  );
}
