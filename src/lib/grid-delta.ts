// A sequence of equal-sized byte grids (Crafter's semantic maps, one per step) kept compactly as JSON: the first
// grid whole (deflated, base64), then each one as the cells that changed since the one before.
import { deflateSync, inflateSync } from 'fflate';
import { base64Decode, base64Encode } from './base64.ts';

/** Either the whole grid, or [index, value, index, value, ...] of the cells that changed. */
export type GridDelta = { full: string } | { changes: number[] };

// Past this many changed cells the whole grid is smaller.
const MAX_CHANGES = 256;

export function encodeGridDelta(previous: Uint8Array | null, next: Uint8Array): GridDelta {
  if (previous && previous.length === next.length) {
    const changes: number[] = [];
    for (let i = 0; i < next.length && changes.length <= 2 * MAX_CHANGES; i++) {
      if (previous[i] !== next[i]) changes.push(i, next[i]);
    }
    if (changes.length <= 2 * MAX_CHANGES) return { changes };
  }
  return { full: base64Encode(deflateSync(next, { level: 9 })) };
}

/** The grid after `delta`; `previous` is left unchanged. */
export function applyGridDelta(previous: Uint8Array | null, delta: GridDelta, size: number): Uint8Array {
  if ('full' in delta) {
    const grid = inflateSync(base64Decode(delta.full));
    if (grid.length !== size) throw new Error(`a stored grid holds ${grid.length} cells, expected ${size}`);
    return grid;
  }
  if (!previous) throw new Error('a grid is stored as changes but the grid before it is missing');
  const grid = previous.slice();
  for (let i = 0; i < delta.changes.length; i += 2) grid[delta.changes[i]] = delta.changes[i + 1];
  return grid;
}

export function isGridDelta(value: unknown): value is GridDelta {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.full === 'string' || (Array.isArray(record.changes) && record.changes.every((n) => Number.isInteger(n)));
}
