// Crafter's world generator: terrain from OpenSimplex noise, then creatures, drawing from the world's generator in Crafter's order.
import { OpenSimplex } from './noise/simplex.ts';
import { materialId } from './rules.ts';
import { Cow, Skeleton, Zombie, type Player } from './objects.ts';
import type { World } from './world.ts';

const GRASS = materialId('grass');
const PATH = materialId('path');
const SAND = materialId('sand');
const WATER = materialId('water');
const TREE = materialId('tree');
const STONE = materialId('stone');
const COAL = materialId('coal');
const IRON = materialId('iron');
const DIAMOND = materialId('diamond');
const LAVA = materialId('lava');

export function generateWorld(world: World, player: Player): void {
  const noise = new OpenSimplex(world.random.randint(0, 2 ** 31 - 1));
  const tunnels = new Uint8Array(world.width * world.height);
  for (let x = 0; x < world.width; x++) {
    for (let y = 0; y < world.height; y++) setMaterial(world, noise, tunnels, x, y, player);
  }
  for (let x = 0; x < world.width; x++) {
    for (let y = 0; y < world.height; y++) setObject(world, tunnels, x, y, player);
  }
}

// One octave, as Crafter's `_simplex(x, y, z, size)`; `0 + 1 * n` and `/ 1` leave n unchanged.
function octave(noise: OpenSimplex, x: number, y: number, z: number, size: number): number {
  return noise.noise3(x / size, y / size, z);
}

function setMaterial(world: World, noise: OpenSimplex, tunnels: Uint8Array, x: number, y: number, player: Player): void {
  const random = world.random;
  let start = 4 - Math.sqrt((x - player.x) ** 2 + (y - player.y) ** 2);
  start += 2 * octave(noise, x, y, 8, 3);
  start = 1 / (1 + Math.exp(-start));
  let water = octave(noise, x, y, 3, 15) + 0.15 * octave(noise, x, y, 3, 5) + 0.1;
  water -= 2 * start;
  let mountain = (octave(noise, x, y, 0, 15) + 0.3 * octave(noise, x, y, 0, 5)) / (1 + 0.3);
  mountain -= 4 * start + 0.3 * water;
  let id: number;
  if (start > 0.5) {
    id = GRASS;
  } else if (mountain > 0.15) {
    if (octave(noise, x, y, 6, 7) > 0.15 && mountain > 0.3) {
      id = PATH; // cave
    } else if (octave(noise, 2 * x, y / 5, 7, 3) > 0.4) {
      id = PATH; // horizontal tunnel
      tunnels[x * world.height + y] = 1;
    } else if (octave(noise, x / 5, 2 * y, 7, 3) > 0.4) {
      id = PATH; // vertical tunnel
      tunnels[x * world.height + y] = 1;
    } else if (octave(noise, x, y, 1, 8) > 0 && random.uniform() > 0.85) {
      id = COAL;
    } else if (octave(noise, x, y, 2, 6) > 0.4 && random.uniform() > 0.75) {
      id = IRON;
    } else if (mountain > 0.18 && random.uniform() > 0.994) {
      id = DIAMOND;
    } else if (mountain > 0.3 && octave(noise, x, y, 6, 5) > 0.35) {
      id = LAVA;
    } else {
      id = STONE;
    }
  } else if (water > 0.25 && water <= 0.35 && octave(noise, x, y, 4, 9) > -0.2) {
    id = SAND;
  } else if (water > 0.3) {
    id = WATER;
  } else if (octave(noise, x, y, 5, 7) > 0 && random.uniform() > 0.8) {
    id = TREE;
  } else {
    id = GRASS;
  }
  world.setMaterial(x, y, id);
}

function setObject(world: World, tunnels: Uint8Array, x: number, y: number, player: Player): void {
  const material = world.material(x, y);
  if (material !== GRASS && material !== SAND && material !== PATH) return;
  const random = world.random;
  const dist = Math.sqrt((x - player.x) ** 2 + (y - player.y) ** 2);
  if (dist > 3 && material === GRASS && random.uniform() > 0.985) {
    world.add(new Cow(world, x, y));
  } else if (dist > 10 && random.uniform() > 0.993) {
    world.add(new Zombie(world, x, y, player));
  } else if (material === PATH && tunnels[x * world.height + y] && random.uniform() > 0.95) {
    world.add(new Skeleton(world, x, y, player));
  }
}
