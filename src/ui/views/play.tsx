// Human play: Crafter's keys while the game has focus, real-time or turn-based, every step recorded as a
// demonstration. The episode lives in the worker, so it survives leaving this tab; after a reload, an episode the
// page closed on is offered to be continued.
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatFrameSize, type FrameSize } from '../../agent/frame-size.ts';
import type { HumanView } from '../../agent/human-episode.ts';
import { actionIndex } from '../../sim/rules.ts';
import type { StoreStatus } from '../../storage/types.ts';
import type { InterruptedEpisode } from '../../worker/play-service.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { FrameView } from '../components/frame-view.tsx';
import { Hud } from '../components/hud.tsx';
import { plural } from '../format.ts';
import { KEY_LABELS, KEYMAP, LEAVE_GAME_KEY } from '../keymap.ts';
import { playStatus } from '../play-status.ts';
import { RealtimeClock } from '../realtime-clock.ts';
import type { Settings } from '../settings.ts';
import type { WorkerApi } from '../worker-client.ts';

interface Props {
  api: WorkerApi;
  settings: Settings;
  store: StoreStatus | null;
  onSettings: (s: Settings) => void;
}

declare global {
  interface Window {
    /** Key press to frame drawn, in milliseconds, for each step (read by the browser tests). */
    __keyToFrameMs?: number[];
  }
}

const DISMISSED_KEY = 'crafter-web:continue-dismissed';
const EPISODE_LENGTH = 10000;

