// Frame encoding figures: PNG + base64 + data URL + raw-RGB SHA-256 per 64x64 frame, on frames
// drawn from the built-in pack (and the original pack when --assets is given).
// `npx tsx scripts/bench/encode.ts [--assets <dir>]` also prints the settings comparison that
// chose DEFAULT_PNG_OPTIONS, and a Pillow-style reference size.
import { constants, deflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { encodeFramePacket } from '../../src/sim/capture/frame-packet.ts';
import { encodePng, type DeflateLevel, type PngEncodeOptions } from '../../src/lib/png.ts';
import { filterScanlines } from '../../src/lib/png-filter.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import type { TexturePack } from '../../src/sim/textures/pack.ts';
import { command } from '../lib/args.ts';
import { loadPackFromDirSync, packFromArg } from '../lib/assets-node.ts';
import { median } from './stats.ts';
import { FRAME_SIZE, syntheticFrames } from './synthetic-frames.ts';

interface BenchOptions {
  quick?: boolean;
  assets?: string;
}

function framesFor(options: BenchOptions, count: number): Uint8Array[] {
  const packs: TexturePack[] = [builtinPack()];
  if (options.assets) packs.push(loadPackFromDirSync(options.assets));
  return packs.flatMap((pack, i) => syntheticFrames(pack, count, 17 + i));
}

/** Frames per second of `work` over all frames: median of `batches` timed passes after a warm-up. */
function framesPerSecond(frames: readonly Uint8Array[], batches: number, work: (frame: Uint8Array) => unknown): number {
  for (const frame of frames) work(frame);
  const rates: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (const frame of frames) work(frame);
    rates.push(frames.length / ((performance.now() - start) / 1000));
  }
  return median(rates);
}

export function benchEncode(options: BenchOptions = {}): Record<string, number> {
  const frames = framesFor(options, options.quick ? 100 : 300);
  const batches = options.quick ? 5 : 9;
  return {
    encode_frames_per_s: framesPerSecond(frames, batches, (f) => encodeFramePacket(f, FRAME_SIZE, FRAME_SIZE)),
    png_bytes_median: median(frames.map((f) => encodePng(f, FRAME_SIZE, FRAME_SIZE).length)),
  };
}

// Pillow 9's PNG writer for an RGB image: per-row choice of none/up/sub/paeth by least sum of
// |signed byte|, zlib level 6, memLevel 9, Z_FILTERED. Node's zlib stands in for Pillow's.
function pillowStyleSize(frame: Uint8Array): number {
  const rows = filterScanlines(frame, FRAME_SIZE, FRAME_SIZE, 3, 'adaptive', ['none', 'up', 'sub', 'paeth']);
  const idat = deflateSync(rows, { level: 6, memLevel: 9, strategy: constants.Z_FILTERED });
  return 8 + 25 + 12 + idat.length + 12;
}

function compareSettings(options: BenchOptions): void {
  const frames = framesFor(options, 200);
  const settings: Array<[string, PngEncodeOptions]> = [];
  for (const palette of [true, false]) {
    for (const filter of ['none', 'sub', 'up', 'average', 'paeth', 'adaptive'] as const) {
      if (palette && filter !== 'none') continue;
      for (const level of [1, 3, 6, 9] as DeflateLevel[]) settings.push([`${palette ? 'palette+' : ''}${filter} L${level}`, { palette, filter, level }]);
    }
  }
  console.log(`${frames.length} frames; sizes in bytes, speed of encodePng alone`);
  for (const [label, setting] of settings) {
    const sizes = frames.map((f) => encodePng(f, FRAME_SIZE, FRAME_SIZE, setting).length);
    const rate = framesPerSecond(frames, 3, (f) => encodePng(f, FRAME_SIZE, FRAME_SIZE, setting));
    console.log(`${label.padEnd(20)} median ${median(sizes)}  mean ${Math.round(sizes.reduce((a, b) => a + b) / sizes.length)}  ${Math.round(rate)} frames/s`);
  }
  console.log(`pillow-style (node zlib) median ${median(frames.map(pillowStyleSize))}`);
  for (const [name, value] of Object.entries(benchEncode(options))) console.log(`${name} ${Math.round(value)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = command({
    name: 'bench/encode',
    invocation: 'npx tsx scripts/bench/encode.ts',
    summary: 'Frame encoding figures, the PNG settings comparison that chose DEFAULT_PNG_OPTIONS, and a Pillow-style reference size.',
    options: { assets: { type: 'string', value: 'dir', help: "also encode frames drawn with Crafter's original textures from this folder" } },
  });
  if (args.assets) packFromArg(args.assets);
  compareSettings({ assets: args.assets });
}
