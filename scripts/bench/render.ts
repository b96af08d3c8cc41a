// Frame figures: a step plus its 64x64 observation with the original textures, day and night mixed.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { loadPackFromDirSync } from '../lib/assets-node.ts';
import { CRAFTER_NIGHT_SHARE, benchSteps, cycleWeighted } from './sim.ts';

const SHARED_ASSETS = fileURLToPath(new URL('../../../shared/crafter-assets', import.meta.url));

export function benchRender(options: { quick?: boolean; assets?: string } = {}): Record<string, number> {
  const dir = options.assets ?? SHARED_ASSETS;
  if (!existsSync(dir)) {
    console.log(`render_steps_per_s: skipped, no texture folder at ${dir} (pass --assets <dir>)`);
    return {};
  }
  const renderer = new FrameRenderer(loadPackFromDirSync(dir, 'crafter-original'));
  benchSteps(1, 500, renderer);
  const result = benchSteps(options.quick ? 3 : 7, options.quick ? 3000 : 10000, renderer);
  console.log(`render_steps_per_s: random-action episodes, ${Math.round(result.nightShare * 100)}% of their steps at night; ` +
    `render_steps_per_s_cycle weights day and night as Crafter's cycle does (${Math.round(CRAFTER_NIGHT_SHARE * 100)}% night)`);
  return {
    render_steps_per_s: result.perSecond,
    render_steps_per_s_day: result.dayPerSecond,
    render_steps_per_s_night: result.nightPerSecond,
    render_steps_per_s_cycle: cycleWeighted(result),
  };
}
