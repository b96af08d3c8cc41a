// The Sessions tab and its files: paging past 1,000 sessions; filters, sort and many selected at once; import and
// download messages in words; a damaged file's error in one sentence; one length and one end name everywhere; a long
// replay's slider, step field and keys; a texture folder chosen or dropped.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { encode } from 'fast-png';
import initSqlJs from 'sql.js';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import { writeTraceFile, type FixtureSession } from './trace-fixtures.ts';

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'views' }).getByRole('button', { name, exact: true });
const range = (page: Page) => page.getByTestId('pager-range');
const filters = (page: Page) => page.getByRole('form', { name: 'session filters' });

test('more than 1,000 sessions page through, and the last can be replayed and deleted', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await tab(page, 'Run').click();
  const field = (name: string) => page.getByRole('form', { name: 'run settings' }).locator(`[name="${name}"]`);
  await field('agent').selectOption('random');
  await field('seeds').fill('1-1030');
  await field('episodes').fill('1030');
  await field('stepLimit').fill('1');
  await field('parallel').fill('16');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 180_000 });

  await tab(page, 'Sessions').click();
  await expect(range(page)).toHaveText('Sessions 1–50 of 1,030');
  await page.getByRole('button', { name: 'last page' }).click();
  await expect(range(page)).toHaveText('Sessions 1,001–1,030 of 1,030');
  const rows = page.locator('tr[data-session]');
  await expect(rows).toHaveCount(30);

  const last = rows.last();
  await last.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByTestId('replay-position')).toHaveText('step 0 of 1');
  await page.getByRole('button', { name: 'Back to sessions' }).click();
  await expect(range(page)).toHaveText('Sessions 1,001–1,030 of 1,030');
  await rows.last().getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('confirm')).toContainText('Delete 1 session (1 step, ');
  await page.getByTestId('confirm').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('sessions-message')).toContainText('Deleted 1 session (1 step, ');
  await expect(range(page)).toHaveText('Sessions 1,001–1,029 of 1,029');

  await page.locator('select[name="pageSize"]').selectOption('250');
  await expect(page.getByRole('navigation', { name: 'pages of sessions' })).toContainText('of 5');
});

const FIXTURE: FixtureSession[] = [
  ...Array.from({ length: 12 }, (_, i): FixtureSession => ({ source: 'human', seed: i + 1, startedAt: `2025-03-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`, steps: i + 1, endReason: i % 2 ? 'died' : 'stopped' })),
  ...Array.from({ length: 8 }, (_, i): FixtureSession => ({ source: 'model', policy: 'alpha-vl', seed: 20 + i, startedAt: `2025-04-10T1${i}:00:00.000Z`, steps: 5, endReason: 'step_limit' })),
  ...Array.from({ length: 5 }, (_, i): FixtureSession => ({ source: 'model', policy: 'beta-vl', seed: 30 + i, startedAt: `2025-04-11T1${i}:00:00.000Z`, steps: 4, endReason: 'error' })),
  ...Array.from({ length: 6 }, (_, i): FixtureSession => ({ source: 'builtin', policy: 'scripted', seed: 40 + i, startedAt: `2025-05-01T1${i}:00:00.000Z`, steps: 20, endReason: 'interrupted' })),
];
const FIXTURE_STEPS = FIXTURE.reduce((sum, s) => sum + s.steps, 0);

