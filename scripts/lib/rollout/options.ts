// The runner's command line, read into the page's run configuration (the same settings, checked by the same rules).
import { availableParallelism } from 'node:os';
import { DEFAULT_PROMPT_SETTINGS, type ActionFormat, type HistoryLayout, type ImageMode } from '../../../src/agent/prompt.ts';
import { isBuiltinPolicyKind } from '../../../src/agent/builtin/policy.ts';
import { parseSeeds, validateRunConfig, type AgentConfig, type RunConfig } from '../../../src/agent/run-config.ts';
import { parseShard, type Shard } from '../../../src/agent/rollout-resume.ts';
import type { TextStyle } from '../../../src/sim/text.ts';
import { parseFrameSize } from '../../../src/agent/frame-size.ts';
import { parseArgs, type CommandSpec, type OptionSpec, type Parsed } from '../args.ts';

const A = 'agent', E = 'episodes', M = 'model', S = 'scale', O = 'output';

export const ROLLOUT_COMMAND = {
  name: 'rollout',
  invocation: 'npm run rollout --',
  summary: "Plays what the page's Run tab plays, headless: built-in agents on every core, models k calls at a time; records every\nstep into a store folder the page can import. Ctrl-C stops cleanly (every finished step is kept); the same command again resumes.",
  options: {
    out: { type: 'string', required: true, value: 'store folder', help: 'the store folder written (made if missing)', group: O },
    results: { type: 'string', value: 'file.json', help: 'where the results go (default <out>/results-<run id>[-shard-i-of-N].json)', group: O },
    agent: { type: 'string', choices: ['scripted', 'random', 'model'], default: 'scripted', help: 'who plays', group: A },
    'prompt-style': { type: 'string', choices: ['state', 'language'], default: 'language', help: 'the observation text', group: A },
    seeds: { type: 'string', value: '1-1000', help: 'the env seeds, as a range or a list (default 1..episodes)', group: E },
    episodes: { type: 'number', integer: true, min: 1, help: 'episodes to play (default one per seed)', group: E },
    length: { type: 'number', integer: true, min: 1, default: 10_000, help: "Crafter's episode length", group: E },
    size: { type: 'string', value: 'px|WxH', help: 'frame size, e.g. 64, 256 or 96x80 (default 64)', group: E },
    name: { type: 'string', value: 'run name', help: 'the run\'s name', group: E },
    assets: { type: 'string', value: 'folder', help: "Crafter's texture PNGs (default: the built-in textures)", group: E },
    'base-url': { type: 'string', value: 'url', help: 'the OpenAI-compatible endpoint', group: M },
    model: { type: 'string', value: 'name', help: 'the model', group: M },
    'api-key-env': { type: 'string', value: 'variable', help: 'the environment variable holding the key (default OPENAI_API_KEY); it is written nowhere', group: M },
    temperature: { type: 'number', min: 0, max: 2, default: 0.7, help: 'sampling temperature', group: M },
    'max-tokens': { type: 'number', integer: true, min: 1, default: 300, help: 'tokens per reply', group: M },
    'image-mode': { type: 'string', choices: ['text', 'text_and_image', 'image'], help: 'what the model is shown (default text_and_image)', group: M },
    'frame-history': { type: 'number', integer: true, min: 0, help: 'earlier frames shown (default 0)', group: M },
    'history-layout': { type: 'string', choices: ['separate', 'sheet'], help: 'earlier frames as separate images or one sheet', group: M },
    'actions-per-call': { type: 'number', integer: true, min: 1, max: 8, help: 'actions per reply (default 4)', group: M },
    'action-format': { type: 'string', choices: ['tool', 'text'], help: 'the interact_many tool call, or a JSON object of actions as text (default tool)', group: M },
    timeout: { type: 'number', min: 1, default: 60, help: 'seconds per request', group: M },
    'max-retries': { type: 'number', integer: true, min: 0, max: 20, default: 4, help: 'retries per request', group: M },
    rpm: { type: 'number', min: 0, default: 0, help: 'requests per minute at most (0: no limit)', group: M },
    tpm: { type: 'number', min: 0, help: 'tokens per minute at most (0: no limit)', group: M },
    'input-price': { type: 'number', min: 0, help: 'USD per million input tokens', group: M },
    'output-price': { type: 'number', min: 0, help: 'USD per million output tokens', group: M },
    parallel: { type: 'number', integer: true, min: 1, help: 'built-in agents: threads (default one per core); model: calls in flight (default 4)', group: S },
    shard: { type: 'string', value: 'i/N', help: 'this machine plays every N-th episode, starting with the i-th (i from 1 to N)', group: S },
  },
} as const satisfies CommandSpec<Record<string, OptionSpec>>;

