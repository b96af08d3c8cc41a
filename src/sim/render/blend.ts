// Drawing textures onto Crafter's canvases: opaque copies (`_draw`) and numpy's float32 alpha compositing
// (`_draw_alpha`), with per-texture terms precomputed. Canvases hold 4 bytes a pixel (R, G, B, unused).

/** A texture ready to draw: its pixels as 32-bit words and, when it has an alpha channel, the float32 blend terms. */
export interface PreparedTexture {
  width: number;
  height: number;
  /** One word per pixel, the bytes R, G, B, 255 in memory order. */
  pixels: Uint32Array;
  /** alpha * colour / 255**2 in float32, per channel; null for textures without alpha (copied as they are). */
  weighted: Float32Array | null;
  /** 1 - alpha / 255 in float32, per pixel. */
  keep: Float32Array | null;
}

const f = Math.fround;

export function prepareTexture(rgba: Uint8Array, width: number, height: number, hasAlpha: boolean): PreparedTexture {
  const n = width * height;
  const bytes = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    bytes[i * 4] = rgba[i * 4];
    bytes[i * 4 + 1] = rgba[i * 4 + 1];
    bytes[i * 4 + 2] = rgba[i * 4 + 2];
    bytes[i * 4 + 3] = 255;
  }
  const pixels = new Uint32Array(bytes.buffer);
  if (!hasAlpha) return { width, height, pixels, weighted: null, keep: null };
  const weighted = new Float32Array(n * 3);
  const keep = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const alpha = f(rgba[i * 4 + 3] / 255);
    keep[i] = f(1 - alpha);
    for (let c = 0; c < 3; c++) weighted[i * 3 + c] = f(alpha * f(rgba[i * 4 + c] / 255));
  }
  return { width, height, pixels, weighted, keep };
}

/** A canvas of width x height pixels, 4 bytes each, with a word view for fast copies. */
export class Canvas {
  readonly bytes: Uint8Array;
  readonly words: Uint32Array;
  constructor(readonly width: number, readonly height: number) {
    this.words = new Uint32Array(width * height);
    this.bytes = new Uint8Array(this.words.buffer);
  }
  fill(value: number): void {
    this.bytes.fill(value);
  }
}

/** Crafter's `_draw`: copy the texture's RGB onto the canvas at (x, y), clipped to the canvas. */
export function drawOpaque(canvas: Canvas, tex: PreparedTexture, x: number, y: number): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(canvas.width, x + tex.width);
  const y0 = Math.max(0, y);
  const y1 = Math.min(canvas.height, y + tex.height);
  const words = canvas.words;
  const pixels = tex.pixels;
  for (let cy = y0; cy < y1; cy++) {
    let from = (cy - y) * tex.width + (x0 - x);
    let to = cy * canvas.width + x0;
    for (let cx = x0; cx < x1; cx++) words[to++] = pixels[from++];
  }
}

/** Crafter's `_draw_alpha`: `uint8(255 * (a * tex + (1 - a) * cur))` in float32, or a plain copy without alpha. */
export function drawBlended(canvas: Canvas, tex: PreparedTexture, x: number, y: number): void {
  const { weighted, keep } = tex;
  if (!weighted || !keep) {
    drawOpaque(canvas, tex, x, y);
    return;
  }
  const bytes = canvas.bytes;
  for (let ty = 0; ty < tex.height; ty++) {
    const cy = y + ty;
    if (cy < 0 || cy >= canvas.height) continue;
    for (let tx = 0; tx < tex.width; tx++) {
      const cx = x + tx;
      if (cx < 0 || cx >= canvas.width) continue;
      const p = ty * tex.width + tx;
      const k = keep[p];
      const to = (cy * canvas.width + cx) * 4;
      for (let c = 0; c < 3; c++) {
        const current = f(bytes[to + c] / 255);
        bytes[to + c] = Math.trunc(f(255 * f(weighted[p * 3 + c] + f(k * current))));
      }
    }
  }
}
