// Settings the page keeps in localStorage, validated on load so a stale or edited value cannot break the page.
import type { TextStyle } from '../sim/text.ts';
import { DEFAULT_FRAME_SIZE, validateFrameSize, type FrameSize } from '../agent/frame-size.ts';

export interface Settings {
  textStyle: TextStyle;
  mode: 'realtime' | 'turn';
  stepsPerSecond: number;
  seed: number;
  scale: number;
  /** Crafter's `size` for play: the frame's [width, height]. */
  frameSize: FrameSize;
}

export const DEFAULT_SETTINGS: Settings = { textStyle: 'language', mode: 'turn', stepsPerSecond: 5, seed: 1, scale: 8, frameSize: DEFAULT_FRAME_SIZE };
const KEY = 'crafter-web:settings';

export function loadSettings(storage: Storage | undefined = globalThis.localStorage): Settings {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? '{}') as Partial<Settings>;
    return {
      textStyle: raw.textStyle === 'state' || raw.textStyle === 'language' ? raw.textStyle : DEFAULT_SETTINGS.textStyle,
      mode: raw.mode === 'realtime' || raw.mode === 'turn' ? raw.mode : DEFAULT_SETTINGS.mode,
      stepsPerSecond: clampNumber(raw.stepsPerSecond, 1, 30, DEFAULT_SETTINGS.stepsPerSecond),
      seed: Number.isInteger(raw.seed) ? (raw.seed as number) : DEFAULT_SETTINGS.seed,
      scale: clampNumber(raw.scale, 2, 16, DEFAULT_SETTINGS.scale),
      frameSize: frameSizeOr(raw.frameSize, DEFAULT_SETTINGS.frameSize),
    };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export function saveSettings(settings: Settings, storage: Storage | undefined = globalThis.localStorage): void {
  storage?.setItem(KEY, JSON.stringify(settings));
}

function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

function frameSizeOr(value: unknown, fallback: FrameSize): FrameSize {
  try {
    validateFrameSize(value);
    return [value[0], value[1]];
  } catch {
    return [...fallback];
  }
}
