// The registry of probe families: the generator, evaluator, baselines, page and CLI all iterate over this list.
import type { ProbeFamily } from '../family.ts';
import { adjacentCreature } from './adjacent.ts';
import { countFamilies } from './count.ts';
import { craftable } from './craftable.ts';
import { dayNight } from './day-night.ts';
import { facedCell } from './faced-cell.ts';
import { facingDirection } from './facing.ts';
import { inventoryCount } from './inventory.ts';
import { nearestFamilies } from './nearest.ts';
import { vitalFamilies } from './vitals.ts';

export const PROBE_FAMILIES: readonly ProbeFamily[] = [
  facedCell,
  facingDirection,
  ...nearestFamilies,
  ...countFamilies,
  adjacentCreature,
  dayNight,
  ...vitalFamilies,
  inventoryCount,
  craftable,
];

export const FAMILY_IDS: readonly string[] = PROBE_FAMILIES.map((f) => f.id);

export function familyById(id: string): ProbeFamily {
  const family = PROBE_FAMILIES.find((f) => f.id === id);
  if (!family) throw new Error(`unknown probe family ${JSON.stringify(id)}; known: ${FAMILY_IDS.join(', ')}`);
  return family;
}

/** The families named, in registry order; all of them for an empty or absent list. */
export function selectFamilies(ids?: readonly string[]): ProbeFamily[] {
  if (!ids?.length) return [...PROBE_FAMILIES];
  const wanted = new Set(ids.map((id) => familyById(id).id));
  return PROBE_FAMILIES.filter((f) => wanted.has(f.id));
}
