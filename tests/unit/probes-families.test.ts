// The family registry: canonical answers read back as themselves, lenient replies read as meant, the text reader
// sees what the text says, and balancing and intervals behave.
import { describe, expect, it } from 'vitest';
import { CrafterEnv } from '../../src/sim/env.ts';
import { textSummary } from '../../src/sim/text.ts';
import { FAMILY_IDS, PROBE_FAMILIES, familyById, selectFamilies, wilsonInterval } from '../../src/agent/probes/index.ts';
import { balancedPick } from '../../src/agent/probes/balance.ts';
import { readTextView } from '../../src/agent/probes/text-view.ts';
import { readTruth } from '../../src/agent/probes/truth.ts';
import { playTo, probeSet } from './probes-fixtures.ts';

describe('probe family registry', () => {
  it('has unique ids, and selects families by id in registry order', () => {
    expect(new Set(FAMILY_IDS).size).toBe(FAMILY_IDS.length);
    expect(FAMILY_IDS).toEqual(expect.arrayContaining(['faced-cell', 'nearest-tree', 'nearest-water', 'nearest-stone', 'nearest-cow', 'nearest-zombie',
      'nearest-skeleton', 'count-zombies', 'count-skeletons', 'count-cows', 'day-night', 'vital-health', 'vital-food', 'vital-drink', 'vital-energy',
      'inventory-count', 'adjacent-creature', 'craftable']));
    expect(selectFamilies(['craftable', 'faced-cell']).map((f) => f.id)).toEqual(['faced-cell', 'craftable']);
    expect(selectFamilies().length).toBe(PROBE_FAMILIES.length);
    expect(() => familyById('nearest-diamond')).toThrow(/unknown probe family "nearest-diamond"; known: faced-cell/);
  });

  it('reads every canonical answer of a generated set back as itself', async () => {
    const set = await probeSet();
    for (const probe of set.probes) {
      for (const answer of probe.accepted) expect(familyById(probe.family).read(answer, probe.params), `${probe.id}: ${answer}`).toBe(answer);
    }
  });

  const LENIENT: Array<[string, string, string | null, Record<string, string>?]> = [
    ['nearest-tree', 'The nearest tree is 2 steps north and 1 step west.', '2 steps north and 1 step west'],
    ['nearest-tree', '1 left, 3 up', '3 steps north and 1 step west'],
    ['nearest-water', 'Two steps to the south', '2 steps south'],
    ['nearest-water', 'about 1 cell east', '1 step east'],
    ['nearest-cow', 'There is no cow in view.', 'none'],
    ['nearest-cow', 'None', 'none'],
    ['nearest-zombie', "I can't see any zombie", 'none'],
    ['nearest-zombie', 'I cannot tell where it is', null],
    ['nearest-zombie', 'somewhere over there', null],
    ['nearest-stone', '1 step north and 1 step south', null],
    ['count-zombies', 'There are three zombies.', '3'],
    ['count-cows', 'No cows are visible.', '0'],
    ['count-skeletons', '2', '2'],
    ['count-skeletons', 'hmm', null],
    ['adjacent-creature', 'Yes, a zombie stands right there.', 'yes'],
    ['adjacent-creature', 'No.', 'no'],
    ['adjacent-creature', 'Maybe', null],
    ['adjacent-creature', 'No idea.', null],
    ['count-cows', "I don't know", null],
    ['nearest-cow', 'not sure, maybe 2 steps west', '2 steps west'],
    ['day-night', "It's nighttime.", 'night'],
    ['day-night', 'Day', 'day'],
    ['facing-direction', 'I am facing up.', 'north'],
    ['facing-direction', 'left', 'west'],
    ['faced-cell', 'A crafting table.', 'table'],
    ['faced-cell', 'a ripe plant', 'ripe plant'],
    ['faced-cell', 'a young plant', 'sapling'],
    ['faced-cell', 'Iron ore', 'iron'],
    ['faced-cell', 'Trees', 'tree'],
    ['faced-cell', 'no idea', null],
    ['vital-health', 'Health: 7/9', '7'],
    ['vital-energy', 'nine', '9'],
    ['inventory-count', 'You have 4 stone.', '4', { item: 'stone' }],
    ['inventory-count', 'none', '0', { item: 'coal' }],
    ['craftable', 'make_wood_sword, make_wood_pickaxe', 'make_wood_pickaxe, make_wood_sword'],
    ['craftable', 'You could make a wooden pickaxe or a wood sword.', 'make_wood_pickaxe, make_wood_sword'],
    ['craftable', 'Place table', 'place_table'],
    ['craftable', 'Nothing.', 'none'],
    ['craftable', 'a table', null],
  ];
  it.each(LENIENT)('%s reads %j as %j', (family, reply, expected, params = {}) => {
    expect(familyById(family).read(reply, params)).toBe(expected);
  });

  it("strips a reasoning model's thinking before reading", async () => {
    const { judge } = await import('../../src/agent/probes/index.ts');
    const probe = { id: 'p', family: 'day-night', frame: 'f0', params: {}, question: 'q', answer: 'night', accepted: ['night'], balanceKey: 'night' };
    expect(judge(probe, { reply: '<think>It is day? no, the frame is dark.</think>Night', error: null })).toMatchObject({ answer: 'night', correct: true });
  });
});

