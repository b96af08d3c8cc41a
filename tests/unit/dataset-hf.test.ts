// The Hugging Face datasets folder read back by readers independent of the writer: hyparquet and DuckDB for the
// Parquet files, fast-png for the images. Checked against what `datasets` and TRL do with a folder (read in their
// source, see docs/datasets.md): splits from the card's configs block, features from the "huggingface" metadata key
// (images as Image), TRL's placeholder count, and an answer every chat template renders.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { decode } from 'fast-png';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/agent/parse.ts';
import type { RowMetadata } from '../../src/dataset/index.ts';
import { exportToMemory, fixtureReader, GOLDEN_OPTIONS, jsonLines, unpacked } from './dataset-fixtures.ts';
import { tempDir } from './temp-dirs.ts';

type Part = { type: string; text: string | null } & Record<string, unknown>;
type Message = { role: string; content: Part[] };
type Row = { messages: Message[]; images?: { bytes: Uint8Array; path: string }[] };

async function hfFolder(options: Record<string, unknown> = {}) {
  const reader = await fixtureReader();
  const { files } = await exportToMemory(reader, { format: 'hf', ...GOLDEN_OPTIONS, ...options });
  await reader.close();
  return new Map([...unpacked(files)].map(([name, bytes]) => [name.replace(/^crafter-hf\.zip\//, ''), bytes]));
}

const arrayBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** The RGB pixels of a PNG, by fast-png (no code of this project). */
function pixels(png: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const image = decode(png);
  expect(image.depth).toBe(8);
  expect(image.channels).toBe(3);
  return { width: image.width, height: image.height, rgb: new Uint8Array(image.data as Uint8Array) };
}

/** The frames the store holds, by session and step. */
async function storedFrames(): Promise<Map<string, Uint8Array>> {
  const reader = await fixtureReader();
  const frames = new Map<string, Uint8Array>();
  for (const session of await reader.listSessions()) {
    for await (const step of reader.iterateSteps(session.id)) if (step.frame) frames.set(`${session.id}:${step.stepIndex}`, step.frame.png);
  }
  await reader.close();
  return frames;
}

describe('Hugging Face datasets folder', () => {
  it('the card\'s configs block names train and test splits, each matching its Parquet file; nothing else could join a split', async () => {
    const folder = await hfFolder();
    const readme = new TextDecoder().decode(folder.get('README.md'));
    expect(readme).toMatch(/^---\nconfigs:\n- config_name: default\n {2}data_files:\n {2}- split: train\n {4}path: data\/train-\*\n {2}- split: test\n {4}path: data\/test-\*\n/);
    expect([...folder.keys()].filter((name) => name.endsWith('.parquet')).sort()).toEqual(['data/test-00000-of-00001.parquet', 'data/train-00000-of-00001.parquet']);
    // datasets takes every file named train* at the top into the train split: the folder has none.
    expect([...folder.keys()].filter((name) => !name.includes('/') && name !== 'README.md')).toEqual([]);
  });

  it('Parquet schema and the "huggingface" features metadata: messages as lists of type/text parts, images as Image', async () => {
    const folder = await hfFolder();
    const metadata = parquetMetadata(arrayBuffer(folder.get('data/train-00000-of-00001.parquet')!));
    const features = JSON.parse(metadata.key_value_metadata!.find((kv) => kv.key === 'huggingface')!.value!) as { info: { features: unknown } };
    const string = { dtype: 'string', _type: 'Value' };
    expect(features.info.features).toEqual({ messages: [{ role: string, content: [{ type: string, text: string }] }], images: [{ _type: 'Image' }] });
    // Every field nullable, names and order as the features, so datasets' arrow schema of the features equals the file's.
    const leaves = metadata.schema.filter((e) => e.type !== undefined);
    expect(leaves.map((e) => [e.name, e.type, e.converted_type ?? null, e.repetition_type])).toEqual([
      ['role', 'BYTE_ARRAY', 'UTF8', 'OPTIONAL'], ['type', 'BYTE_ARRAY', 'UTF8', 'OPTIONAL'], ['text', 'BYTE_ARRAY', 'UTF8', 'OPTIONAL'],
      ['bytes', 'BYTE_ARRAY', null, 'OPTIONAL'], ['path', 'BYTE_ARRAY', 'UTF8', 'OPTIONAL'],
    ]);
  });

  it('every image is an 8-bit RGB PNG holding the frame the store kept for that row\'s step', async () => {
    const folder = await hfFolder();
    const frames = await storedFrames();
    let compared = 0;
    for (const split of ['train', 'test']) {
      const rows = await parquetReadObjects({ file: arrayBuffer(folder.get(`data/${split}-00000-of-00001.parquet`)!), utf8: false }) as Row[];
      const meta = jsonLines(folder.get(`metadata/${split}.metadata.jsonl`)) as RowMetadata[];
      expect(rows).toHaveLength(meta.length);
      rows.forEach((row, i) => {
        const images = row.images!;
        for (const image of images) expect([image.bytes[24], image.bytes[25]], 'bit depth 8, colour type 2 (RGB)').toEqual([8, 2]);
        // The last image is the current frame; the stored one may be a palette PNG: compare pixels.
        const got = pixels(images[images.length - 1].bytes);
        const want = decode(frames.get(`${meta[i].session}:${meta[i].step}`)!);
        const wantRgb = new Uint8Array(want.width * want.height * 3);
        for (let p = 0; p < want.width * want.height; p++) {
          const colour = want.palette ? want.palette[(want.data as Uint8Array)[p]] : Array.from((want.data as Uint8Array).subarray(p * want.channels, p * want.channels + 3));
          wantRgb.set(colour.slice(0, 3), p * 3);
        }
        expect([got.width, got.height]).toEqual([64, 64]);
        expect(Buffer.from(got.rgb).equals(Buffer.from(wantRgb)), `${split} row ${i + 1}`).toBe(true);
        compared++;
      });
    }
    expect(compared).toBe(50);
  });

  it('TRL counts one placeholder per image (parts without an "image" key) and every chat template renders the answer', async () => {
    const folder = await hfFolder();
    const rows = await parquetReadObjects({ file: arrayBuffer(folder.get('data/train-00000-of-00001.parquet')!), utf8: false }) as Row[];
    const meta = jsonLines(folder.get('metadata/train.metadata.jsonl')) as RowMetadata[];
    rows.forEach((row, i) => {
      expect(row.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
      const parts = row.messages.flatMap((m) => m.content);
      for (const part of parts) expect(Object.keys(part).sort()).toEqual(['text', 'type']);
      // trl.data_utils.prepare_multimodal_messages: parts of type "image" without an "image" key, in non-tool messages.
      expect(parts.filter((p) => p.type === 'image' && !('image' in p))).toHaveLength(row.images!.length);
      // Qwen2-VL, Qwen2.5-VL, Gemma 3 and Idefics3 render an assistant turn from its text parts only.
      const answer = row.messages[2].content.filter((p) => p.type === 'text').map((p) => p.text).join('');
      expect(answer.length).toBeGreaterThan(0);
      expect(parseReply({ content: answer }, 8).actions).toEqual(meta[i].actions);
    });
  });

  it('a text-only export has no images column, so TRL does not take it for a vision dataset', async () => {
    const folder = await hfFolder({ prompt: { imageMode: 'text' }, sources: ['human', 'builtin'] });
    const bytes = folder.get('data/train-00000-of-00001.parquet')!;
    const metadata = parquetMetadata(arrayBuffer(bytes));
    expect(metadata.schema.map((e) => e.name)).not.toContain('images');
    expect(JSON.parse(metadata.key_value_metadata!.find((kv) => kv.key === 'huggingface')!.value!).info.features).not.toHaveProperty('images');
    const rows = await parquetReadObjects({ file: arrayBuffer(bytes) }) as Row[];
    expect(rows.every((row) => !('images' in row))).toBe(true);
  });

  it('DuckDB reads the same rows, nested types and bytes', async () => {
    const folder = await hfFolder();
    const dir = tempDir('crafter-hf-');
    const file = join(dir, 'test.parquet');
    writeFileSync(file, folder.get('data/test-00000-of-00001.parquet')!);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const types = (await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjects().map((r) => [String(r.column_name), String(r.column_type)]);
    expect(types).toEqual([
      ['messages', 'STRUCT("role" VARCHAR, "content" STRUCT("type" VARCHAR, "text" VARCHAR)[])[]'],
      ['images', 'STRUCT(bytes BLOB, path VARCHAR)[]'],
    ]);
    const read = (await duck.runAndReadAll(`SELECT messages[3].content[1].text AS answer, len(images) AS n, sha256(images[len(images)].bytes) AS sha, images[len(images)].path AS path FROM read_parquet('${file}')`)).getRowObjects();
    const rows = await parquetReadObjects({ file: arrayBuffer(folder.get('data/test-00000-of-00001.parquet')!), utf8: false }) as Row[];
    expect(read).toHaveLength(rows.length);
    read.forEach((r, i) => {
      expect(r.answer).toBe(rows[i].messages[2].content[0].text);
      expect(Number(r.n)).toBe(rows[i].images!.length);
      expect(`${r.sha}.png`).toBe(r.path);
    });
  });
});
