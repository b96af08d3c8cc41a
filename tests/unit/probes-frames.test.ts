// Probe answers against frames worked out by hand (looked at with Crafter's textures and the built-in ones), and
// checks that "visible", "day or night", the status bar and crafting mean what the frame and the simulator say.
import { describe, expect, it } from 'vitest';
import { CrafterEnv } from '../../src/sim/env.ts';
import { Cow } from '../../src/sim/objects.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { ITEM_NAMES, MATERIALS, actionIndex, materialId } from '../../src/sim/rules.ts';
import { createBuiltinPolicy } from '../../src/agent/builtin/policy.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { sha256Hex } from '../../src/lib/sha256.ts';
import { PROBE_FAMILIES } from '../../src/agent/probes/index.ts';
import { CRAFT_ACTIONS, readTruth } from '../../src/agent/probes/truth.ts';
import { loadPackFromDirSync } from '../../scripts/lib/assets-node.ts';
import { ASSETS_DIR, HAS_ASSETS } from './shared-paths.ts';
import { playTo } from './probes-fixtures.ts';

interface HandWorked {
  what: string;
  seed: number;
  policy: 'random' | 'scripted';
  step: number;
  /** SHA-256 of the RGB frame that was looked at, with the built-in pack and with Crafter's own textures. */
  frame: { builtin: string; original: string };
  /** Every right answer per family (inventory per item), read off the frame by eye. */
  answers: Record<string, string | string[]>;
}

const HAND_WORKED: HandWorked[] = [
  {
    what: 'night, zombies west, east and south of the player, two cows, two trees in the dark, almost dead',
    seed: 72409678, policy: 'random', step: 185,
    frame: { builtin: 'd5d3f26ffe9abb001a3a6b27d01f78d7b403c29634974d740e5e683651eab947', original: '77a50a44b97a2118e6329f598c771300368749fbb06ea435ba09e1b996383505' },
    answers: {
      'faced-cell': 'grass', 'facing-direction': 'north', 'nearest-tree': '2 steps south', 'nearest-water': 'none', 'nearest-stone': 'none',
      'nearest-cow': '1 step south and 4 steps east', 'nearest-zombie': ['1 step west', '1 step east', '1 step south'], 'nearest-skeleton': 'none',
      'count-cows': '2', 'count-zombies': '3', 'count-skeletons': '0', 'adjacent-creature': 'yes', 'day-night': 'night',
      'vital-health': '1', 'vital-food': '3', 'vital-drink': '1', 'vital-energy': '8', 'inventory:wood': '1', craftable: 'none',
    },
  },
  {
    what: 'day, a cow right in front (north), a skeleton out on the grass, trees either side, water south-west',
    seed: 184251692, policy: 'scripted', step: 46,
    frame: { builtin: '4eea94034b828823c45c5054583210da55aff383b9cb76a1d08f93e1a5d32e3c', original: 'c85a3ecba53c59b05d2518a30975b25d933ab9a5a1f2e37fdd603120662757db' },
    answers: {
      'faced-cell': 'cow', 'facing-direction': 'north', 'nearest-tree': ['1 step west', '1 step east'], 'nearest-water': '3 steps south and 2 steps west',
      'nearest-stone': 'none', 'nearest-cow': '1 step north', 'nearest-zombie': 'none', 'nearest-skeleton': '1 step north and 3 steps west',
      'count-cows': '2', 'count-zombies': '0', 'count-skeletons': '1', 'adjacent-creature': 'yes', 'day-night': 'day',
      'vital-health': '6', 'vital-food': '8', 'vital-drink': '9', 'vital-energy': '8',
      'inventory:wood': '6', 'inventory:wood_pickaxe': '1', 'inventory:wood_sword': '1', 'inventory:stone': '0',
      // Wood enough for a table, but the faced cell holds a cow; no table in reach for tools.
      craftable: 'none',
    },
  },
  {
    what: 'day, facing a table east with six wood, a lake west',
    seed: 678359296, policy: 'scripted', step: 21,
    frame: { builtin: 'ebfa2007b6e3af0d5cedef4c423d4c1f44e1c607077ab138d2b661500e43d588', original: '3b743f32ab4a2d7a7b9f713213e42f1e92425c3d9a565ad90b486a7da3ccc6b3' },
    answers: {
      'faced-cell': 'table', 'facing-direction': 'east', 'nearest-tree': '2 steps south and 1 step east', 'nearest-water': '1 step west',
      'nearest-stone': 'none', 'nearest-cow': 'none', 'count-cows': '0', 'adjacent-creature': 'no', 'day-night': 'day',
      'vital-health': '9', 'vital-food': '9', 'vital-drink': '8', 'vital-energy': '9', 'inventory:wood': '6', 'inventory:wood_pickaxe': '0',
      craftable: 'make_wood_pickaxe, make_wood_sword',
    },
  },
  {
    what: 'the first frame of seed 0: grass, two trees in opposite corners, a cow east',
    seed: 0, policy: 'random', step: 0,
    frame: { builtin: '06e57ff96fa0139e18f1827c1466222e8fe54c8ab0678111053d7bb98becbab8', original: '7ea6d5809711316ca8b2a96f4590cbd34e2cf286a850f60b3eae772cd5a3e523' },
    answers: {
      'faced-cell': 'grass', 'facing-direction': 'south', 'nearest-tree': ['3 steps north and 4 steps west', '3 steps south and 4 steps east'],
      'nearest-cow': '4 steps east', 'count-cows': '1', 'adjacent-creature': 'no', 'day-night': 'day', 'vital-health': '9', 'inventory:sapling': '0',
      craftable: 'none',
    },
  },
];

