// What the dataset layer is given by its callers because it may not import the simulator itself (design.md
// layers): Crafter's achievement names, the history sheet as live runs stitch it, and re-simulation for text styles.
import type { SessionRecord, StepRecord } from '../storage/index.ts';

/** Feeds a session's records in order and returns each one's observation text in another text style (null: none can be given). */
export type StepTexter = (step: StepRecord) => string | null;

export interface ExportDeps {
  /** Crafter's 22 achievement names, for checking filters and listing the distribution. */
  achievementNames: readonly string[];
  /** Earlier frames (PNG bytes, oldest first) stitched into one history sheet, as a PNG data URL, the way live runs make it. */
  historySheetDataUrl(pngs: Uint8Array[]): string;
  /** Re-simulates a session to describe its observations in `style`; absent where only stored text can be used. */
  retext?(session: SessionRecord, style: string): StepTexter;
}
