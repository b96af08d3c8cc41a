// The local view as a grid of cell images: a cell shows grey (outside the world), its material, or one object alpha-blended
// over its material. Objects never share a cell and textures are cell-sized, so each such image is drawn once and kept;
// by day each is also lit once per frame, since a lit pixel then depends on its colour alone.
import type { CrafterEnv } from '../env.ts';
import { MATERIALS } from '../rules.ts';
import { Canvas, drawBlended, drawOpaque, type PreparedTexture } from './blend.ts';
import type { Lighting } from './light.ts';

/** Crafter's `Textures.get` at a size: a prepared texture by name. */
export type TextureSource = (name: string, width: number, height: number) => PreparedTexture;

// Material ids 0..MATERIALS.length (0 draws 'unknown', like Crafter's `Textures.get(None)`), then the grey outside cell.
const MATERIAL_NAMES = ['unknown', ...MATERIALS];
const OUTSIDE = MATERIAL_NAMES.length;
const BASES = OUTSIDE + 1;

/** A cell image's pixels row-major, each as r | g << 8 | b << 16. */
export type CellColours = Int32Array;

export class CellImages {
  /** Every cell image by id, unit wide and high. */
  readonly images: CellColours[] = [];
  // The base images as drawn, for objects to be blended over.
  private readonly bases: Canvas[] = [];
  /** Per object texture name, the image id over each base (material or outside), 0 until drawn. */
  private readonly withObject = new Map<string, Int32Array>();
  private ids = new Int32Array(0);
  // By day, each image lit (RGB and a spare byte), and the number of the frame it was lit for.
  private readonly litImages: DataView[] = [];
  private readonly litFrames: number[] = [];

  constructor(
    private readonly texture: TextureSource,
    readonly unitX: number,
    readonly unitY: number,
  ) {
    for (let base = 0; base < BASES; base++) {
      const canvas = new Canvas(unitX, unitY);
      if (base === OUTSIDE) canvas.fill(127);
      else drawOpaque(canvas, texture(MATERIAL_NAMES[base], unitX, unitY), 0, 0);
      this.bases.push(canvas);
      this.add(canvas);
    }
  }

  /** The image id of every cell of the env's local view, row-major; the array is reused by the next call. */
  grid(env: CrafterEnv): Int32Array {
    const [gx, gy] = env.localGrid;
    if (this.ids.length !== gx * gy) this.ids = new Int32Array(gx * gy);
    const { world, player } = env;
    const { width, height, materials, objectMap, slots } = world;
    const left = player.x - Math.floor(gx / 2);
    const top = player.y - Math.floor(gy / 2);
    for (let y = 0; y < gy; y++) {
      const wy = top + y;
      for (let x = 0; x < gx; x++) {
        const wx = left + x;
        let id = OUTSIDE;
        if (wx >= 0 && wx < width && wy >= 0 && wy < height) {
          const cell = wx * height + wy;
          id = materials[cell];
          const slot = objectMap[cell];
          if (slot !== 0) id = this.objectImage(slots[slot]!.texture, id);
        }
        this.ids[y * gx + x] = id;
      }
    }
    return this.ids;
  }

  /** Image `id` lit by day for the frame numbered `frame`: lit once per frame, kept for the next. */
  lit(id: number, frame: number, lighting: Lighting): DataView {
    let lit = this.litImages[id];
    if (!lit) {
      lit = new DataView(new ArrayBuffer(this.unitX * this.unitY * 3 + 1));
      this.litImages[id] = lit;
    }
    if (this.litFrames[id] !== frame) {
      lighting.lightImage(this.images[id], lit);
      this.litFrames[id] = frame;
    }
    return lit;
  }

  private objectImage(name: string, base: number): number {
    let byBase = this.withObject.get(name);
    if (!byBase) {
      byBase = new Int32Array(BASES);
      this.withObject.set(name, byBase);
    }
    if (byBase[base] === 0) {
      const canvas = new Canvas(this.unitX, this.unitY);
      canvas.bytes.set(this.bases[base].bytes);
      drawBlended(canvas, this.texture(name, this.unitX, this.unitY), 0, 0);
      byBase[base] = this.add(canvas);
    }
    return byBase[base];
  }

  private add(canvas: Canvas): number {
    const { bytes } = canvas;
    const colours = new Int32Array(canvas.width * canvas.height);
    for (let i = 0; i < colours.length; i++) colours[i] = bytes[i * 4] | (bytes[i * 4 + 1] << 8) | (bytes[i * 4 + 2] << 16);
    this.images.push(colours);
    return this.images.length - 1;
  }
}
