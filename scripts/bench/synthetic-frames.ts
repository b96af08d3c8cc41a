// Frames that look like Crafter observations (9x7 local view over a 9x2 inventory strip, day
// and night), drawn from any texture pack without the simulator, for measuring the encoder
// and the trace store.
import { resizeNearest } from '../../src/sim/render/resize.ts';
import type { TexturePack } from '../../src/sim/textures/pack.ts';
import { ITEM_NAMES } from '../../src/sim/textures/names.ts';
import { mulberry32 } from '../../src/agent/builtin/prng.ts';

export const FRAME_SIZE = 64;
const UNIT = 7;
const GRID_W = 9;
const GRID_H = 7;

type Random = () => number;

class Painter {
  private readonly cache = new Map<string, Uint8Array>();
  constructor(private readonly pack: TexturePack) {}

  private scaled(name: string, size: number): Uint8Array {
    const key = `${name}@${size}`;
    let data = this.cache.get(key);
    if (!data) {
      const image = this.pack.textures.get(name);
      if (!image) throw new Error(`pack ${this.pack.name} lacks ${name}`);
      data = resizeNearest(image, size, size);
      this.cache.set(key, data);
    }
    return data;
  }

  /** Draws a texture at (left, top); blend=false copies RGB like Crafter does for materials. */
  draw(frame: Uint8Array, name: string, left: number, top: number, size: number, blend: boolean): void {
    const texture = this.scaled(name, size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const from = (y * size + x) * 4;
        const to = ((top + y) * FRAME_SIZE + left + x) * 3;
        const alpha = blend ? texture[from + 3] / 255 : 1;
        for (let c = 0; c < 3; c++) frame[to + c] = Math.trunc(alpha * texture[from + c] + (1 - alpha) * frame[to + c]);
      }
    }
  }
}

function pickMaterial(noise: number, detail: number, random: Random): string {
  if (noise < 0.18) return 'water';
  if (noise < 0.26) return 'sand';
  if (noise < 0.55) return detail > 0.8 ? 'tree' : 'grass';
  if (noise < 0.62) return 'path';
  const r = random();
  if (r < 0.06) return 'coal';
  if (r < 0.09) return 'iron';
  if (r < 0.1) return 'diamond';
  if (noise > 0.93 && r < 0.3) return 'lava';
  return 'stone';
}

// Smooth-ish field over the view: a few random bumps, normalised to 0..1.
function field(random: Random): (x: number, y: number) => number {
  const bumps = Array.from({ length: 4 }, () => ({ x: random() * GRID_W, y: random() * GRID_H, w: random() * 2 - 1 }));
  const base = random();
  return (x, y) => {
    let v = base;
    for (const b of bumps) v += 0.5 * b.w * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / 8);
    return Math.min(1, Math.max(0, v));
  };
}

function daylightAt(step: number): number {
  const progress = (step / 300) % 1 + 0.3;
  return 1 - Math.abs(Math.cos(Math.PI * progress)) ** 3;
}

// Crafter's night look, approximately: vignette noise, desaturation, blue tint, daylight blend.
function applyLight(frame: Uint8Array, daylight: number, random: Random): void {
  if (daylight >= 1) return;
  const width = GRID_W * UNIT;
  const height = GRID_H * UNIT;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * FRAME_SIZE + x) * 3;
      const px = [frame[at], frame[at + 1], frame[at + 2]];
      let night = px;
      if (daylight < 0.5) {
        const dx = (2 * x) / (width - 1) - 1;
        const dy = (2 * y) / (height - 1) - 1;
        const mask = 2 * (0.5 - daylight) * (1 - Math.exp(-0.5 * (dx * dx + dy * dy) / 0.25));
        const noise = 32 + 95 * random();
        night = night.map((v) => Math.trunc((1 - mask) * v + mask * noise));
      }
      const grey = 0.299 * night[0] + 0.587 * night[1] + 0.114 * night[2];
      const tint = [0, 16, 64];
      for (let c = 0; c < 3; c++) {
        const desaturated = Math.trunc(grey + 0.4 * (night[c] - grey));
        const tinted = 0.5 * desaturated + 0.5 * tint[c];
        frame[at + c] = Math.trunc(daylight * px[c] + (1 - daylight) * tinted);
      }
    }
  }
}

/** `count` RGB frames of FRAME_SIZE squared; about 40 % fall at night, as in a long episode. */
export function syntheticFrames(pack: TexturePack, count: number, seed = 1): Uint8Array[] {
  const painter = new Painter(pack);
  const frames: Uint8Array[] = [];
  for (let n = 0; n < count; n++) {
    const random = mulberry32(seed * 7919 + n);
    const frame = new Uint8Array(FRAME_SIZE * FRAME_SIZE * 3);
    const height = field(random);
    const materials: string[][] = [];
    for (let gx = 0; gx < GRID_W; gx++) {
      materials.push([]);
      for (let gy = 0; gy < GRID_H; gy++) {
        const material = gx === 4 && gy === 3 ? 'grass' : pickMaterial(height(gx, gy), random(), random);
        materials[gx].push(material);
        painter.draw(frame, material, gx * UNIT, gy * UNIT, UNIT, false);
      }
    }
    if (random() < 0.15) painter.draw(frame, random() < 0.5 ? 'table' : 'furnace', 3 * UNIT, 3 * UNIT, UNIT, false);
    for (let gx = 0; gx < GRID_W; gx++) {
      for (let gy = 0; gy < GRID_H; gy++) {
        if (gx === 4 && gy === 3) continue;
        const ground = materials[gx][gy];
        const r = random();
        const creature = ground === 'grass' ? (r < 0.05 ? 'cow' : r < 0.08 ? 'zombie' : r < 0.1 ? 'plant' : r < 0.11 ? 'plant-ripe' : '')
          : ground === 'path' ? (r < 0.1 ? 'skeleton' : r < 0.14 ? 'arrow-left' : '') : '';
        if (creature) painter.draw(frame, creature, gx * UNIT, gy * UNIT, UNIT, true);
      }
    }
    const facing = ['player-down', 'player-up', 'player-left', 'player-right', 'player-sleep'][Math.floor(random() * 5)];
    painter.draw(frame, facing, 4 * UNIT, 3 * UNIT, UNIT, true);
    applyLight(frame, daylightAt(Math.floor(random() * 10000)), random);
    drawInventory(painter, frame, random);
    frames.push(frame);
  }
  return frames;
}

function drawInventory(painter: Painter, frame: Uint8Array, random: Random): void {
  const top = GRID_H * UNIT;
  ITEM_NAMES.forEach((item, index) => {
    const vital = index < 4;
    const amount = vital ? 1 + Math.floor(random() * 9) : random() < 0.3 ? 1 + Math.floor(random() * 5) : 0;
    if (amount < 1) return;
    const cx = (index % GRID_W) * UNIT;
    const cy = top + Math.floor(index / GRID_W) * UNIT;
    painter.draw(frame, item, cx + Math.trunc(0.1 * UNIT), cy + Math.trunc(0.1 * UNIT), Math.trunc(0.8 * UNIT), true);
    painter.draw(frame, String(amount), cx + Math.trunc(0.4 * UNIT), cy + Math.trunc(0.4 * UNIT), Math.trunc(0.6 * UNIT), true);
  });
}
