// scripts/lib/args.ts: options declared as data, checked one by one, and the usage made from them.
import { describe, expect, it } from 'vitest';
import { parseArgs, usage, UsageError, type OptionSpec } from '../../scripts/lib/args.ts';

const OPTIONS = {
  seed: { type: 'number', integer: true, required: true, help: 'env seed' },
  scale: { type: 'number', integer: true, min: 1, max: 32, default: 1, help: 'upscaling' },
  rate: { type: 'number', min: 0, max: 1, help: 'a share' },
  agent: { type: 'string', choices: ['random', 'noop'], default: 'random', help: 'actions' },
  out: { type: 'string', value: 'dir', help: 'folder', group: 'files' },
  quiet: { type: 'boolean', help: 'less output', group: 'files' },
} as const satisfies Record<string, OptionSpec>;

const error = (argv: string[]) => {
  try {
    parseArgs(argv, OPTIONS);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('command-line arguments', () => {
  it('reads values of every kind and fills in defaults', () => {
    expect(parseArgs(['--seed', '-3', '--rate', '0.25', '--out', '/tmp/x', '--quiet'], OPTIONS)).toEqual({
      seed: -3, rate: 0.25, out: '/tmp/x', quiet: true, scale: 1, agent: 'random',
    });
    expect(parseArgs(['--seed', '1', '--agent', 'noop', '--scale', '32'], OPTIONS)).toMatchObject({ agent: 'noop', scale: 32 });
  });

  it('refuses each bad argument with one line naming it', () => {
    expect(error([])).toBe('--seed is required');
    expect(error(['--seed', '1', '--colour', 'blue'])).toBe('unknown option --colour');
    expect(error(['--seed', '1', 'extra'])).toBe('unexpected argument "extra"');
    expect(error(['--seed'])).toBe('--seed needs a value');
    expect(error(['--seed', '--quiet'])).toBe('--seed needs a value');
    expect(error(['--seed', '1.5'])).toBe('--seed must be a whole number, not "1.5"');
    expect(error(['--seed', ''])).toBe('--seed must be a whole number, not ""');
    expect(error(['--seed', '1', '--scale', '0'])).toBe('--scale must be a whole number from 1 to 32, not "0"');
    expect(error(['--seed', '1', '--rate', 'half'])).toBe('--rate must be a number from 0 to 1, not "half"');
    expect(error(['--seed', '1', '--agent', 'clever'])).toBe('unknown --agent "clever"; one of random, noop');
    expect(error(['--seed', '1', '--seed', '2'])).toBe('--seed is given twice');
    expect(error(['--seed', '1', '--toString'])).toBe('unknown option --toString');
  });

  it('makes the usage from the options: required ones first, groups, defaults, choices', () => {
    const text = usage({ name: 'frames', invocation: 'npm run frames --', summary: 'Writes frames.', options: OPTIONS, notes: 'Exit status: 0.' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('usage: npm run frames -- --seed <n> [options]');
    expect(lines[1]).toBe('Writes frames.');
    expect(text).toMatch(/^ {2}--seed <n> +env seed \(required\)$/m);
    expect(text).toMatch(/^ {2}--scale <n> +upscaling \(default 1\)$/m);
    expect(text).toMatch(/^ {2}--agent <random\|noop> +actions \(default random\)$/m);
    expect(text).toMatch(/^files:\n {2}--out <dir> +folder\n {2}--quiet +less output$/m);
    expect(text).toMatch(/^ {2}--help +print this usage$/m);
    expect(lines.at(-1)).toBe('Exit status: 0.');
  });
});
