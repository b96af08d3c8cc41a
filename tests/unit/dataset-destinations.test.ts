// What each destination's consumer needs, on the fixed trace: 8-bit RGB images everywhere, an answer in the
// chosen action format that a run in that format parses back, LLaMA-Factory columns declared only when every row
// has them, and synth-ai's metadata keys (inline in the annotated files, as its filter scripts read them).
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/agent/parse.ts';
import { systemPrompt, textActionReply } from '../../src/agent/prompt.ts';
import { DESTINATION_IDS, DESTINATIONS, type RowMetadata } from '../../src/dataset/index.ts';
import { sessionRowMetadataSchema } from '../../src/dataset/validate/schemas.ts';
import { base64Decode } from '../../src/lib/base64.ts';
import { decodePng } from '../../src/lib/png-decode.ts';
import { toRgbPng } from '../../src/lib/png-rgb.ts';
import { encodePng } from '../../src/lib/png.ts';
import { exportToMemory, fixtureReader, GOLDEN_OPTIONS, jsonLines, text, unpacked } from './dataset-fixtures.ts';

type Row = Record<string, any>;

async function exported(options: Record<string, unknown> & { format: string }) {
  const reader = await fixtureReader();
  const out = await exportToMemory(reader, { ...GOLDEN_OPTIONS, ...options } as never);
  await reader.close();
  return { ...out, entries: unpacked(out.files) };
}

const ihdr = (png: Uint8Array) => [png[24], png[25]];

describe('images', () => {
  it('toRgbPng: the same pixels as an 8-bit RGB PNG; an RGB PNG is returned as it is', () => {
    const rgb = new Uint8Array(64 * 64 * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 7) % 5 * 40;
    const palette = encodePng(rgb, 64, 64);
    expect(ihdr(palette)).toEqual([8, 3]);
    const converted = toRgbPng(palette);
    expect(ihdr(converted)).toEqual([8, 2]);
    expect(Buffer.from(decodePng(converted).data).equals(Buffer.from(rgb))).toBe(true);
    expect(toRgbPng(converted)).toBe(converted);
  });

  it('every image of every destination is an 8-bit RGB PNG, though the store keeps palette PNGs', async () => {
    const reader = await fixtureReader();
    let palette = 0;
    for (const session of await reader.listSessions()) for await (const step of reader.iterateSteps(session.id)) if (step.frame && step.frame.png[25] === 3) palette++;
    await reader.close();
    expect(palette).toBeGreaterThan(0);
    for (const format of DESTINATION_IDS) {
      const { entries } = await exported({ format });
      const pngs: Uint8Array[] = [];
      for (const [name, bytes] of entries) {
        if (name.endsWith('.png')) pngs.push(bytes);
        if (name.endsWith('.jsonl') && !name.includes('metadata')) {
          for (const url of text(bytes).match(/data:image\/png;base64,[A-Za-z0-9+/=]+/g) ?? []) pngs.push(base64Decode(url.slice(22)));
        }
        if (name.endsWith('.parquet')) {
          const rows = await parquetReadObjects({ file: bytes.slice().buffer, utf8: false }) as Row[];
          for (const row of rows) for (const image of row.images) pngs.push(image.bytes);
        }
      }
      expect(pngs.length, format).toBeGreaterThan(0);
      for (const png of pngs) expect(ihdr(png), format).toEqual([8, 2]);
    }
  });
});

