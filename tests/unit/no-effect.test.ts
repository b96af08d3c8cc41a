// Why an action did nothing: each rule of Crafter that can refuse an action, read from the state before and after.
import { beforeEach, describe, expect, it } from 'vitest';
import { CrafterEnv } from '../../src/sim/env.ts';
import { noEffectReason, playerSituation } from '../../src/sim/no-effect.ts';
import { Cow } from '../../src/sim/objects.ts';
import { ITEM_NAMES, actionIndex, materialId, type ActionName, type ItemName, type MaterialName } from '../../src/sim/rules.ts';

let env: CrafterEnv;

/** A plain grass clearing around the player, no creature near, the player facing down. */
function clearing(): CrafterEnv {
  const e = new CrafterEnv({ seed: 3 });
  e.reset();
  const { x, y } = e.player;
  for (const obj of e.world.liveObjects()) if (obj !== e.player && Math.abs(obj.x - x) + Math.abs(obj.y - y) < 20) e.world.remove(obj);
  for (let dx = -3; dx <= 3; dx++) for (let dy = -3; dy <= 3; dy++) e.world.setMaterial(x + dx, y + dy, materialId('grass'));
  e.player.facingX = 0;
  e.player.facingY = 1;
  return e;
}

function give(item: ItemName, amount: number): void {
  env.player.inventory[ITEM_NAMES.indexOf(item)] = amount;
}

/** Sets the material `dx, dy` cells from the player. */
function put(material: MaterialName, dx = 0, dy = 1): void {
  env.world.setMaterial(env.player.x + dx, env.player.y + dy, materialId(material));
}

function act(action: ActionName): string | null {
  const before = playerSituation(env);
  env.stepAction(actionIndex(action));
  return noEffectReason(action, before, playerSituation(env));
}

beforeEach(() => {
  env = clearing();
});

describe('placing', () => {
  it('a table with 1 wood is refused for want of wood', () => {
    give('wood', 1);
    expect(act('place_table')).toBe('Placing a table needs 2 wood; you have 1 wood.');
    expect(env.player.item('wood')).toBe(1);
  });

  it('a table with 2 wood on grass is placed: no reason', () => {
    give('wood', 2);
    expect(act('place_table')).toBeNull();
    expect(env.world.material(env.player.x, env.player.y + 1)).toBe(materialId('table'));
  });

  it('a table on water is refused for the ground', () => {
    give('wood', 5);
    put('water');
    expect(act('place_table')).toBe('A table can only be placed on grass, sand or path, not on water.');
  });

  it('stone where a cow stands is refused for the cow', () => {
    give('stone', 1);
    env.world.add(new Cow(env.world, env.player.x, env.player.y + 1));
    expect(act('place_stone')).toBe('A stone cannot be placed: a cow is in the way.');
  });

  it('a plant needs a sapling', () => {
    expect(act('place_plant')).toBe('Placing a plant needs 1 sapling; you have no sapling.');
  });
});

describe('making', () => {
  it('away from a table is refused for the table', () => {
    give('wood', 3);
    expect(act('make_wood_pickaxe')).toBe('Making a wood pickaxe needs a table nearby (within one step).');
  });

  it('an iron tool names only the station that is missing', () => {
    put('table', 1, 1);
    give('wood', 1);
    give('coal', 1);
    give('iron', 1);
    expect(act('make_iron_pickaxe')).toBe('Making an iron pickaxe needs a furnace nearby (within one step).');
  });

  it('at a table without the materials names what is short and what there is', () => {
    put('table');
    give('wood', 1);
    expect(act('make_stone_pickaxe')).toBe('Making a stone pickaxe needs 1 wood and 1 stone; you have 1 wood and no stone.');
  });

  it('at a table with the wood it works: no reason', () => {
    put('table');
    give('wood', 1);
    expect(act('make_wood_pickaxe')).toBeNull();
    expect(env.player.item('wood_pickaxe')).toBe(1);
  });
});

describe('collecting, sleeping, walking', () => {
  it('stone without a pickaxe', () => {
    put('stone');
    expect(act('do')).toBe('Collecting stone needs a wood pickaxe.');
  });

  it('sand gives nothing', () => {
    put('sand');
    expect(act('do')).toBe('There is nothing to collect from sand.');
  });

  it('a tree gives wood: no reason', () => {
    put('tree');
    expect(act('do')).toBeNull();
    expect(env.player.item('wood')).toBe(1);
  });

  it('wood beyond 9 is refused for room', () => {
    put('tree');
    give('wood', 9);
    expect(act('do')).toBe('You already carry 9 wood, the most there is room for.');
  });

  it('sleep with full energy', () => {
    expect(act('sleep')).toBe('You are not tired: sleeping needs energy below 9.');
  });

  it('keys while asleep wait for waking', () => {
    give('energy', 3);
    expect(act('sleep')).toBeNull();
    expect(act('move_left')).toBe('You are asleep: actions wait until you wake up (energy 3 of 9).');
  });

  it('walking into water turns first, then is blocked', () => {
    put('water', 1, 0);
    expect(act('move_right')).toBeNull();
    expect(act('move_right')).toBe('Water is in the way.');
    put('tree', 0, -1);
    act('move_up');
    expect(act('move_up')).toBe('A tree is in the way.');
  });

  it('noop never has a reason', () => {
    expect(act('noop')).toBeNull();
  });
});
