// Checks finished export files (JSONL files, or the zip of an archive format) with the same row checks the
// export ran, plus what only the files show: metadata files line-aligned, every referenced image present.
import { unzipSync } from 'fflate';
import type { ByteHelpers } from '../deps.ts';
import { sniffImageType } from '../images.ts';
import { OPENAI_LIMITS, type ExportFormat, type ExportLimits } from '../options.ts';
import { checkExampleCount, checkLlamaFactoryRow, checkOpenAiRow, checkTrlRow, type RowCheckContext } from './checks.ts';
import { ProblemList, type Problem } from './problems.ts';

export interface FileCheckResult {
  ok: boolean;
  count: number;
  problems: Problem[];
  /** Rows per row file. */
  rows: Record<string, number>;
}

const decoder = new TextDecoder();

function lines(bytes: Uint8Array): string[] {
  const text = decoder.decode(bytes);
  const all = text.split('\n');
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

/** `files` maps file names to contents: the JSONL files of openai/annotated, or the one zip of trl/llamafactory. */
export function validateExportFiles(
  format: ExportFormat,
  files: Map<string, Uint8Array>,
  options: { bytes: ByteHelpers; limits?: Partial<ExportLimits> },
): FileCheckResult {
  const limits: ExportLimits = { ...OPENAI_LIMITS, ...options.limits };
  const problems = new ProblemList(1000);
  const rows: Record<string, number> = {};
  const context = (file: string, line: number, imageExists?: (path: string) => boolean): RowCheckContext =>
    ({ file, line, limits, bytes: options.bytes, problems, imageExists });

  if (format === 'openai' || format === 'annotated') {
    const suffix = format === 'openai' ? /^(train|validation)\.jsonl$/ : /^(train|validation)\.annotated\.jsonl$/;
    const rowFiles = [...files.keys()].filter((name) => suffix.test(name));
    if (!rowFiles.length) problems.add('(export)', null, `no ${format === 'openai' ? 'train.jsonl' : 'train.annotated.jsonl'} among ${[...files.keys()].join(', ') || 'no files'}`);
    for (const name of rowFiles) {
      rows[name] = eachJsonLine(name, files.get(name)!, problems, (value, line) => checkOpenAiRow(value, context(name, line), format === 'annotated'));
      if (format === 'openai') {
        checkExampleCount(name, rows[name], limits, problems);
        checkMetadataAlignment(files, name, name.replace('.jsonl', '.metadata.jsonl'), rows[name], problems);
      }
    }
  } else {
    const zipName = format === 'trl' ? 'crafter-trl.zip' : 'crafter-llamafactory.zip';
    const zip = files.get(zipName);
    if (!zip) {
      problems.add(zipName, null, 'missing');
    } else {
      let entries: Record<string, Uint8Array> = {};
      try {
        entries = unzipSync(zip);
      } catch (error) {
        problems.add(zipName, null, `not a readable zip: ${(error as Error).message}`);
      }
      for (const [name, data] of Object.entries(entries)) {
        if (name.startsWith('images/') && sniffImageType(data) === null) problems.add(`${zipName}/${name}`, null, 'not a PNG, JPEG or WEBP image');
      }
      const exists = (path: string) => path in entries;
      const rowPattern = format === 'trl' ? /^(train|validation)\.jsonl$/ : /^crafter_(train|validation)\.jsonl$/;
      const rowFiles = Object.keys(entries).filter((name) => rowPattern.test(name));
      if (!rowFiles.length) problems.add(zipName, null, 'holds no row file');
      for (const name of rowFiles) {
        const check = format === 'trl' ? checkTrlRow : checkLlamaFactoryRow;
        rows[name] = eachJsonLine(`${zipName}/${name}`, entries[name], problems, (value, line) => check(value as never, context(`${zipName}/${name}`, line, exists)));
        const split = /(train|validation)/.exec(name)![1];
        checkMetadataAlignment(new Map(Object.entries(entries)), name, `${split}.metadata.jsonl`, rows[name], problems);
      }
      if (format === 'llamafactory') checkDatasetInfo(entries, rowFiles, zipName, problems);
    }
  }
  return { ok: problems.ok, count: problems.count, problems: problems.problems, rows };
}

function checkDatasetInfo(entries: Record<string, Uint8Array>, rowFiles: string[], zipName: string, problems: ProblemList): void {
  const file = `${zipName}/dataset_info.json`;
  if (!entries['dataset_info.json']) {
    problems.add(file, null, 'missing');
    return;
  }
  let info: Record<string, { file_name?: string; formatting?: string }>;
  try {
    info = JSON.parse(decoder.decode(entries['dataset_info.json'])) as typeof info;
  } catch {
    problems.add(file, null, 'not valid JSON');
    return;
  }
  const registered = new Set(Object.values(info).map((entry) => entry.file_name));
  for (const name of rowFiles) if (!registered.has(name)) problems.add(file, null, `${name} is not registered`);
  for (const [key, entry] of Object.entries(info)) {
    if (entry.formatting !== 'sharegpt') problems.add(file, null, `${key} is not in the sharegpt formatting`);
    if (!entry.file_name || !(entry.file_name in entries)) problems.add(file, null, `${key} names ${entry.file_name}, which is not in the archive`);
  }
}