export function PlayView({ api, settings, store, onSettings }: Props) {
  const [view, setView] = useState<HumanView | null>(null);
  const [offer, setOffer] = useState<InterruptedEpisode | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const [ticking, setTicking] = useState(false);
  const [seedText, setSeedText] = useState(String(settings.seed));
  const section = useRef<HTMLElement>(null);
  const game = useRef<HTMLDivElement>(null);
  const seedField = useRef<HTMLInputElement>(null);
  const viewRef = useRef<HumanView | null>(null);
  viewRef.current = view;
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const held = useRef<string[]>([]);
  /** The latest key pressed since the last real-time tick, so a short tap between ticks still plays. */
  const tapped = useRef<{ code: string; at: number } | null>(null);
  const frameShownAt = useRef(performance.now());
  const pendingMark = useRef<number | null>(null);
  const clock = useRef<RealtimeClock | null>(null);
  /** Set once an episode was asked for here, so the first visit's own new world never replaces it. */
  const asked = useRef(false);
  /** The focus when this tab was drawn (its effects run a frame later, when keys may have moved it already). */
  const focusAtMount = useRef(document.activeElement);

  async function run(operation: () => Promise<HumanView | null>): Promise<HumanView | null> {
    try {
      const next = await operation();
      if (next) setView(next);
      return next;
    } catch (e) {
      setError(e);
      return null;
    }
  }

  function focusGame() {
    game.current?.focus();
  }

  /** Focus after what the page did on its own: the game takes it unless the person moved it since the tab was drawn. */
  function focusGameUnlessMoved() {
    const at = document.activeElement;
    if (!at || at === focusAtMount.current || at === document.body || at === game.current) focusGame();
  }

  /**
   * A new episode on screen: the clock waits for its first key, the game takes the keys. One the page made on its
   * own (`unasked`: the first visit's world) leaves the focus where the person put it since the tab was drawn (typing
   * a seed, say).
   */
  async function begin(operation: () => Promise<HumanView | null>, unasked = false) {
    asked.current = true;
    clock.current?.stop();
    setHint(null);
    setError(null);
    const next = await run(operation);
    if (next?.recording.state !== 'ready') return;
    if (unasked) focusGameUnlessMoved();
    else focusGame();
  }

  const startSettings = (seed: number, size: FrameSize) => ({ seed, episode: 1, length: EPISODE_LENGTH, size, textStyle: settingsRef.current.textStyle });
  const newWorld = (seed: number, unasked = false) => begin(() => api.play.start(startSettings(seed, settingsRef.current.frameSize)), unasked);
  const nextEpisode = () => begin(() => api.play.next());

  function act(action: number, pressedAt: number | null): Promise<HumanView | null> {
    const reactionMs = pressedAt === null ? null : Math.round(Math.max(0, pressedAt - frameShownAt.current));
    return run(async () => {
      const next = await api.play.act(action, reactionMs);
      pendingMark.current = pressedAt;
      const added = next.packet.info.achievements_added;
      if (added.length) setNotices((n) => [...added.map((a) => `Unlocked ${a.replaceAll('_', ' ')}`), ...n].slice(0, 5));
      if (next.recording.state === 'ended') clock.current?.stop();
      // Playing on here makes this the latest episode: the interrupted one is no longer "your last".
      if (next.recording.state === 'recording' && !next.recording.continues) setOffer(null);
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

  // One real-time step: the key held longest ago but still down wins over a tap; nobody pressing plays noop.
  function tick() {
    const code = held.current[held.current.length - 1] ?? tapped.current?.code;
    const pressedAt = code ? (tapped.current?.at ?? performance.now()) : null;
    tapped.current = null;
    void act(actionIndex(code ? KEYMAP[code] : 'noop'), pressedAt);
  }
  clock.current ??= new RealtimeClock(() => tick(), setTicking);

  // The episode lives in the worker: coming back to this tab shows it as it was; after a reload, offer to continue.
  // Either way the game gets the focus only if the person has not clicked or typed elsewhere while the worker answered.
  useEffect(() => {
    void (async () => {
      const current = await run(() => api.play.current());
      if (current) {
        focusGameUnlessMoved();
        return;
      }
      const interrupted = await api.play.interrupted().catch(() => null);
      if (interrupted && localStorage.getItem(DISMISSED_KEY) !== interrupted.sessionId) setOffer(interrupted);
      if (!asked.current) await newWorld(settings.seed, true);
    })();
    return () => clock.current?.stop();
  }, []);

  useEffect(() => {
    void run(() => api.play.setTextStyle(settings.textStyle));
  }, [settings.textStyle]);

  // Durable counts catch up after the step that made them: look again now and then.
  useEffect(() => {
    const timer = setInterval(async () => {
      const recording = await api.play.status();
      if (recording) setView((v) => (v && v.recording.sessionId === recording.sessionId && v.recording.state === recording.state ? { ...v, recording } : v));
    }, 500);
    return () => clearInterval(timer);
  }, []);

  // A hidden tab stops the real-time clock; the next key starts it again.
  useEffect(() => {
    const hidden = () => {
      if (document.hidden) {
        clock.current?.stop();
        held.current = [];
      }
    };
    document.addEventListener('visibilitychange', hidden);
    return () => document.removeEventListener('visibilitychange', hidden);
  }, []);

  // A Crafter key typed while nothing has focus (after a click on the page's background), or right after a click on
  // one of this tab's buttons (New world, say), goes to the game; Tab, Space and Enter keep their meaning there.
  useEffect(() => {
    const stray = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      const ours = target === document.body || (target.tagName === 'BUTTON' && !!section.current?.contains(target) && !['Tab', 'Space', 'Enter'].includes(event.code));
      if (!ours || event.code === 'Tab' || !KEYMAP[event.code] || event.ctrlKey || event.metaKey || event.altKey) return;
      focusGame();
      onGameKey(event);
    };
    window.addEventListener('keydown', stray);
    return () => window.removeEventListener('keydown', stray);
  }, []);

  useEffect(() => {
    if (settings.mode === 'turn') clock.current?.stop();
  }, [settings.mode]);

  function onGameKey(event: KeyboardEvent) {
    // Shift+Tab keeps its usual meaning, so focus can always go back up the page.
    if (event.ctrlKey || event.metaKey || event.altKey || (event.code === 'Tab' && event.shiftKey)) return;
    if (event.key === LEAVE_GAME_KEY) {
      event.preventDefault();
      seedField.current?.focus();
      return;
    }
    const ended = viewRef.current?.recording.state === 'ended';
    if (event.key === 'Enter') {
      if (ended) {
        event.preventDefault();
        void nextEpisode();
      }
      return;
    }
    const name = KEYMAP[event.code];
    if (!name) return;
    event.preventDefault();
    if (ended) {
      setHint('The episode is over: press Enter for the next one.');
      return;
    }
    const { mode, stepsPerSecond } = settingsRef.current;
    if (mode === 'turn') {
      void act(actionIndex(name), performance.now());
      return;
    }
    if (!held.current.includes(event.code)) held.current.push(event.code);
    tapped.current ??= { code: event.code, at: performance.now() };
    clock.current?.start(stepsPerSecond);
  }

  const onGameKeyUp = (event: KeyboardEvent) => {
    held.current = held.current.filter((code) => code !== event.code);
  };

  const onGameBlur = () => {
    setFocused(false);
    held.current = [];
    clock.current?.stop();
  };

  const submitSeed = (event: Event) => {
    event.preventDefault();
    const seed = Number(seedText);
    if (!Number.isInteger(seed)) {
      setError(new Error(`the seed must be a whole number, not "${seedText}".`));
      return;
    }
    onSettings({ ...settings, seed });
    void newWorld(seed);
  };

  const stop = async () => {
    clock.current?.stop();
    await run(() => api.play.stop());
    focusGame();
  };

  const continueEpisode = async (interrupted: InterruptedEpisode) => {
    setOffer(null);
    await begin(() => api.play.resume(interrupted.sessionId, settings.textStyle));
  };

  const dismissOffer = (interrupted: InterruptedEpisode) => {
    localStorage.setItem(DISMISSED_KEY, interrupted.sessionId);
    setOffer(null);
    focusGame();
  };

  const o = view?.packet.observation;
  const rec = view?.recording;
  const ended = rec?.state === 'ended';
  const waiting = settings.mode === 'realtime' && !ticking && rec?.state !== 'ended';
  const overlay = !focused ? 'Click here to play' : waiting ? 'Press a key to start the clock' : null;
  const note = hint ?? view?.noEffect ?? null;
  return (
    <section class="play" aria-label="play" ref={section}>
      <div class="play-main">
        {offer && (
          <div class="dialog" role="region" aria-label="interrupted episode" data-testid="continue-offer">
            <p>
              Your last episode (seed {offer.seed}, episode {offer.episode}) stopped at step {offer.stepIndex} when the page closed. Its{' '}
              {plural(offer.stepIndex, 'step')} {offer.stepIndex === 1 ? 'is' : 'are'} kept; the simulator can play them again and go on from there.
            </p>
            <button type="button" onClick={() => void continueEpisode(offer)}>Continue from step {offer.stepIndex}</button>{' '}
            <button type="button" onClick={() => dismissOffer(offer)}>Not now</button>
          </div>
        )}
        <div
          ref={game}
          class={`game${focused ? ' focused' : ''}`}
          tabIndex={0}
          role="application"
          aria-label="Crafter game: W A S D move, Space does, Tab or Z sleeps; Esc leaves the game"
          aria-describedby="play-status"
          data-testid="game"
          onKeyDown={onGameKey}
          onKeyUp={onGameKeyUp}
          onFocus={() => setFocused(true)}
          onBlur={onGameBlur}
          onMouseDown={(e) => {
            e.preventDefault();
            focusGame();
          }}
        >
          {view && o ? (
            <FrameView rgb={view.rgb} width={o.observation_image_width} height={o.observation_image_height} scale={settings.scale} label={`frame at step ${o.num_steps_taken}`} onDrawn={onDrawn} />
          ) : (
            <p>Starting…</p>
          )}
          {view && overlay && <div class="game-overlay" data-testid="game-overlay">{overlay}</div>}
        </div>
        <p class="frame-note" data-testid="frame-note" aria-live="polite">{note}</p>
        <form class="controls" onSubmit={submitSeed}>
          <label>
            Seed <input ref={seedField} name="seed" inputMode="numeric" value={seedText} onInput={(e) => setSeedText((e.target as HTMLInputElement).value)} data-testid="seed-input" />
          </label>
          <button type="submit">New world</button>
          <button type="button" onClick={() => void nextEpisode()}>Next episode</button>
          <button type="button" onClick={() => void stop()} disabled={rec?.state !== 'recording'}>Stop</button>
          <span class="hint">New worlds: {formatFrameSize(settings.frameSize)} px frames, {settings.mode === 'turn' ? 'turn-based' : `real time at ${settings.stepsPerSecond} steps/s`} (Settings)</span>
        </form>
        <p class="recording" id="play-status" data-testid="recording" role="status">{view ? playStatus(view, store) : ''}</p>
        {ended && (rec?.endReason === 'died' || rec?.endReason === 'step_limit') && (
          <div class="dialog" role="region" aria-label="episode over">
            <p>{rec.endReason === 'died' ? 'You died.' : 'The episode reached its step limit.'} Its steps are in Sessions.</p>
            <button type="button" onClick={() => void nextEpisode()}>Next episode</button>
          </div>
        )}
        {error !== null && <ErrorMessage error={error} />}
        <ul class="notices" aria-live="polite">{notices.map((n, i) => <li key={i}>{n}</li>)}</ul>
      </div>
      <div class="play-side">
        {o && <Hud observation={o} />}
        <details open>
          <summary>Keys ({settings.mode === 'turn' ? 'turn-based: the world waits for a key' : `real time, ${settings.stepsPerSecond} steps/s from the first key`})</summary>
          <dl class="keys" data-testid="keys">{KEY_LABELS.map(([k, v]) => [<dt key={k}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}</dl>
          <p class="hint">The keys play while the game has focus (its frame is outlined).</p>
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
