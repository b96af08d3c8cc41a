// Plain, structured-clone and JSON friendly snapshots of a world, restored to an identical running state.
import { Arrow, Cow, Fence, Plant, Player, Skeleton, Zombie, type GameObject } from './objects.ts';
import type { RandomStateSnapshot } from './rng.ts';
import type { World } from './world.ts';

export type ObjectSnapshot =
  | { kind: 'Player'; slot: number; x: number; y: number; facing: [number, number]; inventory: number[]; achievements: number[];
      action: number; sleeping: boolean; lastHealth: number; hunger: number; thirst: number; fatigue: number; recover: number }
  | { kind: 'Cow' | 'Fence'; slot: number; x: number; y: number; health: number }
  | { kind: 'Zombie'; slot: number; x: number; y: number; health: number; cooldown: number }
  | { kind: 'Skeleton'; slot: number; x: number; y: number; health: number; reload: number }
  | { kind: 'Arrow'; slot: number; x: number; y: number; health: number; facing: [number, number] }
  | { kind: 'Plant'; slot: number; x: number; y: number; health: number; grown: number };

export interface WorldSnapshot {
  width: number;
  height: number;
  materials: number[];
  daylight: number;
  random: RandomStateSnapshot;
  /** Slots ever used (the next object gets this index). */
  slotCount: number;
  objects: ObjectSnapshot[];
  /** Chunks in creation order, each with its objects' slots in insertion order. */
  chunks: { bounds: [number, number, number, number]; slots: number[] }[];
}

function snapshotObject(obj: GameObject): ObjectSnapshot {
  const base = { slot: obj.slot, x: obj.x, y: obj.y };
  if (obj instanceof Player) {
    return {
      kind: 'Player', ...base, facing: [obj.facingX, obj.facingY], inventory: Array.from(obj.inventory),
      achievements: Array.from(obj.achievements), action: obj.action, sleeping: obj.sleeping, lastHealth: obj.lastHealth,
      hunger: obj.hunger, thirst: obj.thirst, fatigue: obj.fatigue, recover: obj.recover,
    };
  }
  if (obj instanceof Zombie) return { kind: 'Zombie', ...base, health: obj.health, cooldown: obj.cooldown };
  if (obj instanceof Skeleton) return { kind: 'Skeleton', ...base, health: obj.health, reload: obj.reload };
  if (obj instanceof Arrow) return { kind: 'Arrow', ...base, health: obj.health, facing: [obj.facingX, obj.facingY] };
  if (obj instanceof Plant) return { kind: 'Plant', ...base, health: obj.health, grown: obj.grown };
  if (obj instanceof Cow) return { kind: 'Cow', ...base, health: obj.health };
  return { kind: 'Fence', ...base, health: obj.health };
}

export function snapshotWorld(world: World): WorldSnapshot {
  return {
    width: world.width,
    height: world.height,
    materials: Array.from(world.materials),
    daylight: world.daylight,
    random: world.random.snapshot(),
    slotCount: world.slots.length,
    objects: world.liveObjects().map(snapshotObject),
    chunks: [...world.chunks.values()].map((chunk) => ({
      bounds: [...chunk.bounds] as [number, number, number, number],
      slots: [...chunk.objects].map((obj) => obj.slot),
    })),
  };
}

/** Rebuild a world from a snapshot in place; returns its player. */
export function restoreWorld(world: World, snap: WorldSnapshot): Player {
  if (snap.width !== world.width || snap.height !== world.height || snap.materials.length !== world.materials.length) {
    throw new Error(`snapshot area ${snap.width}x${snap.height} does not match the world ${world.width}x${world.height}`);
  }
  world.reset(0);
  world.random.restore(snap.random);
  world.daylight = snap.daylight;
  world.materials.set(snap.materials);
  const players = snap.objects.filter((o) => o.kind === 'Player');
  if (players.length !== 1) throw new Error(`snapshot must hold exactly one player, found ${players.length}`);
  const player = new Player(world, players[0].x, players[0].y);
  world.slots = new Array(snap.slotCount).fill(null);
  const bySlot = new Map<number, GameObject>();
  for (const s of snap.objects) {
    const obj = restoreObject(world, s, player);
    obj.slot = s.slot;
    world.slots[s.slot] = obj;
    world.objectMap[obj.x * world.height + obj.y] = s.slot;
    bySlot.set(s.slot, obj);
  }
  for (const chunk of snap.chunks) {
    const [xmin, , ymin] = chunk.bounds;
    const objects = new Set<GameObject>();
    for (const slot of chunk.slots) {
      const obj = bySlot.get(slot);
      if (!obj) throw new Error(`snapshot chunk lists slot ${slot}, which holds no object`);
      objects.add(obj);
    }
    world.chunks.set(world.chunkKey(xmin, ymin), { bounds: chunk.bounds, objects });
  }
  return player;
}

function restoreObject(world: World, s: ObjectSnapshot, player: Player): GameObject {
  switch (s.kind) {
    case 'Player': {
      [player.facingX, player.facingY] = s.facing;
      player.inventory.set(s.inventory);
      player.achievements.set(s.achievements);
      player.action = s.action;
      player.sleeping = s.sleeping;
      player.lastHealth = s.lastHealth;
      player.hunger = s.hunger;
      player.thirst = s.thirst;
      player.fatigue = s.fatigue;
      player.recover = s.recover;
      return player;
    }
    case 'Cow': return withHealth(new Cow(world, s.x, s.y), s.health);
    case 'Fence': return withHealth(new Fence(world, s.x, s.y), s.health);
    case 'Zombie': { const z = withHealth(new Zombie(world, s.x, s.y, player), s.health); z.cooldown = s.cooldown; return z; }
    case 'Skeleton': { const k = withHealth(new Skeleton(world, s.x, s.y, player), s.health); k.reload = s.reload; return k; }
    case 'Arrow': return withHealth(new Arrow(world, s.x, s.y, s.facing[0], s.facing[1]), s.health);
    case 'Plant': { const p = withHealth(new Plant(world, s.x, s.y), s.health); p.grown = s.grown; return p; }
  }
}

function withHealth<T extends GameObject>(obj: T, health: number): T {
  obj.health = health;
  return obj;
}
