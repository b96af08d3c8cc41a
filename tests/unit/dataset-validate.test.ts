// The validators find what a provider or trainer would refuse, and name the file and row of each problem.
import { zipSync } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { formatProblem, validateExportFiles, type DestinationId } from '../../src/dataset/index.ts';
import { hfFeatures, hfParquetSchema } from '../../src/dataset/destinations/hf.ts';
import { base64Encode } from '../../src/lib/base64.ts';
import { encodePng } from '../../src/lib/png.ts';
import { exportToMemory, fixtureReader, GOLDEN_OPTIONS, jsonLines, text, unpacked } from './dataset-fixtures.ts';

type Row = Record<string, any>;
const encode = (rows: unknown[]) => new TextEncoder().encode(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));

async function goldenFiles(format: DestinationId) {
  const reader = await fixtureReader();
  const { files } = await exportToMemory(reader, { format, ...GOLDEN_OPTIONS });
  await reader.close();
  return files;
}

/** The openai export with row `line` (1-based) of train.jsonl changed by `mutate`; returns the problems found. */
async function openAiProblems(line: number, mutate: (row: Row) => void, format: 'openai' | 'annotated' = 'openai') {
  const files = await goldenFiles(format);
  const name = format === 'openai' ? 'train.jsonl' : 'train.annotated.jsonl';
  const rows = jsonLines(files.get(name)) as Row[];
  mutate(rows[line - 1]);
  files.set(name, encode(rows));
  return (await validateExportFiles(format, files)).problems.map(formatProblem);
}

const TINY_GIF = `data:image/gif;base64,${Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1').toString('base64')}`;

