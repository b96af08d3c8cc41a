// Bounds for the pathfinder's A* (see CellBound): how many moves a cell is from where a goal can be met.
import { NO_GOAL, type CellBound } from './pathfinding.ts';

/** A distance of NO_GOAL or more means there is no target. */
function within(distance: number, reach: number): number {
  return distance >= NO_GOAL ? NO_GOAL : Math.max(0, distance - reach);
}

/** Moves from a cell to within Manhattan distance `reach` of one of the points (reach 1: facing it). */
export function nearPoints(points: readonly { x: number; y: number }[], reach: number): CellBound {
  return (x, y) => {
    let best = NO_GOAL;
    for (const point of points) best = Math.min(best, Math.abs(x - point.x) + Math.abs(y - point.y));
    return within(best, reach);
  };
}

/** Moves from a cell to within Manhattan distance `reach` of a target cell, given each cell's distance to the nearest. */
export function nearDistance(distance: Int32Array, height: number, reach: number): CellBound {
  return (x, y) => within(distance[x * height + y], reach);
}

/**
 * Manhattan distance from every cell (index x * height + y) to the nearest cell of `material`, NO_GOAL when there
 * is none: a pass each way along columns, then along rows.
 */
export function materialDistance(materials: Uint8Array, width: number, height: number, material: number, out: Int32Array): void {
  for (let x = 0; x < width; x++) {
    const column = x * height;
    let d = NO_GOAL;
    for (let y = 0; y < height; y++) {
      d = materials[column + y] === material ? 0 : Math.min(NO_GOAL, d + 1);
      out[column + y] = d;
    }
    d = NO_GOAL;
    for (let y = height - 1; y >= 0; y--) {
      d = Math.min(out[column + y], d + 1);
      out[column + y] = d;
    }
  }
  for (let x = 1; x < width; x++) {
    const column = x * height;
    for (let y = 0; y < height; y++) out[column + y] = Math.min(out[column + y], out[column - height + y] + 1);
  }
  for (let x = width - 2; x >= 0; x--) {
    const column = x * height;
    for (let y = 0; y < height; y++) out[column + y] = Math.min(out[column + y], out[column + height + y] + 1);
  }
}

/** A cell became a target: lower the distances around it (breadth first), keeping `distance` a distance transform. */
export function addTarget(distance: Int32Array, width: number, height: number, cell: number): void {
  if (distance[cell] === 0) return;
  distance[cell] = 0;
  const queue = [cell];
  for (let k = 0; k < queue.length; k++) {
    const here = queue[k];
    const x = Math.floor(here / height);
    const y = here - x * height;
    const next = distance[here] + 1;
    const lower = (to: number) => {
      if (distance[to] <= next) return;
      distance[to] = next;
      queue.push(to);
    };
    if (x > 0) lower(here - height);
    if (x < width - 1) lower(here + height);
    if (y > 0) lower(here - 1);
    if (y < height - 1) lower(here + 1);
  }
}
