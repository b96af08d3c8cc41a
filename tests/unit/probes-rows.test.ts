// A probe set exported as visual question-answer rows through every destination, read back by readers that share no
// code with the writers (hyparquet, fast-png, fflate, node:crypto): each image is the probe's frame in 8-bit RGB, each
// answer the probe's exact answer, each metadata line the probe's, and no world in both splits.
import { createHash } from 'node:crypto';
import { decode } from 'fast-png';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { probeRows, type ProbeSet, type ProbeSpecInput } from '../../src/agent/probes/index.ts';
import type { ImageMode } from '../../src/agent/prompt.ts';
import { BlobTarget, DESTINATION_IDS, ExportOptionsError, exportProbeRows, validateExportFiles, type DestinationId, type ProbeExportResult, type RowSourceOptionsInput } from '../../src/dataset/index.ts';
import { dataUrlBytes } from '../../src/dataset/images.ts';
import { probeRowMetadataSchema, type ProbeRowMetadata } from '../../src/dataset/validate/schemas.ts';
import { jsonLines, text, unpacked } from './dataset-fixtures.ts';
import { probeSet } from './probes-fixtures.ts';

const SPEC: ProbeSpecInput = {
  seed: 11, perFamily: 6, families: ['faced-cell', 'nearest-tree', 'count-cows', 'day-night', 'vital-food', 'craftable'],
  source: { kind: 'fresh', worlds: 4, steps: 500, policies: ['scripted', 'random'] },
};

interface Exported {
  set: ProbeSet;
  result: ProbeExportResult;
  /** Every file as the user sees it (archives unpacked under the zip's name). */
  files: Map<string, Uint8Array>;
  raw: Map<string, Uint8Array>;
}

