// Ids, directions and small map predicates the built-in agents share, derived from the simulator's rules.
import { ACTIONS, MATERIALS, materialId, type ActionName, type MaterialName } from '../../sim/rules.ts';

export const ACTION = Object.fromEntries(ACTIONS.map((name, i) => [name, i])) as Record<ActionName, number>;

export const MAT = Object.fromEntries(MATERIALS.map((name) => [name, materialId(name)])) as Record<MaterialName, number>;

/** Directions in the order of the move actions: left, right, up, down (move action = 1 + index). */
export const DIR_X = [-1, 1, 0, 0] as const;
export const DIR_Y = [0, 0, -1, 1] as const;

export function moveAction(dir: number): number {
  return ACTION.move_left + dir;
}

/** Index of a unit direction, -1 when it is not one. */
export function dirIndex(dx: number, dy: number): number {
  for (let d = 0; d < 4; d++) if (DIR_X[d] === dx && DIR_Y[d] === dy) return d;
  return -1;
}

export function oppositeDir(dir: number): number {
  return dir ^ 1;
}

/** Materials a creature (cow, zombie, skeleton) can stand on, so a plant or a sleeper next to them is exposed. */
export function isCreatureWalkable(material: number): boolean {
  return material === MAT.grass || material === MAT.sand || material === MAT.path;
}

/** Materials that keep zombies out and stop arrows: what a shelter wall may be made of. */
export function isShelterWall(material: number): boolean {
  return (
    material === MAT.stone || material === MAT.tree || material === MAT.coal || material === MAT.iron ||
    material === MAT.diamond || material === MAT.water || material === MAT.table || material === MAT.furnace
  );
}

/** Materials `place_stone` accepts (Crafter's PLACE.stone.where). */
export function acceptsStone(material: number): boolean {
  return (
    material === MAT.grass || material === MAT.sand || material === MAT.path || material === MAT.water ||
    material === MAT.lava
  );
}

/** Materials a table, furnace or plant may be placed on (plants only on grass, checked by the caller). */
export function acceptsStation(material: number): boolean {
  return material === MAT.grass || material === MAT.sand || material === MAT.path;
}

export function manhattan(ax: number, ay: number, bx: number, by: number): number {
  return Math.abs(ax - bx) + Math.abs(ay - by);
}
