// Checks of finished export files (JSONL files, or the zip of an archive destination) with the same row checks the
// export ran, plus what only the files show: metadata files line-aligned, every referenced image present and
// 8-bit RGB, the Parquet schema and its `datasets` features, dataset_info.json declaring only columns every row has.
import { unzipSync } from 'fflate';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { pngModeProblem, sniffImageType } from '../images.ts';
import type { ExportLimits } from '../limits.ts';
import { checkExampleCount, checkHfRow, checkLlamaFactoryRow, checkOpenAiRow, type RowCheckContext } from './checks.ts';
import type { ProblemList } from './problems.ts';
import { HF_SPLIT_NAMES, HF_ZIP, hfFeatures, hfParquetSchema } from '../destinations/hf.ts';
import { LLAMAFACTORY_ZIP } from '../destinations/llamafactory.ts';
import { SPLITS } from '../rows.ts';

export interface FilesCheckContext {
  limits: ExportLimits;
  problems: ProblemList;
}

/** Checks the files of one destination; gives the rows of each row file. */
export type FilesCheck = (files: Map<string, Uint8Array>, ctx: FilesCheckContext) => Promise<Record<string, number>>;

const decoder = new TextDecoder();

function lines(bytes: Uint8Array): string[] {
  const all = decoder.decode(bytes).split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

function eachJsonLine(file: string, bytes: Uint8Array, problems: ProblemList, visit: (value: unknown, line: number) => void): number {
  const all = lines(bytes);
  all.forEach((text, i) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      problems.add(file, i + 1, 'not valid JSON');
      return;
    }
    visit(value, i + 1);
  });
  return all.length;
}

function checkMetadataAlignment(files: Map<string, Uint8Array>, rowFile: string, metaFile: string, rows: number, problems: ProblemList): void {
  const meta = files.get(metaFile);
  if (!meta) problems.add(metaFile, null, `missing: ${rowFile} needs its line-aligned metadata file`);
  else if (lines(meta).length !== rows) problems.add(metaFile, null, `${lines(meta).length} lines but ${rowFile} has ${rows} rows`);
}

const rowContext = (ctx: FilesCheckContext, file: string, line: number, imageExists?: (path: string) => boolean): RowCheckContext =>
  ({ file, line, limits: ctx.limits, problems: ctx.problems, imageExists });

export async function checkOpenAiFiles(files: Map<string, Uint8Array>, ctx: FilesCheckContext, annotated: boolean): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  const pattern = annotated ? /^(train|validation)\.annotated\.jsonl$/ : /^(train|validation)\.jsonl$/;
  const rowFiles = [...files.keys()].filter((name) => pattern.test(name));
  if (!rowFiles.length) ctx.problems.add('(export)', null, `no ${annotated ? 'train.annotated.jsonl' : 'train.jsonl'} among ${[...files.keys()].join(', ') || 'no files'}`);
  for (const name of rowFiles) {
    rows[name] = eachJsonLine(name, files.get(name)!, ctx.problems, (value, line) => checkOpenAiRow(value, rowContext(ctx, name, line), annotated));
    checkExampleCount(name, rows[name], ctx.limits, ctx.problems);
    if (!annotated) checkMetadataAlignment(files, name, name.replace('.jsonl', '.metadata.jsonl'), rows[name], ctx.problems);
  }
  return rows;
}

function unzipped(files: Map<string, Uint8Array>, zipName: string, problems: ProblemList): Map<string, Uint8Array> | null {
  const zip = files.get(zipName);
  if (!zip) {
    problems.add(zipName, null, 'missing');
    return null;
  }
  try {
    return new Map(Object.entries(unzipSync(zip)));
  } catch (error) {
    problems.add(zipName, null, `not a readable zip: ${(error as Error).message}`);
    return null;
  }
}

export async function checkLlamaFactoryFiles(files: Map<string, Uint8Array>, ctx: FilesCheckContext): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  const entries = unzipped(files, LLAMAFACTORY_ZIP, ctx.problems);
  if (!entries) return rows;
  for (const [name, data] of entries) {
    if (!name.startsWith('images/')) continue;
    if (sniffImageType(data) === null) ctx.problems.add(`${LLAMAFACTORY_ZIP}/${name}`, null, 'not a PNG, JPEG or WEBP image');
    else {
      const mode = pngModeProblem(data);
      if (sniffImageType(data) === 'image/png' && mode) ctx.problems.add(`${LLAMAFACTORY_ZIP}/${name}`, null, `the image ${mode}`);
    }
  }
  const rowFiles = [...entries.keys()].filter((name) => /^crafter_(train|validation)\.jsonl$/.test(name));
  if (!rowFiles.length) ctx.problems.add(LLAMAFACTORY_ZIP, null, 'holds no row file');
  const info = readDatasetInfo(entries, ctx.problems);
  for (const name of rowFiles) {
    const file = `${LLAMAFACTORY_ZIP}/${name}`;
    const declared = info && Object.values(info).find((entry) => entry.file_name === name)?.columns;
    rows[name] = eachJsonLine(file, entries.get(name)!, ctx.problems, (value, line) => {
      checkLlamaFactoryRow(value, rowContext(ctx, file, line, (path) => entries.has(path)));
      // Its converter reads every declared column of every row.
      for (const column of Object.values(declared ?? {})) {
        if (!(typeof value === 'object' && value !== null && column in value)) ctx.problems.add(file, line, `lacks the column "${column}" that dataset_info.json declares`);
      }
    });
    const split = /(train|validation)/.exec(name)![1];
    checkMetadataAlignment(entries, name, `metadata/${split}.metadata.jsonl`, rows[name], ctx.problems);
  }
  if (info) {
    const registered = new Set(Object.values(info).map((entry) => entry.file_name));
    for (const name of rowFiles) if (!registered.has(name)) ctx.problems.add(`${LLAMAFACTORY_ZIP}/dataset_info.json`, null, `${name} is not registered`);
    for (const [key, entry] of Object.entries(info)) {
      if (entry.formatting !== 'sharegpt') ctx.problems.add(`${LLAMAFACTORY_ZIP}/dataset_info.json`, null, `${key} is not in the sharegpt formatting`);
      if (!entry.file_name || !entries.has(entry.file_name)) ctx.problems.add(`${LLAMAFACTORY_ZIP}/dataset_info.json`, null, `${key} names ${entry.file_name}, which is not in the archive`);
    }
  }
  return rows;
}

