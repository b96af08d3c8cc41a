// Health, food, drink and energy as the status bar under the view draws them (0 to 9; nothing is drawn at 0).
import { readCount } from '../answers.ts';
import { single, type ProbeFamily } from '../family.ts';

type Vital = 'health' | 'food' | 'drink' | 'energy';

function vitalFamily(vital: Vital): ProbeFamily {
  return {
    id: `vital-${vital}`,
    title: `${vital[0].toUpperCase()}${vital.slice(1)}`,
    description: `reads the ${vital} level from the status bar`,
    ask: (truth) => single(`What is your ${vital} level, as the bar under the view shows it (0 to 9)? Answer with a number.`, String(truth.inventory[vital])),
    read: (reply) => readCount(reply),
    fromText: (view) => String(view.inventory[vital] ?? 0),
  };
}

export const vitalFamilies: ProbeFamily[] = (['health', 'food', 'drink', 'energy'] as const).map(vitalFamily);
