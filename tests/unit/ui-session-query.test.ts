import { describe, expect, it } from 'vitest';
import { EMPTY_QUERY, sessionFilter, toggleSort } from '../../src/ui/session-query.ts';

describe('the Sessions tab filter', () => {
  it('is empty for no choices', () => {
    expect(sessionFilter(EMPTY_QUERY)).toEqual({});
  });

  it('maps source, model and end reason; "recording" is not ended', () => {
    expect(sessionFilter({ ...EMPTY_QUERY, source: 'model', model: 'alpha-vl', end: 'died' })).toEqual({ source: 'model', model: 'alpha-vl', endReason: 'died' });
    expect(sessionFilter({ ...EMPTY_QUERY, end: 'recording' })).toEqual({ ended: false });
  });

  it('takes dates as whole local days, the last one included', () => {
    const filter = sessionFilter({ ...EMPTY_QUERY, from: '2025-04-11', to: '2025-04-11' });
    expect(filter.startedAfter).toBe(new Date(2025, 3, 11).toISOString());
    expect(filter.startedBefore).toBe(new Date(2025, 3, 12).toISOString());
    expect(() => sessionFilter({ ...EMPTY_QUERY, from: '11/04/2025' })).toThrow('is not a date');
  });

  it('sorts by a column largest first, then the other way round', () => {
    const bySteps = toggleSort({ key: 'startedAt', descending: true }, 'length');
    expect(bySteps).toEqual({ key: 'length', descending: true });
    expect(toggleSort(bySteps, 'length')).toEqual({ key: 'length', descending: false });
  });
});
