import { describe, expect, it } from 'vitest';
import { CrafterEnv } from '../../src/sim/env.ts';
import { actionStream } from '../../scripts/lib/action-stream.ts';

/** The first `n` actions of the seeded stream. */
const actions = (seed: number, n: number): number[] => Array.from({ length: n }, actionStream(seed));

function trace(env: CrafterEnv, plan: number[]) {
  return plan.map((a) => {
    const r = env.stepAction(a);
    return [r.reward, r.done, env.player.x, env.player.y, env.world.random.pos, Array.from(env.semanticMap().slice(0, 512)).join()];
  });
}

describe('CrafterEnv', () => {
  it('is deterministic: same seed and actions give the same episode', () => {
    const plan = actions(7, 400);
    const a = new CrafterEnv({ seed: 5 });
    const b = new CrafterEnv({ seed: 5 });
    a.reset();
    b.reset();
    expect(trace(a, plan)).toEqual(trace(b, plan));
  });

  it('restores a JSON snapshot into a copy that continues identically', () => {
    const env = new CrafterEnv({ seed: 11 });
    env.reset();
    trace(env, actions(1, 250)); // past the first nightfall and several chunk balances
    const snapshot = JSON.parse(JSON.stringify(env.snapshot()));
    const copy = CrafterEnv.restore(snapshot);
    const plan = actions(2, 300);
    expect(trace(copy, plan)).toEqual(trace(env, plan));
    expect(copy.snapshot()).toEqual(env.snapshot());
  });

  it('reports truncation at the length and termination at death', () => {
    const short = new CrafterEnv({ seed: 1, length: 5 });
    short.reset();
    const results = [0, 0, 0, 0, 0].map((a) => short.stepAction(a));
    expect(results.slice(0, 4).every((r) => !r.done)).toBe(true);
    expect(results[4]).toMatchObject({ done: true, truncated: true, terminated: false });

    const env = new CrafterEnv({ seed: 1 });
    env.reset();
    env.player.health = 0;
    const dead = env.stepAction(0);
    expect(dead).toMatchObject({ done: true, terminated: true, truncated: false });
    expect(dead.info.discount).toBe(0);
  });

  it('counts episodes and seeds each world with the tuple hash', () => {
    const env = new CrafterEnv({ seed: 0 });
    env.reset();
    const first = env.world.materials.slice();
    env.reset();
    expect(env.episode).toBe(2);
    expect(env.world.materials).not.toEqual(first);
  });

  it('rejects bad actions and options with clear errors', () => {
    const env = new CrafterEnv({ seed: 0 });
    expect(() => env.stepAction(0)).toThrow(/reset/);
    env.reset();
    expect(() => env.stepAction(17)).toThrow(/action must be an integer/);
    expect(() => new CrafterEnv({ seed: 1.5 })).toThrow(/seed/);
    expect(() => CrafterEnv.restore({} as never)).toThrow(/snapshot/);
  });

  it('reports unlocked achievements with a reward of 1 (plus health change)', () => {
    const env = new CrafterEnv({ seed: 0 });
    env.reset();
    // Find a tree next to the start and collect it.
    const p = env.player;
    const dirs = [[-1, 0, 1], [1, 0, 2], [0, -1, 3], [0, 1, 4]] as const;
    for (let steps = 0; steps < 200 && !p.achievements[6]; steps++) {
      const tree = dirs.find(([dx, dy]) => env.world.material(p.x + dx, p.y + dy) === 6);
      if (tree) {
        env.stepAction(tree[2]); // face it
        const r = env.stepAction(5);
        if (r.info.achievementsAdded.includes('collect_wood')) {
          expect(r.reward).toBeGreaterThanOrEqual(0.9);
          expect(r.info.inventory.wood).toBe(1);
        }
      } else {
        env.stepAction(actions(steps, 1)[0] % 5);
      }
    }
    expect(p.item('wood')).toBeGreaterThan(0);
  });
});