describe('action formats', () => {
  it('text: the system prompt asks for a JSON object of actions and the answer is one, which a run parses back', async () => {
    expect(systemPrompt({ imageMode: 'text', actionsPerCall: 3, actionFormat: 'text' })).toContain(`Reply with only a JSON object of 1 to 3 action names, executed in order, e.g. ${textActionReply(['move_left', 'do'])}.`);
    const { entries } = await exported({ format: 'openai', actionFormat: 'text' });
    const rows = jsonLines(entries.get('train.jsonl')) as Row[];
    const meta = jsonLines(entries.get('train.metadata.jsonl')) as RowMetadata[];
    rows.forEach((row, i) => {
      expect(row).not.toHaveProperty('tools');
      expect(row.messages[0].content).toContain('Reply with only a JSON object');
      const answer = row.messages[2];
      expect(answer).toEqual({ role: 'assistant', content: textActionReply(meta[i].actions) });
      expect(parseReply(answer, 8)).toMatchObject({ actions: meta[i].actions, source: 'text', invalid: [] });
    });
  });

  it('text: model sessions asked for a tool call get the text-format system prompt, never a prompt that asks for the other format', async () => {
    const { entries } = await exported({ format: 'openai', actionFormat: 'text' });
    const rows = jsonLines(entries.get('validation.jsonl')) as Row[];
    expect(rows.length).toBe(10);
    for (const row of rows) {
      expect(row.messages[0].content).not.toContain('interact_many');
      expect(row.messages[0].content).toBe(systemPrompt({ imageMode: 'text_and_image', actionsPerCall: 4, actionFormat: 'text' }));
    }
  });

  it('tool: one interact_many call with the tool listed; LLaMA-Factory gets a function_call turn', async () => {
    const { entries } = await exported({ format: 'openai', actionFormat: 'tool' });
    for (const row of jsonLines(entries.get('train.jsonl')) as Row[]) {
      expect(row.tools[0].function.name).toBe('interact_many');
      expect(row.messages[2].tool_calls[0].function.name).toBe('interact_many');
    }
    const lf = await exported({ format: 'llamafactory', actionFormat: 'tool' });
    const rows = jsonLines(lf.entries.get('crafter-llamafactory.zip/crafter_train.jsonl')) as Row[];
    for (const row of rows) expect(row.messages[2].role).toBe('function_call');
  });

  it('the defaults by destination: text for the Hugging Face folder and LLaMA-Factory, tool for the OpenAI format', async () => {
    expect(Object.fromEntries(DESTINATION_IDS.map((id) => [id, DESTINATIONS[id].defaultActionFormat]))).toEqual({ openai: 'tool', annotated: 'tool', hf: 'text', llamafactory: 'text' });
    expect((await exported({ format: 'hf' })).result.options.actionFormat).toBe('text');
    await expect(exported({ format: 'hf', actionFormat: 'tool' })).rejects.toThrow(/hf takes the text action format/);
  });
});

describe('LLaMA-Factory dataset_info.json', () => {
  async function declared(options: Record<string, unknown>) {
    const { entries } = await exported({ format: 'llamafactory', ...options });
    const info = JSON.parse(text(entries.get('crafter-llamafactory.zip/dataset_info.json'))) as Record<string, { columns: Record<string, string> }>;
    const rows = jsonLines(entries.get('crafter-llamafactory.zip/crafter_train.jsonl')) as Row[];
    const columns = Object.values(info).map((entry) => Object.keys(entry.columns).sort());
    // Every declared column is in every row.
    for (const row of rows) for (const column of columns[0]) expect(row).toHaveProperty(column);
    return columns;
  }

  it('text answers, images and text: messages and images; tool answers add tools', async () => {
    expect(await declared({ actionFormat: 'text' })).toEqual([['images', 'messages'], ['images', 'messages']]);
    expect(await declared({ actionFormat: 'tool' })).toEqual([['images', 'messages', 'tools'], ['images', 'messages', 'tools']]);
  });

  it('text only: no images column; image only: images', async () => {
    expect(await declared({ actionFormat: 'text', prompt: { imageMode: 'text' }, sources: ['human', 'builtin'], validationRatio: 0 })).toEqual([['messages']]);
    expect(await declared({ actionFormat: 'tool', prompt: { imageMode: 'text' }, sources: ['human', 'builtin'], validationRatio: 0 })).toEqual([['messages', 'tools']]);
    expect(await declared({ actionFormat: 'text', prompt: { imageMode: 'image' }, sources: ['human', 'builtin'], validationRatio: 0 })).toEqual([['images', 'messages']]);
  });
});

describe('synth-ai metadata', () => {
  it('its exporter\'s keys beside ours: session_id, turn, model, provider, achievements, image flags', async () => {
    const { entries } = await exported({ format: 'openai' });
    const meta = [...jsonLines(entries.get('train.metadata.jsonl')), ...jsonLines(entries.get('validation.metadata.jsonl'))] as RowMetadata[];
    for (const row of meta) {
      expect(sessionRowMetadataSchema.safeParse(row).success).toBe(true);
      expect(row.session_id).toBe(row.session);
      expect(row.turn).toBe(row.step);
    }
    const model = meta.filter((row) => row.source === 'model');
    expect(new Set(model.map((row) => row.provider))).toEqual(new Set(['api.openai.com']));
    // cumulative_unique counts the session's distinct unlocks so far.
    const wood = meta.find((row) => row.achievements.new_unique.length > 0)!;
    expect(wood.achievements).toEqual({ new_unique: wood.achievements_unlocked, turned_true: wood.achievements_unlocked, cumulative_unique: 1 });
  });

  it('annotated rows carry them inline, so synth-ai\'s filter_image_rows.py keeps the rows with a user image', async () => {
    const { entries } = await exported({ format: 'annotated' });
    const lines = text(entries.get('train.annotated.jsonl')).split('\n').filter(Boolean);
    // filter_image_rows.py: keep a line when record["metadata"]["user_has_image"] is true.
    const kept = lines.filter((line) => Boolean((JSON.parse(line) as Row).metadata?.user_has_image));
    expect(kept).toHaveLength(lines.length);
    expect(lines.length).toBe(40);
  });
});
