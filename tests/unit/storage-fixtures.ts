// Shared inputs for the storage tests: sql.js, isolated fake IndexedDB factories, PNG frames, typical and played records.
// idb checks values against the global IDB classes, so the fake's globals must be installed.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { encode } from 'fast-png';
import { IDBFactory } from 'fake-indexeddb';
import { wrap, type IDBPDatabase } from 'idb';
import { ScriptedPolicy } from '../../src/agent/builtin/scripted.ts';
import { encodePng } from '../../src/lib/png.ts';
import { sha256Hex } from '../../src/lib/sha256.ts';
import { CrafterEnv, type StepResult } from '../../src/sim/env.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { ACTIONS } from '../../src/sim/rules.ts';
import { textSummary } from '../../src/sim/text.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { episodeWorldSeed } from '../../src/sim/tuplehash.ts';
import type { ByteSource, CrafterAction, FrameInput, MessageInput, ModelCallInput, SessionInput, StepInput } from '../../src/storage/index.ts';

let sqlPromise: Promise<SqlJsStatic> | undefined;
export function sqlJs(): Promise<SqlJsStatic> {
  sqlPromise ??= initSqlJs();
  return sqlPromise;
}

/** A fresh IndexedDB with nothing in it, shared by the stores a test opens on it. */
export function newIndexedDB(): IDBFactory {
  return new IDBFactory();
}

/** A distinct 64x64 RGB PNG for each `n`, with its pixel hash as the caller would compute it; `level` picks the encoding. */
export function frame(n: number, level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6): FrameInput {
  const pixels = new Uint8Array(64 * 64 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + n * 13 + ((i >> 6) ^ n)) & 0xff;
  return {
    sha256: createHash('sha256').update(pixels).digest('hex'),
    png: encode({ width: 64, height: 64, data: pixels, channels: 3 }, { zlib: { level } }),
  };
}

export const INVENTORY_KEYS = [
  'health', 'food', 'drink', 'energy', 'sapling', 'wood', 'stone', 'coal', 'iron', 'diamond',
  'wood_pickaxe', 'stone_pickaxe', 'iron_pickaxe', 'wood_sword', 'stone_sword', 'iron_sword',
];
export const ACHIEVEMENT_KEYS = [
  'collect_coal', 'collect_diamond', 'collect_drink', 'collect_iron', 'collect_sapling', 'collect_stone', 'collect_wood',
  'defeat_skeleton', 'defeat_zombie', 'eat_cow', 'eat_plant', 'make_iron_pickaxe', 'make_iron_sword', 'make_stone_pickaxe',
  'make_stone_sword', 'make_wood_pickaxe', 'make_wood_sword', 'place_furnace', 'place_plant', 'place_stone', 'place_table',
  'wake_up',
];

export function sessionInput(overrides: Partial<SessionInput> = {}): SessionInput {
  return {
    source: 'human',
    seed: 7,
    episode: 1,
    worldSeed: 702520759,
    crafterVersion: '1.8.3',
    texturePack: { name: 'crafter-default', sha256: 'ab'.repeat(32) },
    policy: null,
    appVersion: '0.1.0',
    startedAt: '2025-01-02T03:04:05.678Z',
    metadata: { note: 'test' },
    ...overrides,
  };
}

export function modelSessionInput(overrides: Partial<SessionInput> = {}): SessionInput {
  return sessionInput({
    source: 'model',
    policy: {
      model: 'gpt-4o-mini',
      endpointHost: 'api.openai.com',
      promptStyle: 'state-block',
      imageMode: 'current-frame',
      extra: { temperature: 0.2, max_tokens: 512 },
    },
    ...overrides,
  });
}

/** Achievement counts where the first `unlocked` achievements have been reached once. */
export function achievements(unlocked: number): Record<string, number> {
  return Object.fromEntries(ACHIEVEMENT_KEYS.map((name, i) => [name, i < unlocked ? 1 : 0]));
}

/** Step `i` of a human session: the reset record at 0, one action after it, an achievement every 10 steps. */
export function humanStep(i: number, overrides: Partial<StepInput> = {}): StepInput {
  return {
    stepIndex: i,
    actions: i === 0 ? [] : [i % 3 === 0 ? 'do' : 'move_left'],
    reward: i > 0 && i % 10 === 0 ? 1 : i % 7 === 0 && i > 0 ? -0.1 : 0,
    done: false,
    inventory: Object.fromEntries(INVENTORY_KEYS.map((key, k) => [key, (i + k) % 10])),
    achievements: achievements(Math.floor(i / 10)),
    position: [32 + (i % 5), 32 - (i % 3)],
    frame: frame(i),
    observationText: `step ${i}\nhealth 9/9\nfacing: grass`,
    reactionMs: i === 0 ? null : 250 + i,
    completedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 6) + i * 100).toISOString(),
    metadata: null,
    ...overrides,
  };
}

function dataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