test('filters by source, model, date and end reason; sorts; selects many to download or delete', async ({ page }, testInfo) => {
  const path = testInfo.outputPath('fixture.db');
  await writeTraceFile(path, FIXTURE);
  await page.goto('/');
  await tab(page, 'Sessions').click();
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page.getByTestId('sessions-message')).toHaveText(`Imported 31 sessions (${FIXTURE_STEPS} steps), skipped 0.`);
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page.getByTestId('sessions-message')).toHaveText('Imported 0 sessions (0 steps), skipped 31 already in the store.');
  await expect(range(page)).toHaveText('Sessions 1–31 of 31');

  const f = (name: string) => filters(page).locator(`[name="${name}"]`);
  await f('source').selectOption('model');
  await expect(range(page)).toHaveText('Sessions 1–13 of 13');
  await f('model').selectOption('alpha-vl');
  await expect(range(page)).toHaveText('Sessions 1–8 of 8');
  await filters(page).getByRole('button', { name: 'Clear filters' }).click();
  await f('end').selectOption('died');
  await expect(range(page)).toHaveText('Sessions 1–6 of 6');
  await f('end').selectOption('interrupted');
  await expect(page.locator('tr[data-session]').first().getByTestId('session-end')).toHaveText('interrupted (the page closed while recording)');
  await filters(page).getByRole('button', { name: 'Clear filters' }).click();
  await f('from').fill('2025-04-11');
  await f('to').fill('2025-04-11');
  await expect(range(page)).toHaveText('Sessions 1–5 of 5');
  await filters(page).getByRole('button', { name: 'Clear filters' }).click();

  // Sort by steps, largest first, then the other way round.
  await page.getByRole('button', { name: 'Steps' }).click();
  await expect(page.getByTestId('session-length').first()).toHaveText('20');
  await page.getByRole('button', { name: 'Steps' }).click();
  await expect(page.getByTestId('session-length').first()).toHaveText('1');

  // Select a page, then every matching session, and download them.
  await page.locator('select[name="pageSize"]').selectOption('25');
  await page.getByRole('checkbox', { name: 'select the sessions on this page' }).check();
  await expect(page.getByTestId('selection')).toContainText('25 sessions (');
  await page.getByRole('button', { name: 'Select all 31 matching sessions' }).click();
  await expect(page.getByTestId('selection')).toContainText(`31 sessions (${FIXTURE_STEPS} steps, `);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download selected' }).click()]);
  const saved = testInfo.outputPath('selected.db');
  await download.saveAs(saved);
  await expect(page.getByTestId('sessions-message')).toHaveText(/^Downloaded 31 sessions \(\d+(\.\d+)? (kB|MB)\) as crafter-traces-.*\.db\.$/);
  const db = new (await initSqlJs()).Database(new Uint8Array(readFileSync(saved)));
  expect(db.exec('SELECT count(*) FROM session_traces')[0].values[0][0]).toBe(31);
  db.close();

  // Delete the people's sessions at once.
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await f('source').selectOption('human');
  await page.getByRole('checkbox', { name: 'select the sessions on this page' }).check();
  await page.getByRole('button', { name: 'Delete selected' }).click();
  await expect(page.getByTestId('confirm')).toContainText('Delete 12 sessions (78 steps, ');
  await page.getByTestId('confirm').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('sessions-message')).toContainText('Deleted 12 sessions (78 steps, ');
  await expect(range(page)).toHaveText('No sessions');
  await filters(page).getByRole('button', { name: 'Clear filters' }).click();
  await expect(range(page)).toHaveText('Sessions 1–19 of 19');
});

test('a damaged file is refused in one sentence, the details folded away', async ({ page }, testInfo) => {
  const path = testInfo.outputPath('sound.db');
  await writeTraceFile(path, FIXTURE.slice(0, 6));
  const bytes = new Uint8Array(readFileSync(path));
  // Garbage over the pages after the first few: a file SQLite opens but finds damaged.
  for (let i = 16 * 1024; i < bytes.length - 4096; i += 7) bytes[i] = (i * 31) & 0xff;
  const damaged = testInfo.outputPath('damaged.db');
  writeFileSync(damaged, bytes);

  await page.goto('/');
  await tab(page, 'Sessions').click();
  await page.getByTestId('import-file').setInputFiles(damaged);
  const error = page.getByTestId('sessions-error');
  await expect(error).toContainText('Could not import damaged.db:');
  const sentence = (await error.locator('p').first().textContent()) ?? '';
  expect(sentence.length).toBeLessThan(300);
  await expect(error.locator('details')).toBeVisible();
  await error.getByText('Details').click();
  await expect(error.locator('pre')).toBeVisible();
  await expect(page.locator('tr[data-session]')).toHaveCount(0);
});

