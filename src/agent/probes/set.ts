// A probe set: its spec (reproducible from the seed), the frames with the state each was drawn from, and the questions
// with their exact answers. One zod schema reads a set file back and says what is wrong with it.
import { z } from 'zod';
import { ITEM_NAMES, type ItemName } from '../../sim/rules.ts';
import { BUILTIN_POLICY_KINDS } from '../builtin/policy.ts';
import { FAMILY_IDS, familyById } from './families/index.ts';
import { CRAFT_ACTIONS, DIRECTION_NAMES, type FrameTruth } from './truth.ts';
import { PNG_DATA_URL_PREFIX } from '../../lib/base64.ts';

export const PROBE_SET_FORMAT = 'crafter-web-probes/1';

const freshSource = z.strictObject({
  kind: z.literal('fresh'),
  /** Worlds played, each from its own seed drawn from the set's seed. */
  worlds: z.number().int().min(1).max(500).default(8),
  /** Steps per world at most (an episode may end sooner). */
  steps: z.number().int().min(1).max(10_000).default(1000),
  /** Built-in agents that play the worlds, in turn. */
  policies: z.array(z.enum(BUILTIN_POLICY_KINDS)).min(1).default(['scripted', 'random']),
});
const sessionsSource = z.strictObject({
  kind: z.literal('sessions'),
  /** Recorded sessions, replayed from their seed and actions. */
  sessions: z.array(z.string().min(1)).min(1),
});

export const probeSpecSchema = z.strictObject({
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  /** Probes per family at most: fewer when the frames drawn cannot balance more. */
  perFamily: z.number().int().min(2).max(1000).default(40),
  /** Family ids, in any order; empty for all. */
  families: z.array(z.string()).default([]).refine((ids) => ids.every((id) => FAMILY_IDS.includes(id)), {
    message: `unknown family; known: ${FAMILY_IDS.join(', ')}`,
  }),
  /** Chance that a step's frame becomes a candidate (lowered for a source too large for maxCandidates). */
  captureRate: z.number().gt(0).max(1).default(0.2),
  /** Candidate frames held at most while choosing: a bound on memory. */
  maxCandidates: z.number().int().min(100).max(100_000).default(4000),
  source: z.discriminatedUnion('kind', [freshSource, sessionsSource]).default({ kind: 'fresh', worlds: 8, steps: 1000, policies: ['scripted', 'random'] }),
});

export type ProbeSpecInput = z.input<typeof probeSpecSchema>;
export type ProbeSpec = z.output<typeof probeSpecSchema>;

const count = z.number().int().min(0);
const truthSchema = z.strictObject({
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  cells: z.array(z.strictObject({ material: z.string(), object: z.string().nullable() })),
  facing: z.enum(DIRECTION_NAMES as [string, ...string[]]),
  daylight: z.number().min(0).max(1),
  sleeping: z.boolean(),
  inventory: z.strictObject(Object.fromEntries(ITEM_NAMES.map((name) => [name, count])) as Record<ItemName, typeof count>),
  craftable: z.array(z.enum(CRAFT_ACTIONS)),
}).refine((t) => t.cells.length === t.width * t.height, { message: 'cells must hold width x height cells' });

const frameSchema = z.strictObject({
  id: z.string().min(1),
  /** Where the frame was drawn from: a fresh world played by a built-in agent, or a recorded session. */
  origin: z.union([
    z.strictObject({ kind: z.literal('fresh'), policy: z.enum(BUILTIN_POLICY_KINDS) }),
    z.strictObject({ kind: z.literal('session'), session: z.string().min(1) }),
  ]),
  seed: z.number().int(),
  episode: z.number().int().min(1),
  step: z.number().int().min(0),
  /** The state the frame was drawn from: every answer is computed from it. */
  truth: truthSchema,
  /** The frame as a PNG data URL, as a model is sent it. */
  image: z.string().startsWith(PNG_DATA_URL_PREFIX),
  /** Hex SHA-256 of the frame's raw RGB pixels. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The observation text in both styles. */
  text: z.strictObject({ language: z.string(), state: z.string() }),
});

const probeSchema = z.strictObject({
  id: z.string().min(1),
  family: z.string().min(1),
  frame: z.string().min(1),
  params: z.record(z.string(), z.string()),
  question: z.string().min(1),
  answer: z.string().min(1),
  accepted: z.array(z.string().min(1)).min(1),
  balanceKey: z.string(),
});

const familySummarySchema = z.strictObject({
  family: z.string(),
  probes: count,
  /** Probes per answer class, and the classes the candidate frames offered. */
  classes: z.record(z.string(), count),
  offered: z.record(z.string(), count),
});

export const probeSetSchema = z.strictObject({
  format: z.literal(PROBE_SET_FORMAT),
  /** Content hash: the same spec, pack and simulator give the same id. */
  id: z.string().min(1),
  spec: probeSpecSchema,
  crafterVersion: z.string(),
  texturePack: z.strictObject({ name: z.string(), sha256: z.string() }),
  families: z.array(familySummarySchema),
  frames: z.array(frameSchema),
  probes: z.array(probeSchema),
});

export type ProbeSet = z.output<typeof probeSetSchema>;
export type ProbeFrame = ProbeSet['frames'][number];
export type Probe = ProbeSet['probes'][number];
export type FamilySummary = ProbeSet['families'][number];
export type FrameOrigin = ProbeFrame['origin'];

export function parseProbeSpec(input: unknown): ProbeSpec {
  const parsed = probeSpecSchema.safeParse(input);
  if (!parsed.success) throw new Error(`bad probe set spec: ${zodProblems(parsed.error).join('; ')}`);
  return parsed.data;
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || 'spec'}: ${issue.message}`);
}

/**
 * Reads a probe set (parsed JSON) and checks it: the shape, the frame of every probe, and every answer against the
 * family asked again on the frame's recorded state. Throws one error listing the first problems.
 */
export function readProbeSet(value: unknown): ProbeSet {
  const parsed = probeSetSchema.safeParse(value);
  if (!parsed.success) throw new Error(`not a probe set: ${zodProblems(parsed.error).join('; ')}`);
  const set = parsed.data;
  const frames = new Map(set.frames.map((f) => [f.id, f]));
  const problems: string[] = [];
  for (const probe of set.probes) {
    const frame = frames.get(probe.frame);
    if (!frame) {
      problems.push(`probe ${probe.id}: no frame ${probe.frame}`);
      continue;
    }
    let asked;
    try {
      asked = findAsked(familyById(probe.family).ask(frame.truth as FrameTruth), probe.params);
    } catch (error) {
      problems.push(`probe ${probe.id}: ${(error as Error).message}`);
      continue;
    }
    if (!asked || asked.answer !== probe.answer || asked.question !== probe.question || asked.accepted.join('|') !== probe.accepted.join('|')) {
      problems.push(`probe ${probe.id}: its answer is not what the ${probe.family} family reads from frame ${frame.id}`);
    }
    if (problems.length >= 10) break;
  }
  if (problems.length) throw new Error(`the probe set does not check out: ${problems.join('; ')}`);
  return set;
}

/** The question of a family's asked list with these params. */
export function findAsked<T extends { params: Readonly<Record<string, string>> }>(asked: readonly T[], params: Readonly<Record<string, string>>): T | undefined {
  const key = JSON.stringify(Object.entries(params).sort());
  return asked.find((a) => JSON.stringify(Object.entries(a.params).sort()) === key);
}