const ORIGINAL = HAS_ASSETS ? new FrameRenderer(loadPackFromDirSync(ASSETS_DIR, 'crafter-original')) : null;

describe('hand-worked frames', () => {
  for (const frame of HAND_WORKED) {
    it(`${frame.what} (seed ${frame.seed}, step ${frame.step}${ORIGINAL ? '' : '; original textures absent, built-in frame only'})`, () => {
      const env = playTo(frame.seed, frame.policy, frame.step);
      expect(sha256Hex(new FrameRenderer(builtinPack()).render(env))).toBe(frame.frame.builtin);
      if (ORIGINAL) expect(sha256Hex(ORIGINAL.render(env))).toBe(frame.frame.original);
      const truth = readTruth(env);
      for (const [key, expected] of Object.entries(frame.answers)) {
        const [family, item] = key.split(':');
        const asked = PROBE_FAMILIES.find((f) => f.id === (item ? 'inventory-count' : family))!.ask(truth);
        const question = item ? asked.find((a) => a.params.item === item)! : asked[0];
        const accepted = Array.isArray(expected) ? expected : [expected];
        expect(question.accepted, key).toEqual(accepted);
        expect(question.answer, key).toBe(accepted[0]);
      }
    });
  }
});

/** The frame pixels that differ, as the set of 7x7 view cells (x, y) they fall in. */
function changedCells(a: Uint8Array, b: Uint8Array): Set<string> {
  const cells = new Set<string>();
  for (let i = 0; i < a.length; i += 3) {
    if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2]) continue;
    const p = i / 3;
    cells.add(`${Math.floor((p % 64) / 7)},${Math.floor(Math.floor(p / 64) / 7)}`);
  }
  return cells;
}