async function exported(format: DestinationId, mode: ImageMode = 'image', options: Partial<RowSourceOptionsInput> = {}): Promise<Exported> {
  const set = await probeSet(SPEC);
  const result = await exportProbeRows({
    rows: [...probeRows(set, { mode, textStyle: 'language' })],
    options: { format, validationRatio: 0.25, splitSeed: 3, ...options },
    target: new BlobTarget(64 * 1024),
  });
  const raw = new Map<string, Uint8Array>();
  for (const file of result.files) raw.set(file.name, new Uint8Array(await file.blob!.arrayBuffer()));
  return { set, result, files: unpacked(raw), raw };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** SHA-256 of an 8-bit RGB PNG's pixels, as fast-png decodes it: the hash the probe set records for its frame. */
function rgbHash(png: Uint8Array): string {
  const image = decode(png);
  expect([image.depth, image.channels, image.palette]).toEqual([8, 3, undefined]);
  expect([image.width, image.height]).toEqual([64, 64]);
  return sha256(image.data as Uint8Array);
}

function frameOf(set: ProbeSet, probeId: string) {
  const probe = set.probes.find((p) => p.id === probeId)!;
  return { probe, frame: set.frames.find((f) => f.id === probe.frame)! };
}

/** Each row's metadata is the probe's, in the schema; the splits share no world; every probe is written once. */
function checkMetadata(set: ProbeSet, meta: ProbeRowMetadata[]): void {
  expect(meta.map((m) => m.probe).sort()).toEqual(set.probes.map((p) => p.id).sort());
  const worlds = { train: new Set<string>(), validation: new Set<string>() };
  for (const m of meta) {
    expect(probeRowMetadataSchema.safeParse(m).error?.issues).toBeUndefined();
    const { probe, frame } = frameOf(set, m.probe);
    expect(m).toMatchObject({ family: probe.family, answer: probe.answer, accepted: probe.accepted, frame_sha256: frame.sha256, step: frame.step, seed: frame.seed });
    expect(m.session).toBe(`world:${frame.seed}:${frame.episode}`);
    worlds[m.split].add(m.session);
  }
  expect(worlds.train.size).toBe(3);
  expect(worlds.validation.size).toBe(1);
  expect([...worlds.train].filter((w) => worlds.validation.has(w))).toEqual([]);
}

async function checked(format: DestinationId, raw: Map<string, Uint8Array>) {
  const check = await validateExportFiles(format, raw, { profile: 'local' });
  expect(check.problems).toEqual([]);
  return check;
}

describe('probe rows through every destination', () => {
  it('OpenAI chat JSONL: rows pass the validator, the answer is the assistant\'s text, the image is the frame in RGB', async () => {
    const { set, result, files, raw } = await exported('openai');
    expect(result.validation).toMatchObject({ ok: true, count: 0 });
    expect(result.rows.train + result.rows.validation).toBe(set.probes.length);
    expect(result.sessions).toEqual({ train: 3, validation: 1 });
    expect((await checked('openai', raw)).rows).toEqual({ 'train.jsonl': result.rows.train, 'validation.jsonl': result.rows.validation });
    const all: ProbeRowMetadata[] = [];
    for (const split of ['train', 'validation']) {
      const rows = jsonLines(files.get(`${split}.jsonl`)) as { messages: { role: string; content: string | { type: string; image_url?: { url: string } }[] }[]; tools?: unknown }[];
      const meta = jsonLines(files.get(`${split}.metadata.jsonl`)) as ProbeRowMetadata[];
      expect(rows).toHaveLength(meta.length);
      rows.forEach((row, i) => {
        expect(row.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
        expect(row.messages[2].content).toBe(meta[i].answer);
        expect(row).not.toHaveProperty('tools');
        const parts = row.messages[1].content as { type: string; image_url?: { url: string }; text?: string }[];
        expect(parts.map((p) => p.type)).toEqual(['image_url', 'text']);
        expect(parts[1].text).toBe(`Question: ${frameOf(set, meta[i].probe).probe.question}`);
        expect(rgbHash(dataUrlBytes(parts[0].image_url!.url).bytes)).toBe(meta[i].frame_sha256);
      });
      all.push(...meta);
    }
    checkMetadata(set, all);
  });

  it('annotated JSONL carries the same metadata inline', async () => {
    const { set, files, raw } = await exported('annotated');
    await checked('annotated', raw);
    const rows = ['train', 'validation'].flatMap((split) => jsonLines(files.get(`${split}.annotated.jsonl`)) as { messages: { content: unknown }[]; metadata: ProbeRowMetadata }[]);
    for (const row of rows) expect(row.messages[2].content).toBe(row.metadata.answer);
    checkMetadata(set, rows.map((r) => r.metadata));
  });

  it('Hugging Face folder: Parquet read back with hyparquet, images decode to the frames in RGB, the card says what the rows are', async () => {
    const { set, files, raw } = await exported('hf');
    await checked('hf', raw);
    const all: ProbeRowMetadata[] = [];
    for (const split of ['train', 'test']) {
      const bytes = files.get(`crafter-hf.zip/data/${split}-00000-of-00001.parquet`)!;
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const features = JSON.parse(parquetMetadata(buffer).key_value_metadata!.find((kv) => kv.key === 'huggingface')!.value!);
      expect(features.info.features.images).toEqual([{ _type: 'Image' }]);
      const rows = await parquetReadObjects({ file: buffer, utf8: false }) as { messages: { role: string; content: { type: string; text: string | null }[] }[]; images: { bytes: Uint8Array }[] }[];
      const meta = jsonLines(files.get(`crafter-hf.zip/metadata/${split}.metadata.jsonl`)) as ProbeRowMetadata[];
      expect(rows).toHaveLength(meta.length);
      rows.forEach((row, i) => {
        expect(row.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
        expect(row.messages[1].content.map((p) => p.type)).toEqual(['image', 'text']);
        expect(row.messages[2].content).toEqual([{ type: 'text', text: meta[i].answer }]);
        expect(row.images).toHaveLength(1);
        expect(rgbHash(row.images[0].bytes)).toBe(meta[i].frame_sha256);
      });
      all.push(...meta);
    }
    checkMetadata(set, all);
    const card = text(files.get('crafter-hf.zip/README.md'));
    expect(card).toContain('Made with crafter-web from a probe set');
    expect(card).not.toContain('actions');
  });

  it('LLaMA-Factory: every declared column in every row, one <image> per image, images in the archive are the frames in RGB', async () => {
    const { set, files, raw } = await exported('llamafactory');
    await checked('llamafactory', raw);
    const info = JSON.parse(text(files.get('crafter-llamafactory.zip/dataset_info.json'))) as Record<string, { file_name: string; columns: Record<string, string> }>;
    expect(Object.keys(info).sort()).toEqual(['crafter_train', 'crafter_validation']);
    const all: ProbeRowMetadata[] = [];
    for (const split of ['train', 'validation']) {
      const entry = info[`crafter_${split}`];
      expect(entry.columns).toEqual({ messages: 'messages', images: 'images' });
      const rows = jsonLines(files.get(`crafter-llamafactory.zip/${entry.file_name}`)) as Record<string, unknown>[];
      const meta = jsonLines(files.get(`crafter-llamafactory.zip/metadata/${split}.metadata.jsonl`)) as ProbeRowMetadata[];
      expect(rows).toHaveLength(meta.length);
      rows.forEach((row, i) => {
        for (const column of Object.values(entry.columns)) expect(row).toHaveProperty(column);
        const messages = row.messages as { role: string; content: string }[];
        const images = row.images as string[];
        expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
        expect(messages[1].content.split('<image>')).toHaveLength(images.length + 1);
        expect(messages[2].content).toBe(meta[i].answer);
        expect(images).toHaveLength(1);
        expect(rgbHash(files.get(`crafter-llamafactory.zip/${images[0]}`)!)).toBe(meta[i].frame_sha256);
      });
      all.push(...meta);
    }
    checkMetadata(set, all);
    expect(text(files.get('crafter-llamafactory.zip/README.md'))).toContain('The assistant answers in text: the exact answer');
  });

  it('text-only rows: no image anywhere, the observation text in the prompt', async () => {
    const { set, files, raw, result } = await exported('hf', 'text');
    await checked('hf', raw);
    expect(result.images).toBe(0);
    const bytes = files.get('crafter-hf.zip/data/train-00000-of-00001.parquet')!;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect(parquetMetadata(buffer).schema.map((e) => e.name)).not.toContain('images');
    const meta = jsonLines(files.get('crafter-hf.zip/metadata/train.metadata.jsonl')) as ProbeRowMetadata[];
    const rows = await parquetReadObjects({ file: buffer }) as { messages: { content: { type: string; text: string }[] }[] }[];
    rows.forEach((row, i) => {
      const { frame, probe } = frameOf(set, meta[i].probe);
      expect(row.messages[1].content).toEqual([{ type: 'text', text: `${frame.text.language}\n\nQuestion: ${probe.question}` }]);
      expect(meta[i]).toMatchObject({ image_count: 0, has_image: false });
    });
  });

  it('image and text rows through every destination pass their checks', async () => {
    for (const format of DESTINATION_IDS) {
      const { raw, result } = await exported(format, 'text_and_image');
      await checked(format, raw);
      expect(result.images).toBe(result.rows.train + result.rows.validation);
    }
  });

  it('the OpenAI limits apply: a file of fewer than 10 examples is a warning; bad options and an empty set are refused', async () => {
    const { result } = await exported('openai', 'image', { validationRatio: 0.25, limitsProfile: 'openai', limits: { minExamples: 1000 } });
    expect(result.validation.ok).toBe(true);
    expect(result.validation.warnings.map((w) => w.file)).toEqual(['train.jsonl', 'validation.jsonl']);
    const set = await probeSet(SPEC);
    const rows = [...probeRows(set)];
    await expect(exportProbeRows({ rows, options: { format: 'parquet' }, target: new BlobTarget() })).rejects.toThrow(ExportOptionsError);
    await expect(exportProbeRows({ rows, options: { format: 'hf', actionFormat: 'tool' }, target: new BlobTarget() })).rejects.toThrow(/actionFormat/);
    await expect(exportProbeRows({ rows, options: { format: 'hf', validationRatio: 2 }, target: new BlobTarget() })).rejects.toThrow(/validationRatio/);
    await expect(exportProbeRows({ rows: [], options: { format: 'hf' }, target: new BlobTarget() })).rejects.toThrow('no probes');
  });

  it('the same seed gives the same split; another seed may move worlds, never splitting one', async () => {
    const a = await exported('openai', 'image', { splitSeed: 3 });
    const b = await exported('openai', 'image', { splitSeed: 3 });
    expect(a.raw.get('validation.jsonl')).toEqual(b.raw.get('validation.jsonl'));
    const worlds = new Set<string>();
    for (const seed of [0, 1, 2, 5, 8]) {
      const { files } = await exported('openai', 'image', { splitSeed: seed });
      const validation = new Set((jsonLines(files.get('validation.metadata.jsonl')) as ProbeRowMetadata[]).map((m) => m.session));
      const train = new Set((jsonLines(files.get('train.metadata.jsonl')) as ProbeRowMetadata[]).map((m) => m.session));
      expect(validation.size).toBe(1);
      expect([...train].some((w) => validation.has(w))).toBe(false);
      validation.forEach((w) => worlds.add(w));
    }
    expect(worlds.size).toBeGreaterThan(1);
  });
});
