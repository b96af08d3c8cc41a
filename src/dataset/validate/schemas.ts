// zod schemas of one row of each export format, strict: a key the format does not know is an error.
import { z } from 'zod';
import { SESSION_SOURCES } from '../../storage/index.ts';

const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
const imageUrlPart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({ url: z.string().min(1), detail: z.enum(['low', 'high', 'auto']).optional() }),
});
const contentParts = z.array(z.discriminatedUnion('type', [textPart, imageUrlPart])).min(1);

const openAiToolCall = z.strictObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
});

export const functionToolSchema = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'a function name is 1 to 64 letters, digits, _ or -'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()),
    strict: z.boolean().optional(),
  }),
});

/** The keys OpenAI's chat fine-tuning accepts; assistant content may hold parts so an image there gets a clear message. */
export const openAiMessageSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('system'), content: z.string(), name: z.string().optional() }),
  z.strictObject({ role: z.literal('user'), content: z.union([z.string(), contentParts]), name: z.string().optional() }),
  z.strictObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), contentParts, z.null()]).optional(),
    tool_calls: z.array(openAiToolCall).min(1).optional(),
    name: z.string().optional(),
    weight: z.union([z.literal(0), z.literal(1)]).optional(),
  }),
  z.strictObject({ role: z.literal('tool'), content: z.string(), tool_call_id: z.string().min(1) }),
]);

export const openAiRowSchema = z.strictObject({
  messages: z.array(openAiMessageSchema).min(2),
  tools: z.array(functionToolSchema).min(1).optional(),
  parallel_tool_calls: z.boolean().optional(),
});

/** The metadata of a row made from a recorded session: ours, and synth-ai's exporter keys beside them. */
export const sessionRowMetadataSchema = z.strictObject({
  session: z.string().min(1),
  step: z.number().int().min(0),
  next_step: z.number().int().min(0),
  source: z.enum(SESSION_SOURCES),
  policy: z.string().nullable(),
  model: z.string().nullable(),
  seed: z.number().int(),
  episode: z.number().int(),
  split: z.enum(['train', 'validation']),
  actions: z.array(z.string()).min(1),
  has_image: z.boolean(),
  user_has_image: z.boolean(),
  assistant_has_image: z.boolean(),
  image_count: z.number().int().min(0),
  reward: z.number().finite(),
  achievement_reward: z.number().int().min(0),
  health_reward: z.number().finite(),
  return_to_go: z.number().finite(),
  achievements_unlocked: z.array(z.string()),
  achievements_next_k: z.array(z.string()),
  k: z.number().int().min(1),
  session_id: z.string().min(1),
  turn: z.number().int().min(0),
  provider: z.string(),
  achievements: z.strictObject({
    new_unique: z.array(z.string()),
    turned_true: z.array(z.string()),
    cumulative_unique: z.number().int().min(0),
  }),
});

/**
 * The metadata of a visual question-answer row from a probe set: where its frame was drawn (the recorded session, or
 * the fresh world "world:<seed>:<episode>", which the split goes by), the probe, and its exact answers.
 */
export const probeRowMetadataSchema = z.strictObject({
  session: z.string().min(1),
  step: z.number().int().min(0),
  /** "session" for a recorded session's frame, else the built-in agent that played the fresh world. */
  source: z.string().min(1),
  model: z.null(),
  seed: z.number().int(),
  episode: z.number().int(),
  split: z.enum(['train', 'validation']),
  has_image: z.boolean(),
  user_has_image: z.boolean(),
  assistant_has_image: z.literal(false),
  image_count: z.number().int().min(0),
  probe_set: z.string().min(1),
  probe: z.string().min(1),
  family: z.string().min(1),
  params: z.record(z.string(), z.string()),
  answer: z.string().min(1),
  accepted: z.array(z.string().min(1)).min(1),
  /** Hex SHA-256 of the frame's raw RGB pixels. */
  frame_sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Any row source's metadata: its split at least; the image flags, where present, are checked against the row. */
const rowMetaSchema = z.looseObject({ split: z.enum(['train', 'validation']), image_count: z.number().int().min(0).optional() });

export const annotatedRowSchema = openAiRowSchema.extend({ metadata: rowMetaSchema });

/** TRL's conversational vision form: every content a list of parts; an image part has null text. */
export const hfRowSchema = z.strictObject({
  messages: z.array(z.strictObject({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.array(z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('text'), text: z.string() }),
      z.strictObject({ type: z.literal('image'), text: z.null() }),
    ])),
  })).min(2),
});

export const llamaFactoryRowSchema = z.strictObject({
  messages: z.array(z.strictObject({
    role: z.enum(['system', 'user', 'assistant', 'function_call', 'tool']),
    content: z.string(),
  })).min(2),
  images: z.array(z.string().min(1)),
  /** JSON text of a list of {name, description, parameters}. */
  tools: z.string().optional(),
});

export type OpenAiRow = z.infer<typeof openAiRowSchema>;
export type AnnotatedRow = z.infer<typeof annotatedRowSchema>;
export type SessionRowMetadata = z.infer<typeof sessionRowMetadataSchema>;
export type ProbeRowMetadata = z.infer<typeof probeRowMetadataSchema>;
export type LlamaFactoryRow = z.infer<typeof llamaFactoryRowSchema>;
