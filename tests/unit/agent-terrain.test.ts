import { describe, expect, it } from 'vitest';
import { ScriptedPolicy } from '../../src/agent/builtin/scripted.ts';
import { WorldView } from '../../src/agent/builtin/worldview.ts';
import { mulberry32 } from '../../src/agent/builtin/prng.ts';
import { MAT } from '../../src/agent/builtin/grid.ts';
import type { TerrainCosts } from '../../src/agent/builtin/terrain.ts';
import { CrafterEnv } from '../../src/sim/env.ts';

function bytes(array: Int16Array | Uint8Array | Int32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function sameCosts(a: TerrainCosts, b: TerrainCosts): boolean {
  return bytes(a.enter).equals(bytes(b.enter)) && bytes(a.breach).equals(bytes(b.breach)) &&
    bytes(a.breachAction).equals(bytes(b.breachAction)) && bytes(a.deadly).equals(bytes(b.deadly));
}

// The scripted agent plays (mining, building, fighting, two episodes in one view) while a second view, kept across
// steps, is asked for random option sets on random steps and must match a view made afresh each time.
describe('terrain costs kept across steps', () => {
  it('equal the costs made afresh, for every option set, guards and episode', () => {
    const random = mulberry32(99);
    const kept = new WorldView();
    let compared = 0;
    for (const seed of [4, 5]) {
      const env = new CrafterEnv({ seed, length: 700 });
      env.reset();
      const policy = new ScriptedPolicy(seed);
      for (let done = false; !done; ) {
        done = env.stepAction(policy.act(env)).done;
        kept.update(env);
        if (random() < 0.4) continue;
        const fresh = new WorldView();
        fresh.update(env);
        if (random() < 0.2) {
          const guards = Array.from({ length: 5 }, () => Math.floor(random() * env.world.materials.length));
          kept.setGuards(guards);
          fresh.setGuards(guards);
        }
        const options = { dig: random() < 0.7, bridge: random() < 0.7, fight: random() < 0.7, guardPlants: random() < 0.7 };
        if (!sameCosts(kept.costs(options), fresh.costs(options))) {
          throw new Error(`seed ${seed} step ${env.step}: kept costs differ from fresh ones for ${JSON.stringify(options)}`);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('keeps distance maps a lower bound of the true distance, 0 on the material and changing by at most 1', () => {
    const kept = new WorldView();
    const env = new CrafterEnv({ seed: 6, length: 700 });
    env.reset();
    const policy = new ScriptedPolicy(6);
    const { width: w, height: h } = env.world;
    for (let done = false; !done; ) {
      done = env.stepAction(policy.act(env)).done;
      kept.update(env);
      if (env.step % 25 !== 0) continue;
      const fresh = new WorldView();
      fresh.update(env);
      for (const material of [MAT.stone, MAT.tree, MAT.water, MAT.coal, MAT.iron, MAT.table]) {
        const bound = kept.distanceTo(material);
        const exact = fresh.distanceTo(material);
        for (let i = 0; i < w * h; i++) {
          const where = `step ${env.step} material ${material} cell ${i}`;
          if (bound[i] > exact[i]) throw new Error(`${where}: ${bound[i]} above the true distance ${exact[i]}`);
          if (env.world.materials[i] === material && bound[i] !== 0) throw new Error(`${where}: not 0 on the material`);
          if (i + h < w * h && Math.abs(bound[i] - bound[i + h]) > 1) throw new Error(`${where}: jumps along x`);
          if ((i + 1) % h !== 0 && Math.abs(bound[i] - bound[i + 1]) > 1) throw new Error(`${where}: jumps along y`);
        }
      }
    }
  });
});
