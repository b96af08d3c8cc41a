import { describe, expect, it } from 'vitest';
import { count, endWords, errorText, formatBytes, importSummary, plural } from '../../src/ui/format.ts';

describe('counts and sizes in words', () => {
  it('groups thousands and says one or many', () => {
    expect(count(1234567)).toBe('1,234,567');
    expect(plural(1, 'step')).toBe('1 step');
    expect(plural(0, 'step')).toBe('0 steps');
    expect(plural(1234, 'session')).toBe('1,234 sessions');
  });

  it('gives bytes in decimal units with three figures at most', () => {
    expect(formatBytes(251248640)).toBe('251 MB');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(98_304)).toBe('98.3 kB');
    expect(formatBytes(12_345_678_901)).toBe('12.3 GB');
  });

  it('sums up an import', () => {
    expect(importSummary({ imported: Array.from({ length: 56 }, (_, i) => `s${i}`), skipped: [], steps: 1234 })).toBe('Imported 56 sessions (1,234 steps), skipped 0.');
    expect(importSummary({ imported: [], skipped: ['a', 'b'], steps: 0 })).toBe('Imported 0 sessions (0 steps), skipped 2 already in the store.');
  });

  it('names each end one way, and what has not ended', () => {
    expect(endWords({ state: 'ended', endReason: 'step_limit' })).toBe('reached the step limit');
    expect(endWords({ state: 'recording', endReason: null })).toBe('recording');
    // Marked interrupted when the store opened, before its end is written.
    expect(endWords({ state: 'interrupted', endReason: null })).toBe('interrupted (the page closed while recording)');
  });
});

describe('errors in one sentence', () => {
  it('keeps the first sentence and folds the rest with the error details', () => {
    const error = Object.assign(new Error('the file x.db is a damaged SQLite file (3 problems found); nothing was imported. Try another copy.'), { details: 'Tree 17 page 17: ...' });
    expect(errorText(error)).toEqual({
      summary: 'the file x.db is a damaged SQLite file (3 problems found); nothing was imported.',
      details: 'Try another copy.\n\nTree 17 page 17: ...',
    });
  });

  it('cuts a sentence of pages at a word; a short one ends with a full stop', () => {
    const { summary, details } = errorText(new Error(`SQLite says ${'corrupt page '.repeat(500)}`));
    expect(summary.length).toBeLessThan(260);
    expect(summary.endsWith('…')).toBe(true);
    expect(details!.length).toBeGreaterThan(6000);
    expect(errorText('no store')).toEqual({ summary: 'no store.', details: null });
  });
});
