// npm run bench:page -- [--json] [--steps N] [--seconds S] [--port P] [--no-build]: the trace store measured in the
// page, in Debian's Chromium. Fills a store to N steps (default 200,000) with the built-in scripted agent, frames on,
// then measures recording speed, the longest stall, the browser's memory while recording and while downloading the
// whole store, how long the store takes to open, and whether deleting sessions frees storage. The last line is one
// JSON object of the figures (design.md's contract).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { command } from './lib/args.ts';
import { median } from './bench/stats.ts';

const args = command({
  name: 'bench-page',
  invocation: 'npm run bench:page --',
  summary: 'The trace store measured in the page, in Chromium: recording speed and stalls, memory, opening, download, delete.',
  options: {
    json: { type: 'boolean', help: 'end with one JSON line of the figures (always printed last)' },
    steps: { type: 'number', integer: true, min: 0, default: 200_000, value: 'N', help: 'fill the store to at least this many steps first' },
    seconds: { type: 'number', min: 1, default: 60, value: 's', help: 'how long each recording measurement runs' },
    port: { type: 'number', integer: true, min: 1, max: 65535, default: 4310, help: 'port for the built app' },
    'no-build': { type: 'boolean', help: 'use the app already in dist/' },
  },
});
const STORE_STEPS = args.steps;
const SECONDS = args.seconds;
const PORT = args.port;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const log = (line: string) => console.log(line);

/**
 * Resident memory of the whole browser (every process started with its profile folder), in MB: the sum of each
 * process's proportional set size, so pages the processes share (the Chromium binary, say) count once.
 */
function browserRssMb(profile: string): number {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kb += match ? Number(match[1]) : 0;
    } catch {
      // The process ended while we looked.
    }
  }
  return kb / 1024;
}

/** Samples the browser's memory every 250 ms until stopped; gives the samples. */
function sampleRss(profile: string): { stop: () => number[] } {
  const samples: number[] = [browserRssMb(profile)];
  const timer = setInterval(() => samples.push(browserRssMb(profile)), 250);
  return { stop: () => (clearInterval(timer), [...samples, browserRssMb(profile)]) };
}

