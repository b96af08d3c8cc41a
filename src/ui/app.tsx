// The page: play, runs, sessions and replay, export, settings; the worker does the simulating and the storing.
import { useEffect, useState } from 'preact/hooks';
import type { StoreStatus } from '../storage/types.ts';
import type { InitInfo, PackInfo } from '../worker/api.ts';
import { StoreBanner } from './components/store-banner.tsx';
import { loadSettings, saveSettings, type Settings } from './settings.ts';
import { CheckpointsView } from './views/checkpoints.tsx';
import { PlayView } from './views/play.tsx';
import { ExportView } from './views/export.tsx';
import { ReplayView } from './views/replay.tsx';
import { RunView } from './views/run.tsx';
import { SessionsView } from './views/sessions.tsx';
import { SettingsView } from './views/settings.tsx';
import { connectWorker, type WorkerApi } from './worker-client.ts';

type Tab = 'play' | 'run' | 'sessions' | 'export' | 'checkpoints' | 'settings';
const TABS: Tab[] = ['play', 'run', 'sessions', 'export', 'checkpoints', 'settings'];

/** How often the store's state (memory only, storage full) is looked at again. */
const STORE_POLL_MS = 1000;

export function App() {
  const [connection, setConnection] = useState<{ api: WorkerApi; info: InitInfo } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('play');
  const [replay, setReplay] = useState<string | null>(null);
  const [settings, setSettingsState] = useState<Settings>(loadSettings());
  const [pack, setPack] = useState<PackInfo | null>(null);
  const [store, setStore] = useState<StoreStatus | null>(null);

  useEffect(() => {
    connectWorker().then(
      (c) => {
        setConnection(c);
        setPack(c.info.pack);
        setStore(c.info.store);
      },
      (e: Error) => setFailure(e.message),
    );
  }, []);

  useEffect(() => {
    if (!connection) return;
    const timer = setInterval(() => void connection.api.storeStatus().then(setStore, () => undefined), STORE_POLL_MS);
    return () => clearInterval(timer);
  }, [connection]);

  const setSettings = (s: Settings) => {
    setSettingsState(s);
    saveSettings(s);
  };
  const open = (t: Tab) => {
    setTab(t);
    setReplay(null);
  };

  if (failure) return <p class="error" role="alert">The simulator could not start: {failure}</p>;
  if (!connection || !pack) return <p>Starting the simulator…</p>;
  const { api, info } = connection;
  return (
    <div class="app">
      <header>
        <h1>crafter-web</h1>
        <nav aria-label="views">
          {TABS.map((t) => (
            <button key={t} type="button" aria-current={tab === t ? 'page' : undefined} onClick={() => open(t)}>
              {t[0].toUpperCase() + t.slice(1)}
            </button>
          ))}
        </nav>
        <span class="meta">Crafter {info.crafterVersion} · textures: {pack.name}</span>
      </header>
      {info.storeWarning && <p class="warning" role="alert">{info.storeWarning}</p>}
      <StoreBanner store={store} onSessions={() => open('sessions')} onRetry={() => void api.retryWrites().catch(() => undefined)} />
      <main>
        {tab === 'play' && <PlayView api={api} settings={settings} store={store} onSettings={setSettings} />}
        {tab === 'run' && <RunView api={api} scale={settings.scale} />}
        {tab === 'export' && <ExportView api={api} />}
        {tab === 'checkpoints' && <CheckpointsView api={api} />}
        {tab === 'sessions' && (
          <>
            {/* Kept while a replay shows, so its page, filters and selection are there on the way back. */}
            <SessionsView api={api} store={store} hidden={replay !== null} onReplay={setReplay} />
            {replay && <ReplayView api={api} sessionId={replay} scale={settings.scale} onClose={() => setReplay(null)} />}
          </>
        )}
        {tab === 'settings' && <SettingsView api={api} settings={settings} pack={pack} onSettings={setSettings} onPack={setPack} />}
      </main>
    </div>
  );
}
