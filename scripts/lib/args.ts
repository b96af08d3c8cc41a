// A tiny `--name value` / `--flag` argument parser for the command-line tools, with clear errors.
type Spec = Record<string, 'string' | 'number' | 'boolean'>;
type Parsed<S extends Spec> = {
  [K in keyof S]?: S[K] extends 'string' ? string : S[K] extends 'number' ? number : boolean;
};

export function parseArgs<S extends Spec>(argv: string[], spec: S): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    const name = arg.slice(2);
    const kind = spec[name];
    if (!kind) throw new Error(`unknown option --${name}; known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')}`);
    if (kind === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${JSON.stringify(value)}`);
      out[name] = n;
    } else {
      out[name] = value;
    }
  }
  return out as Parsed<S>;
}
