// A lockstep twin of the page's world: the port is deterministic, so a Node env with the same seed and actions
// is the page's env, and the test can plan keys from it (walk to a tree, face it, collect wood).
import { CrafterEnv } from '../../src/sim/env.ts';
import { DIRECTIONS } from '../../src/sim/objects.ts';
import { actionIndex, materialId } from '../../src/sim/rules.ts';

const TREE = materialId('tree');
const WALKABLE = new Set(['grass', 'sand', 'path'].map((m) => materialId(m as 'grass')));
const MOVE_KEYS = ['a', 'd', 'w', 's'];
const MOVES = ['move_left', 'move_right', 'move_up', 'move_down'];

export class LockstepPlanner {
  readonly env: CrafterEnv;
  constructor(seed: number) {
    this.env = new CrafterEnv({ seed });
    this.env.reset();
  }

  /** The next key toward collecting wood (then walking about), and the same action applied to the twin. */
  nextKey(): string {
    const { env } = this;
    const p = env.player;
    let key: string;
    const treeDir = DIRECTIONS.findIndex(([dx, dy]) => env.world.material(p.x + dx, p.y + dy) === TREE);
    if (p.item('wood') < 2 && treeDir >= 0) {
      const facing = DIRECTIONS[treeDir];
      key = facing[0] === p.facingX && facing[1] === p.facingY ? ' ' : MOVE_KEYS[treeDir];
    } else {
      key = MOVE_KEYS[p.item('wood') < 2 ? this.firstStepToTree() : env.step % 4];
    }
    env.stepAction(key === ' ' ? actionIndex('do') : actionIndex(MOVES[MOVE_KEYS.indexOf(key)]));
    return key;
  }

  // Breadth-first over walkable, empty cells to one next to a tree; returns the first move's direction.
  private firstStepToTree(): number {
    const { world, player } = this.env;
    const start = `${player.x},${player.y}`;
    const first = new Map<string, number>([[start, -1]]);
    const queue: [number, number][] = [[player.x, player.y]];
    while (queue.length) {
      const [x, y] = queue.shift()!;
      const dir = first.get(`${x},${y}`)!;
      if (dir >= 0 && DIRECTIONS.some(([dx, dy]) => world.material(x + dx, y + dy) === TREE)) return dir;
      DIRECTIONS.forEach(([dx, dy], d) => {
        const nx = x + dx;
        const ny = y + dy;
        const key = `${nx},${ny}`;
        if (first.has(key) || !WALKABLE.has(world.material(nx, ny)) || world.objectAt(nx, ny)) return;
        first.set(key, dir >= 0 ? dir : d);
        queue.push([nx, ny]);
      });
    }
    return 0;
  }
}
