// The frames a model saw on its earlier turns, oldest first, given back as separate images or stitched into one sheet.
import { pngDataUrl } from '../lib/base64.ts';
import { encodePng } from '../lib/png.ts';
import { contactSheet } from '../sim/capture/sheet.ts';

export interface HistoryFrame {
  rgb: Uint8Array;
  width: number;
  height: number;
  dataUrl: string;
}

/** Pixels between frames on a sheet, so the model can tell them apart. */
const SHEET_GAP = 2;
const SHEET_BACKGROUND = [255, 255, 255] as const;

export class FrameHistory {
  private frames: HistoryFrame[] = [];

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 0)) throw new Error('frame history must be a whole number >= 0');
  }

  /** Remembers the frame of a turn just played; the oldest falls out past the capacity. */
  push(frame: HistoryFrame): void {
    if (this.capacity === 0) return;
    this.frames.push(frame);
    if (this.frames.length > this.capacity) this.frames.shift();
  }

  dataUrls(): string[] {
    return this.frames.map((f) => f.dataUrl);
  }

  get length(): number {
    return this.frames.length;
  }

  /** The remembered frames in one row, oldest on the left, as a PNG data URL; null when there are none. */
  sheetDataUrl(): string | null {
    if (this.frames.length === 0) return null;
    const sheet = contactSheet(
      this.frames.map((f) => ({ width: f.width, height: f.height, data: f.rgb })),
      this.frames.length,
      1,
      SHEET_GAP,
      { background: SHEET_BACKGROUND },
    );
    return pngDataUrl(encodePng(sheet.data, sheet.width, sheet.height));
  }
}
