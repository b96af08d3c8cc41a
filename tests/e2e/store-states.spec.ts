// The trace store's states as the page shows them: a full quota holds recording (and a delete lets it go on), a
// second tab records in memory only and says so for as long as it lasts, a closed tab's sessions come back
// interrupted with their steps, and "replace" asks first and never touches a session being recorded.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import initSqlJs from 'sql.js';
import { writeTraceFile } from './trace-fixtures.ts';

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'views' }).getByRole('button', { name, exact: true });
const runField = (page: Page, name: string) => page.getByRole('form', { name: 'run settings' }).locator(`[name="${name}"]`);

async function startRun(page: Page, run: { agent?: string; seeds: string; episodes: number; stepLimit: number }): Promise<void> {
  await tab(page, 'Run').click();
  await runField(page, 'agent').selectOption(run.agent ?? 'scripted');
  await runField(page, 'seeds').fill(run.seeds);
  await runField(page, 'episodes').fill(String(run.episodes));
  await runField(page, 'stepLimit').fill(String(run.stepLimit));
  await runField(page, 'parallel').fill('1');
  await page.getByRole('button', { name: 'Start run' }).click();
}

const runSteps = async (page: Page) => Number(/(\d+) steps/.exec((await page.getByRole('region', { name: 'run progress' }).locator('p').first().textContent()) ?? '')?.[1] ?? 0);

test('a full quota holds the run with a message pointing at Sessions; after a delete, recording goes on', async ({ page, context, baseURL }) => {
  test.setTimeout(300_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 4_000_000 });
  await page.goto('/');
  await startRun(page, { seeds: '1-24', episodes: 24, stepLimit: 150 });

  const banner = page.getByTestId('storage-blocked');
  await expect(banner).toContainText("Recording is held: The browser's storage for this page is full", { timeout: 60_000 });
  await expect(banner).toContainText('Delete sessions you no longer need (download them first to keep them) in the Sessions tab');
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('run-pause-message')).toContainText('storage for this page is full');

  // Each time storage is full: delete what is recorded already; the run goes on by itself (nobody presses Resume).
  const runResultState = page.getByTestId('results-table').locator('tr[data-row="State"] td').first();
  let deletes = 0;
  for (;;) {
    const outcome = await Promise.race([
      banner.waitFor({ state: 'visible', timeout: 90_000 }).then(() => 'full', () => 'timeout'),
      expect(runResultState).toHaveText('finished', { timeout: 90_000 }).then(() => 'finished', () => 'timeout'),
    ]);
    if (outcome !== 'full') break;
    await banner.getByRole('button', { name: 'Go to Sessions' }).click();
    await page.getByRole('checkbox', { name: 'select the sessions on this page' }).check();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByTestId('confirm').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId('sessions-message')).toContainText('Deleted');
    // The browser frees deleted bytes in the background (Chromium took over 15 s at times): the page tries again
    // as they are freed, nobody presses a button.
    await expect(banner).toHaveCount(0, { timeout: 75_000 });
    deletes++;
    expect(deletes).toBeLessThan(24);
    // The run goes on by itself: playing again (until storage is full again), or done.
    await tab(page, 'Run').click();
  }
  expect(deletes).toBeGreaterThan(0);
  await expect(page.getByTestId('results-table').locator('tr[data-row="Episodes (complete / all)"] td').first()).toHaveText('24 / 24', { timeout: 90_000 });
  // Nothing held was lost: each session kept has every step it took.
  await tab(page, 'Sessions').click();
  await expect(page.locator('tr[data-session]').first()).toBeVisible();
  for (const row of await page.locator('tr[data-session]').all()) {
    await expect(row.getByTestId('session-end')).toHaveText(/reached the step limit|died/);
    if ((await row.getByTestId('session-end').textContent()) === 'reached the step limit') await expect(row.getByTestId('session-length')).toHaveText('150');
  }
});

test('a second tab records in memory only, says so for as long as it lasts, and never calls it saved', async ({ context }) => {
  const first = await context.newPage();
  await first.goto('/');
  await expect(first.getByTestId('frame')).toBeVisible();
  const second = await context.newPage();
  await second.goto('/');
  const memory = second.getByTestId('memory-only');
  await expect(memory).toContainText('Memory only: steps recorded in this tab are not saved');
  await expect(memory).toContainText('open in another tab');

  await expect(second.getByTestId('game')).toBeFocused();
  await second.keyboard.press('KeyD');
  await second.keyboard.press('KeyS');
  await expect(second.getByTestId('step-count')).toHaveText('2');
  await expect(second.getByTestId('recording')).toContainText('Recording: 2 steps, kept in memory only (not saved).');
  await second.getByRole('button', { name: 'Stop' }).click();
  await expect(second.getByTestId('recording')).toContainText('Episode over: stopped, 2 steps, kept in memory only (not saved).');
  await expect(second.getByTestId('recording')).not.toContainText('all saved');
  await tab(second, 'Sessions').click();
  await expect(second.getByTestId('store-summary')).toContainText('1 session');
  await expect(second.getByTestId('store-summary')).toContainText('in memory only, not saved');
  await expect(memory).toBeVisible();
  await tab(second, 'Export').click();
  await expect(memory).toBeVisible();

  // The tab holding the store keeps saving, with no such banner.
  await expect(first.getByTestId('memory-only')).toHaveCount(0);
  await first.keyboard.press('KeyD');
  await expect(first.getByTestId('recording')).toContainText('Recording: 1 step, all saved.');
});