describe('OpenAI JSONL validator', () => {
  it('passes the export as it is', async () => {
    expect((await validateExportFiles('openai', await goldenFiles('openai'))).problems).toEqual([]);
  });

  it('refuses keys the fine-tuning API does not accept', async () => {
    expect(await openAiProblems(3, (row) => { row.metadata = { step: 1 }; })).toEqual(['train.jsonl:3: row: Unrecognized key: "metadata"']);
    const problems = await openAiProblems(4, (row) => { row.messages[1].content[1].image_url.size = 64; });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^train\.jsonl:4: messages\.1\.content\.1\.image_url: Unrecognized key: "size"/);
  });

  it('refuses images in assistant messages', async () => {
    const problems = await openAiProblems(5, (row) => {
      const assistant = row.messages[2];
      assistant.content = [{ type: 'image_url', image_url: { url: row.messages[1].content[1].image_url.url } }];
    });
    expect(problems).toContain('train.jsonl:5: a message from the assistant holds an image; images may only be in user messages');
  });

  it('refuses more than 10 images in one example', async () => {
    const problems = await openAiProblems(6, (row) => {
      const image = row.messages[1].content[1];
      for (let i = 0; i < 10; i++) row.messages[1].content.push(image);
    });
    expect(problems).toEqual(['train.jsonl:6: 11 images, more than the limit of 10 per example']);
  });

  it('refuses images that are not PNG, JPEG or WEBP data URLs, or whose bytes are not what they say', async () => {
    expect(await openAiProblems(2, (row) => { row.messages[1].content[1].image_url.url = TINY_GIF; })).toEqual([
      'train.jsonl:2: an image is image/gif; accepted: image/png, image/jpeg, image/webp',
      'train.jsonl:2: an image is labelled image/gif but its bytes are no known image format',
    ]);
    expect(await openAiProblems(2, (row) => { row.messages[1].content[1].image_url.url = 'https://example.com/frame.png'; })).toEqual([
      'train.jsonl:2: an image is not a base64 data URL with an image MIME type (starts "https://example.com/frame.png")',
    ]);
    expect(await openAiProblems(2, (row) => {
      const url: string = row.messages[1].content[1].image_url.url;
      row.messages[1].content[1].image_url.url = url.replace('image/png', 'image/jpeg');
    })).toEqual(['train.jsonl:2: an image is labelled image/jpeg but its bytes are image/png']);
  });

  it('refuses an image above the size limit', async () => {
    const files = await goldenFiles('openai');
    const result = await validateExportFiles('openai', files, { limits: { maxImageBytes: 500 } });
    expect(result.count).toBeGreaterThan(10);
    for (const problem of result.problems) expect(formatProblem(problem)).toMatch(/^(train|validation)\.jsonl:\d+: an image is \d+ bytes, above the limit of 500$/);
  });

  it('refuses tool arguments that are not JSON or do not fit the tool', async () => {
    const call = (row: Row) => row.messages[2].tool_calls[0].function;
    expect(await openAiProblems(7, (row) => { call(row).arguments = '{"actions": ["do"'; })).toEqual([
      'train.jsonl:7: arguments of interact_many are not valid JSON: {"actions": ["do"',
    ]);
    expect(await openAiProblems(7, (row) => { call(row).arguments = '{"actions":["do","jump"]}'; })).toEqual([
      'train.jsonl:7: arguments of interact_many: $.actions[1] is "jump", not one of "noop", "move_left", "move_right", "move_up", "move_down", "do", "sleep", "place_stone", "place_table", "place_furnace", "place_plant", "make_wood_pickaxe", "make_stone_pickaxe", "make_iron_pickaxe", "make_wood_sword", "make_stone_sword", "make_iron_sword"',
    ]);
    expect(await openAiProblems(7, (row) => { call(row).arguments = JSON.stringify({ actions: Array(5).fill('do') }); })).toEqual([
      'train.jsonl:7: arguments of interact_many: $.actions has 5 items, more than 4',
    ]);
    expect(await openAiProblems(7, (row) => { call(row).arguments = '{"actions":[],"why":"x"}'; })).toEqual([
      'train.jsonl:7: arguments of interact_many: $.actions has 0 items, fewer than 1',
      'train.jsonl:7: arguments of interact_many: $ has "why", which the schema does not allow',
    ]);
    expect(await openAiProblems(7, (row) => { call(row).name = 'jump_around'; })).toEqual([
      'train.jsonl:7: the assistant calls "jump_around", which is not among the row\'s tools',
    ]);
  });

  it('refuses palette PNGs: services take RGB or RGBA image modes only', async () => {
    const pixels = new Uint8Array(64 * 64 * 3).fill(40);
    const palette = `data:image/png;base64,${base64Encode(encodePng(pixels, 64, 64))}`;
    expect(await openAiProblems(2, (row) => { row.messages[1].content[1].image_url.url = palette; })).toEqual([
      'train.jsonl:2: an image is a 8-bit palette PNG, not 8-bit RGB',
    ]);
    const rgb = `data:image/png;base64,${base64Encode(encodePng(pixels, 64, 64, { palette: false }))}`;
    expect(await openAiProblems(2, (row) => { row.messages[1].content[1].image_url.url = rgb; })).toEqual([]);
  });

  it('a row that is not JSON and metadata out of line are errors; fewer than 10 examples is a warning', async () => {
    const files = await goldenFiles('openai');
    const rows = text(files.get('train.jsonl')).split('\n').filter(Boolean);
    files.set('train.jsonl', new TextEncoder().encode(`${rows.slice(0, 8).join('\n')}\n{"messages": [\n`));
    const result = await validateExportFiles('openai', files);
    expect(result.problems.map(formatProblem)).toEqual([
      'train.jsonl:9: not valid JSON',
      'train.metadata.jsonl: 40 lines but train.jsonl has 9 rows',
    ]);
    expect(result.warnings.map(formatProblem)).toEqual(['train.jsonl: 9 examples; an upload to the chosen service needs at least 10']);
    expect((await validateExportFiles('openai', files, { profile: 'local' })).warnings).toEqual([]);
  });

  it('annotated rows: the metadata is checked too', async () => {
    expect((await validateExportFiles('annotated', await goldenFiles('annotated'))).problems).toEqual([]);
    expect(await openAiProblems(3, (row) => { row.metadata.image_count = 3; }, 'annotated')).toEqual([
      'train.annotated.jsonl:3: metadata.image_count is 3 but the row has 1 images',
    ]);
    expect(await openAiProblems(3, (row) => { delete row.metadata.split; }, 'annotated')).toEqual([
      'train.annotated.jsonl:3: metadata.split: Invalid option: expected one of "train"|"validation"',
    ]);
  });
});

