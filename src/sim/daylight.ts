// Crafter's day and night cycle: 300 steps a day, night while daylight < 0.5.
import { cube } from './math/cube.ts';
import { numpyCos } from './math/numpy-cos.ts';

// Memoised per step: daylight depends on the step alone, and the exact cos and pow are slow-ish emulations.
const memo: number[] = [];
const MEMO_LIMIT = 1 << 20;

/**
 * Crafter's daylight `1 - np.abs(np.cos(np.pi * progress)) ** 3` with `progress = (step / 300) % 1 + 0.3`,
 * bit for bit as the golden traces' numpy 1.24 (SVML cos on AVX-512) and glibc pow computed it.
 */
export function daylightAt(step: number): number {
  const cached = step < MEMO_LIMIT ? memo[step] : undefined;
  if (cached !== undefined) return cached;
  const progress = ((step / 300) % 1) + 0.3;
  const value = 1 - cube(Math.abs(numpyCos(Math.PI * progress)));
  if (step < MEMO_LIMIT && Number.isInteger(step) && step >= 0) memo[step] = value;
  return value;
}
