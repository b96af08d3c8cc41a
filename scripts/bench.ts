// npm run bench -- [--json] [--quick]: medians measured in Node; the last line is one JSON object (design.md contract).
import { command } from './lib/args.ts';
import { packFromArg } from './lib/assets-node.ts';
import { benchEnvHeap, benchReset, benchSteps, cycleWeighted } from './bench/sim.ts';

const args = command({
  name: 'bench',
  invocation: 'npm run bench --',
  summary: 'Medians measured in Node: world generation, steps per second, frames, PNG encoding, storage, export; the last line is one JSON object of them.',
  options: {
    json: { type: 'boolean', help: 'the figures as one JSON object on the last line (printed with or without this flag)' },
    quick: { type: 'boolean', help: 'fewer and shorter batches (a rough look, not for comparing)' },
    assets: { type: 'string', value: 'dir', help: "render with Crafter's original textures from this folder" },
  },
});
if (args.assets) packFromArg(args.assets);
const quick = !!args.quick;
const figures: Record<string, number> = {};

const report = (name: string, value: number, unit: string) => {
  figures[name] = Math.round(value * 1000) / 1000;
  console.log(`${name.padEnd(24)} ${figures[name]} ${unit}`);
};

benchSteps(1, 2000); // warm-up
report('reset_ms', benchReset(quick ? 10 : 30), 'ms (median world generation)');
const sim = benchSteps(quick ? 3 : 7, quick ? 10000 : 40000);
report('sim_steps_per_s', sim.perSecond, `steps/s (median of batches, random actions, ${Math.round(sim.nightShare * 100)}% at night)`);
report('sim_steps_per_s_cycle', cycleWeighted(sim), "steps/s weighted to Crafter's day/night cycle");
report('env_heap_bytes', benchEnvHeap(), 'bytes per reset environment');

const extras = ['./bench/render.ts', './bench/text.ts', './bench/encode.ts', './bench/storage.ts', './bench/export.ts', './bench/agent.ts', './bench/rollout.ts'];
for (const path of extras) {
  const mod = await import(path).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  });
  if (!mod) continue;
  for (const fn of Object.values(mod)) {
    if (typeof fn !== 'function' || !fn.name.startsWith('bench')) continue;
    const result = await (fn as (opts: { quick: boolean; assets?: string }) => Promise<Record<string, number>> | Record<string, number>)({ quick, assets: args.assets });
    for (const [name, value] of Object.entries(result)) report(name, value, '');
  }
}

console.log(JSON.stringify(figures));
