// npm run frames -- --seed <S> --steps <N> --out <dir> [--assets <dir>] [--scale K] [--agent random|noop]:
// writes the frames of a run as PNG files plus one contact sheet, to look at what a model will see.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CrafterEnv } from '../src/sim/env.ts';
import { FrameRenderer } from '../src/sim/render/renderer.ts';
import { encodePng } from '../src/lib/png.ts';
import { contactSheet } from '../src/sim/capture/sheet.ts';
import { builtinPack } from '../src/sim/textures/builtin/index.ts';
import { ACTIONS } from '../src/sim/rules.ts';
import { loadPackFromDirSync } from './lib/assets-node.ts';
import { parseArgs } from './lib/args.ts';
import { scaleNearest } from './lib/scale.ts';

const usage = 'usage: npm run frames -- --seed <S> --steps <N> --out <dir> [--assets <dir>] [--scale K] [--agent random|noop]';
let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs(process.argv.slice(2), { seed: 'number', steps: 'number', out: 'string', assets: 'string', scale: 'number', agent: 'string' });
}
try {
  args = parse();
  if (args.seed === undefined || args.steps === undefined || !args.out) throw new Error('--seed, --steps and --out are required');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be a whole number');
  if (!Number.isInteger(args.steps) || args.steps < 0) throw new Error('--steps must be a whole number >= 0');
  if (args.scale !== undefined && !(Number.isInteger(args.scale) && args.scale >= 1 && args.scale <= 32)) throw new Error('--scale must be a whole number from 1 to 32');
  if (args.agent && !['random', 'noop'].includes(args.agent)) throw new Error('--agent must be random or noop');
} catch (error) {
  console.error(`frames: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}

const pack = args.assets ? loadPackFromDirSync(args.assets, 'crafter-original') : builtinPack();
const renderer = new FrameRenderer(pack);
const scale = args.scale ?? 1;
const out = resolve(args.out);
mkdirSync(out, { recursive: true });
const env = new CrafterEnv({ seed: args.seed });
env.wantNoise = true;
env.reset();
// The random agent uses its own LCG: the game's generator is never touched by the tool.
let lcg = (args.seed * 1000 + 1) >>> 0;
const nextAction = () => {
  if (args.agent === 'noop') return 0;
  lcg = (Math.imul(1664525, lcg) + 1013904223) >>> 0;
  return (lcg >>> 16) % ACTIONS.length;
};

const frames: { width: number; height: number; data: Uint8Array }[] = [];
const [w, h] = env.size;
for (let t = 0; t <= args.steps; t++) {
  if (t > 0) {
    const result = env.stepAction(nextAction());
    if (result.done) {
      console.log(`episode ended at step ${t} (${result.terminated ? 'died' : 'length'})`);
      break;
    }
  }
  const rgb = renderer.render(env).slice();
  frames.push({ width: w, height: h, data: rgb });
  const big = scaleNearest(rgb, w, h, scale);
  writeFileSync(join(out, `frame_${String(t).padStart(5, '0')}.png`), encodePng(big, w * scale, h * scale));
}
const columns = Math.min(16, Math.ceil(Math.sqrt(frames.length)));
const sheet = contactSheet(frames, columns, Math.max(1, scale), 2);
writeFileSync(join(out, 'sheet.png'), encodePng(sheet.data, sheet.width, sheet.height));
console.log(`wrote ${frames.length} frames (${pack.name}, scale ${scale}) and sheet.png to ${out}`);
