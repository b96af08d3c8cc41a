// Browser path for PNG encoding through OffscreenCanvas.convertToBlob (main thread or worker).
// Its bytes depend on the browser's encoder, so they differ from encodePng's and between
// browsers: a frame's identity is observation_image_sha256 over the raw RGB pixels, never the
// PNG bytes. Measured in headless Chromium over 200 game frames it took 620 us and 2,886 bytes a
// frame against encodePng's 196 us and 1,616 bytes, so the app encodes with encodePng everywhere.

export function offscreenCanvasAvailable(): boolean {
  return typeof OffscreenCanvas !== 'undefined' && typeof OffscreenCanvas.prototype.convertToBlob === 'function' && typeof ImageData !== 'undefined';
}

export async function encodePngWithOffscreenCanvas(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  if (!offscreenCanvasAvailable()) throw new Error('encodePngWithOffscreenCanvas: OffscreenCanvas is not available here');
  if (rgb.length !== width * height * 3) throw new Error(`encodePngWithOffscreenCanvas: expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('encodePngWithOffscreenCanvas: no 2d context');
  context.putImageData(rgbToImageData(rgb, width, height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

/** RGB frame bytes as opaque ImageData (opaque pixels pass a canvas unchanged: no premultiplication loss). */
export function rgbToImageData(rgb: Uint8Array, width: number, height: number): ImageData {
  const image = new ImageData(width, height);
  for (let p = 0, i = 0; i < rgb.length; p += 4, i += 3) {
    image.data[p] = rgb[i];
    image.data[p + 1] = rgb[i + 1];
    image.data[p + 2] = rgb[i + 2];
    image.data[p + 3] = 255;
  }
  return image;
}
