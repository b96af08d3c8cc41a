// npm run eval -- --agent scripted|random --episodes 20 --seed 0 [--length 10000] [--verbose] [--json]
// Plays one episode per env seed (seed .. seed + episodes - 1) and prints Crafter's evaluation figures.
import { command } from './lib/args.ts';
import { BUILTIN_POLICY_KINDS, createBuiltinPolicy } from '../src/agent/builtin/policy.ts';
import { playEpisode, type PlayedEpisode } from '../src/agent/builtin/play.ts';
import { summarizeEpisodes } from '../src/agent/metrics.ts';
import { ACHIEVEMENTS } from '../src/sim/rules.ts';

const args = command({
  name: 'eval',
  invocation: 'npm run eval --',
  summary: "Plays one episode per env seed (seed .. seed + episodes - 1) with a built-in agent and prints Crafter's evaluation figures:\n" +
    'success rate per achievement, Crafter score, BALROG progression, mean reward and length.',
  options: {
    agent: { type: 'string', choices: BUILTIN_POLICY_KINDS, default: 'scripted', help: 'the built-in agent' },
    episodes: { type: 'number', integer: true, min: 1, default: 20, help: 'episodes, one per seed' },
    seed: { type: 'number', integer: true, default: 0, help: 'the first env seed' },
    length: { type: 'number', integer: true, min: 1, default: 10000, help: "Crafter's episode length (step limit)" },
    verbose: { type: 'boolean', help: 'one line per episode: achievements in the order unlocked, and those missing' },
    json: { type: 'boolean', help: 'one JSON object of the figures and every episode as the last line' },
  },
});
const { agent, episodes, seed: firstSeed, length } = args;

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
