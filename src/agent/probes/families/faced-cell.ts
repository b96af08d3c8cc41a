// What the player faces: the thing standing in the cell in front of it, else that cell's ground.
import { firstMention, type Vocabulary } from '../answers.ts';
import { single, type ProbeFamily } from '../family.ts';
import { cellAt, directionOffset, VOID } from '../truth.ts';

const EDGE = 'edge';

const NAMES: Vocabulary = {
  grass: ['grassland', 'meadow', 'lawn'], sand: ['beach'], path: ['dirt', 'floor'], tree: ['wood', 'log'],
  water: ['lake', 'river', 'pond', 'sea', 'ocean'], stone: ['rock', 'boulder'], coal: ['coal ore'], iron: ['iron ore'],
  diamond: [], lava: ['magma'], table: ['crafting table', 'workbench', 'work bench'], furnace: ['oven'],
  cow: ['cattle'], zombie: [], skeleton: [], arrow: [], sapling: ['plant', 'young plant', 'seedling'], 'ripe plant': ['ripe'],
  [EDGE]: ['the edge of the world', 'void', 'boundary', 'border', 'out of bounds', 'outside the world'],
};

export const facedCell: ProbeFamily = {
  id: 'faced-cell',
  title: 'Faced cell',
  description: 'names what is in the cell the player faces (a creature or plant there, else its ground)',
  ask(truth) {
    const [dx, dy] = directionOffset(truth.facing);
    const cell = cellAt(truth, dx, dy)!;
    const answer = cell.object ?? (cell.material === VOID ? EDGE : cell.material);
    return single('What is in the cell directly in front of you, the one you face? Answer with its name only, e.g. grass, tree, water, stone, table, cow or zombie.', answer);
  },
  read: (reply) => firstMention(reply, NAMES),
  fromText: (view) => firstMention(view.faced ?? '', NAMES) ?? view.faced ?? 'grass',
};
