// Pillow's nearest-neighbour resize (ImagingScaleAffine): sample at accumulated pixel centres, truncated.
import type { TextureImage } from '../textures/pack.ts';

/** Source index for each of `dst` output pixels when scaling an axis of `src` pixels. */
export function nearestIndices(src: number, dst: number): Int32Array {
  const scale = src / dst;
  const out = new Int32Array(dst);
  let position = 0 + scale * 0.5;
  for (let i = 0; i < dst; i++) {
    out[i] = position < 0 ? -1 : Math.trunc(position);
    position += scale;
  }
  return out;
}

/** Resize an RGBA texture to width x height with Pillow's NEAREST filter. */
export function resizeNearest(image: TextureImage, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  if (width === image.width && height === image.height) {
    out.set(image.data);
    return out;
  }
  const xs = nearestIndices(image.width, width);
  const ys = nearestIndices(image.height, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (ys[y] * image.width + xs[x]) * 4;
      const to = (y * width + x) * 4;
      out[to] = image.data[from];
      out[to + 1] = image.data[from + 1];
      out[to + 2] = image.data[from + 2];
      out[to + 3] = image.data[from + 3];
    }
  }
  return out;
}
