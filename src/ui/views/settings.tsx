// Settings: text style, play mode and speed, frame size and scale, and the texture pack (built-in, or Crafter's
// original from files, a folder, a drop or a URL).
import { useState } from 'preact/hooks';
import { formatFrameSize } from '../../agent/frame-size.ts';
import type { PackInfo } from '../../worker/api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { FrameSizeInput } from '../components/frame-size-input.tsx';
import type { Settings } from '../settings.ts';
import { droppedFiles, fetchPack, filesByTextureName } from '../texture-files.ts';
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
  const [error, setError] = useState<{ what: string; error: unknown } | null>(null);
  const [frameSizeText, setFrameSizeText] = useState(formatFrameSize(settings.frameSize));
  const [dragging, setDragging] = useState(false);

  const load = async (what: string, files: () => Promise<Record<string, Uint8Array>>, name: string) => {
    setError(null);
    setStatus(`Loading ${what}…`);
    try {
      const next = await api.usePackFiles(name, await files());
      onPack(next);
      setStatus(`Using ${next.name} (${next.hash.slice(0, 12)}…).`);
    } catch (e) {
      setStatus(null);
      setError({ what: `${what[0].toUpperCase()}${what.slice(1)} could not be used:`, error: e });
    }
  };
  const fromFiles = (what: string, files: Iterable<File>) => void load(what, () => filesByTextureName(files), 'crafter-original');
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!event.dataTransfer) return;
    const files = droppedFiles(event.dataTransfer);
    void load('the dropped files', async () => filesByTextureName(await files), 'crafter-original');
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
        <FrameSizeInput
          name="frameSize"
          value={frameSizeText}
          onInput={(text, size) => {
            setFrameSizeText(text);
            if (size) onSettings({ ...settings, frameSize: size });
          }}
        />
        <p class="hint">Crafter's <code>size</code>: new worlds in Play use it, and it is recorded with every session. Runs choose theirs in the Run tab.</p>
        <label>
          Frame scale (for a 64 px frame){' '}
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
          <input type="file" accept="image/png" multiple data-testid="pack-files" onChange={(e) => fromFiles('the chosen files', (e.target as HTMLInputElement).files ?? [])} />
        </label>
        <label>
          …or its folder (crafter/assets){' '}
          <input type="file" multiple {...{ webkitdirectory: true }} data-testid="pack-folder" onChange={(e) => fromFiles('the chosen folder', (e.target as HTMLInputElement).files ?? [])} />
        </label>
        <div
          class={`drop-zone${dragging ? ' dragging' : ''}`}
          data-testid="pack-drop"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          …or drop the folder, or its PNG files, here
        </div>
        <label>
          …or a URL{' '}
          <input type="url" placeholder="https://…/crafter/assets/" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" disabled={!url} onClick={() => void load(url, () => fetchPack(url), 'crafter-original')}>Load from URL</button>
        <p class="hint">Frames with the original pack are byte-identical to Python Crafter's. The pack is kept in this browser; every session records the pack it used.</p>
        {status && <p role="status">{status}</p>}
        {error && <ErrorMessage prefix={error.what} error={error.error} />}
      </fieldset>
    </section>
  );
}
