// Whole-pixel nearest-neighbour upscaling of an RGB image: how frames are shown larger.
export function scaleNearest(rgb: Uint8Array, width: number, height: number, scale: number): Uint8Array {
  if (scale === 1) return rgb;
  const out = new Uint8Array(width * scale * height * scale * 3);
  const outWidth = width * scale;
  for (let y = 0; y < height * scale; y++) {
    const sy = Math.floor(y / scale);
    for (let x = 0; x < outWidth; x++) {
      const from = (sy * width + Math.floor(x / scale)) * 3;
      const to = (y * outWidth + x) * 3;
      out[to] = rgb[from];
      out[to + 1] = rgb[from + 1];
      out[to + 2] = rgb[from + 2];
    }
  }
  return out;
}