test('a closed tab leaves its sessions interrupted, with their steps, replayable, downloadable and counted as such', async ({ context }, testInfo) => {
  const page = await context.newPage();
  await page.goto('/');
  await startRun(page, { seeds: '3', episodes: 1, stepLimit: 10000 });
  await expect.poll(() => runSteps(page), { timeout: 30_000 }).toBeGreaterThan(200);
  await page.close();

  const again = await context.newPage();
  await again.goto('/');
  await tab(again, 'Sessions').click();
  const row = again.locator('tr[data-session]').filter({ hasText: 'builtin' });
  await expect(row.getByTestId('session-end')).toHaveText('interrupted (the page closed while recording)');
  const steps = Number((await row.getByTestId('session-length').textContent())!.replace(/,/g, ''));
  expect(steps).toBeGreaterThan(100);

  await row.getByRole('button', { name: 'Replay' }).click();
  await expect(again.getByTestId('replay-summary')).toContainText('interrupted (the page closed while recording)');
  await again.getByRole('button', { name: 'Verify' }).click();
  await expect(again.getByTestId('verify-result')).toHaveText(/^Verified: all [\d,]+ frames match the re-simulation\.$/);
  await again.getByRole('button', { name: 'Back to sessions' }).click();

  const [download] = await Promise.all([again.waitForEvent('download'), row.getByRole('button', { name: 'Download' }).click()]);
  const path = testInfo.outputPath('interrupted.db');
  await download.saveAs(path);
  const db = new (await initSqlJs()).Database(new Uint8Array(readFileSync(path)));
  const [[reason, stored]] = db.exec('SELECT s.end_reason, count(t.step_index) FROM session_traces s JOIN session_timesteps t USING (session_id) GROUP BY s.session_id')[0].values;
  expect(reason).toBe('interrupted');
  expect(stored).toBe(steps + 1);
  db.close();

  await tab(again, 'Run').click();
  const results = again.getByTestId('results-episodes');
  await results.locator('..').locator('summary').click();
  await expect(results.locator('tbody tr').first()).toContainText('interrupted (the page closed while recording)');
  await expect(again.getByTestId('results-table').locator('tr[data-row="Episodes (complete / all)"] td')).toHaveText('0 / 1');
});

test('replace asks first, and never touches a session being recorded', async ({ page }, testInfo) => {
  const file = testInfo.outputPath('replacement.db');
  await writeTraceFile(file, [
    { source: 'human', seed: 91, startedAt: '2025-02-01T10:00:00.000Z', steps: 3, endReason: 'stopped' },
    { source: 'human', seed: 92, startedAt: '2025-02-02T10:00:00.000Z', steps: 4, endReason: 'died' },
  ]);
  await page.goto('/');
  await startRun(page, { seeds: '1', episodes: 1, stepLimit: 5 });
  await expect(page.getByTestId('run-state')).toHaveText('finished');
  await startRun(page, { seeds: '2', episodes: 1, stepLimit: 3000 });
  await page.getByRole('region', { name: 'run progress' }).getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');

  await tab(page, 'Sessions').click();
  await expect(page.locator('tr[data-session]')).toHaveCount(2);
  const recording = page.locator('tr[data-session]').filter({ has: page.getByTestId('session-end').getByText('recording', { exact: true }) });
  const recordingId = await recording.getAttribute('data-session');
  await page.getByRole('radio', { name: /replace/ }).check();
  await page.getByTestId('import-file').setInputFiles(file);
  const confirm = page.getByTestId('confirm');
  await expect(confirm).toContainText('Replace the 1 session in this store with those of replacement.db? They are deleted');
  await expect(confirm).toContainText('The 1 session being recorded now is kept and goes on recording.');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('tr[data-session]')).toHaveCount(2);

  await page.getByTestId('import-file').setInputFiles(file);
  await confirm.getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByTestId('sessions-message')).toContainText('Imported 2 sessions (7 steps), skipped 0.');
  await expect(page.locator('tr[data-session]')).toHaveCount(3);
  await expect(page.locator(`tr[data-session="${recordingId}"]`).getByTestId('session-end')).toHaveText('recording');
  await expect(page.locator('tr[data-session]').filter({ hasText: 'human' })).toHaveCount(2);

  // The run goes on recording into the session it kept.
  await tab(page, 'Run').click();
  await page.getByRole('region', { name: 'run progress' }).getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });
  await tab(page, 'Sessions').click();
  const kept = page.locator(`tr[data-session="${recordingId}"]`);
  await expect(kept.getByTestId('session-end')).toHaveText(/reached the step limit|died/);
  expect(Number((await kept.getByTestId('session-length').textContent())!.replace(/,/g, ''))).toBeGreaterThan(100);
});
