// npx tsx scripts/eval-agent.ts --agent scripted|random --episodes 20 --seed 0 [--length 10000] [--verbose] [--json]
// Plays one episode per env seed (seed .. seed + episodes - 1) and prints Crafter's evaluation figures.
import { parseArgs } from './lib/args.ts';
import { createBuiltinPolicy, isBuiltinPolicyKind } from '../src/agent/builtin/policy.ts';
import { playEpisode, type PlayedEpisode } from '../src/agent/builtin/play.ts';
import { summarizeEpisodes } from '../src/agent/metrics.ts';
import { ACHIEVEMENTS } from '../src/sim/rules.ts';

const args = parseArgs(process.argv.slice(2), {
  agent: 'string', episodes: 'number', seed: 'number', length: 'number', verbose: 'boolean', json: 'boolean',
});
const agent = args.agent ?? 'scripted';
if (!isBuiltinPolicyKind(agent)) {
  console.error(`usage: npx tsx scripts/eval-agent.ts --agent scripted|random --episodes 20 --seed 0 [--length 10000] [--verbose] [--json]`);
  process.exit(2);
}
const episodes = args.episodes ?? 20;
const firstSeed = args.seed ?? 0;
const length = args.length ?? 10000;
if (!(Number.isInteger(episodes) && episodes > 0 && Number.isInteger(firstSeed) && Number.isInteger(length) && length > 0)) {
  console.error('--episodes and --length must be positive integers and --seed an integer');
  process.exit(2);
}

const played: PlayedEpisode[] = [];
for (let i = 0; i < episodes; i++) {
  const seed = firstSeed + i;
  // The agent's own seed follows the env seed so every episode is reproducible on its own.
  const policy = createBuiltinPolicy(agent, seed);
  const episode = playEpisode(policy, seed, { length });
  played.push(episode);
  if (args.verbose) {
    const order = episode.achievements
      .map((name) => `${name}@${episode.unlockedAt[name]}`)
      .sort((a, b) => Number(a.split('@')[1]) - Number(b.split('@')[1]));
    console.log(`seed ${seed}: ${episode.achievements.length}/22, ${episode.died ? 'died' : 'alive'} at ${episode.length}, reward ${episode.reward.toFixed(1)}: ${order.join(' ')}`);
    const missing = ACHIEVEMENTS.filter((name) => !episode.achievements.includes(name));
    if (missing.length) console.log(`  missing: ${missing.join(' ')}`);
  }
}

const metrics = summarizeEpisodes(played);
const steps = played.reduce((sum, e) => sum + e.length, 0);
const agentMs = played.reduce((sum, e) => sum + e.agentMs, 0);
const simMs = played.reduce((sum, e) => sum + e.simMs, 0);
console.log(`agent ${agent}, ${episodes} episodes, env seeds ${firstSeed}..${firstSeed + episodes - 1}, length ${length}`);
console.log('success rates (% of episodes):');
for (const name of ACHIEVEMENTS) console.log(`  ${name.padEnd(20)} ${metrics.successRates[name].toFixed(1).padStart(6)}`);
console.log(`crafter score:      ${metrics.crafterScore.toFixed(2)} %`);
console.log(`balrog progression: ${(100 * metrics.balrogProgression).toFixed(2)} %`);
console.log(`mean reward:        ${metrics.meanReward.toFixed(2)}`);
console.log(`mean length:        ${metrics.meanLength.toFixed(1)} steps (${played.filter((e) => e.died).length} of ${episodes} died)`);
console.log(`time per step:      ${(agentMs / steps).toFixed(4)} ms agent, ${(simMs / steps).toFixed(4)} ms sim (${steps} steps)`);
if (args.json) {
  // One machine-readable line last: the figures above plus every episode, for comparing runs.
  console.log(JSON.stringify({
    agent, seed: firstSeed, length, ...metrics,
    msPerStepAgent: agentMs / steps, msPerStepSim: simMs / steps,
    episodeList: played.map(({ seed, achievements, unlockedAt, reward, length: steps, died }) => ({ seed, achievements, unlockedAt, reward, length: steps, died })),
  }));
}
