// Observation text of an imported session in either style, rebuilt from what its records keep (no seed needed).
import type { TextStyle } from '../../sim/text.ts';
import { viewText } from '../../sim/text.ts';
import type { AchievementName, ItemName } from '../../sim/rules.ts';
import type { SessionRecord, StepRecord } from '../../storage/types.ts';
import { recordedEnv, recordingInfo } from './metadata.ts';
import { RecordedMaps } from './recorded-maps.ts';
import { localGrid, recordedTextView } from './recorded-state.ts';

/** Feed the session's records in order; each gives its text, or null for the reset record (its map is not recorded). */
export function recordedTexter(session: SessionRecord, style: TextStyle): (step: StepRecord) => string | null {
  if (!recordingInfo(session)) throw new Error(`session ${session.id} is not an imported Crafter recording`);
  const { area, view, length } = recordedEnv(session);
  const maps = new RecordedMaps(area, session.id);
  const grid = localGrid(view);
  return (step) => {
    const { meta, map } = maps.next(step);
    if (map === null) return null;
    const view = recordedTextView({
      step: step.stepIndex,
      length,
      semantic: map,
      area,
      grid,
      position: step.position,
      inventory: step.inventory as Record<ItemName, number>,
      achievements: step.achievements as Record<AchievementName, number>,
      facing: meta.facing,
      sleeping: meta.sleeping,
    });
    return viewText(view, style);
  };
}
