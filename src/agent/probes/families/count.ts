// How many cows, zombies or skeletons the view shows.
import { readCount } from '../answers.ts';
import { single, type ProbeFamily } from '../family.ts';
import { offsetsWhere } from '../truth.ts';

function countFamily(creature: string, plural: string): ProbeFamily {
  return {
    id: `count-${plural}`,
    title: `${plural[0].toUpperCase()}${plural.slice(1)} in view`,
    description: `counts the ${plural} in view`,
    ask: (truth) => single(`How many ${plural} can you see in the view? Answer with a number.`, String(offsetsWhere(truth, (c) => c.object === creature).length)),
    read: (reply) => readCount(reply),
    // The language text lists only the nearest of each kind: then it can only tell none from some.
    fromText: (view) => String(view.complete ? (view.seen.get(creature)?.length ?? 0) : view.seen.has(creature) ? 1 : 0),
  };
}

export const countFamilies: ProbeFamily[] = [countFamily('cow', 'cows'), countFamily('zombie', 'zombies'), countFamily('skeleton', 'skeletons')];
