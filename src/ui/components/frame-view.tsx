// A frame drawn large and crisp: the observation scaled by a whole number with nearest neighbour, to about the size a
// 64x64 frame has at the chosen scale (a 256x256 frame is drawn at a quarter of the factor).
import { useLayoutEffect, useRef } from 'preact/hooks';
import { rgbToImageData } from '../../worker/offscreen-png.ts';

/** The whole-number factor that shows a `width` x `height` frame about as large as a 64x64 one at `scale`. */
export function displayScale(scale: number, width: number, height: number): number {
  return Math.max(1, Math.round((scale * 64) / Math.max(width, height)));
}

export interface FrameViewProps {
  /** Raw RGB pixels, or PNG bytes when `png` is set. */
  rgb?: Uint8Array;
  png?: Uint8Array;
  width: number;
  height: number;
  /** Magnification of a 64x64 frame; larger frames get a smaller whole-number factor. */
  scale: number;
  label: string;
  onDrawn?: () => void;
}

// Raw pixels go through a small canvas so the scaled draw happens synchronously, in the same task as the update.
function drawRgb(ctx: CanvasRenderingContext2D, rgb: Uint8Array, width: number, height: number, scale: number): void {
  const small = document.createElement('canvas');
  small.width = width;
  small.height = height;
  small.getContext('2d')!.putImageData(rgbToImageData(rgb, width, height), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, width * scale, height * scale);
}

export function FrameView({ rgb, png, width, height, scale: requested, label, onDrawn }: FrameViewProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const scale = displayScale(requested, width, height);
  useLayoutEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    if (rgb) {
      drawRgb(ctx, rgb, width, height, scale);
      onDrawn?.();
      return;
    }
    if (!png) return;
    let cancelled = false;
    createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' })).then((bitmap) => {
      if (cancelled) return;
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(bitmap, 0, 0, width * scale, height * scale);
      onDrawn?.();
    });
    return () => {
      cancelled = true;
    };
  }, [rgb, png, width, height, scale]);
  return <canvas ref={ref} class="frame" width={width * scale} height={height * scale} role="img" aria-label={label} data-testid="frame" />;
}
