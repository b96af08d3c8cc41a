// Where the nearest tree, water, stone, cow, zombie or skeleton in view is, in axis-separated steps as the language
// text gives it ("2 steps north and 1 step west"), or "none". Tied nearest cells are all right answers.
import { offsetAnswer, readOffset } from '../answers.ts';
import type { ProbeFamily } from '../family.ts';
import { nearest, offsetsWhere, type ViewCell } from '../truth.ts';

/** The compass sector of an offset ("north-west"), so answers are balanced over directions as well as "none". */
function sector([dx, dy]: readonly [number, number]): string {
  const ns = dy < 0 ? 'north' : dy > 0 ? 'south' : '';
  const ew = dx < 0 ? 'west' : dx > 0 ? 'east' : '';
  return [ns, ew].filter(Boolean).join('-');
}

function nearestFamily(target: string, layer: 'ground' | 'object'): ProbeFamily {
  const matches = (cell: ViewCell) => (layer === 'ground' ? cell.material === target : cell.object === target);
  return {
    id: `nearest-${target}`,
    title: `Nearest ${target}`,
    description: `locates the nearest ${target} in view, in steps along each axis`,
    ask(truth) {
      const tied = nearest(offsetsWhere(truth, matches));
      const accepted = tied.length ? tied.map(offsetAnswer) : ['none'];
      return [{
        params: {},
        question: `Where is the nearest ${target} in view, counted in steps from you along each axis? Answer like "2 steps north and 1 step west", or "none" if no ${target} is visible.`,
        answer: accepted[0],
        accepted,
        balanceKey: tied.length ? sector(tied[0]) : 'none',
      }];
    },
    read: (reply) => readOffset(reply),
    fromText: (view) => offsetAnswer(nearest(view.seen.get(target) ?? [])[0] ?? null),
  };
}

export const nearestFamilies: ProbeFamily[] = [
  nearestFamily('tree', 'ground'),
  nearestFamily('water', 'ground'),
  nearestFamily('stone', 'ground'),
  nearestFamily('cow', 'object'),
  nearestFamily('zombie', 'object'),
  nearestFamily('skeleton', 'object'),
];
