// The Export tab's form as options: the idle-streak field, empty by default, reaches the export as the CLI's
// --max-noop-streak does, and a bad value is reported on that field alone.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_FORM, formProblems, loadExportForm, optionsFromForm } from '../../src/ui/export-settings.ts';

describe('the export form', () => {
  it('keeps every idle streak when the field is empty, and passes a typed limit on', () => {
    expect(optionsFromForm(DEFAULT_EXPORT_FORM).maxNoopStreak).toBeNull();
    expect(optionsFromForm({ ...DEFAULT_EXPORT_FORM, maxNoopStreak: ' 2 ' }).maxNoopStreak).toBe(2);
    expect(formProblems({ ...DEFAULT_EXPORT_FORM, maxNoopStreak: '0' })).toEqual({});
  });

  it('reports a limit that is not a whole number of turns on its own field', () => {
    expect(formProblems({ ...DEFAULT_EXPORT_FORM, maxNoopStreak: 'x' })).toEqual({ maxNoopStreak: 'not a number' });
    expect(Object.keys(formProblems({ ...DEFAULT_EXPORT_FORM, maxNoopStreak: '-1' }))).toEqual(['maxNoopStreak']);
    expect(Object.keys(formProblems({ ...DEFAULT_EXPORT_FORM, maxNoopStreak: '1.5' }))).toEqual(['maxNoopStreak']);
  });

  it('opens a form saved before the field existed with the field empty', () => {
    const { maxNoopStreak: _, ...older } = { ...DEFAULT_EXPORT_FORM, lookahead: 7 };
    const storage = { getItem: () => JSON.stringify(older) } as unknown as Storage;
    expect(loadExportForm(storage)).toMatchObject({ lookahead: 7, maxNoopStreak: '' });
  });
});
