// Crafter's `size`: the observation frame's width and height in pixels, as a run or a person's play chooses it.

export type FrameSize = [number, number];

export const DEFAULT_FRAME_SIZE: FrameSize = [64, 64];
/** Crafter's own default, BALROG's and many VLM users' choice, and the one between. */
export const COMMON_FRAME_SIDES = [64, 128, 256] as const;
/** Crafter draws a 9x9 grid of cells, so a side below 9 pixels leaves a cell no pixel. */
export const MIN_FRAME_SIDE = 9;
/** A side above this makes frames of megabytes each, past what a dataset of many steps can hold. */
export const MAX_FRAME_SIDE = 1024;

/** Throws a message naming the problem unless `size` is [width, height] in whole pixels within the bounds. */
export function validateFrameSize(size: unknown): asserts size is FrameSize {
  if (!Array.isArray(size) || size.length !== 2 || !size.every((side) => Number.isInteger(side) && side >= MIN_FRAME_SIDE && side <= MAX_FRAME_SIDE)) {
    throw new Error(`the frame size must be two whole numbers of pixels from ${MIN_FRAME_SIDE} to ${MAX_FRAME_SIDE} (width and height), got ${JSON.stringify(size)}`);
  }
}

/** "256" (square), "320x240" or "320 × 240"; throws on anything else. */
export function parseFrameSize(text: string): FrameSize {
  const match = /^\s*(\d+)\s*(?:[x×*,]\s*(\d+)\s*)?$/i.exec(text);
  if (!match) throw new Error(`"${text}" is not a frame size: write one number of pixels (256) or width x height (320x240)`);
  const size: FrameSize = [Number(match[1]), Number(match[2] ?? match[1])];
  validateFrameSize(size);
  return size;
}

export function formatFrameSize([width, height]: readonly [number, number]): string {
  return width === height ? String(width) : `${width}x${height}`;
}