/** Step `i` of a model session: a model call whose request carries the previous frame as a data URL. */
export function modelStep(i: number): StepInput {
  const base = humanStep(i);
  if (i === 0) return base;
  const previous = frame(i - 1);
  const userPrompt: MessageInput = {
    role: 'user',
    content: [
      { type: 'text', text: `Step ${i - 1}. What next?` },
      { type: 'image_url', image_url: { url: dataUrl(previous.png), detail: 'low' } },
    ],
    isPolicyUserPrompt: true,
  };
  const toolCall = { id: `call_${i}`, type: 'function', function: { name: 'interact_many', arguments: '{"actions":["move_left","do"]}' } };
  const requestMessages = [
    { role: 'system', content: 'You play Crafter.' },
    { role: 'user', content: userPrompt.content },
  ];
  const modelCall: ModelCallInput = {
    model: 'gpt-4o-mini',
    provider: 'api.openai.com',
    requestMessages,
    requestOptions: { tools: [{ type: 'function', function: { name: 'interact_many', parameters: { type: 'object' } } }], temperature: 0.2 },
    rawResponse: { id: `resp_${i}`, choices: [{ message: { role: 'assistant', content: null, tool_calls: [toolCall] } }], usage: { prompt_tokens: 900, completion_tokens: 20 } },
    toolCalls: [toolCall],
    parsedActions: ['move_left', 'do'],
    invalidActions: i % 4 === 0 ? ['jump'] : [],
    usage: { inputTokens: 900, outputTokens: 20, totalTokens: 920 },
    latencyMs: 812.5,
    error: null,
    startedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 6) + i * 100 - 50).toISOString(),
  };
  return {
    ...base,
    actions: ['move_left', 'do'],
    modelCall,
    messages: [
      { role: 'system', content: 'You play Crafter.', timestamp: base.completedAt },
      { ...userPrompt, timestamp: base.completedAt },
      { role: 'assistant', content: null, extra: { tool_calls: [toolCall] }, timestamp: base.completedAt },
      { role: 'tool', content: 'ok', extra: { tool_call_id: `call_${i}` }, timestamp: base.completedAt },
    ],
  };
}

/** A session a built-in agent played on `seed`, with the settings a re-simulation reads back. */
export function playedSessionInput(seed: number, overrides: Partial<SessionInput> = {}): SessionInput {
  return sessionInput({
    source: 'builtin',
    policyName: 'scripted',
    envOptions: { size: [64, 64], length: 10000 },
    seed,
    episode: 1,
    worldSeed: episodeWorldSeed(seed, 1),
    policy: { model: null, endpointHost: null, promptStyle: 'language', imageMode: null, extra: {} },
    metadata: { length: 10000 },
    ...overrides,
  });
}

const played = new Map<number, StepInput[]>();

/** `count` records the scripted agent plays on `seed` (the reset first): real frames and text, so they re-simulate. */
export function playedSteps(seed: number, count: number): StepInput[] {
  const cached = played.get(seed);
  if (cached && cached.length >= count) return cached.slice(0, count);
  const env = new CrafterEnv({ seed, length: 10000 });
  env.reset();
  const renderer = new FrameRenderer(builtinPack());
  const policy = new ScriptedPolicy(seed);
  const steps: StepInput[] = [];
  const observe = (results: StepResult[], actions: number[]): StepInput => {
    const rgb = renderer.render(env);
    const last = results.at(-1);
    return {
      stepIndex: env.step,
      actions: actions.map((a) => ACTIONS[a] as CrafterAction),
      reward: results.reduce((sum, r) => sum + r.reward, 0),
      done: last?.done ?? false,
      inventory: last?.info.inventory ?? {},
      achievements: last?.info.achievements ?? {},
      position: last ? [last.info.playerPos[0], last.info.playerPos[1]] : [32, 32],
      frame: { sha256: sha256Hex(rgb), png: encodePng(rgb, 64, 64) },
      observationText: textSummary(env, 'language'),
      achievementsUnlocked: [...new Set(results.flatMap((r) => r.info.achievementsAdded))],
      completedAt: new Date(Date.UTC(2025, 0, 3) + steps.length * 250).toISOString(),
    };
  };
  steps.push(observe([], []));
  while (steps.length < count) {
    const action = policy.act(env);
    steps.push(observe([env.stepAction(action)], [action]));
  }
  played.set(seed, steps);
  return steps.slice(0, count);
}

/** The raw IndexedDB database a store keeps its data in, opened beside the store (a second connection). */
export function rawIndexedDB(indexedDB: IDBFactory, name: string): Promise<IDBPDatabase> {
  return wrap(indexedDB.open(name)) as Promise<IDBPDatabase>;
}

/** A ByteSource over `bytes` that records every range read, synchronously or not. */
export function recordingSource(bytes: Uint8Array, what = 'the imported file'): ByteSource & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  const read = (offset: number, length: number) => {
    reads.push([offset, length]);
    return bytes.slice(offset, Math.min(bytes.length, offset + length));
  };
  return { size: bytes.length, what, reads, read: async (offset, length) => read(offset, length), readSync: read };
}

/** Whether `message` is one sentence: one line, no full stop inside it. */
export function isOneSentence(message: string): boolean {
  return !message.includes('\n') && !/[.!?]\s+[A-Z]/.test(message);
}

/** Resolves after the pending timers and I/O callbacks of this turn have run. */
export const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
