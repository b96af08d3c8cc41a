// How many of an item the inventory bar shows: one question per item, balanced over the amounts.
import { ITEM_NAMES } from '../../../sim/rules.ts';
import { readCount } from '../answers.ts';
import type { ProbeFamily } from '../family.ts';

const ITEMS = ITEM_NAMES.slice(4);

export const inventoryCount: ProbeFamily = {
  id: 'inventory-count',
  title: 'Inventory counts',
  description: 'reads the amount of one item (materials and tools) from the inventory bar',
  ask: (truth) => ITEMS.map((item) => {
    const answer = String(truth.inventory[item]);
    const question = `How many ${item.replaceAll('_', ' ')} do you have in your inventory? Answer with a number (0 if none).`;
    return { params: { item }, question, answer, accepted: [answer], balanceKey: answer };
  }),
  read: (reply) => readCount(reply),
  fromText: (view, params) => String(view.inventory[params.item] ?? 0),
};
