// Choosing a family's probes so its answers are balanced: candidates are grouped by answer class, shuffled with the
// set's generator, and taken in turn from each class; no class may hold more than half of the probes.

/** Fisher-Yates with the given generator, in place. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Up to `n` items, taken round-robin over their classes (in sorted class order) so that the classes are as even as
 * the candidates allow and none exceeds half of `n`. With fewer than two classes nothing can be balanced: none.
 */
export function balancedPick<T>(items: readonly T[], classOf: (item: T) => string, n: number, random: () => number): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = classOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  if (groups.size < 2) return [];
  const keys = [...groups.keys()].sort();
  for (const key of keys) shuffle(groups.get(key)!, random);
  const cap = Math.max(1, Math.floor(n / 2));
  const taken = new Map(keys.map((k) => [k, 0]));
  const picked: T[] = [];
  for (let progress = true; progress && picked.length < n;) {
    progress = false;
    for (const key of keys) {
      const group = groups.get(key)!;
      if (picked.length >= n || taken.get(key)! >= cap || !group.length) continue;
      picked.push(group.pop()!);
      taken.set(key, taken.get(key)! + 1);
      progress = true;
    }
  }
  return picked;
}

/** A seed for one named stream (a family's choice), so adding a family never changes another's probes. */
export function streamSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) >>> 0;
}