/** The LLaMA-Factory archive with row `line` of its train file changed by `mutate` (or entries changed by `edit`); returns the problems. */
async function archiveProblems(line: number, mutate: (row: Row) => void, edit?: (entries: Map<string, Uint8Array>) => void, actionFormat: 'tool' | 'text' = 'tool') {
  const reader = await fixtureReader();
  const { files } = await exportToMemory(reader, { format: 'llamafactory', actionFormat, ...GOLDEN_OPTIONS });
  await reader.close();
  const zipName = 'crafter-llamafactory.zip';
  const entries = new Map([...unpacked(files)].map(([name, bytes]) => [name.slice(zipName.length + 1), bytes]));
  const rows = jsonLines(entries.get('crafter_train.jsonl')) as Row[];
  mutate(rows[line - 1]);
  entries.set('crafter_train.jsonl', encode(rows));
  edit?.(entries);
  files.set(zipName, zipSync(Object.fromEntries(entries)));
  return (await validateExportFiles('llamafactory', files)).problems.map(formatProblem);
}

describe('LLaMA-Factory validator', () => {
  it('passes the export as it is', async () => {
    expect(await archiveProblems(1, () => undefined)).toEqual([]);
    expect(await archiveProblems(1, () => undefined, undefined, 'text')).toEqual([]);
  });

  it('needs as many <image> tokens as images, and alternating turns', async () => {
    expect(await archiveProblems(4, (row) => { row.messages[1].content += '\n<image>'; })).toEqual([
      'crafter-llamafactory.zip/crafter_train.jsonl:4: 2 <image> tokens but 1 images',
    ]);
    expect(await archiveProblems(4, (row) => { row.messages.push({ role: 'user', content: 'again' }); })).toEqual([
      'crafter-llamafactory.zip/crafter_train.jsonl:4: the conversation does not end with the assistant',
    ]);
    expect(await archiveProblems(4, (row) => { row.messages[2].role = 'user'; })).toEqual([
      'crafter-llamafactory.zip/crafter_train.jsonl:4: message 2 after the system prompt is from user; expected assistant or function_call',
    ]);
  });

  it('every image in the archive, and 8-bit RGB', async () => {
    expect(await archiveProblems(2, (row) => { row.images[0] = 'images/missing.png'; })).toEqual([
      'crafter-llamafactory.zip/crafter_train.jsonl:2: image images/missing.png is not in the archive',
    ]);
    expect(await archiveProblems(2, () => undefined, (entries) => {
      const image = [...entries.keys()].find((name) => name.startsWith('images/'))!;
      entries.set(image, encodePng(new Uint8Array(64 * 64 * 3).fill(9), 64, 64));
    })).toEqual([expect.stringMatching(/^crafter-llamafactory\.zip\/images\/[0-9a-f]{64}\.png: the image is a 8-bit palette PNG, not 8-bit RGB$/)]);
  });

  it('needs function calls that parse and fit the tools, and a dataset_info.json that registers the files', async () => {
    expect(await archiveProblems(5, (row) => { row.messages[2].content = '{"name":"interact_many","arguments":{"actions":"do"}}'; })).toEqual([
      'crafter-llamafactory.zip/crafter_train.jsonl:5: arguments of interact_many: $.actions should be array, got string',
    ]);
    expect(await archiveProblems(5, () => undefined, (entries) => entries.set('dataset_info.json', new TextEncoder().encode('{"crafter_train": {"file_name": "elsewhere.jsonl", "formatting": "sharegpt"}}')))).toEqual([
      'crafter-llamafactory.zip/dataset_info.json: crafter_train.jsonl is not registered',
      'crafter-llamafactory.zip/dataset_info.json: crafter_validation.jsonl is not registered',
      'crafter-llamafactory.zip/dataset_info.json: crafter_train names elsewhere.jsonl, which is not in the archive',
    ]);
  });

  it('a declared column must be in every row (LLaMA-Factory\'s converter reads it from each)', async () => {
    expect(await archiveProblems(6, (row) => { delete row.tools; })).toContain(
      'crafter-llamafactory.zip/crafter_train.jsonl:6: lacks the column "tools" that dataset_info.json declares',
    );
  });
});

