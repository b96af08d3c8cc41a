// Checks of one row of each format against its schema and the providers' limits: image count, size and type,
// no images from the assistant, tool arguments that parse and fit the tool's parameters.
import type { z } from 'zod';
import { ACCEPTED_IMAGE_TYPES, dataUrlHead, dataUrlInfo, pngModeProblem, sniffImageType } from '../images.ts';
import { schemaProblems } from '../json-schema.ts';
import type { ExportLimits } from '../limits.ts';
import type { ProblemList } from './problems.ts';
import { annotatedRowSchema, hfRowSchema, llamaFactoryRowSchema, openAiRowSchema } from './schemas.ts';

export interface RowCheckContext {
  file: string;
  line: number;
  limits: ExportLimits;
  problems: ProblemList;
  /** Whether an image path of a zip format names a file in the archive. */
  imageExists?: (path: string) => boolean;
}

type Tools = { function: { name: string; parameters: Record<string, unknown> } }[] | undefined;

function report(ctx: RowCheckContext, message: string): void {
  ctx.problems.add(ctx.file, ctx.line, message);
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, ctx: RowCheckContext): T | null {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues.slice(0, 3)) report(ctx, `${issue.path.join('.') || 'row'}: ${issue.message}`);
  return null;
}

function checkToolArguments(name: string, args: unknown, tools: Tools, ctx: RowCheckContext): void {
  const tool = tools?.find((t) => t.function.name === name);
  if (!tool) {
    report(ctx, `the assistant calls ${JSON.stringify(name)}, which is not among the row's tools`);
    return;
  }
  for (const problem of schemaProblems(args, tool.function.parameters)) report(ctx, `arguments of ${name}: ${problem}`);
}

function checkImageCount(count: number, ctx: RowCheckContext): void {
  if (ctx.limits.maxImagesPerExample !== null && count > ctx.limits.maxImagesPerExample) report(ctx, `${count} images, more than the limit of ${ctx.limits.maxImagesPerExample} per example`);
}

function checkDataUrl(url: string, ctx: RowCheckContext): void {
  const info = dataUrlInfo(url);
  if (!info) {
    report(ctx, `an image is not a base64 data URL with an image MIME type (starts ${JSON.stringify(url.slice(0, 30))})`);
    return;
  }
  if (!(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(info.mime)) report(ctx, `an image is ${info.mime}; accepted: ${ACCEPTED_IMAGE_TYPES.join(', ')}`);
  if (ctx.limits.maxImageBytes !== null && info.bytes > ctx.limits.maxImageBytes) report(ctx, `an image is ${info.bytes} bytes, above the limit of ${ctx.limits.maxImageBytes}`);
  let head: Uint8Array;
  try {
    head = dataUrlHead(url, info);
  } catch {
    report(ctx, 'an image data URL is not valid base64');
    return;
  }
  const actual = sniffImageType(head);
  if (actual !== info.mime) report(ctx, `an image is labelled ${info.mime} but its bytes are ${actual ?? 'no known image format'}`);
  else checkImageBytes(head, ctx);
}

/** Services take RGB or RGBA image modes only; exports write every PNG as 8-bit RGB. */
export function checkImageBytes(bytes: Uint8Array, ctx: RowCheckContext, what = 'an image'): void {
  if (sniffImageType(bytes) !== 'image/png') return;
  const problem = pngModeProblem(bytes);
  if (problem) report(ctx, `${what} ${problem}`);
}

/** OpenAI chat JSONL (and the annotated form, which adds `metadata`). */
export function checkOpenAiRow(value: unknown, ctx: RowCheckContext, annotated = false): void {
  const row = annotated ? parsed(annotatedRowSchema, value, ctx) : parsed(openAiRowSchema, value, ctx);
  if (!row) return;
  let images = 0;
  for (const message of row.messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content) {
      if (part.type !== 'image_url') continue;
      if (message.role === 'assistant') report(ctx, 'a message from the assistant holds an image; images may only be in user messages');
      images++;
      checkDataUrl(part.image_url.url, ctx);
    }
  }
  checkImageCount(images, ctx);
  const last = row.messages[row.messages.length - 1];
  if (last.role !== 'assistant') {
    report(ctx, `the last message is from ${last.role}, not the assistant`);
    return;
  }
  if (!last.tool_calls && (last.content === null || last.content === undefined || last.content === '')) report(ctx, 'the assistant message has neither content nor tool calls');
  if (last.tool_calls && row.parallel_tool_calls !== false && last.tool_calls.length > 1) report(ctx, 'several tool calls but parallel_tool_calls is not false');
  for (const call of last.tool_calls ?? []) {
    let args: unknown;
    try {
      args = JSON.parse(call.function.arguments);
    } catch {
      report(ctx, `arguments of ${call.function.name} are not valid JSON: ${call.function.arguments.slice(0, 60)}`);
      continue;
    }
    checkToolArguments(call.function.name, args, row.tools, ctx);
  }
  if (annotated && 'metadata' in row) {
    const meta = (row as z.infer<typeof annotatedRowSchema>).metadata;
    if (meta.image_count !== undefined && meta.image_count !== images) report(ctx, `metadata.image_count is ${meta.image_count} but the row has ${images} images`);
  }
}

