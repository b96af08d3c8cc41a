// Which crafting would succeed now (placing a table or furnace, making a tool): from the inventory bar, the faced cell
// and a table or furnace in the 3x3 area around the player. The answer is the whole list, or "none".
import { MATERIALS } from '../../../sim/rules.ts';
import { mentions, saysNone, type Vocabulary } from '../answers.ts';
import { single, type ProbeFamily } from '../family.ts';
import { CRAFT_ACTIONS, craftableNow } from '../truth.ts';

// An action is named by its own name or its item ("wooden pickaxe"); a bare "table" is not one (it may be a station).
const ACTION_WORDS: Vocabulary = Object.fromEntries(CRAFT_ACTIONS.map((action) => {
  const [verb, ...rest] = action.split('_');
  const thing = rest.join(' ');
  const words = verb === 'make' ? [thing, thing.replace(/^wood /, 'wooden ')] : [`${verb} ${thing}`, `${verb} a ${thing}`];
  return [action, words];
}));

const listAnswer = (actions: readonly string[]) => (actions.length ? actions.join(', ') : 'none');

export const craftable: ProbeFamily = {
  id: 'craftable',
  title: 'Crafting possible now',
  description: 'lists the crafting that would succeed now, from the inventory and the stations in reach',
  ask: (truth) => single(
    `Which of these would succeed if you did it now: ${CRAFT_ACTIONS.join(', ')}? List every one that would, separated by commas, or answer none.`,
    listAnswer(truth.craftable),
  ),
  read(reply) {
    const named = new Set(mentions(reply, ACTION_WORDS).map((m) => m.answer));
    if (named.size) return listAnswer(CRAFT_ACTIONS.filter((a) => named.has(a)));
    return saysNone(reply) ? 'none' : null;
  },
  fromText(view) {
    const nearby = new Set<string>();
    for (const [name, offsets] of view.seen) if (offsets.some(([dx, dy]) => Math.abs(dx) <= 1 && Math.abs(dy) <= 1)) nearby.add(name);
    const faced = view.faced ?? '';
    const ground = (MATERIALS as readonly string[]).includes(faced);
    return listAnswer(craftableNow({
      inventory: view.inventory,
      nearby,
      facedMaterial: ground ? faced : '',
      facedFree: ground,
      asleep: view.sleeping && (view.inventory.energy ?? 0) < 9,
    }));
  },
};
