// Replays golden episodes through our simulator and compares every record field by field, exactly.
import { basename } from 'node:path';
import { ACHIEVEMENTS, ITEM_NAMES, SEMANTIC_IDS } from '../../src/sim/rules.ts';
import { CrafterEnv, type EnvOptions } from '../../src/sim/env.ts';
import { episodeWorldSeed } from '../../src/sim/tuplehash.ts';
import { decodeSemantic, goldenFiles, readGoldenEpisode, type GoldenHeader, type GoldenState } from './golden.ts';

export interface Mismatch {
  file: string;
  t: number;
  field: string;
  expected: unknown;
  got: unknown;
}

export interface ParityOptions {
  /** Computes the frame of the current observation as raw RGB; when given, frames are compared too. */
  frameHasher?: (env: CrafterEnv) => string;
  onEpisode?: (file: string, steps: number, firstMismatch: Mismatch | null) => void;
}

export interface ParityReport {
  episodes: number;
  steps: number;
  mismatches: number;
  framesCompared: number;
  frameMismatches: number;
  firstMismatches: Mismatch[];
}

const OBJECT_TYPE_IDS: Record<string, number> = {
  Player: SEMANTIC_IDS.Player, Cow: SEMANTIC_IDS.Cow, Zombie: SEMANTIC_IDS.Zombie,
  Skeleton: SEMANTIC_IDS.Skeleton, Arrow: SEMANTIC_IDS.Arrow, Plant: SEMANTIC_IDS.Plant,
};

/** Our state in the golden record's shape, field by field. */
export function observedState(env: CrafterEnv): Omit<GoldenState, 'kind' | 't' | 'a' | 'r' | 'done' | 'discount' | 'sem' | 'frame' | 'rng_calls'> {
  const p = env.player;
  return {
    pos: [p.x, p.y],
    facing: [p.facingX, p.facingY],
    sleeping: p.sleeping,
    inv: Object.fromEntries(ITEM_NAMES.map((name, i) => [name, p.inventory[i]])),
    ach: Object.fromEntries(ACHIEVEMENTS.map((name, i) => [name, p.achievements[i]])),
    daylight: env.world.daylight,
    stats: { hunger: p.hunger, thirst: p.thirst, fatigue: p.fatigue, recover: p.recover, last_health: p.lastHealth },
    rng: env.world.random.fingerprint(),
    rng_pos: env.world.random.pos,
    objs: env.world.liveObjects().map((o) => [o.slot, OBJECT_TYPE_IDS[o.kind] ?? 0, o.x, o.y, o.health, o.aux()]),
  };
}

/** Crafter's Env options a golden header carries; an option the header leaves out keeps Crafter's default. */
const ENV_OPTION_KEYS = ['area', 'view', 'size', 'length', 'reward'] as const satisfies ReadonlyArray<keyof GoldenHeader & keyof EnvOptions>;

export function envOptionsOf(header: GoldenHeader): EnvOptions {
  const options: EnvOptions = { seed: header.seed };
  for (const key of ENV_OPTION_KEYS) if (header[key] !== undefined) Object.assign(options, { [key]: header[key] });
  return options;
}

// JSON prints a double's shortest round-trip form, so equal text means the exact same numbers.
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function firstDifference(expected: unknown, got: unknown, path: string): [string, unknown, unknown] | null {
  if (same(expected, got)) return null;
  if (expected && got && typeof expected === 'object' && typeof got === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(got)]);
    for (const key of keys) {
      const d = firstDifference((expected as Record<string, unknown>)[key], (got as Record<string, unknown>)[key], `${path}.${key}`);
      if (d) return d;
    }
  }
  return [path, expected, got];
}

function compareSemantic(expected: string, env: CrafterEnv): [string, unknown, unknown] | null {
  const want = decodeSemantic(expected);
  const have = env.semanticMap();
  if (want.length !== have.length) return ['sem.length', want.length, have.length];
  const h = env.world.height;
  for (let k = 0; k < want.length; k++) {
    if (want[k] !== have[k]) return [`sem[x=${Math.floor(k / h)},y=${k % h}]`, want[k], have[k]];
  }
  return null;
}

export function compareEpisodeFile(file: string, options: ParityOptions = {}): {
  steps: number; mismatches: number; first: Mismatch | null; framesCompared: number; frameMismatches: number;
} {
  const { header, states } = readGoldenEpisode(file);
  const name = basename(file);
  let mismatches = 0;
  let first: Mismatch | null = null;
  let framesCompared = 0;
  let frameMismatches = 0;
  const note = (t: number, d: [string, unknown, unknown]) => {
    mismatches++;
    if (!first) first = { file: name, t, field: d[0], expected: d[1], got: d[2] };
  };
  const env = new CrafterEnv(envOptionsOf(header));
  env.wantNoise = !!options.frameHasher;
  const worldSeed = episodeWorldSeed(header.seed, header.episode);
  if (worldSeed !== header.world_seed) note(0, ['world_seed', header.world_seed, worldSeed]);
  env.episode = header.episode - 1;
  let steps = 0;
  for (const record of states) {
    let diff: [string, unknown, unknown] | null = null;
    if (record.kind === 'reset') {
      env.reset();
      diff = firstDifference({ rng_calls_reset: record.rng_calls_reset }, { rng_calls_reset: env.world.random.calls }, '');
    } else {
      if (record.a === undefined) throw new Error(`${name}: step ${record.t} has no action`);
      const calls: string[] = [];
      env.world.random.log = calls;
      const result = env.stepAction(record.a);
      env.world.random.log = null;
      steps++;
      diff = firstDifference(
        { r: record.r, done: record.done, discount: record.discount, rng_calls: record.rng_calls },
        { r: result.reward, done: result.done, discount: result.info.discount, rng_calls: calls }, '');
    }
    const { kind: _k, t: _t, a: _a, r: _r, done: _d, discount: _disc, sem, frame, rng_calls: _c, rng_calls_reset: _cr, ...rest } = record;
    diff ??= firstDifference(rest, observedState(env), '');
    diff ??= compareSemantic(sem, env);
    if (diff) note(record.t, [diff[0].replace(/^\./, ''), diff[1], diff[2]]);
    if (options.frameHasher) {
      framesCompared++;
      const got = options.frameHasher(env);
      if (got !== frame) {
        frameMismatches++;
        if (!diff) note(record.t, ['frame', frame, got]);
      }
    }
  }
  return { steps, mismatches, first, framesCompared, frameMismatches };
}

export function runParity(dir: string, options: ParityOptions = {}): ParityReport {
  const report: ParityReport = { episodes: 0, steps: 0, mismatches: 0, framesCompared: 0, frameMismatches: 0, firstMismatches: [] };
  for (const file of goldenFiles(dir)) {
    const result = compareEpisodeFile(file, options);
    report.episodes++;
    report.steps += result.steps;
    report.mismatches += result.mismatches;
    report.framesCompared += result.framesCompared;
    report.frameMismatches += result.frameMismatches;
    if (result.first) report.firstMismatches.push(result.first);
    options.onEpisode?.(file, result.steps, result.first);
  }
  return report;
}
