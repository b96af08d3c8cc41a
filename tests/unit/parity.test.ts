import { describe, expect, it } from 'vitest';
import { runParity } from '../../scripts/lib/parity.ts';
import { GOLDEN_DIR, HAS_GOLDEN } from './shared-paths.ts';

describe.skipIf(!HAS_GOLDEN)(`golden parity over ${GOLDEN_DIR} (skipped when ../shared/crafter-golden is absent)`, () => {
  it('replays every episode of Python Crafter 1.8.3 with 0 mismatches', () => {
    const report = runParity(GOLDEN_DIR);
    expect(report.firstMismatches).toEqual([]);
    expect(report.mismatches).toBe(0);
    expect(report.episodes).toBeGreaterThanOrEqual(52);
    expect(report.steps).toBeGreaterThan(20000);
  });
});
