// Contact sheets: many small images laid out in a grid, scaled up with nearest neighbour,
// for looking at texture packs and frames.

export interface SheetImage {
  width: number;
  height: number;
  /** RGB or RGBA bytes, row-major; the channel count follows from the length. */
  data: Uint8Array;
}

export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface SheetOptions {
  /** Sheet colour in gaps and behind transparent pixels. Default mid grey. */
  background?: readonly [number, number, number];
  /** Draw transparent pixels over a two-tone checkerboard instead of the background. */
  checkerboard?: boolean;
}

/**
 * Lays images out left to right, top to bottom, `columns` per row, each scaled by `scale`
 * with `gap` background pixels around every cell. Cells are as large as the largest image.
 * RGBA images are alpha-blended over the background (or checkerboard).
 */
export function contactSheet(images: readonly SheetImage[], columns: number, scale: number, gap: number, options: SheetOptions = {}): RgbImage {
  if (images.length === 0) throw new Error('contactSheet: no images');
  if (!(columns >= 1 && scale >= 1 && gap >= 0)) throw new Error(`contactSheet: bad layout columns=${columns} scale=${scale} gap=${gap}`);
  const background = options.background ?? [96, 96, 96];
  const cellWidth = Math.max(...images.map((i) => i.width)) * scale;
  const cellHeight = Math.max(...images.map((i) => i.height)) * scale;
  const rows = Math.ceil(images.length / columns);
  const cols = Math.min(columns, images.length);
  const width = gap + cols * (cellWidth + gap);
  const height = gap + rows * (cellHeight + gap);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(background, i * 3);
  images.forEach((image, index) => {
    const left = gap + (index % columns) * (cellWidth + gap);
    const top = gap + Math.floor(index / columns) * (cellHeight + gap);
    drawScaled(data, width, image, left, top, scale, background, options.checkerboard ?? false);
  });
  return { width, height, data };
}

function drawScaled(sheet: Uint8Array, sheetWidth: number, image: SheetImage, left: number, top: number, scale: number, background: readonly number[], checkerboard: boolean): void {
  const channels = image.data.length / (image.width * image.height);
  if (channels !== 3 && channels !== 4) throw new Error(`contactSheet: image of ${image.width}x${image.height} has ${image.data.length} bytes, neither RGB nor RGBA`);
  for (let y = 0; y < image.height * scale; y++) {
    for (let x = 0; x < image.width * scale; x++) {
      const from = (Math.floor(y / scale) * image.width + Math.floor(x / scale)) * channels;
      const to = ((top + y) * sheetWidth + left + x) * 3;
      const alpha = channels === 4 ? image.data[from + 3] / 255 : 1;
      const under = checkerboard ? ((((x >> 2) + (y >> 2)) & 1) === 0 ? 200 : 150) : -1;
      for (let c = 0; c < 3; c++) {
        const back = under >= 0 ? under : background[c];
        sheet[to + c] = Math.round(alpha * image.data[from + c] + (1 - alpha) * back);
      }
    }
  }
}
