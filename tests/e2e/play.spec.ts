// Human play end to end: 30 keyboard steps on a fixed seed are recorded, survive a reload, replay and verify,
// download as a SQLite file holding every step, and import into a fresh browser profile.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import initSqlJs from 'sql.js';
import { LockstepPlanner } from './planner.ts';

const SEED = 1;
const STEPS = 30;
const KEY_NAMES: Record<string, string> = { ' ': 'Space', w: 'KeyW', a: 'KeyA', s: 'KeyS', d: 'KeyD' };

async function frameDataUrl(page: Page): Promise<string> {
  return page.getByTestId('frame').evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
}

test('keyboard play is recorded, replayed, verified, downloaded and imported', async ({ page, browser }, testInfo) => {
  await page.goto('/');
  await expect(page.getByTestId('frame')).toBeVisible();
  await page.getByTestId('seed-input').fill(String(SEED));
  await page.getByRole('button', { name: 'New world' }).click();
  await expect(page.getByTestId('recording')).toContainText(`Seed ${SEED}, episode 1`);
  await expect(page.getByTestId('recording')).toContainText('Ready');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const firstFrame = await frameDataUrl(page);

  // Typing into a field must not play.
  await page.getByTestId('seed-input').press('KeyW');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page.getByTestId('step-count')).toHaveText('0');

  const planner = new LockstepPlanner(SEED);
  // One key at a time, each after the previous frame, as a person plays: this is what the latency measures.
  for (let i = 0; i < STEPS; i++) {
    await page.keyboard.press(KEY_NAMES[planner.nextKey()]);
    await expect(page.getByTestId('step-count')).toHaveText(String(i + 1));
  }
  await expect(page.getByTestId('step-count')).toHaveText(String(STEPS));
  await expect(page.getByTestId('recording')).toContainText(`${STEPS + 1} saved`);
  expect(planner.env.player.item('wood')).toBeGreaterThan(0);
  await expect(page.getByTestId('inventory')).toContainText(`wood: ${planner.env.player.item('wood')}`);
  expect(await frameDataUrl(page)).not.toBe(firstFrame);

  const latencies = await page.evaluate(() => window.__keyToFrameMs ?? []);
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const figures = { samples: sorted.length, p50_ms: pct(0.5), p95_ms: pct(0.95), max_ms: sorted[sorted.length - 1] };
  console.log(`key press to frame drawn: ${JSON.stringify(figures)}`);
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/key-to-frame.json', JSON.stringify({ ...figures, latencies }, null, 2));
  await testInfo.attach('key-to-frame', { body: JSON.stringify(figures), contentType: 'application/json' });

  // After a reload the session is there with every step.
  await page.reload();
  await page.getByRole('button', { name: 'Sessions' }).click();
  const row = page.locator('tr[data-session]').filter({ hasText: 'human' }).first();
  await expect(row.getByTestId('session-length')).toHaveText(String(STEPS));

  await row.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByTestId('replay-position')).toHaveText(`1 / ${STEPS + 1}`);
  await page.getByTestId('replay-slider').fill('5');
  await expect(page.getByTestId('replay-position')).toHaveText(`6 / ${STEPS + 1}`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('verify-result')).toHaveText(`Verified: all ${STEPS + 1} frames match the re-simulation.`);

  // Download the store: a SQLite file holding the session's steps and frames.
  await page.getByRole('button', { name: 'Back to sessions' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download store (.db)' }).click()]);
  const path = testInfo.outputPath('store.db');
  await download.saveAs(path);
  const bytes = new Uint8Array(readFileSync(path));
  expect(new TextDecoder().decode(bytes.slice(0, 15))).toBe('SQLite format 3');
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  const [[sessions]] = db.exec("SELECT count(*) FROM session_traces WHERE source = 'human'")[0].values;
  expect(sessions).toBeGreaterThanOrEqual(1);
  const counts = db.exec("SELECT s.session_id, count(t.step_index), count(t.frame_id) FROM session_traces s JOIN session_timesteps t USING (session_id) WHERE s.source = 'human' GROUP BY s.session_id")[0].values;
  expect(counts.some(([, n, frames]) => n === STEPS + 1 && frames === STEPS + 1)).toBe(true);
  db.close();

  // A fresh profile imports it.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/');
  await other.getByRole('button', { name: 'Sessions' }).click();
  await expect(other.getByText('No sessions yet')).toBeVisible();
  await other.getByTestId('import-file').setInputFiles(path);
  await expect(other.locator('tr[data-session]').filter({ hasText: 'human' }).getByTestId('session-length').first()).toHaveText(String(STEPS));
  await fresh.close();
});

test('a bad import file gives a clear error and changes nothing', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sessions' }).click();
  const before = await page.locator('tr[data-session]').count();
  const path = testInfo.outputPath('not-a-db.db');
  writeFileSync(path, 'this is not a database');
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page.getByRole('alert')).toContainText('Could not import not-a-db.db');
  await expect(page.locator('tr[data-session]')).toHaveCount(before);
});

test('a key pressed while a new world is being made plays in the new world', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('frame')).toBeVisible();
  await page.getByTestId('seed-input').fill('5');
  await page.getByRole('button', { name: 'New world' }).click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('KeyN');
  await expect(page.getByTestId('recording')).toContainText('Seed 5, episode 1');
  await expect(page.getByTestId('step-count')).toHaveText('1');
  await expect(page.getByTestId('recording')).toContainText('2 saved');
});