describe('the text reader', () => {
  it('reads back from both text styles what the state says (faced cell, facing, time, sleep, amounts, the whole map)', () => {
    for (const env of [playTo(72409678, 'random', 185), playTo(678359296, 'scripted', 21), playTo(184251692, 'scripted', 46)]) {
      const truth = readTruth(env);
      for (const style of ['language', 'state'] as const) {
        const view = readTextView(textSummary(env, style), style);
        expect(view.facing).toBe(truth.facing);
        expect(view.night).toBe(truth.daylight < 0.5);
        expect(view.sleeping).toBe(truth.sleeping);
        for (const [item, amount] of Object.entries(truth.inventory)) expect(view.inventory[item] ?? 0, `${style} ${item}`).toBe(amount);
      }
      const map = readTextView(textSummary(env, 'state'), 'state');
      expect(map.complete).toBe(true);
      const cells = [...map.seen.values()].reduce((n, offsets) => n + offsets.length, 0);
      expect(cells).toBe(9 * 7 - 1);
      for (const [name, offsets] of map.seen) {
        for (const [dx, dy] of offsets) {
          const cell = truth.cells[(dy + 3) * 9 + dx + 4];
          expect(cell.object ?? cell.material).toBe(name);
        }
      }
    }
  });

  it('answers from the text alone: the language text lists only the nearest of a kind, so counts past one are guesses', () => {
    const env = playTo(72409678, 'random', 185);
    const count = familyById('count-zombies');
    expect(count.fromText(readTextView(textSummary(env, 'state'), 'state'), {})).toBe('3');
    expect(count.fromText(readTextView(textSummary(env, 'language'), 'language'), {})).toBe('1');
  });

  it('reads a sleeping player from both styles', () => {
    const env = new CrafterEnv({ seed: 2 });
    env.reset();
    env.player.sleeping = true;
    expect(readTextView(textSummary(env, 'language'), 'language').sleeping).toBe(true);
    expect(readTextView(textSummary(env, 'state'), 'state').sleeping).toBe(true);
  });
});

describe('balancing', () => {
  const counter = () => {
    let i = 0;
    return () => ((i++ * 0.618) % 1);
  };

  it('takes classes in turn and caps every class at half', () => {
    const items = [...Array(30).fill('no'), ...Array(3).fill('yes')].map((answer, i) => ({ answer, i }));
    const picked = balancedPick(items, (x) => x.answer, 10, counter());
    expect(picked.filter((x) => x.answer === 'yes')).toHaveLength(3);
    expect(picked.filter((x) => x.answer === 'no')).toHaveLength(5);
    const even = balancedPick(items, (x) => x.answer, 6, counter());
    expect(even.filter((x) => x.answer === 'yes')).toHaveLength(3);
    expect(even).toHaveLength(6);
  });

  it('gives nothing when only one answer is offered: a family answerable by always saying it is not balanced', () => {
    expect(balancedPick(['no', 'no', 'no'], (x) => x, 2, counter())).toEqual([]);
  });
});

describe('Wilson score interval', () => {
  // Reference values: the roots of (p - k/n)^2 = z^2 p (1 - p) / n, solved as a quadratic.
  it('matches the quadratic solution and stays inside [0, 1]', () => {
    const [low, high] = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 4);
    expect(high).toBeCloseTo(0.9433, 4);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)[0]).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    const [l, h] = wilsonInterval(150, 200);
    expect(l).toBeCloseTo(0.68566, 5);
    expect(h).toBeCloseTo(0.80492, 5);
  });
});
