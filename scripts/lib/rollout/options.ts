// The runner's command line, read into the page's run configuration (the same settings, checked by the same rules).
import { availableParallelism } from 'node:os';
import { DEFAULT_PROMPT_SETTINGS, type ActionFormat, type HistoryLayout, type ImageMode } from '../../../src/agent/prompt.ts';
import { isBuiltinPolicyKind } from '../../../src/agent/builtin/policy.ts';
import { parseSeeds, validateRunConfig, type AgentConfig, type RunConfig } from '../../../src/agent/run-config.ts';
import { parseShard, type Shard } from '../../../src/agent/rollout-resume.ts';
import type { TextStyle } from '../../../src/sim/text.ts';
import { parseArgs } from '../args.ts';

export const USAGE = `usage: npm run rollout -- --out <store folder> [options]
agent:     --agent scripted|random|model (default scripted)   --prompt-style state|language (default language)
episodes:  --seeds 1-1000 (or 1,5,9; default 1..episodes)   --episodes <n> (default one per seed)
           --length <steps> (default 10000)   --size <px> or <w>x<h> (frame size, default 64)   --name <run name>
           --assets <folder of Crafter's texture PNGs> (default: the built-in textures)
model:     --base-url <OpenAI-compatible URL>   --model <name>   --api-key-env <variable> (default OPENAI_API_KEY)
           --temperature <t> (0.7)   --max-tokens <n> (300)   --image-mode text|text_and_image|image (text_and_image)
           --frame-history <n> (0)   --history-layout separate|sheet   --actions-per-call <1-8> (4)
           --action-format tool|text (tool)   --timeout <s> (60)   --max-retries <n> (4)
           --rpm <requests per minute> (0: no limit)   --tpm <tokens per minute> (0: no limit)
           --input-price <USD per million tokens>   --output-price <USD per million tokens>
scale:     --parallel <k> (built-in agents: threads, default one per core; model: calls in flight, default 4)
           --shard i/N (this machine plays every N-th episode, starting with the i-th; i from 1 to N)
output:    --results <file.json> (default <out>/results-<run id>[-shard-i-of-N].json)
Ctrl-C stops cleanly (every finished step is kept); the same command again resumes the run.`;

const SPEC = {
  agent: 'string', seeds: 'string', episodes: 'number', length: 'number', size: 'string', name: 'string', 'prompt-style': 'string',
  assets: 'string', 'base-url': 'string', model: 'string', 'api-key-env': 'string', temperature: 'number', 'max-tokens': 'number',
  'image-mode': 'string', 'frame-history': 'number', 'history-layout': 'string', 'actions-per-call': 'number', 'action-format': 'string',
  timeout: 'number', 'max-retries': 'number', rpm: 'number', tpm: 'number', 'input-price': 'number', 'output-price': 'number',
  parallel: 'number', shard: 'string', out: 'string', results: 'string', help: 'boolean',
} as const;

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

function frameSize(text: string): [number, number] {
  const match = /^(\d+)(?:x(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`--size takes pixels, e.g. 64 or 96x80, not "${text}"`);
  return [Number(match[1]), Number(match[2] ?? match[1])];
}

/** Reads the command line; throws with a message for the user. Null when --help asked for the usage. */
export function readOptions(argv: string[]): RolloutOptions | null {
  const args = parseArgs(argv, SPEC);
  if (args.help) return null;
  if (!args.out) throw new Error('--out <store folder> is required');
  const kind = args.agent ?? 'scripted';
  const promptStyle = (args['prompt-style'] ?? 'language') as TextStyle;
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
        temperature: args.temperature ?? 0.7,
        maxTokens: args['max-tokens'] ?? 300,
      },
      timeoutMs: (args.timeout ?? 60) * 1000,
      maxRetries: args['max-retries'] ?? 4,
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
    stepLimit: args.length ?? 10_000,
    ...(args.size !== undefined && { size: frameSize(args.size) }),
    parallel,
    requestsPerMinute: args.rpm ?? 0,
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
