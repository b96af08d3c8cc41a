// The browser killed mid-run (SIGKILL, no chance to clean up) loses no step the page reported recorded: after a
// restart on the same profile every such step is there, the sessions cut off are marked interrupted, and they replay.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import config from '../../playwright.config.ts';

const launch = config.use!.launchOptions!;
const baseURL = config.use!.baseURL!;

/** Kills every process of the browser started with `profile`, at once, the way a crash or the OOM killer would. */
function killBrowser(profile: string): number {
  let killed = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      process.kill(Number(pid), 'SIGKILL');
      killed++;
    } catch {
      // gone already
    }
  }
  return killed;
}

async function openApp(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, { ...launch, headless: true });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(baseURL);
  await page.waitForFunction(() => window.crafterWeb !== undefined);
  return { context, page };
}

test('a browser killed mid-run keeps every step it reported recorded', async () => {
  test.setTimeout(180_000);
  const profile = mkdtempSync(join(tmpdir(), 'crafter-kill-'));
  try {
    const { page } = await openApp(profile);
    const runId = await page.evaluate(async () => {
      const status = await window.crafterWeb!.api.runs.start({
        name: 'kill test', seeds: [11, 12, 13, 14], episodes: 4, stepLimit: 10000, parallel: 2, requestsPerMinute: 0,
        agent: { kind: 'builtin', policy: 'scripted', promptStyle: 'language' },
      } as never);
      return status.runId;
    });
    // What the page reports as recorded (durable): per session, and the run's total; the last report before the kill counts.
    let reported: { total: number; sessions: Record<string, number> } = { total: 0, sessions: {} };
    const deadline = Date.now() + 2500 + Math.floor(Math.random() * 2500);
    while (Date.now() < deadline) {
      reported = await page.evaluate(async (id) => {
        const api = window.crafterWeb!.api;
        const [status, sessions] = await Promise.all([api.runs.status(id), api.listSessions()]);
        return { total: status.steps, sessions: Object.fromEntries(sessions.map((s) => [s.id, s.length])) };
      }, runId);
    }
    expect(reported.total).toBeGreaterThan(0);
    expect(killBrowser(profile)).toBeGreaterThan(0);

    const { context, page: after } = await openApp(profile);
    await after.evaluate(() => window.crafterWeb!.api.storeStatus());
    // Sessions cut off show as interrupted at once, and are ended so once the store has recovered them in the background.
    await expect.poll(async () => after.evaluate(async () => (await window.crafterWeb!.api.listSessions()).filter((s) => s.endedAt === null).length), { timeout: 30_000 }).toBe(0);
    const stored = await after.evaluate(async () => (await window.crafterWeb!.api.listSessions()).map((s) => ({ id: s.id, length: s.length, state: s.state, endReason: s.endReason })));
    const byId = new Map(stored.map((s) => [s.id, s]));
    for (const [id, length] of Object.entries(reported.sessions)) {
      expect(byId.get(id), `session ${id} is kept`).toBeDefined();
      expect(byId.get(id)!.length, `session ${id} keeps the ${length} steps reported`).toBeGreaterThanOrEqual(length);
    }
    expect(stored.reduce((sum, s) => sum + s.length, 0)).toBeGreaterThanOrEqual(reported.total);
    const interrupted = stored.filter((s) => s.state === 'interrupted');
    expect(interrupted.length).toBeGreaterThan(0);
    expect(interrupted.every((s) => s.endReason === 'interrupted')).toBe(true);
    // An interrupted session replays whole: its records read back, one per step taken plus the reset.
    const first = interrupted[0];
    const records = await after.evaluate(async (id) => (await window.crafterWeb!.api.readSession(id)).steps.length, first.id);
    expect(records).toBe(first.length + 1);
    await context.close();
  } finally {
    killBrowser(profile);
    rmSync(profile, { recursive: true, force: true });
  }
});