function checkImagePaths(paths: string[], ctx: RowCheckContext): void {
  for (const path of paths) {
    if (!/\.(png|jpg|webp)$/.test(path)) report(ctx, `image ${path} is not a .png, .jpg or .webp file`);
    if (ctx.imageExists && !ctx.imageExists(path)) report(ctx, `image ${path} is not in the archive`);
  }
}

/** Hugging Face datasets rows for TRL: {"type":"image"} placeholders with null text, the images in order, a text answer. */
export function checkHfRow(value: { messages: unknown; images: Uint8Array[] }, ctx: RowCheckContext): void {
  const row = parsed(hfRowSchema, { messages: value.messages }, ctx);
  if (!row) return;
  let placeholders = 0;
  for (const message of row.messages) {
    const images = message.content.filter((part) => part.type === 'image').length;
    if (images && message.role !== 'user') report(ctx, `a message from the ${message.role} holds an image; images may only be in user messages`);
    placeholders += images;
  }
  if (placeholders !== value.images.length) report(ctx, `${placeholders} image placeholders but ${value.images.length} images`);
  checkImageCount(value.images.length, ctx);
  value.images.forEach((bytes, i) => {
    if (sniffImageType(bytes) === null) report(ctx, `image ${i + 1} is not a PNG, JPEG or WEBP image`);
    else checkImageBytes(bytes, ctx, `image ${i + 1}`);
  });
  const last = row.messages[row.messages.length - 1];
  if (last.role !== 'assistant') report(ctx, `the last message is from ${last.role}, not the assistant`);
  else if (!last.content.some((part) => part.type === 'text' && part.text)) report(ctx, 'the assistant message has no text, so the chat templates render it empty');
}

const IMAGE_TOKEN = '<image>';
const countImageTokens = (text: string): number => text.split(IMAGE_TOKEN).length - 1;

/** LLaMA-Factory sharegpt: as many <image> tokens as images; user and function_call turns alternate. */
export function checkLlamaFactoryRow(value: unknown, ctx: RowCheckContext): void {
  const row = parsed(llamaFactoryRowSchema, value, ctx);
  if (!row) return;
  const turns = row.messages[0].role === 'system' ? row.messages.slice(1) : row.messages;
  turns.forEach((message, i) => {
    const expected = i % 2 === 0 ? ['user', 'tool'] : ['assistant', 'function_call'];
    if (!expected.includes(message.role)) report(ctx, `message ${i + 1} after the system prompt is from ${message.role}; expected ${expected.join(' or ')}`);
  });
  if (turns.length % 2 !== 0) report(ctx, 'the conversation does not end with the assistant');
  let tokens = 0;
  for (const message of row.messages) {
    const n = countImageTokens(message.content);
    if (n && message.role !== 'user') report(ctx, `a message from the ${message.role} holds ${IMAGE_TOKEN}; images may only be in user messages`);
    tokens += n;
  }
  if (tokens !== row.images.length) report(ctx, `${tokens} ${IMAGE_TOKEN} tokens but ${row.images.length} images`);
  checkImageCount(row.images.length, ctx);
  checkImagePaths(row.images, ctx);
  let tools: Tools;
  if (row.tools !== undefined) {
    try {
      const list = JSON.parse(row.tools) as { name: string; parameters: Record<string, unknown> }[];
      if (!Array.isArray(list) || !list.every((t) => typeof t?.name === 'string' && typeof t.parameters === 'object')) throw new Error('shape');
      tools = list.map((t) => ({ function: t }));
    } catch {
      report(ctx, 'tools is not the JSON text of a list of {name, description, parameters}');
    }
  }
  for (const message of row.messages) {
    if (message.role !== 'function_call') continue;
    let call: { name?: unknown; arguments?: unknown };
    try {
      call = JSON.parse(message.content) as typeof call;
    } catch {
      report(ctx, `a function_call is not valid JSON: ${message.content.slice(0, 60)}`);
      continue;
    }
    if (typeof call?.name !== 'string' || typeof call.arguments !== 'object' || call.arguments === null) {
      report(ctx, 'a function_call is not {"name": ..., "arguments": {...}}');
      continue;
    }
    checkToolArguments(call.name, call.arguments, tools, ctx);
  }
}

/** A file-level limit of services (OpenAI refuses a file of fewer than 10 examples); a warning, since local trainers take any number. */
export function checkExampleCount(file: string, rows: number, limits: ExportLimits, problems: ProblemList): void {
  if (rows < limits.minExamples) problems.warn(file, null, `${rows} examples; an upload to the chosen service needs at least ${limits.minExamples}`);
}