type DatasetInfo = Record<string, { file_name?: string; formatting?: string; columns?: Record<string, string> }>;

function readDatasetInfo(entries: Map<string, Uint8Array>, problems: ProblemList): DatasetInfo | null {
  const file = `${LLAMAFACTORY_ZIP}/dataset_info.json`;
  const bytes = entries.get('dataset_info.json');
  if (!bytes) {
    problems.add(file, null, 'missing');
    return null;
  }
  try {
    return JSON.parse(decoder.decode(bytes)) as DatasetInfo;
  } catch {
    problems.add(file, null, 'not valid JSON');
    return null;
  }
}

/** The split paths of a dataset card's `configs` block. */
export function cardDataFiles(readme: string): { split: string; path: string }[] {
  const front = /^---\n([\s\S]*?)\n---/.exec(readme)?.[1] ?? '';
  return [...front.matchAll(/- split: (\S+)\n\s+path: (\S+)/g)].map((m) => ({ split: m[1], path: m[2] }));
}

const globMatches = (pattern: string, name: string): boolean =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`).test(name);

interface SchemaShape { name: string; repetition_type?: string; converted_type?: string; type?: string; num_children?: number }
const shape = (e: SchemaShape) => JSON.stringify([e.name, e.repetition_type ?? null, e.converted_type ?? null, e.type ?? null, e.num_children ?? null]);

export async function checkHfFiles(files: Map<string, Uint8Array>, ctx: FilesCheckContext): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  const entries = unzipped(files, HF_ZIP, ctx.problems);
  if (!entries) return rows;
  const dataFiles = [...entries.keys()].filter((name) => /^data\/.+\.parquet$/.test(name));
  const readme = entries.get('README.md');
  if (!readme) ctx.problems.add(`${HF_ZIP}/README.md`, null, 'missing: the dataset card names the splits');
  const configured = readme ? cardDataFiles(decoder.decode(readme)) : [];
  for (const { split, path } of configured) {
    if (!dataFiles.some((name) => globMatches(path, name))) ctx.problems.add(`${HF_ZIP}/README.md`, null, `split ${split} names ${path}, which matches no file`);
  }
  if (!configured.some((c) => c.split === 'train')) ctx.problems.add(`${HF_ZIP}/README.md`, null, 'its configs block names no train split');
  const stray = [...entries.keys()].filter((name) => !name.startsWith('metadata/') && name !== 'README.md' && !dataFiles.includes(name));
  for (const name of stray) ctx.problems.add(`${HF_ZIP}/${name}`, null, 'not a file of a datasets folder');
  let firstSchema: string | null = null;
  for (const name of dataFiles) {
    const file = `${HF_ZIP}/${name}`;
    const bytes = entries.get(name)!;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    let values: Record<string, unknown>[];
    try {
      const metadata = await parquetMetadataAsync(buffer);
      const withImages = metadata.schema.some((e) => e.name === 'images');
      const schema = metadata.schema.map(shape).join();
      if (schema !== hfParquetSchema(withImages).map(shape).join()) ctx.problems.add(file, null, 'its Parquet schema is not messages (role, content of type/text parts) and images (bytes, path)');
      if (firstSchema !== null && schema !== firstSchema) ctx.problems.add(file, null, 'its schema differs from the first data file\'s, so datasets cannot cast it');
      firstSchema ??= schema;
      const hf = metadata.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value;
      const features = hf ? (JSON.parse(hf) as { info?: { features?: unknown } }).info?.features : undefined;
      if (JSON.stringify(features) !== JSON.stringify(hfFeatures(withImages))) {
        ctx.problems.add(file, null, 'its "huggingface" metadata does not declare the features (images as Image) that make datasets decode the images');
      }
      values = await parquetReadObjects({ file: buffer, metadata, utf8: false });
    } catch (error) {
      ctx.problems.add(file, null, `not a readable Parquet file: ${(error as Error).message}`);
      continue;
    }
    values.forEach((value, i) => {
      const images = ((value.images ?? []) as { bytes: Uint8Array }[]).map((image) => image.bytes);
      checkHfRow({ messages: value.messages, images }, rowContext(ctx, file, i + 1));
    });
    rows[name] = values.length;
    const split = SPLITS.find((s) => name.startsWith(`data/${HF_SPLIT_NAMES[s]}-`));
    if (split) checkMetadataAlignment(entries, name, `metadata/${HF_SPLIT_NAMES[split]}.metadata.jsonl`, values.length, ctx.problems);
  }
  if (!dataFiles.length) ctx.problems.add(HF_ZIP, null, 'holds no data/*.parquet file');
  return rows;
}
