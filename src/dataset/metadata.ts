// The metadata of a row made from a recorded session, written line for line beside it (or inline in the annotated
// destination): ours, and beside them the keys synth-ai's exporter writes, so its filter scripts read our files.
import { messageImages, type DatasetRow, type Split } from './rows.ts';
import type { SessionSummary } from './sessions.ts';
import type { SessionOrigin } from './session-origin.ts';
import { MICRO, type Turn } from './step-window.ts';
import type { SessionRowMetadata } from './validate/schemas.ts';

export type RowMetadata = SessionRowMetadata;

const round6 = (value: number) => Math.round(value * MICRO) / MICRO;

export interface MetadataContext {
  summary: SessionSummary;
  origin: SessionOrigin;
  split: Split;
  k: number;
  /** The actions the row answers with. */
  actions: readonly string[];
  /** Distinct achievements the session had unlocked before this row's actions. */
  uniqueBefore: number;
}

export function sessionRowMetadata(row: DatasetRow, turn: Turn, ctx: MetadataContext): RowMetadata {
  let userImages = 0;
  let images = 0;
  for (const message of row.messages) {
    const n = messageImages(message).length;
    images += n;
    if (message.role === 'user') userImages += n;
  }
  const { session } = ctx.summary;
  const { record } = turn;
  const window = new Set<string>();
  for (const step of [record, ...turn.following].slice(0, ctx.k)) for (const name of step.achievementsUnlocked) window.add(name);
  const unlocked = [...record.achievementsUnlocked];
  // Crafter pays +1 at each step that unlocks an achievement (at most one a step) and the health change / 10.
  const achievementReward = unlocked.length;
  const model = record.modelCall?.model ?? ctx.origin.model;
  return {
    session: session.id,
    step: turn.observation.stepIndex,
    next_step: record.stepIndex,
    source: ctx.origin.source,
    policy: ctx.origin.policy,
    model,
    seed: session.seed,
    episode: session.episode,
    split: ctx.split,
    actions: [...ctx.actions],
    has_image: images > 0,
    user_has_image: userImages > 0,
    assistant_has_image: false,
    image_count: images,
    reward: round6(record.reward),
    achievement_reward: achievementReward,
    health_reward: round6(record.reward - achievementReward),
    return_to_go: turn.returnToGoMicro / MICRO,
    achievements_unlocked: unlocked,
    achievements_next_k: [...window],
    k: ctx.k,
    session_id: session.id,
    turn: turn.observation.stepIndex,
    provider: record.modelCall?.provider ?? session.policy?.endpointHost ?? ctx.origin.policy ?? ctx.origin.source,
    achievements: { new_unique: unlocked, turned_true: unlocked, cumulative_unique: ctx.uniqueBefore + unlocked.length },
  };
}