describe('what the frame shows', () => {
  const renderer = new FrameRenderer(builtinPack());

  it('visible is exactly the 9 x 7 local view: a change in a view cell shows in that cell only, one outside shows nowhere', () => {
    const env = playTo(184251692, 'scripted', 46);
    const truth = readTruth(env);
    const before = renderer.render(env).slice();
    const { world, player } = env;
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -5; dx <= 5; dx++) {
        const [x, y] = [player.x + dx, player.y + dy];
        if (world.objectAt(x, y)) continue;
        const kept = world.material(x, y);
        world.setMaterial(x, y, materialId('lava'));
        const changed = changedCells(before, renderer.render(env));
        world.setMaterial(x, y, kept);
        const inView = Math.abs(dx) <= 4 && Math.abs(dy) <= 3;
        expect([...changed], `${dx},${dy}`).toEqual(inView ? [`${dx + 4},${dy + 3}`] : []);
        if (inView) expect(truth.cells[(dy + 3) * 9 + dx + 4].material).toBe(kept ? MATERIALS[kept - 1] : 'void');
      }
    }
    // A creature just outside the view is neither drawn nor counted; one step further in, it is both.
    const count = () => PROBE_FAMILIES.find((f) => f.id === 'count-cows')!.ask(readTruth(env))[0].answer;
    const [ex, ey] = [player.x + 5, player.y + 2];
    expect(world.objectAt(ex, ey)).toBeNull();
    world.add(new Cow(world, ex, ey));
    expect(changedCells(before, renderer.render(env)).size).toBe(0);
    expect(count()).toBe('2');
    const cow = world.objectAt(ex, ey)!;
    world.move(cow, ex - 1, ey);
    expect([...changedCells(before, renderer.render(env))]).toEqual(['8,5']);
    expect(count()).toBe('3');
  });

  it("day or night follows the renderer's threshold: night exactly when the frame carries the night noise", () => {
    const env = new CrafterEnv({ seed: 5 });
    env.wantNoise = true;
    env.reset();
    const dayNight = PROBE_FAMILIES.find((f) => f.id === 'day-night')!;
    const seen = new Set<string>();
    for (let t = 0; t < 320; t++) {
      const answer = dayNight.ask(readTruth(env))[0].answer;
      expect(answer).toBe(env.nightNoise ? 'night' : 'day');
      seen.add(answer);
      env.stepAction(actionIndex('noop'));
    }
    expect([...seen].sort()).toEqual(['day', 'night']);
  });

  it('vitals are what the status bar draws: a blank slot exactly at 0', () => {
    const env = playTo(72409678, 'random', 185);
    env.player.inventory[1] = 0;
    const frame = renderer.render(env);
    const truth = readTruth(env);
    ['health', 'food', 'drink', 'energy'].forEach((vital, i) => {
      let lit = false;
      for (let y = 49; y < 56; y++) for (let x = i * 7; x < i * 7 + 7; x++) lit ||= frame[(y * 64 + x) * 3] + frame[(y * 64 + x) * 3 + 1] + frame[(y * 64 + x) * 3 + 2] > 0;
      expect(lit, vital).toBe(truth.inventory[vital as 'health'] > 0);
    });
  });

  it('the crafting answer is what the simulator lets happen as the next action', () => {
    const possible = new Set<string>();
    for (const seed of [678359296, 3]) {
      const env = playTo(seed, 'scripted', 0);
      const agent = createBuiltinPolicy('scripted', seed);
      for (let t = 0; t < 400; t++) {
        const truth = readTruth(env);
        const snapshot = env.snapshot();
        for (const action of CRAFT_ACTIONS) {
          const trial = CrafterEnv.restore(snapshot);
          const [x, y] = [trial.player.x + trial.player.facingX, trial.player.y + trial.player.facingY];
          const before = { ground: trial.world.material(x, y), tools: Array.from(trial.player.inventory) };
          trial.stepAction(actionIndex(action));
          const [verb, thing] = [action.slice(0, action.indexOf('_')), action.slice(action.indexOf('_') + 1)];
          const happened = verb === 'place'
            ? trial.world.material(x, y) === materialId(thing as 'table') && before.ground !== materialId(thing as 'table')
            : trial.player.item(thing as 'wood_pickaxe') > before.tools[ITEM_NAMES.indexOf(thing as 'wood_pickaxe')];
          expect(truth.craftable.includes(action), `seed ${seed} step ${t} ${action}`).toBe(happened);
          if (happened) possible.add(action);
        }
        env.stepAction(agent.act(env));
      }
    }
    expect([...possible].sort()).toEqual(expect.arrayContaining(['make_stone_pickaxe', 'make_wood_pickaxe', 'place_furnace', 'place_table']));
  });
});
