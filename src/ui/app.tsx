// The page: play, sessions and replay, settings; the worker does the simulating and the storing.
import { useEffect, useState } from 'preact/hooks';
import type { InitInfo, PackInfo } from '../worker/api.ts';
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

export function App() {
  const [connection, setConnection] = useState<{ api: WorkerApi; info: InitInfo } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('play');
  const [replay, setReplay] = useState<string | null>(null);
  const [settings, setSettingsState] = useState<Settings>(loadSettings());
  const [pack, setPack] = useState<PackInfo | null>(null);

  useEffect(() => {
    connectWorker().then(
      (c) => {
        setConnection(c);
        setPack(c.info.pack);
      },
      (e: Error) => setFailure(e.message),
    );
  }, []);

  const setSettings = (s: Settings) => {
    setSettingsState(s);
    saveSettings(s);
  };

  if (failure) return <p class="error" role="alert">The simulator could not start: {failure}</p>;
  if (!connection || !pack) return <p>Starting the simulator…</p>;
  const { api, info } = connection;
  return (
    <div class="app">
      <header>
        <h1>crafter-web</h1>
        <nav aria-label="views">
          {(['play', 'run', 'sessions', 'export', 'checkpoints', 'settings'] as Tab[]).map((t) => (
            <button key={t} type="button" aria-current={tab === t ? 'page' : undefined} onClick={() => { setTab(t); setReplay(null); }}>
              {t[0].toUpperCase() + t.slice(1)}
            </button>
          ))}
        </nav>
        <span class="meta">Crafter {info.crafterVersion} · textures: {pack.name}</span>
      </header>
      {info.storeWarning && <p class="warning" role="alert">{info.storeWarning}</p>}
      <main>
        {tab === 'play' && <PlayView api={api} pack={pack} settings={settings} onSettings={setSettings} />}
        {tab === 'run' && <RunView api={api} scale={settings.scale} />}
        {tab === 'export' && <ExportView api={api} />}
        {tab === 'checkpoints' && <CheckpointsView api={api} />}
        {tab === 'sessions' && (replay
          ? <ReplayView api={api} sessionId={replay} scale={settings.scale} onClose={() => setReplay(null)} />
          : <SessionsView api={api} onReplay={setReplay} />)}
        {tab === 'settings' && <SettingsView api={api} settings={settings} pack={pack} onSettings={setSettings} onPack={setPack} />}
      </main>
    </div>
  );
}
