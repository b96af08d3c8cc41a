// Whether a cow, zombie or skeleton stands right next to the player (one step along an axis).
import { firstMention, YES_NO } from '../answers.ts';
import { single, type ProbeFamily } from '../family.ts';
import { manhattan, offsetsWhere } from '../truth.ts';

const CREATURES = ['cow', 'zombie', 'skeleton'];

export const adjacentCreature: ProbeFamily = {
  id: 'adjacent-creature',
  title: 'Creature adjacent',
  description: 'sees whether a cow, zombie or skeleton is one step away',
  ask(truth) {
    const near = offsetsWhere(truth, (c) => CREATURES.includes(c.object ?? '')).some((o) => manhattan(o) === 1);
    return single('Is a cow, zombie or skeleton directly next to you (one step north, south, east or west)? Answer yes or no.', near ? 'yes' : 'no');
  },
  read: (reply) => firstMention(reply, YES_NO),
  fromText: (view) => (CREATURES.some((c) => (view.seen.get(c) ?? []).some((o) => manhattan(o) === 1)) ? 'yes' : 'no'),
};
