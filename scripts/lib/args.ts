// The command-line tools' arguments in one place: each tool declares its options as data; `--help` prints the
// usage made from them, and a bad argument is answered with one line on stderr and exit status 2.

export interface OptionSpec {
  type: 'string' | 'number' | 'boolean';
  /** One line for the usage. */
  help: string;
  /** The value's placeholder in the usage, e.g. "dir". */
  value?: string;
  required?: boolean;
  default?: string | number | boolean;
  /** Numbers only: a whole number, within min..max. */
  integer?: boolean;
  min?: number;
  max?: number;
  /** Strings only: the values allowed. */
  choices?: readonly string[];
  /** Heading the option is listed under in the usage. */
  group?: string;
}

export interface CommandSpec<S extends Record<string, OptionSpec>> {
  /** The tool's name, the prefix of its error lines. */
  name: string;
  /** How it is invoked, e.g. "npm run frames --". */
  invocation: string;
  /** What it does, in a line or two. */
  summary: string;
  options: S;
  /** Lines after the options (exit status, examples). */
  notes?: string;
}

type Value<O extends OptionSpec> = O['type'] extends 'string'
  ? O extends { choices: readonly (infer C extends string)[] } ? C : string
  : O['type'] extends 'number' ? number : boolean;
type Always<O> = O extends { required: true } ? true : O extends { default: string | number | boolean } ? true : false;
export type Parsed<S extends Record<string, OptionSpec>> = {
  [K in keyof S as Always<S[K]> extends true ? K : never]: Value<S[K]>;
} & {
  [K in keyof S as Always<S[K]> extends true ? never : K]?: Value<S[K]>;
};

/** An argument that cannot be used; its message is one line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const HELP = new Set(['--help', '-h']);

function placeholder(name: string, option: OptionSpec): string {
  if (option.type === 'boolean') return `--${name}`;
  return `--${name} <${option.choices?.join('|') ?? option.value ?? (option.type === 'number' ? 'n' : 'value')}>`;
}

export function usage<S extends Record<string, OptionSpec>>(spec: CommandSpec<S>): string {
  const entries = Object.entries(spec.options);
  const required = entries.filter(([, o]) => o.required).map(([name, o]) => placeholder(name, o));
  const lines = [`usage: ${[spec.invocation, ...required].join(' ')}${entries.some(([, o]) => !o.required) ? ' [options]' : ''}`, spec.summary, ''];
  // A very long placeholder (a list of choices) does not push every other line to the right.
  const width = Math.max(...entries.map(([name, o]) => placeholder(name, o).length).filter((n) => n <= 32), '--help'.length);
  let group: string | undefined;
  for (const [name, option] of entries) {
    if (option.group !== group) {
      group = option.group;
      if (group) lines.push(`${group}:`);
    }
    const extra = option.default !== undefined && option.default !== false ? ` (default ${option.default})` : option.required ? ' (required)' : '';
    lines.push(`  ${placeholder(name, option).padEnd(width)}  ${option.help}${extra}`);
  }
  lines.push(`  ${'--help'.padEnd(width)}  print this usage`);
  if (spec.notes) lines.push('', spec.notes);
  return lines.join('\n');
}

function checkNumber(name: string, option: OptionSpec, text: string): number {
  const n = Number(text);
  const whole = option.integer ? 'a whole number' : 'a number';
  const range = option.min !== undefined && option.max !== undefined ? ` from ${option.min} to ${option.max}` : option.min !== undefined ? ` >= ${option.min}` : option.max !== undefined ? ` <= ${option.max}` : '';
  const ok = text.trim() !== '' && Number.isFinite(n) && (!option.integer || Number.isInteger(n)) && !(option.min !== undefined && n < option.min) && !(option.max !== undefined && n > option.max);
  if (!ok) throw new UsageError(`--${name} must be ${whole}${range}, not ${JSON.stringify(text)}`);
  return n;
}

/** The options given in argv, checked against the spec; throws a UsageError for the first one that is wrong. */
export function parseArgs<S extends Record<string, OptionSpec>>(argv: readonly string[], options: S): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const name = arg.slice(2);
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!option) throw new UsageError(`unknown option --${name}`);
    if (name in out) throw new UsageError(`--${name} is given twice`);
    if (option.type === 'boolean') {
      out[name] = true;
      continue;
    }
    const text = argv[++i];
    if (text === undefined || (text.startsWith('--') && Object.hasOwn(options, text.slice(2)))) throw new UsageError(`--${name} needs a value`);
    if (option.type === 'number') out[name] = checkNumber(name, option, text);
    else if (option.choices && !option.choices.includes(text)) throw new UsageError(`unknown --${name} ${JSON.stringify(text)}; one of ${option.choices.join(', ')}`);
    else out[name] = text;
  }
  for (const [name, option] of Object.entries(options)) {
    if (name in out) continue;
    if (option.required) throw new UsageError(`--${name} is required`);
    if (option.default !== undefined) out[name] = option.default;
  }
  return out as Parsed<S>;
}

// The tool this process runs, for the prefix of `fail`'s line.
let toolName = 'error';

/** Ends the tool: the message as one line on stderr, exit status 2 (arguments or input that cannot be used). */
export function fail(message: string): never {
  console.error(`${toolName}: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exit(2);
}

/** Reads the tool's arguments: `--help` prints the usage and exits 0; a bad argument fails with one line and exit 2. */
export function command<const S extends Record<string, OptionSpec>>(spec: CommandSpec<S>, argv: readonly string[] = process.argv.slice(2)): Parsed<S> {
  toolName = spec.name;
  if (argv.some((arg) => HELP.has(arg))) {
    console.log(usage(spec));
    process.exit(0);
  }
  try {
    return parseArgs(argv, spec.options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return fail(`${error.message} (${spec.invocation} --help shows the usage)`);
  }
}