async function startServer(): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer on port ${PORT}`);
}

async function openApp(page: Page): Promise<number> {
  const started = Date.now();
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.waitForFunction(() => window.crafterWeb !== undefined, null, { timeout: 120_000 });
  log(`  page ready in ${Date.now() - started} ms`);
  return page.evaluate(() => window.crafterWeb!.info.storeOpenMs);
}

/** Steps taken in every session of the store. */
function storeSteps(page: Page): Promise<number> {
  return page.evaluate(async () => (await window.crafterWeb!.api.listSessions()).reduce((sum, s) => sum + s.length, 0));
}

/** Starts a scripted run of `parallel` episodes at a time over fresh seeds; returns its id. */
function startRun(page: Page, name: string, firstSeed: number, parallel: number): Promise<string> {
  return page.evaluate(async ({ name, firstSeed, parallel }) => {
    const seeds = Array.from({ length: 2000 }, (_, i) => firstSeed + i);
    const status = await window.crafterWeb!.api.runs.start({
      name, seeds, episodes: seeds.length, stepLimit: 10000, parallel, requestsPerMinute: 0,
      agent: { kind: 'builtin', policy: 'scripted', promptStyle: 'language' },
    } as never);
    return status.runId;
  }, { name, firstSeed, parallel });
}

/**
 * Until the store has written every step and sealed every ended session: a page closed before that leaves the
 * sealing to the next opening, whose work would fall on the measured run (a crash's recovery, not recording).
 */
async function storeSettled(page: Page): Promise<void> {
  for (;;) {
    const { pendingSteps, sealingSessions } = await page.evaluate(() => window.crafterWeb!.api.storeStatus());
    if (pendingSteps === 0 && sealingSessions === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const runSteps = (page: Page, runId: string) => page.evaluate(async (id) => (await window.crafterWeb!.api.runs.status(id)).steps, runId);
const stopRun = (page: Page, runId: string) => page.evaluate(async (id) => void (await window.crafterWeb!.api.runs.stop(id)), runId);

/**
 * Records for `seconds` with `parallel` episodes at a time: durable steps per second from the first recorded step on,
 * the longest gap between two recorded steps, how long the first one took to come, memory.
 */
async function measureRecording(page: Page, profile: string, parallel: number, firstSeed: number, seconds: number) {
  const runId = await startRun(page, `bench record x${parallel}`, firstSeed, parallel);
  const memory = sampleRss(profile);
  const start = performance.now();
  let first: { at: number; steps: number } | null = null;
  let last = { at: start, steps: 0 };
  const gaps: Array<{ ms: number; at: number; steps: number }> = [];
  while (performance.now() - start < seconds * 1000) {
    const steps = await runSteps(page, runId);
    const now = performance.now();
    if (steps > last.steps) {
      if (first) gaps.push({ ms: now - last.at, at: last.at - start, steps: last.steps });
      else first = { at: now, steps };
      last = { at: now, steps };
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await stopRun(page, runId);
  const samples = memory.stop();
  if (!first || last.at === first.at) throw new Error(`the run recorded ${last.steps} steps in ${seconds} s: too few to measure`);
  const longest = gaps.sort((a, b) => b.ms - a.ms).slice(0, 5);
  log(`  longest gaps: ${longest.map((gap) => `${Math.round(gap.ms)} ms after step ${gap.steps} (${(gap.at / 1000).toFixed(1)} s in)`).join(', ')}`);
  return {
    stepsPerSecond: (last.steps - first.steps) / ((last.at - first.at) / 1000),
    longestStall: longest[0]?.ms ?? 0,
    firstStepMs: first.at - start,
    rss: median(samples),
    rssMax: Math.max(...samples),
  };
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  if (!args['no-build']) {
    log('building the app…');
    const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const server = await startServer();
  const profile = mkdtempSync(join(tmpdir(), 'crafter-bench-page-'));
  const downloads = mkdtempSync(join(tmpdir(), 'crafter-bench-downloads-'));
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, headless: true, acceptDownloads: true, downloadsPath: downloads });
    const page = context.pages()[0] ?? (await context.newPage());
    await openApp(page);

    let filled = await storeSteps(page);
    log(`filling the store to ${STORE_STEPS} steps (it holds ${filled})…`);
    if (filled < STORE_STEPS) {
      const runId = await startRun(page, 'bench fill', 1_000_000 + filled, Math.max(1, cpus().length));
      while (filled < STORE_STEPS) {
        await new Promise((r) => setTimeout(r, 2000));
        filled = (await storeSteps(page)) + 0;
        const live = await runSteps(page, runId);
        process.stdout.write(`\r  ${filled} steps stored, ${live} in this fill run   `);
      }
      await stopRun(page, runId);
      process.stdout.write('\n');
    }
    await storeSettled(page);
    const storeStepCount = await storeSteps(page);

    log('reopening the page to time the store opening…');
    await page.reload();
    await page.waitForFunction(() => window.crafterWeb !== undefined, null, { timeout: 120_000 });
    const openMs = await page.evaluate(() => window.crafterWeb!.info.storeOpenMs);
    await page.evaluate(() => window.crafterWeb!.api.storeStatus());

    log(`recording for ${SECONDS} s, one episode at a time…`);
    const single = await measureRecording(page, profile, 1, 5_000_000, SECONDS);
    await storeSettled(page);
    log(`recording for ${SECONDS} s, ${cpus().length} episodes at a time…`);
    const parallel = await measureRecording(page, profile, Math.max(1, cpus().length), 6_000_000, SECONDS);

    // Deleting first: a download holds the stored files it is made of until the browser lets it go.
    log('deleting a tenth of the sessions…');
    const deleted = await page.evaluate(async () => {
      const api = window.crafterWeb!.api;
      const before = (await navigator.storage.estimate()).usage ?? 0;
      const sessions = await api.listSessions();
      const doomed = sessions.filter((s) => s.state !== 'recording').slice(0, Math.max(1, Math.floor(sessions.length / 10)));
      await api.deleteSessions(doomed.map((s) => s.id));
      // The browser removes deleted files and recounts usage in the background: give it up to 20 s.
      let after = before;
      for (let i = 0; i < 40 && after >= before; i++) {
        await new Promise((r) => setTimeout(r, 500));
        after = (await navigator.storage.estimate()).usage ?? 0;
      }
      return { before, after, bytes: doomed.reduce((sum, s) => sum + s.bytes, 0) };
    });

    log('downloading the whole store…');
    const memory = sampleRss(profile);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 600_000 }),
      page.evaluate(async () => {
        const file = await window.crafterWeb!.api.exportStore();
        const a = document.createElement('a');
        a.href = URL.createObjectURL(file.blob);
        a.download = file.name;
        document.body.append(a);
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      }),
    ]);
    const saved = join(downloads, download.suggestedFilename());
    await download.saveAs(saved);
    const downloadSamples = memory.stop();
    const downloadBytes = statSync(saved).size;
    rmSync(saved);

    const figures = {
      record_steps_per_s: Math.round(single.stepsPerSecond),
      record_steps_per_s_parallel: Math.round(parallel.stepsPerSecond),
      longest_stall_ms: Math.round(Math.max(single.longestStall, parallel.longestStall)),
      first_step_ms: Math.round(Math.max(single.firstStepMs, parallel.firstStepMs)),
      store_steps: storeStepCount,
      rss_mb_recording: Math.round(single.rss),
      rss_mb_recording_max: Math.round(Math.max(single.rssMax, parallel.rssMax)),
      open_ms: Math.round(openMs),
      download_peak_rss_mb: Math.round(Math.max(...downloadSamples)),
      download_mb: Math.round(downloadBytes / 1e6),
      delete_frees_bytes: deleted.after < deleted.before,
      delete_freed_mb: Math.round((deleted.before - deleted.after) / 1e6),
      deleted_sessions_mb: Math.round(deleted.bytes / 1e6),
    };
    for (const [name, value] of Object.entries(figures)) log(`${name.padEnd(28)} ${value}`);
    console.log(JSON.stringify(figures));
  } finally {
    await context?.close();
    if (server.pid) process.kill(-server.pid);
    rmSync(profile, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:page failed: ${(error as Error).message}`);
  process.exit(1);
});