export type RolloutArgs = Parsed<typeof ROLLOUT_COMMAND.options>;

export interface RolloutOptions {
  config: RunConfig;
  /** The store folder. */
  out: string;
  assets: string | null;
  shard: Shard | null;
  /** Threads (built-in agents) or calls in flight (model). */
  parallel: number;
  /** Where the results JSON goes; null for the default beside the store. */
  results: string | null;
  /** The environment variable holding the key (model runs). */
  apiKeyEnv: string;
  /** Whether --api-key-env was given (then the variable must be set). */
  keyRequired: boolean;
}

/** Reads the command line (without --help); throws with a message for the user. */
export function readOptions(argv: string[]): RolloutOptions {
  return rolloutOptions(parseArgs(argv, ROLLOUT_COMMAND.options));
}

/** The run the arguments ask for, checked by the page's rules; throws with a message for the user. */
export function rolloutOptions(args: RolloutArgs): RolloutOptions {
  const kind = args.agent;
  const promptStyle: TextStyle = args['prompt-style'];
  let agent: AgentConfig;
  if (kind === 'model') {
    if (!args['base-url'] || !args.model) throw new Error('a model run needs --base-url and --model');
    const inputPrice = args['input-price'];
    const outputPrice = args['output-price'];
    if ((inputPrice === undefined) !== (outputPrice === undefined)) throw new Error('give both --input-price and --output-price, or neither');
    agent = {
      kind: 'model',
      baseUrl: args['base-url'],
      model: args.model,
      prompt: {
        ...DEFAULT_PROMPT_SETTINGS,
        ...(args['image-mode'] !== undefined && { imageMode: args['image-mode'] as ImageMode }),
        ...(args['frame-history'] !== undefined && { frameHistory: args['frame-history'] }),
        ...(args['history-layout'] !== undefined && { historyLayout: args['history-layout'] as HistoryLayout }),
        ...(args['actions-per-call'] !== undefined && { actionsPerCall: args['actions-per-call'] }),
        ...(args['action-format'] !== undefined && { actionFormat: args['action-format'] as ActionFormat }),
        promptStyle,
        temperature: args.temperature,
        maxTokens: args['max-tokens'],
      },
      timeoutMs: args.timeout * 1000,
      maxRetries: args['max-retries'],
      prices: inputPrice !== undefined && outputPrice !== undefined ? { inputPerMillion: inputPrice, outputPerMillion: outputPrice } : null,
    };
  } else if (isBuiltinPolicyKind(kind)) {
    agent = { kind: 'builtin', policy: kind, promptStyle };
  } else {
    throw new Error(`--agent must be scripted, random or model, not "${kind}"`);
  }
  if (args.seeds === undefined && args.episodes === undefined) throw new Error('give --seeds (e.g. 1-1000) or --episodes');
  const seeds = args.seeds !== undefined ? parseSeeds(args.seeds) : Array.from({ length: args.episodes! }, (_, i) => i + 1);
  const episodes = args.episodes ?? seeds.length;
  const seedText = args.seeds ?? `1-${episodes}`;
  const parallel = args.parallel ?? (agent.kind === 'builtin' ? availableParallelism() : 4);
  const config: RunConfig = {
    name: args.name ?? `${agent.kind === 'model' ? agent.model : kind} seeds ${seedText}${episodes !== seeds.length ? ` x${episodes}` : ''}`,
    agent,
    seeds,
    episodes,
    stepLimit: args.length,
    ...(args.size !== undefined && { size: parseFrameSize(args.size) }),
    parallel,
    requestsPerMinute: args.rpm,
    ...(args.tpm !== undefined && { tokensPerMinute: args.tpm }),
  };
  validateRunConfig(config);
  return {
    config,
    out: args.out,
    assets: args.assets ?? null,
    shard: args.shard !== undefined ? parseShard(args.shard) : null,
    parallel,
    results: args.results ?? null,
    apiKeyEnv: args['api-key-env'] ?? 'OPENAI_API_KEY',
    keyRequired: args['api-key-env'] !== undefined,
  };
}
