// The scripted agent's cost: microseconds per decision over fixed seeds, the simulator's steps untimed.
// `npx tsx scripts/bench/agent.ts [--quick]` prints it alone.
import { pathToFileURL } from 'node:url';
import { ScriptedPolicy } from '../../src/agent/builtin/scripted.ts';
import { CrafterEnv } from '../../src/sim/env.ts';
import { command } from '../lib/args.ts';
import { median } from './stats.ts';

/** Episodes of this many steps span a first night: shelter, fights and mining all take their turn. */
const LENGTH = 1000;

/** Mean microseconds per decision over one episode per seed. */
function decideMicros(seeds: readonly number[]): number {
  let ms = 0;
  let steps = 0;
  for (const seed of seeds) {
    const policy = new ScriptedPolicy(seed);
    const env = new CrafterEnv({ seed, length: LENGTH });
    env.reset();
    for (let done = false; !done; steps++) {
      const start = performance.now();
      const action = policy.act(env);
      ms += performance.now() - start;
      done = env.stepAction(action).done;
    }
  }
  return (ms * 1000) / steps;
}

export function benchAgent(options: { quick?: boolean } = {}): Record<string, number> {
  const seeds = Array.from({ length: options.quick ? 4 : 12 }, (_, i) => 201 + i);
  decideMicros(seeds.slice(0, 2)); // warm-up
  const rounds = Array.from({ length: options.quick ? 3 : 5 }, () => decideMicros(seeds));
  return { agent_decide_us: median(rounds) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = command({
    name: 'bench/agent',
    invocation: 'npx tsx scripts/bench/agent.ts',
    summary: "The scripted agent's median microseconds per decision over 1,000-step episodes of fixed seeds, as one JSON object.",
    options: { quick: { type: 'boolean', help: 'fewer seeds and rounds (a rough look, not for comparing)' } },
  });
  console.log(JSON.stringify(benchAgent({ quick: !!args.quick })));
}
