// npm run rollout -- --out <store folder> [--agent scripted|random|model] [--seeds 1-1000] [...] (--help lists them)
// Plays what the page's Run tab plays, headless: built-in agents on every core, models k calls at a time; records every
// step into a folder store the page can import; Ctrl-C stops cleanly and the same command resumes.
import { command, fail } from './lib/args.ts';
import { ROLLOUT_COMMAND, rolloutOptions, type RolloutOptions } from './lib/rollout/options.ts';
import { rollout } from './lib/rollout/rollout.ts';
import { redactText } from '../src/agent/redact.ts';

const args = command(ROLLOUT_COMMAND);
let options: RolloutOptions;
try {
  options = rolloutOptions(args);
} catch (error) {
  fail(`${(error as Error).message} (npm run rollout -- --help shows the usage)`);
}

const stop = new AbortController();
process.on('SIGINT', () => {
  // The first Ctrl-C ends the episodes playing cleanly; a second quits at once (what is durable is kept either way).
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
});
process.on('SIGTERM', () => stop.abort());

try {
  const outcome = await rollout(options, {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    tty: Boolean(process.stderr.isTTY),
    stop: stop.signal,
  });
  process.exit(outcome.exitCode);
} catch (error) {
  const key = options.config.agent.kind === 'model' ? process.env[options.apiKeyEnv] : undefined;
  console.error(`rollout: ${redactText((error as Error)?.message ?? String(error), key ?? '')}`);
  process.exit(1);
}