/** The Hugging Face folder with its entries changed by `edit`; returns the problems. */
async function hfProblems(edit: (entries: Map<string, Uint8Array>) => unknown) {
  const files = await goldenFiles('hf');
  const zipName = 'crafter-hf.zip';
  const entries = new Map([...unpacked(files)].map(([name, bytes]) => [name.slice(zipName.length + 1), bytes]));
  await edit(entries);
  files.set(zipName, zipSync(Object.fromEntries(entries)));
  return (await validateExportFiles('hf', files)).problems.map(formatProblem);
}

/** The rows of a Parquet data file written again, changed by `mutate`, with the given key-value metadata. */
async function rewritten(bytes: Uint8Array, kv: { key: string; value: string }[], mutate: (rows: Row[]) => void = () => undefined): Promise<Uint8Array> {
  const rows = await parquetReadObjects({ file: bytes.slice().buffer, utf8: false }) as Row[];
  mutate(rows);
  const out = new ByteWriter();
  const writer = new ParquetWriter({ writer: out, schema: hfParquetSchema(true), kvMetadata: kv });
  writer.write({ columnData: [{ name: 'messages', data: rows.map((r) => r.messages) }, { name: 'images', data: rows.map((r) => r.images) }] });
  writer.finish();
  return new Uint8Array(out.getBuffer());
}

const FEATURES = [{ key: 'huggingface', value: JSON.stringify({ info: { features: hfFeatures(true) } }) }];
const TEST_FILE = 'data/test-00000-of-00001.parquet';

describe('Hugging Face datasets folder validator', () => {
  it('passes the export as it is, and the same rows written again by another writer', async () => {
    expect(await hfProblems(() => undefined)).toEqual([]);
    expect(await hfProblems(async (entries) => entries.set(TEST_FILE, await rewritten(entries.get(TEST_FILE)!, FEATURES)))).toEqual([]);
  });

  it('a file beside the data that datasets would take into a split, and a split whose files are missing', async () => {
    expect(await hfProblems((entries) => entries.set('train.metadata.jsonl', new Uint8Array(1)))).toEqual([
      'crafter-hf.zip/train.metadata.jsonl: not a file of a datasets folder',
    ]);
    expect(await hfProblems((entries) => entries.delete(TEST_FILE))).toEqual([
      'crafter-hf.zip/README.md: split test names data/test-*, which matches no file',
    ]);
  });

  it('images decode only with the features metadata, placeholders match images, images are 8-bit RGB', async () => {
    expect(await hfProblems(async (entries) => entries.set(TEST_FILE, await rewritten(entries.get(TEST_FILE)!, [])))).toEqual([
      `crafter-hf.zip/${TEST_FILE}: its "huggingface" metadata does not declare the features (images as Image) that make datasets decode the images`,
    ]);
    expect(await hfProblems(async (entries) => entries.set(TEST_FILE, await rewritten(entries.get(TEST_FILE)!, FEATURES, (rows) => rows[1].images.push(rows[1].images[0]))))).toEqual([
      `crafter-hf.zip/${TEST_FILE}:2: 2 image placeholders but 3 images`,
    ]);
    const palette = encodePng(new Uint8Array(64 * 64 * 3).fill(7), 64, 64);
    expect(await hfProblems(async (entries) => entries.set(TEST_FILE, await rewritten(entries.get(TEST_FILE)!, FEATURES, (rows) => { rows[0].images[0].bytes = palette; })))).toEqual([
      `crafter-hf.zip/${TEST_FILE}:1: image 1 is a 8-bit palette PNG, not 8-bit RGB`,
    ]);
  });

  it('an assistant turn with no text is refused: the chat templates would render it empty', async () => {
    expect(await hfProblems(async (entries) => entries.set(TEST_FILE, await rewritten(entries.get(TEST_FILE)!, FEATURES, (rows) => { rows[0].messages[2].content = []; })))).toEqual([
      `crafter-hf.zip/${TEST_FILE}:1: the assistant message has no text, so the chat templates render it empty`,
    ]);
  });
});
