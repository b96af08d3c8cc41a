// The fixed trace exports to exactly the expected files for every destination and action format, and every
// export passes its validator. Parquet files are pinned by what an independent reader (hyparquet) reads in them.
// After a deliberate change of the formats or the prompts: UPDATE_DATASET_GOLDEN=1 npx vitest run tests/unit/dataset-golden.test.ts
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { DESTINATION_IDS, DESTINATIONS, validateExportFiles } from '../../src/dataset/index.ts';
import { exportToMemory, FIXTURE_DIR, fixtureReader, GOLDEN_OPTIONS, unpacked } from './dataset-fixtures.ts';

const UPDATE = process.env.UPDATE_DATASET_GOLDEN === '1';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** What hyparquet reads in a Parquet file, images as their names (the SHA-256 of their bytes, checked here). */
async function parquetView(bytes: Uint8Array): Promise<Uint8Array> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(buffer);
  const rows = await parquetReadObjects({ file: buffer, utf8: false });
  for (const row of rows) {
    for (const image of (row.images ?? []) as { bytes: Uint8Array; path: string }[]) {
      expect(`${sha256(image.bytes)}.png`).toBe(image.path);
      (image as { bytes?: unknown }).bytes = `${image.bytes.length} bytes`;
    }
  }
  const view = {
    schema: metadata.schema.map(({ name, type, repetition_type, converted_type, num_children }) => ({ name, type, repetition_type, converted_type, num_children })),
    key_value_metadata: metadata.key_value_metadata,
    row_groups: metadata.row_groups.map((group) => Number(group.num_rows)),
    rows,
  };
  return new TextEncoder().encode(`${JSON.stringify(view, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value), 2)}\n`);
}

const CASES = DESTINATION_IDS.flatMap((id) => DESTINATIONS[id].actionFormats.map((actionFormat) => ({ id, actionFormat })));

describe('golden export of the fixed trace', () => {
  for (const { id, actionFormat } of CASES) {
    it(`${id}, ${actionFormat} answers: exactly the expected files`, async () => {
      const reader = await fixtureReader();
      const { result, files } = await exportToMemory(reader, { format: id, actionFormat, ...GOLDEN_OPTIONS });
      await reader.close();
      expect(result.validation).toEqual({ ok: true, count: 0, problems: [], warnings: [] });
      const checked = await validateExportFiles(id, files);
      expect(checked.problems).toEqual([]);
      expect(Object.values(checked.rows).reduce((a, b) => a + b, 0)).toBe(result.stats.rows.train + result.stats.rows.validation);

      const expectedDir = join(FIXTURE_DIR, 'expected', `${id}-${actionFormat}`);
      const actual = unpacked(files);
      // Images are named by the SHA-256 of their bytes: the expected list of names pins their contents.
      const images = [...actual.keys()].filter((name) => name.includes('/images/')).sort();
      for (const name of images) {
        expect(sha256(actual.get(name)!), name).toBe(name.replace(/^.*\/images\//, '').replace(/\.png$/, ''));
        actual.delete(name);
      }
      if (images.length) actual.set(`${images[0].split('/images/')[0]}/images.list`, new TextEncoder().encode(`${images.join('\n')}\n`));
      for (const name of [...actual.keys()].filter((n) => n.endsWith('.parquet'))) {
        actual.set(`${name}.json`, await parquetView(actual.get(name)!));
        actual.delete(name);
      }
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
        expect(Buffer.from(actual.get(name)!).toString('utf8'), name).toBe(want.toString('utf8'));
      }
    });
  }

  it('the same export twice gives the same bytes, Parquet included', async () => {
    const once = async () => {
      const reader = await fixtureReader();
      const { files } = await exportToMemory(reader, { format: 'hf', ...GOLDEN_OPTIONS });
      await reader.close();
      return sha256(files.get('crafter-hf.zip')!);
    };
    expect(await once()).toBe(await once());
  });

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
