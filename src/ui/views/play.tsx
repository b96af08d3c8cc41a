// Human play: Crafter's keys, real-time or turn-based, every step recorded as a demonstration.
import { useEffect, useRef, useState } from 'preact/hooks';
import { actionIndex } from '../../sim/rules.ts';
import type { EnvView } from '../../worker/env-service.ts';
import type { PackInfo } from '../../worker/api.ts';
import { FrameView } from '../components/frame-view.tsx';
import { Hud } from '../components/hud.tsx';
import { KEY_LABELS, KEYMAP, isTypingTarget } from '../keymap.ts';
import { SessionRecorder, type RecorderStatus } from '../recorder.ts';
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
  const [view, setView] = useState<EnvView | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const [recording, setRecording] = useState<RecorderStatus>({ pending: 0, saved: 0, error: null });
  const [dead, setDead] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [seedText, setSeedText] = useState(String(settings.seed));
  const recorder = useRef<SessionRecorder | null>(null);
  // The episode's first observation; its session starts with the first key, so browsing records nothing.
  const episodeStart = useRef<EnvView | null>(null);
  // Every worker operation of this view runs in order on one chain: a key pressed while a world is being made waits for it.
  const serial = useRef<Promise<void>>(Promise.resolve());
  const held = useRef<string[]>([]);
  const pressedSinceFrame = useRef<number | null>(null);
  const frameShownAt = useRef(performance.now());
  const pendingMark = useRef<number | null>(null);
  // The latest view, set with it (not at render) so queued operations never act on a disposed environment.
  const viewRef = useRef<EnvView | null>(null);
  const show = (next: EnvView) => {
    viewRef.current = next;
    setView(next);
  };

  function inOrder(operation: () => Promise<void>): Promise<void> {
    serial.current = serial.current.then(operation, operation);
    return serial.current;
  }

  function startEpisode(seed: number, nextEpisodeOfCurrent: boolean): Promise<void> {
    return inOrder(() => beginEpisode(seed, nextEpisodeOfCurrent));
  }

  async function beginEpisode(seed: number, nextEpisodeOfCurrent: boolean) {
    try {
      await recorder.current?.end(viewRef.current?.packet.done ? 'done' : 'stopped');
      const current = viewRef.current;
      const fresh = nextEpisodeOfCurrent && current && current.seed === seed ? await api.resetEnv(current.envId) : await newEnv(seed);
      setDead(false);
      show(fresh);
      recorder.current = null;
      episodeStart.current = fresh;
      setRecording({ pending: 0, saved: 0, error: null });
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function newEnv(seed: number): Promise<EnvView> {
    if (viewRef.current) await api.disposeEnv(viewRef.current.envId);
    return api.initialize({ seed, textStyle: settings.textStyle });
  }

  async function stop() {
    await recorder.current?.end(viewRef.current?.packet.done ? 'done' : 'stopped');
    episodeStart.current = null;
    setDead(false);
  }

  function act(action: number, pressedAt: number | null): Promise<void> {
    return inOrder(() => step(action, pressedAt));
  }

  async function step(action: number, pressedAt: number | null) {
    const current = viewRef.current;
    if (!current || current.packet.done || (!recorder.current && !episodeStart.current) || recorder.current?.ended) return;
    try {
      if (!recorder.current && episodeStart.current) {
        recorder.current = SessionRecorder.start(api, episodeStart.current, pack, settings.textStyle, setRecording);
        episodeStart.current = null;
      }
      if (!recorder.current) return;
      const reactionMs = pressedAt === null ? null : Math.max(0, pressedAt - frameShownAt.current);
      const next = await api.step(current.envId, action);
      pendingMark.current = pressedAt;
      show(next);
      recorder.current.record(next, [action], reactionMs === null ? null : Math.round(reactionMs));
      if (next.packet.info.achievements_added.length) {
        setNotices((n) => [...next.packet.info.achievements_added.map((a) => `Unlocked ${a.replaceAll('_', ' ')}`), ...n].slice(0, 5));
      }
      if (next.packet.done) {
        setDead(true);
        await recorder.current.end(next.packet.observation.terminated ? 'done' : 'length');
      }
    } catch (e) {
      setError((e as Error).message);
    }
  }

  function onDrawn() {
    frameShownAt.current = performance.now();
    if (pendingMark.current !== null) {
      (window.__keyToFrameMs ??= []).push(frameShownAt.current - pendingMark.current);
      pendingMark.current = null;
    }
  }

  useEffect(() => {
    void startEpisode(settings.seed, false);
    return () => void recorder.current?.end('stopped');
  }, [pack.hash]);

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
    void startEpisode(seed, false);
  };

  const o = view?.packet.observation;
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
          <button type="button" onClick={() => view && void startEpisode(view.seed, true)}>Next episode</button>
          <button type="button" onClick={() => void stop()} disabled={!recorder.current || recorder.current.ended}>Stop</button>
        </form>
        <p class="recording" data-testid="recording">
          {view ? `Seed ${view.seed}, episode ${view.episode}. ` : ''}
          {recorder.current && !recorder.current.ended ? 'Recording' : episodeStart.current ? 'Ready: the first key starts the recording' : 'Not recording'}: {recording.saved} saved
          {recording.pending ? `, ${recording.pending} saving` : ''}
          {recording.error ? ` (error: ${recording.error})` : ''}
        </p>
        {dead && (
          <div class="dialog" role="dialog" aria-label="episode over">
            <p>{o?.terminated ? 'You died.' : 'The episode reached its length.'} The episode is saved.</p>
            <button type="button" onClick={() => view && void startEpisode(view.seed, true)} autoFocus>Start again</button>
            <button type="button" onClick={() => void stop()}>Stop</button>
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
