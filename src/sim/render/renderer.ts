// Crafter's observation: local view, daylight and night noise, sleep tint and inventory strip, with its exact arithmetic.
import { ITEM_NAMES } from '../rules.ts';
import type { CrafterEnv } from '../env.ts';
import type { TexturePack } from '../textures/pack.ts';
import { Canvas, drawBlended, prepareTexture, type PreparedTexture } from './blend.ts';
import { CellImages } from './cells.ts';
import { Lighting } from './light.ts';
import { resizeNearest } from './resize.ts';
import { vignette } from './vignette.ts';

/** A frame in the making, for one layout (size and view): drawn here, then copied to the caller's buffer. */
interface FrameBuffer {
  rgb: Uint8Array;
  view: DataView;
  /** The inventory the item strip shows now; null before it is first drawn. */
  inventory: Int32Array | null;
  /** Crafter's night vignette over the local view, made at the first night frame. */
  vignette: Float64Array | null;
}

export class FrameRenderer {
  // Prepared textures by size (width * 65536 + height), then by name.
  private readonly cache = new Map<number, Map<string, PreparedTexture>>();
  // Cell images by unit (width * 65536 + height) and frames by layout: renders at several sizes keep theirs.
  private readonly cellsByUnit = new Map<number, CellImages>();
  private readonly frames = new Map<string, FrameBuffer>();
  private readonly lighting = new Lighting();
  private frameCount = 0;

  constructor(readonly pack: TexturePack) {}

  /** The texture `name` resized to width x height as Crafter's Textures.get does (missing names draw 'unknown'). */
  texture(name: string, width: number, height: number): PreparedTexture {
    let bySize = this.cache.get(width * 65536 + height);
    if (!bySize) {
      bySize = new Map();
      this.cache.set(width * 65536 + height, bySize);
    }
    let prepared = bySize.get(name);
    if (!prepared) {
      const image = this.pack.textures.get(name) ?? this.pack.textures.get('unknown');
      if (!image) throw new Error(`texture pack ${this.pack.name} has neither ${name} nor unknown`);
      prepared = prepareTexture(resizeNearest(image, width, height), width, height, image.hasAlpha);
      bySize.set(name, prepared);
    }
    return prepared;
  }

  /**
   * The observation of the env's current state as RGB bytes, row-major (y, x), size[0] wide and size[1] high.
   * At night it needs the noise the env drew for this observation: set `env.wantNoise` before stepping.
   */
  render(env: CrafterEnv, out: Uint8Array = new Uint8Array(env.size[0] * env.size[1] * 3)): Uint8Array {
    const [width, height] = env.size;
    const [ux, uy] = env.unit;
    const [gx, gy] = env.localGrid;
    const localWidth = gx * ux;
    const localHeight = gy * uy;
    const daylight = env.world.daylight;
    const noise = env.nightNoise;
    const dark = daylight < 0.5;
    if (dark && (!noise || noise.length !== localWidth * localHeight)) {
      throw new Error('a night frame needs the night noise of its step: set env.wantNoise = true before stepping');
    }
    const frame = this.frameFor(env);
    if (out.length !== frame.rgb.length) throw new RangeError(`a ${width}x${height} frame needs ${frame.rgb.length} bytes, not ${out.length}`);
    const borderX = Math.floor((width - ux * env.view[0]) / 2);
    const borderY = Math.floor((height - uy * env.view[1]) / 2);
    const offset = (borderY * width + borderX) * 3;
    const stride = width * 3;
    const cells = this.cellImages(ux, uy);
    const ids = cells.grid(env);
    this.lighting.daylight = daylight;
    this.lighting.sleeping = env.player.sleeping;
    if (dark) {
      frame.vignette ??= vignette(localWidth, localHeight, 0.5);
      const vig = frame.vignette;
      const amount = 2 * (0.5 - daylight);
      for (let cy = 0; cy < gy; cy++) {
        for (let cx = 0; cx < gx; cx++) {
          this.lighting.lightNightCell(cells.images[ids[cy * gx + cx]], ux, uy, cx * ux, cy * uy, localHeight,
            vig, amount, noise!, frame.view, offset + cy * uy * stride + cx * ux * 3, stride, cx === gx - 1);
        }
      }
    } else {
      this.lightByDay(cells, ids, gx, gy, frame.view, offset, stride);
    }
    if (!sameInventory(frame.inventory, env.player.inventory)) {
      this.drawItems(env, localWidth, frame.rgb, offset + localHeight * stride, stride);
      frame.inventory = Int32Array.from(env.player.inventory);
    }
    out.set(frame.rgb);
    return out;
  }

