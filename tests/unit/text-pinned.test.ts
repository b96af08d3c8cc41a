// Text summaries of every style, pinned by hash over random play: a faster summary must say exactly what this one said.
import { describe, expect, it } from 'vitest';
import { CrafterEnv, type EnvOptions } from '../../src/sim/env.ts';
import { TEXT_STYLES, textSummary, viewText } from '../../src/sim/text.ts';
import { ACHIEVEMENTS, ITEM_NAMES, type AchievementName, type ItemName } from '../../src/sim/rules.ts';
import { recordedTextView } from '../../src/agent/recordings/recorded-state.ts';
import { Sha256 } from '../../src/lib/sha256.ts';
import { actionStream } from '../../scripts/lib/action-stream.ts';

const CASES: Array<{ options: EnvOptions; hash: string }> = [
  { options: {}, hash: '17da97b9a75b9531179766e652e4719c2dd1bec89340cc4cc369a6895fc7a57e' },
  { options: { area: [16, 16], view: [7, 9] }, hash: '64bbd114b74d92a9dafe06f380e60fd68d15c28f3cec741f8e5578bb292a6010' },
];

/** The summary of the env's step as a recording describes it (semantic map, plants without ripeness). */
function recordedText(env: CrafterEnv, style: (typeof TEXT_STYLES)[number]): string {
  const p = env.player;
  const view = recordedTextView({
    position: [p.x, p.y],
    inventory: Object.fromEntries(ITEM_NAMES.map((name, i) => [name, p.inventory[i]])) as Record<ItemName, number>,
    achievements: Object.fromEntries(ACHIEVEMENTS.map((name, i) => [name, p.achievements[i]])) as Record<AchievementName, number>,
    facing: [p.facingX, p.facingY],
    sleeping: p.sleeping,
    step: env.step,
    length: env.length,
    semantic: env.semanticMap(),
    area: env.area,
    grid: env.localGrid,
  });
  return viewText(view, style);
}

describe('text summaries over random play', () => {
  for (const { options, hash } of CASES) {
    it(`are unchanged for every style, live and recorded (${JSON.stringify(options)})`, () => {
      const digest = new Sha256();
      const encoder = new TextEncoder();
      const seen = { night: 0, sleep: 0, edge: 0, items: 0 };
      for (const seed of [0, 1, 2]) {
        const env = new CrafterEnv({ ...options, seed });
        env.reset();
        const next = actionStream(seed + 10);
        for (let step = 0; step <= 400; step++) {
          if (step > 0 && env.stepAction(next()).done) env.reset();
          for (const style of TEXT_STYLES) {
            const text = textSummary(env, style);
            digest.update(encoder.encode(`${text}\u0000${recordedText(env, style)}\u0000`));
            if (text.includes('the edge of the world') || text.includes('void')) seen.edge++;
          }
          if (env.world.daylight < 0.5) seen.night++;
          if (env.player.sleeping) seen.sleep++;
          if (env.player.inventory.slice(4).some((n) => n > 0)) seen.items++;
        }
      }
      expect(seen.night).toBeGreaterThan(0);
      expect(seen.sleep).toBeGreaterThan(0);
      expect(seen.items).toBeGreaterThan(0);
      if (options.area) expect(seen.edge).toBeGreaterThan(0);
      expect(digest.hex()).toBe(hash);
    });
  }
});
