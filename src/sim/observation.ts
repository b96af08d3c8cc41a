// The observation packet of design.md: Crafter's state under the keys the Python ecosystem uses, the frame, the text.
import { ACHIEVEMENTS, ITEM_NAMES, type AchievementName, type ItemName } from './rules.ts';
import type { CrafterEnv, StepResult } from './env.ts';
import type { FramePacket } from './capture/frame-packet.ts';
import { textSummary, type TextStyle } from './text.ts';

export interface Observation extends FramePacket {
  inventory: Record<ItemName, number>;
  achievements_status: Record<AchievementName, boolean>;
  player_position: [number, number];
  player_direction: [number, number];
  num_steps_taken: number;
  max_steps_episode: number | null;
  /** This step's reward, not a running total. */
  reward_last_step: number;
  total_reward_episode: number;
  terminated: boolean;
  truncated: boolean;
  /** Semantic ids of the 7x7 cells around the player, rows north to south; 0 outside the world. */
  semantic_map_patch7: number[][];
  daylight: number;
  sleeping: boolean;
  text: string;
  text_style: TextStyle;
}

export interface ObservationPacket {
  step_idx: number;
  done: boolean;
  reward: number;
  observation: Observation;
  info: { achievements_added: AchievementName[]; discount: number };
}

/**
 * The packet for the env's current state, with its frame already rendered and encoded (encodeFramePacket);
 * `result` is the step that led here (absent right after reset).
 */
export function observationPacket(env: CrafterEnv, style: TextStyle, frame: FramePacket, result?: StepResult): ObservationPacket {
  const p = env.player;
  const reward = result?.reward ?? 0;
  return {
    step_idx: env.step,
    done: result?.done ?? false,
    reward,
    info: { achievements_added: result?.info.achievementsAdded ?? [], discount: result?.info.discount ?? 1 },
    observation: {
      inventory: Object.fromEntries(ITEM_NAMES.map((n, i) => [n, p.inventory[i]])) as Record<ItemName, number>,
      achievements_status: Object.fromEntries(ACHIEVEMENTS.map((n, i) => [n, p.achievements[i] > 0])) as Record<AchievementName, boolean>,
      player_position: [p.x, p.y],
      player_direction: [p.facingX, p.facingY],
      num_steps_taken: env.step,
      max_steps_episode: env.length,
      reward_last_step: reward,
      total_reward_episode: env.totalReward,
      terminated: result?.terminated ?? false,
      truncated: result?.truncated ?? false,
      semantic_map_patch7: semanticPatch(env, 7),
      daylight: env.world.daylight,
      sleeping: p.sleeping,
      text: textSummary(env, style),
      text_style: style,
      ...frame,
    },
  };
}

export function semanticPatch(env: CrafterEnv, size: number): number[][] {
  const map = env.semanticMap();
  const h = env.world.height;
  const half = Math.floor(size / 2);
  const rows: number[][] = [];
  for (let dy = -half; dy <= half; dy++) {
    const row: number[] = [];
    for (let dx = -half; dx <= half; dx++) {
      const x = env.player.x + dx;
      const y = env.player.y + dy;
      row.push(env.world.inside(x, y) ? map[x * h + y] : 0);
    }
    rows.push(row);
  }
  return rows;
}
