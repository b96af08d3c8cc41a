// The semantic maps of an imported session, rebuilt record by record from the changes each record keeps.
import { applyGridDelta } from '../../lib/grid-delta.ts';
import type { StepRecord } from '../../storage/types.ts';
import { recordedStepMeta, type RecordedStepMeta } from './metadata.ts';

export class RecordedMaps {
  private map: Uint8Array | null = null;
  private readonly cells: number;

  constructor(area: readonly [number, number], private readonly sessionId: string) {
    this.cells = area[0] * area[1];
  }

  /** Feed every record in order: its recorded state, with the map after it (null for the reset record). */
  next(step: StepRecord): { meta: RecordedStepMeta; map: Uint8Array | null } {
    const meta = recordedStepMeta(step, this.sessionId);
    if (meta.semantic === null) return { meta, map: null };
    try {
      this.map = applyGridDelta(this.map, meta.semantic, this.cells);
    } catch (error) {
      throw new Error(`session ${this.sessionId}, step ${step.stepIndex}: ${(error as Error).message}`);
    }
    return { meta, map: this.map };
  }
}
