// npm run frames -- --seed <S> --steps <N> --out <dir> [options] (--help lists them): the frames of a run as PNG files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CrafterEnv } from '../src/sim/env.ts';
import { FrameRenderer } from '../src/sim/render/renderer.ts';
import { encodePng } from '../src/lib/png.ts';
import { contactSheet } from '../src/sim/capture/sheet.ts';
import { builtinPack } from '../src/sim/textures/builtin/index.ts';
import { packFromArg } from './lib/assets-node.ts';
import { command, fail } from './lib/args.ts';
import { scaleNearest } from './lib/scale.ts';
import { actionStream } from './lib/action-stream.ts';

const args = command({
  name: 'frames',
  invocation: 'npm run frames --',
  summary: 'Writes the frames of a run as PNG files plus one contact sheet (sheet.png), to look at what a model will see.',
  options: {
    seed: { type: 'number', integer: true, required: true, value: 'S', help: 'env seed' },
    steps: { type: 'number', integer: true, min: 0, required: true, value: 'N', help: 'steps to play after the reset' },
    out: { type: 'string', required: true, value: 'dir', help: 'folder for the PNG files (made if missing)' },
    assets: { type: 'string', value: 'dir', help: "a folder of Crafter's original textures (default: the built-in ones)" },
    scale: { type: 'number', integer: true, min: 1, max: 32, default: 1, help: 'whole-pixel upscaling of every frame' },
    agent: { type: 'string', choices: ['random', 'noop'], default: 'random', help: "actions: random (the tool's own generator, never the game's) or noop" },
  },
});

const pack = args.assets ? packFromArg(args.assets) : builtinPack();
const renderer = new FrameRenderer(pack);
const scale = args.scale;
const out = resolve(args.out);
try {
  mkdirSync(out, { recursive: true });
} catch (error) {
  fail(`cannot make --out ${out}: ${(error as Error).message}`);
}
const env = new CrafterEnv({ seed: args.seed });
env.wantNoise = true;
env.reset();
// The random agent's own stream: the game's generator is never touched by the tool.
const randomAction = actionStream(args.seed * 1000 + 1);
const nextAction = () => (args.agent === 'noop' ? 0 : randomAction());

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