  // Drawn in a buffer of the renderer's, a frame keeps its black border and its inventory strip until they change.
  private frameFor(env: CrafterEnv): FrameBuffer {
    const layout = `${env.size[0]}x${env.size[1]} ${env.view[0]}x${env.view[1]}`;
    let frame = this.frames.get(layout);
    if (!frame) {
      const rgb = new Uint8Array(env.size[0] * env.size[1] * 3);
      frame = { rgb, view: new DataView(rgb.buffer), inventory: null, vignette: null };
      this.frames.set(layout, frame);
    }
    return frame;
  }

  private cellImages(ux: number, uy: number): CellImages {
    let cells = this.cellsByUnit.get(ux * 65536 + uy);
    if (!cells) {
      cells = new CellImages((name, w, h) => this.texture(name, w, h), ux, uy);
      this.cellsByUnit.set(ux * 65536 + uy, cells);
    }
    return cells;
  }

  // By day a lit pixel depends on its colour alone, so each distinct cell image is lit once per frame and copied,
  // four bytes at a time.
  private lightByDay(cells: CellImages, ids: Int32Array, gx: number, gy: number, out: DataView, offset: number, stride: number): void {
    const { unitX: ux, unitY: uy } = cells;
    const frame = ++this.frameCount;
    const rowBytes = ux * 3;
    const wordBytes = rowBytes & ~3;
    for (let cy = 0; cy < gy; cy++) {
      for (let cx = 0; cx < gx; cx++) {
        const lit = cells.lit(ids[cy * gx + cx], frame, this.lighting);
        const at = offset + cy * uy * stride + cx * rowBytes;
        for (let ty = 0; ty < uy; ty++) {
          const o = at + ty * stride;
          const from = ty * rowBytes;
          let i = 0;
          for (; i < wordBytes; i += 4) out.setUint32(o + i, lit.getUint32(from + i));
          for (; i < rowBytes; i++) out.setUint8(o + i, lit.getUint8(from + i));
        }
      }
    }
  }

  // Crafter's item view: each item with an amount of at least 1 and its digit, drawn over black in inventory order.
  private drawItems(env: CrafterEnv, w: number, out: Uint8Array, offset: number, stride: number): void {
    const [ux, uy] = env.unit;
    const canvas = new Canvas(w, env.itemRows * uy);
    const columns = env.view[0];
    const inventory = env.player.inventory;
    const itemW = Math.trunc(0.8 * ux);
    const itemH = Math.trunc(0.8 * uy);
    const digitW = Math.trunc(0.6 * ux);
    const digitH = Math.trunc(0.6 * uy);
    ITEM_NAMES.forEach((name, index) => {
      const amount = inventory[index];
      if (amount < 1) return;
      const cx = index % columns;
      const cy = Math.floor(index / columns);
      drawBlended(canvas, this.texture(name, itemW, itemH), Math.trunc(cx * ux + 0.1 * ux), Math.trunc(cy * uy + 0.1 * uy));
      const digit = amount <= 9 ? String(amount) : 'unknown';
      drawBlended(canvas, this.texture(digit, digitW, digitH), Math.trunc(cx * ux + 0.4 * ux), Math.trunc(cy * uy + 0.4 * uy));
    });
    for (let y = 0, p = 0; y < canvas.height; y++) {
      for (let x = 0, o = offset + y * stride; x < w; x++, p += 4) {
        out[o++] = canvas.bytes[p];
        out[o++] = canvas.bytes[p + 1];
        out[o++] = canvas.bytes[p + 2];
      }
    }
  }
}

function sameInventory(shown: Int32Array | null, inventory: Int32Array): boolean {
  if (shown === null) return false;
  for (let i = 0; i < inventory.length; i++) if (shown[i] !== inventory[i]) return false;
  return true;
}
