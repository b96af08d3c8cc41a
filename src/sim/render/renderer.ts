// Crafter's observation: local view, daylight and night noise, sleep tint and inventory strip, with its exact arithmetic.
import { ITEM_NAMES, MATERIALS } from '../rules.ts';
import type { CrafterEnv } from '../env.ts';
import type { TexturePack } from '../textures/pack.ts';
import { Canvas, drawBlended, drawOpaque, prepareTexture, type PreparedTexture } from './blend.ts';
import { resizeNearest } from './resize.ts';
import { enhanceTable, luma } from './pillow.ts';
import { vignette } from './vignette.ts';

const NIGHT_TINT = [0, 16, 64];
const SLEEP_TINT = [0, 0, 16];
const ENHANCE_04 = enhanceTable(0.4);

export class FrameRenderer {
  // Prepared textures by size (width * 65536 + height), then by name; material textures also by id.
  private readonly cache = new Map<number, Map<string, PreparedTexture>>();
  private materialTextures: PreparedTexture[] = [];
  private materialUnit = -1;
  private readonly vignettes = new Map<string, Float64Array>();
  private readonly canvases = new Map<string, Canvas>();
  private readonly dayTable = new Float64Array(256);
  private readonly nightTable = new Float64Array(3 * 256);
  // What each local-view cell shows: a material id when only that material is drawn there, -1 when objects cover it.
  private cellContent = new Int16Array(0);
  // Per frame, each material texture lit once by day; cells of plain material copy from it.
  private readonly litMaterials: (Uint8Array | null)[] = [];

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
    out.fill(0);
    const borderX = Math.floor((width - ux * env.view[0]) / 2);
    const borderY = Math.floor((height - uy * env.view[1]) / 2);
    const local = this.localView(env, localWidth, localHeight);
    this.light(env, local, localWidth, localHeight, out, (borderY * width + borderX) * 3, width * 3);
    if (env.player.sleeping) this.sleep(out, (borderY * width + borderX) * 3, width * 3, localWidth, localHeight);
    const itemHeight = env.itemRows * uy;
    const items = this.itemView(env, localWidth, itemHeight).bytes;
    for (let y = 0; y < itemHeight; y++) {
      let to = ((borderY + localHeight + y) * width + borderX) * 3;
      let from = y * localWidth * 4;
      for (let x = 0; x < localWidth; x++, from += 4) {
        out[to++] = items[from];
        out[to++] = items[from + 1];
        out[to++] = items[from + 2];
      }
    }
    return out;
  }

  private localView(env: CrafterEnv, w: number, h: number): Canvas {
    const canvas = this.canvas('local', w, h);
    canvas.fill(127);
    const world = env.world;
    const player = env.player;
    const [ux, uy] = env.unit;
    const [gx, gy] = env.localGrid;
    const ox = Math.floor(gx / 2);
    const oy = Math.floor(gy / 2);
    if (this.cellContent.length !== gx * gy) this.cellContent = new Int16Array(gx * gy);
    const cells = this.cellContent;
    for (let x = 0; x < gx; x++) {
      for (let y = 0; y < gy; y++) {
        const wx = player.x + x - ox;
        const wy = player.y + y - oy;
        cells[y * gx + x] = world.inside(wx, wy) ? world.material(wx, wy) : 0;
        if (!world.inside(wx, wy)) continue;
        drawOpaque(canvas, this.materialTexture(world.material(wx, wy), ux, uy), x * ux, y * uy);
      }
    }
    for (const obj of world.slots) {
      if (!obj) continue;
      const x = obj.x - player.x + ox;
      const y = obj.y - player.y + oy;
      if (x < 0 || x >= gx || y < 0 || y >= gy) continue;
      cells[y * gx + x] = -1;
      drawBlended(canvas, this.texture(obj.texture, ux, uy), x * ux, y * uy);
    }
    return canvas;
  }

  // Crafter's `_light`: noise under a vignette at night, colour enhance 0.4, tint, then a daylight blend in float64,
  // written into the frame as uint8 (a typed-array store truncates like numpy's cast for values in [0, 256)).
  // The products are tabulated per frame: the same double operations on the same operands, so the same results.
  private light(env: CrafterEnv, local: Canvas, w: number, h: number, out: Uint8Array, offset: number, stride: number): void {
    const daylight = env.world.daylight;
    const noise = env.nightNoise;
    const dark = daylight < 0.5;
    if (dark && (!noise || noise.length !== w * h)) {
      throw new Error('a night frame needs the night noise of its step: set env.wantNoise = true before stepping');
    }
    const day = this.dayTable;
    const night = this.nightTable;
    for (let v = 0; v < 256; v++) {
      day[v] = daylight * v;
      for (let c = 0; c < 3; c++) night[c * 256 + v] = (1 - daylight) * ((1 - 0.5) * v + 0.5 * NIGHT_TINT[c]);
    }
    const enhance = ENHANCE_04;
    const canvas = local.bytes;
    if (!dark) {
      this.lightByDay(env, local, w, h, out, offset, stride);
      return;
    }
    const vig = this.vignette(w, h);
    const amount = 2 * (0.5 - daylight);
    for (let y = 0; y < h; y++) {
      let o = offset + y * stride;
      let p = y * w * 4;
      for (let x = 0; x < w; x++, p += 4, o += 3) {
        const r = canvas[p];
        const g = canvas[p + 1];
        const b = canvas[p + 2];
        // Crafter's noise arrays are indexed [x][y], C order.
        const mask = amount * vig[x * h + y];
        const n = mask * noise![x * h + y];
        const keep = 1 - mask;
        const nr = Math.trunc(keep * r + n);
        const ng = Math.trunc(keep * g + n);
        const nb = Math.trunc(keep * b + n);
        const l = ((nr * 19595 + ng * 38470 + nb * 7471 + 0x8000) >> 16) * 256;
        out[o] = day[r] + night[enhance[l + nr]];
        out[o + 1] = day[g] + night[256 + enhance[l + ng]];
        out[o + 2] = day[b] + night[512 + enhance[l + nb]];
      }
    }
  }

  // By day a lit pixel depends on its colour alone, so a cell of plain material is its texture lit once per frame.
  private lightByDay(env: CrafterEnv, local: Canvas, w: number, h: number, out: Uint8Array, offset: number, stride: number): void {
    const [ux, uy] = env.unit;
    const [gx, gy] = env.localGrid;
    const canvas = local.bytes;
    this.litMaterials.fill(null);
    for (let cy = 0; cy < gy; cy++) {
      for (let cx = 0; cx < gx; cx++) {
        const content = this.cellContent[cy * gx + cx];
        const lit = content >= 0 ? this.litMaterial(content, ux, uy) : null;
        for (let y = cy * uy; y < (cy + 1) * uy; y++) {
          let o = offset + y * stride + cx * ux * 3;
          if (lit) {
            const from = (y - cy * uy) * ux * 3;
            for (let i = 0; i < ux * 3; i++) out[o++] = lit[from + i];
            continue;
          }
          let p = (y * w + cx * ux) * 4;
          for (let x = 0; x < ux; x++, p += 4, o += 3) this.lightPixel(canvas[p], canvas[p + 1], canvas[p + 2], out, o);
        }
      }
    }
  }

  private lightPixel(r: number, g: number, b: number, out: Uint8Array, o: number): void {
    const day = this.dayTable;
    const night = this.nightTable;
    const l = ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16) * 256;
    out[o] = day[r] + night[ENHANCE_04[l + r]];
    out[o + 1] = day[g] + night[256 + ENHANCE_04[l + g]];
    out[o + 2] = day[b] + night[512 + ENHANCE_04[l + b]];
  }

  // Material 0 is outside the world: Crafter's grey canvas (127) shows there.
  private litMaterial(id: number, ux: number, uy: number): Uint8Array {
    let lit = this.litMaterials[id];
    if (!lit) {
      lit = new Uint8Array(ux * uy * 3);
      if (id === 0) {
        for (let o = 0; o < lit.length; o += 3) this.lightPixel(127, 127, 127, lit, o);
      } else {
        const bytes = new Uint8Array(this.materialTexture(id, ux, uy).pixels.buffer);
        for (let i = 0, o = 0; o < lit.length; i += 4, o += 3) this.lightPixel(bytes[i], bytes[i + 1], bytes[i + 2], lit, o);
      }
      this.litMaterials[id] = lit;
    }
    return lit;
  }

  private canvas(name: string, width: number, height: number): Canvas {
    let canvas = this.canvases.get(name);
    if (!canvas || canvas.width !== width || canvas.height !== height) {
      canvas = new Canvas(width, height);
      this.canvases.set(name, canvas);
    }
    return canvas;
  }

  // Crafter's `_sleep`: grey (colour enhance 0.0 of the uint8 canvas), then a tint toward dark blue, in place.
  private sleep(out: Uint8Array, offset: number, stride: number, w: number, h: number): void {
    for (let y = 0; y < h; y++) {
      let o = offset + y * stride;
      for (let x = 0; x < w; x++, o += 3) {
        const grey = luma(out[o], out[o + 1], out[o + 2]);
        for (let c = 0; c < 3; c++) out[o + c] = (1 - 0.5) * grey + 0.5 * SLEEP_TINT[c];
      }
    }
  }

  private itemView(env: CrafterEnv, w: number, h: number): Canvas {
    const canvas = this.canvas('items', w, h);
    canvas.fill(0);
    const [ux, uy] = env.unit;
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
    return canvas;
  }

  private materialTexture(id: number, ux: number, uy: number): PreparedTexture {
    if (this.materialUnit !== ux * 65536 + uy) {
      this.materialTextures = ['unknown', ...MATERIALS].map((name) => this.texture(name, ux, uy));
      this.materialUnit = ux * 65536 + uy;
    }
    return this.materialTextures[id];
  }

  private vignette(w: number, h: number): Float64Array {
    const key = `${w}x${h}`;
    let v = this.vignettes.get(key);
    if (!v) {
      v = vignette(w, h, 0.5);
      this.vignettes.set(key, v);
    }
    return v;
  }
}
