// Train and validation split by session: a seeded shuffle, so one session never lands in both files.
import type { Split } from './rows.ts';

/** mulberry32: a small seeded generator, enough for a shuffle. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many of `count` sessions go to validation: the rounded share, at least one and never all when both can have one. */
export function validationCount(count: number, ratio: number): number {
  if (ratio <= 0 || count < 2) return 0;
  return Math.min(count - 1, Math.max(1, Math.round(count * ratio)));
}

/** Assigns each session id a split; the same ids, ratio and seed always give the same assignment, whatever their order. */
export function splitSessions(ids: readonly string[], ratio: number, seed: number): Map<string, Split> {
  const order = [...new Set(ids)].sort();
  const random = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const validation = validationCount(order.length, ratio);
  return new Map(order.map((id, i) => [id, i < validation ? 'validation' : 'train']));
}
