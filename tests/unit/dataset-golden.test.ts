// The fixed trace exports to exactly the expected files in every format, and every format passes its validator.
// After a deliberate change of the formats or the prompts: UPDATE_DATASET_GOLDEN=1 npx vitest run tests/unit/dataset-golden.test.ts
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, validateExportFiles } from '../../src/dataset/index.ts';
import { deps, exportToMemory, FIXTURE_DIR, fixtureReader, GOLDEN_OPTIONS, unpacked } from './dataset-fixtures.ts';

const UPDATE = process.env.UPDATE_DATASET_GOLDEN === '1';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe('golden export of the fixed trace', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format}: exactly the expected files`, async () => {
      const reader = await fixtureReader();
      const { result, files } = await exportToMemory(reader, { format, ...GOLDEN_OPTIONS });
      await reader.close();
      expect(result.validation).toEqual({ ok: true, count: 0, problems: [] });
      const checked = validateExportFiles(format, files, { bytes: deps.bytes });
      expect(checked.problems).toEqual([]);
      expect(Object.values(checked.rows).reduce((a, b) => a + b, 0)).toBe(result.stats.rows.train + result.stats.rows.validation);

      const expectedDir = join(FIXTURE_DIR, 'expected', format);
      const actual = unpacked(files);
      // Images are named by the SHA-256 of their bytes: the expected list of names pins their contents.
      const images = [...actual.keys()].filter((name) => name.includes('/images/')).sort();
      for (const name of images) {
        expect(createHash('sha256').update(actual.get(name)!).digest('hex'), name).toBe(name.replace(/^.*\/images\//, '').replace(/\.png$/, ''));
        actual.delete(name);
      }
      if (images.length) actual.set(`${images[0].split('/images/')[0]}/images.list`, new TextEncoder().encode(`${images.join('\n')}\n`));
      if (UPDATE) {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const [name, bytes] of actual) {
          mkdirSync(dirname(join(expectedDir, name)), { recursive: true });
          writeFileSync(join(expectedDir, name), bytes);
        }
      }
      const expected = listFiles(expectedDir).map((path) => relative(expectedDir, path)).sort();
      expect([...actual.keys()].sort()).toEqual(expected);
      for (const name of expected) {
        const want = readFileSync(join(expectedDir, name));
        const got = actual.get(name)!;
        expect(Buffer.from(got).toString('utf8'), name).toBe(want.toString('utf8'));
      }
    });
  }

  it('the split and the figures of the golden export', async () => {
    const reader = await fixtureReader();
    const { result } = await exportToMemory(reader, { format: 'openai', ...GOLDEN_OPTIONS });
    await reader.close();
    const { stats } = result;
    expect(stats.sessions).toEqual({ listed: 5, excluded: {}, train: 4, validation: 1, withRows: 4 });
    // Train: 14 human (its duplicate session dropped), 14 scripted, 12 random; validation: the model's 12 calls less the 2 failed.
    expect(stats.rows).toEqual({ train: 40, validation: 10 });
    expect(stats.dropped).toEqual({ duplicate: 14, failed_call: 2 });
    expect(stats.sources).toEqual({ human: 14, builtin: 26, model: 10 });
    expect(stats.images).toBe(40 + 10 * 2 - 1);
    expect(result.files.map((f) => f.name)).toEqual(['train.jsonl', 'train.metadata.jsonl', 'validation.jsonl', 'validation.metadata.jsonl']);
  });
});
