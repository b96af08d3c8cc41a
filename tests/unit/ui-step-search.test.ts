import { describe, expect, it } from 'vitest';
import { recordAt } from '../../src/ui/step-search.ts';

describe('finding a step among records', () => {
  const records = [0, 2, 4, 8, 9].map((stepIndex) => ({ stepIndex }));
  it('gives the record at the step, or the last one before it', () => {
    expect(recordAt(records, 4)).toBe(2);
    expect(recordAt(records, 5)).toBe(2);
    expect(recordAt(records, 9)).toBe(4);
    expect(recordAt(records, 10_000)).toBe(4);
    expect(recordAt(records, -3)).toBe(0);
    expect(recordAt([{ stepIndex: 23 }, { stepIndex: 24 }], 0)).toBe(0);
    expect(recordAt([], 3)).toBe(0);
  });
});
