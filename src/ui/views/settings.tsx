// Settings: text style, play mode and speed, frame scale, and the texture pack (built-in, or Crafter's original).
import { useState } from 'preact/hooks';
import type { PackInfo } from '../../worker/api.ts';
import type { Settings } from '../settings.ts';
import { fetchPack, filesByTextureName } from '../texture-files.ts';
import type { WorkerApi } from '../worker-client.ts';
import { Options, TEXT_STYLE_CHOICES } from '../prompt-choices.tsx';

interface Props {
  api: WorkerApi;
  settings: Settings;
  pack: PackInfo;
  onSettings: (s: Settings) => void;
  onPack: (p: PackInfo) => void;
}

export function SettingsView({ api, settings, pack, onSettings, onPack }: Props) {
  const [url, setUrl] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (what: string, files: () => Promise<Record<string, Uint8Array>>, name: string) => {
    setError(null);
    setStatus(`Loading ${what}…`);
    try {
      const next = await api.usePackFiles(name, await files());
      onPack(next);
      setStatus(`Using ${next.name} (${next.hash.slice(0, 12)}…).`);
    } catch (e) {
      setStatus(null);
      setError(`${what}: ${(e as Error).message}`);
    }
  };

  const number = (e: Event) => Number((e.target as HTMLInputElement).value);
  return (
    <section class="settings" aria-label="settings">
      <fieldset>
        <legend>Observation text</legend>
        <label>
          Style{' '}
          <select value={settings.textStyle} onChange={(e) => onSettings({ ...settings, textStyle: (e.target as HTMLSelectElement).value as Settings['textStyle'] })}>
            <Options choices={TEXT_STYLE_CHOICES} />
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Play</legend>
        <label>
          Mode{' '}
          <select value={settings.mode} onChange={(e) => onSettings({ ...settings, mode: (e.target as HTMLSelectElement).value as Settings['mode'] })}>
            <option value="turn">turn-based (the world waits for a key)</option>
            <option value="realtime">real time</option>
          </select>
        </label>
        <label>
          Steps per second (real time){' '}
          <input type="number" min={1} max={30} value={settings.stepsPerSecond} onChange={(e) => onSettings({ ...settings, stepsPerSecond: Math.min(30, Math.max(1, number(e) || 5)) })} />
        </label>
        <label>
          Frame scale{' '}
          <input type="number" min={2} max={16} value={settings.scale} onChange={(e) => onSettings({ ...settings, scale: Math.min(16, Math.max(2, number(e) || 8)) })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Texture pack</legend>
        <p data-testid="pack-info">
          In use: <strong>{pack.name}</strong> {pack.builtin ? '(built-in)' : ''} <code>{pack.hash.slice(0, 16)}</code>
        </p>
        <button type="button" onClick={() => void api.useBuiltinPack().then(onPack)}>Use the built-in pack</button>
        <label>
          Crafter's original pack, PNG files{' '}
          <input type="file" accept="image/png" multiple onChange={(e) => void load('the chosen files', () => filesByTextureName((e.target as HTMLInputElement).files ?? []), 'crafter-original')} />
        </label>
        <label>
          …or its folder{' '}
          <input type="file" {...{ webkitdirectory: '' }} onChange={(e) => void load('the chosen folder', () => filesByTextureName((e.target as HTMLInputElement).files ?? []), 'crafter-original')} />
        </label>
        <label>
          …or a URL{' '}
          <input type="url" placeholder="https://…/crafter/assets/" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" disabled={!url} onClick={() => void load(url, () => fetchPack(url), 'crafter-original')}>Load from URL</button>
        <p class="hint">Frames with the original pack are byte-identical to Python Crafter's. The pack is kept in this browser; every session records the pack it used.</p>
        {status && <p role="status">{status}</p>}
        {error && <p class="error" role="alert">{error}</p>}
      </fieldset>
    </section>
  );
}