test('one length (steps taken) and one name per end reason in the list, the delete question and the replay', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('game')).toBeFocused();
  await page.keyboard.press('KeyN');
  await expect(page.getByTestId('step-count')).toHaveText('1');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('recording')).toContainText('Episode over: stopped, 1 step, all saved.');

  await tab(page, 'Sessions').click();
  const row = page.locator('tr[data-session]').first();
  await expect(row.getByTestId('session-length')).toHaveText('1');
  await expect(row.getByTestId('session-end')).toHaveText('stopped');
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('confirm')).toContainText('Delete 1 session (1 step, ');
  await page.getByTestId('confirm').getByRole('button', { name: 'Cancel' }).click();
  await row.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByTestId('replay-position')).toHaveText('step 0 of 1');
  await expect(page.getByTestId('replay-summary')).toContainText('1 step · stopped');
});

test('a long replay: a wide slider, a step number field and arrow keys', async ({ page }, testInfo) => {
  const path = testInfo.outputPath('long.db');
  await writeTraceFile(path, [{ source: 'human', seed: 5, startedAt: '2025-06-01T10:00:00.000Z', steps: 2000, endReason: 'step_limit' }]);
  await page.goto('/');
  await tab(page, 'Sessions').click();
  await page.getByTestId('import-file').setInputFiles(path);
  await page.locator('tr[data-session]').getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByTestId('replay-position')).toHaveText('step 0 of 2,000');
  const slider = page.getByTestId('replay-slider');
  expect((await slider.boundingBox())!.width).toBeGreaterThan(600);

  await page.getByTestId('replay-step').fill('1234');
  await page.getByTestId('replay-step').press('Enter');
  await expect(page.getByTestId('replay-position')).toHaveText('step 1,234 of 2,000');
  await page.getByRole('region', { name: 'replay' }).getByRole('button', { name: 'Play' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('replay-position')).toHaveText('step 1,235 of 2,000');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('replay-position')).toHaveText('step 1,245 of 2,000');
  await page.keyboard.press('End');
  await expect(page.getByTestId('replay-position')).toHaveText('step 2,000 of 2,000');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('replay-position')).toHaveText('step 1,999 of 2,000');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('replay-position')).toHaveText('step 0 of 2,000');
});

test("the texture pack's folder can be chosen, or dropped with its files", async ({ page }, testInfo) => {
  // A folder like crafter/assets: every texture as a PNG named by it, and other files beside them.
  const folder = testInfo.outputPath('assets');
  mkdirSync(folder, { recursive: true });
  const files: { name: string; bytes: number[] }[] = [];
  for (const [name, image] of builtinPack().textures) {
    const png = encode({ width: image.width, height: image.height, data: image.data, channels: 4 });
    writeFileSync(join(folder, `${name}.png`), png);
    files.push({ name: `${name}.png`, bytes: [...png] });
  }
  writeFileSync(join(folder, 'LICENSE'), 'not a texture');

  await page.goto('/');
  await tab(page, 'Settings').click();
  await page.getByTestId('pack-folder').setInputFiles(folder);
  await expect(page.getByTestId('pack-info')).toContainText('crafter-original');
  await expect(page.getByRole('status').filter({ hasText: 'Using crafter-original' })).toBeVisible();

  await page.getByRole('button', { name: 'Use the built-in pack' }).click();
  await expect(page.getByTestId('pack-info')).toContainText('(built-in)');
  await page.getByTestId('pack-drop').evaluate((zone, dropped) => {
    const data = new DataTransfer();
    for (const f of dropped) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'image/png' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, files);
  await expect(page.getByTestId('pack-info')).toContainText('crafter-original');
});
