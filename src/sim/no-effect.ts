// Why an action changed nothing: Crafter's rules (collect, place, make, sleep, walk) read against the player's
// situation before and after the step, in one line a person can act on.
import { COLLECT, ITEM_NAMES, MAKE, MATERIALS, PLACE, type ActionName, type ItemName, type MaterialName } from './rules.ts';
import type { CrafterEnv } from './env.ts';
import { Plant } from './objects.ts';

/** What the rules look at when the player acts, read from the env before or after a step. */
export interface PlayerSituation {
  position: [number, number];
  facing: [number, number];
  sleeping: boolean;
  inventory: Record<ItemName, number>;
  /** The cell the player faces: its material (null outside the world) and the object on it. */
  target: { material: MaterialName | null; object: string | null; ripe: boolean | null };
  /** Materials of the 3x3 area crafting looks at (empty at the world's top and left edge, as in Crafter). */
  nearby: MaterialName[];
}

const ITEM_MAX = 9;
const MOVES = new Set<ActionName>(['move_left', 'move_right', 'move_up', 'move_down']);

const materialName = (id: number): MaterialName | null => (id ? MATERIALS[id - 1] : null);
const words = (name: string) => name.replaceAll('_', ' ');
const article = (name: string) => (/^[aeiou]/.test(name) ? `an ${words(name)}` : `a ${words(name)}`);
const list = (parts: string[], last = 'and') => (parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} ${last} ${parts[parts.length - 1]}`);
/** Things counted one by one; the other materials are named as masses ("water is in the way"). */
const COUNTABLE = new Set(['tree', 'table', 'furnace', 'diamond']);
const capital = (text: string) => text[0].toUpperCase() + text.slice(1);

export function playerSituation(env: CrafterEnv): PlayerSituation {
  const player = env.player;
  const tx = player.x + player.facingX;
  const ty = player.y + player.facingY;
  const object = env.world.objectAt(tx, ty);
  const inventory = Object.fromEntries(ITEM_NAMES.map((name) => [name, player.item(name)])) as Record<ItemName, number>;
  return {
    position: [player.x, player.y],
    facing: [player.facingX, player.facingY],
    sleeping: player.sleeping,
    inventory,
    target: { material: materialName(env.world.material(tx, ty)), object: object?.kind ?? null, ripe: object instanceof Plant ? object.ripe : null },
    nearby: [...env.world.nearbyMaterials(player.x, player.y, 1)].flatMap((id) => materialName(id) ?? []),
  };
}

/** "1 wood and 1 stone; you have 1 wood and no stone" for the items short of `uses`, or null when none is. */
function shortOf(uses: Partial<Record<ItemName, number>>, inventory: Record<ItemName, number>): string | null {
  const needed = Object.entries(uses) as [ItemName, number][];
  if (needed.every(([item, amount]) => inventory[item] >= amount)) return null;
  const need = list(needed.map(([item, amount]) => `${amount} ${words(item)}`));
  const have = list(needed.map(([item]) => `${inventory[item] || 'no'} ${words(item)}`));
  return `${need}; you have ${have}`;
}

function blockedBy(target: PlayerSituation['target']): string {
  if (target.object) return `${capital(article(target.object.toLowerCase()))} is in the way.`;
  if (!target.material) return 'The edge of the world is in the way.';
  return `${capital(COUNTABLE.has(target.material) ? article(target.material) : words(target.material))} is in the way.`;
}

function collectReason(before: PlayerSituation, after: PlayerSituation): string | null {
  const { material, object, ripe } = before.target;
  if (object) return object === 'Plant' && ripe === false ? 'The plant is not ripe yet: eat it once it has grown.' : null;
  const rule = material ? COLLECT[material] : undefined;
  if (!material || !rule) return `There is nothing to collect from ${material ? words(material) : 'the edge of the world'}.`;
  const missing = (Object.keys(rule.require) as ItemName[]).filter((item) => before.inventory[item] < (rule.require[item] ?? 0));
  if (missing.length) return `Collecting ${words(material)} needs ${list(missing.map(article))}.`;
  const [item] = Object.keys(rule.receive) as ItemName[];
  if (after.inventory[item] > before.inventory[item] || item === 'drink') return null;
  if (before.inventory[item] >= ITEM_MAX) return `You already carry ${ITEM_MAX} ${words(item)}, the most there is room for.`;
  if (rule.probability !== undefined) return `No ${words(item)} this time: ${words(material)} gives one about 1 time in ${Math.round(1 / rule.probability)}.`;
  return null;
}

function placeReason(name: keyof typeof PLACE, before: PlayerSituation, after: PlayerSituation): string | null {
  const rule = PLACE[name];
  const used = Object.entries(rule.uses) as [ItemName, number][];
  if (used.every(([item, amount]) => after.inventory[item] <= before.inventory[item] - amount)) return null;
  if (before.target.object) return `${capital(article(name))} cannot be placed: ${blockedBy(before.target).toLowerCase()}`;
  const where = before.target.material;
  if (!where || !rule.where.includes(where)) {
    return `${capital(article(name))} can only be placed on ${list(rule.where.map(words), 'or')}, not on ${where ? words(where) : 'the edge of the world'}.`;
  }
  const short = shortOf(rule.uses, before.inventory);
  if (short) return `Placing ${article(name)} needs ${short}.`;
  return `${capital(article(name))} could not be placed: something moved into the way.`;
}

function makeReason(name: keyof typeof MAKE, before: PlayerSituation, after: PlayerSituation): string | null {
  const rule = MAKE[name];
  if (after.inventory[name] > before.inventory[name]) return null;
  const absent = rule.nearby.filter((station) => !before.nearby.includes(station));
  if (absent.length) return `Making ${article(name)} needs ${list(absent.map(article))} nearby (within one step).`;
  const short = shortOf(rule.uses, before.inventory);
  if (short) return `Making ${article(name)} needs ${short}.`;
  if (before.inventory[name] >= ITEM_MAX) return `You already carry ${ITEM_MAX} ${words(name)}s, the most there is room for.`;
  return null;
}

/** One line saying why `action` had no effect, or null when it had one (or was a noop). */
export function noEffectReason(action: ActionName, before: PlayerSituation, after: PlayerSituation): string | null {
  if (action === 'noop') return null;
  if (before.sleeping && after.sleeping) return `You are asleep: actions wait until you wake up (energy ${after.inventory.energy} of ${ITEM_MAX}).`;
  if (MOVES.has(action)) {
    const moved = after.position[0] !== before.position[0] || after.position[1] !== before.position[1];
    const turned = after.facing[0] !== before.facing[0] || after.facing[1] !== before.facing[1];
    return moved || turned ? null : blockedBy(after.target);
  }
  if (action === 'do') return collectReason(before, after);
  if (action === 'sleep') return after.sleeping ? null : `You are not tired: sleeping needs energy below ${ITEM_MAX}.`;
  if (action.startsWith('place_')) return placeReason(action.slice('place_'.length) as keyof typeof PLACE, before, after);
  return makeReason(action.slice('make_'.length) as keyof typeof MAKE, before, after);
}
