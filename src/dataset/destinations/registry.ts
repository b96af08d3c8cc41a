// Every destination an export can write, in one table: its files, the action format and limits it defaults to,
// its writer and the checker of its finished files.
import type { ActionFormat } from '../action-format.ts';
import type { LimitsProfileId } from '../limits.ts';
import { checkHfFiles, checkLlamaFactoryFiles, checkOpenAiFiles, type FilesCheck } from '../validate/files.ts';
import { HF_ZIP, HfFolderWriter } from './hf.ts';
import { LLAMAFACTORY_ZIP, LlamaFactoryWriter } from './llamafactory.ts';
import { metadataFileName, OpenAiWriter, rowFileName } from './openai.ts';
import type { DestinationWriter, WriterContext } from './writer.ts';
import { SPLITS } from '../rows.ts';

export interface Destination {
  /** A short name for messages. */
  name: string;
  label: string;
  /** Which trainers or services read it. */
  for: string;
  defaultActionFormat: ActionFormat;
  actionFormats: readonly ActionFormat[];
  limitsProfile: LimitsProfileId;
  /** Every file it may write (which of them depends on the split), to check before overwriting. */
  fileNames: readonly string[];
  create(ctx: WriterContext): DestinationWriter;
  check: FilesCheck;
}

export const DESTINATIONS = {
  openai: {
    name: 'OpenAI chat JSONL',
    label: 'OpenAI chat JSONL, ready to upload (+ line-aligned metadata file)',
    for: 'services that take OpenAI\'s chat format: Azure OpenAI, Together, Fireworks, OpenAI',
    defaultActionFormat: 'tool',
    actionFormats: ['tool', 'text'],
    limitsProfile: 'openai',
    fileNames: SPLITS.flatMap((split) => [rowFileName(split, false), metadataFileName(split)]),
    create: (ctx) => new OpenAiWriter(ctx, false),
    check: (files, ctx) => checkOpenAiFiles(files, ctx, false),
  },
  annotated: {
    name: 'annotated JSONL',
    label: 'Annotated JSONL: the OpenAI rows with their metadata inline, as synth-ai\'s exporter writes them',
    for: 'synth-ai\'s filter scripts, and your own analysis',
    defaultActionFormat: 'tool',
    actionFormats: ['tool', 'text'],
    limitsProfile: 'openai',
    fileNames: SPLITS.map((split) => rowFileName(split, true)),
    create: (ctx) => new OpenAiWriter(ctx, true),
    check: (files, ctx) => checkOpenAiFiles(files, ctx, true),
  },
  hf: {
    name: 'Hugging Face datasets folder',
    label: 'Hugging Face datasets folder for TRL and Unsloth (zip: Parquet with images + dataset card)',
    for: 'TRL (examples/scripts/sft_vlm.py), Unsloth, load_dataset, the Hub',
    defaultActionFormat: 'text',
    actionFormats: ['text'],
    limitsProfile: 'local',
    fileNames: [HF_ZIP],
    create: (ctx) => new HfFolderWriter(ctx),
    check: checkHfFiles,
  },
  llamafactory: {
    name: 'LLaMA-Factory sharegpt',
    label: 'LLaMA-Factory sharegpt (zip: JSONL + images + dataset_info.json)',
    for: 'LLaMA-Factory',
    defaultActionFormat: 'text',
    actionFormats: ['text', 'tool'],
    limitsProfile: 'local',
    fileNames: [LLAMAFACTORY_ZIP],
    create: (ctx) => new LlamaFactoryWriter(ctx),
    check: checkLlamaFactoryFiles,
  },
} as const satisfies Record<string, Destination>;

export type DestinationId = keyof typeof DESTINATIONS;
export const DESTINATION_IDS = Object.keys(DESTINATIONS) as DestinationId[];

export function destination(id: DestinationId): Destination {
  return DESTINATIONS[id];
}
