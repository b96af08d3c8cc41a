// Human play end to end: keyboard steps on a fixed seed are recorded, survive a reload, replay and verify, download
// as a SQLite file holding every step, and import into a fresh browser profile; the game survives a tab switch and
// a reload offers to continue it; Stop, real time, focus and keys, "no effect" reasons and the frame size.
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

/** A new world of `seed` from the seed field, the game focused after it. */
async function newWorld(page: Page, seed: number): Promise<void> {
  await page.getByTestId('seed-input').fill(String(seed));
  await page.getByRole('button', { name: 'New world' }).click();
  await expect(page.getByTestId('recording')).toContainText(`Seed ${seed}, episode 1`);
  await expect(page.getByTestId('recording')).toContainText('Ready');
  await expect(page.getByTestId('game')).toBeFocused();
}

/**
 * Types `typed` into the seed field while the game of seed `shown` is still coming on screen: the game shows, the
 * field keeps the focus and the text, and Enter makes the typed seed's world, which then takes the keys.
 */
async function typeSeedWhileTheGameShows(page: Page, shown: number, typed: number): Promise<void> {
  await page.getByTestId('seed-input').fill(String(typed));
  await expect(page.getByTestId('game').getByText('Starting…')).toHaveCount(0);
  await expect(page.getByTestId('recording')).toContainText(`Seed ${shown}, episode 1`);
  await expect(page.getByTestId('seed-input')).toBeFocused();
  await expect(page.getByTestId('seed-input')).toHaveValue(String(typed));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('recording')).toContainText(`Seed ${typed}, episode 1`);
  await expect(page.getByTestId('game')).toBeFocused();
}

/** Presses `keys` one at a time, each after the previous step is on screen. */
async function play(page: Page, keys: string[]): Promise<void> {
  for (const key of keys) {
    const before = Number(await page.getByTestId('step-count').textContent());
    await page.keyboard.press(key);
    await expect(page.getByTestId('step-count')).toHaveText(String(before + 1));
  }
}

/** A tab of the page by its name in the navigation bar. */
const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'views' }).getByRole('button', { name, exact: true });
const humanRows = (page: Page) => page.locator('tr[data-session]').filter({ hasText: 'human' });

test('keyboard play is recorded, replayed, verified, downloaded and imported', async ({ page, browser }, testInfo) => {
  await page.goto('/');
  await expect(page.getByTestId('frame')).toBeVisible();
  await newWorld(page, SEED);
  const firstFrame = await frameDataUrl(page);

  // Typing into a field must not play.
  await page.getByTestId('seed-input').press('KeyW');
  await expect(page.getByTestId('step-count')).toHaveText('0');
  await page.getByTestId('game').click();

  const planner = new LockstepPlanner(SEED);
  // One key at a time, each after the previous frame, as a person plays: this is what the latency measures.
  for (let i = 0; i < STEPS; i++) {
    await page.keyboard.press(KEY_NAMES[planner.nextKey()]);
    await expect(page.getByTestId('step-count')).toHaveText(String(i + 1));
  }
  await expect(page.getByTestId('recording')).toContainText(`Recording: ${STEPS} steps, all saved.`);
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
  await tab(page, 'Sessions').click();
  const row = humanRows(page).first();
  await expect(row.getByTestId('session-length')).toHaveText(String(STEPS));

  await row.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByTestId('replay-position')).toHaveText(`step 0 of ${STEPS}`);
  await page.getByTestId('replay-slider').fill('5');
  await expect(page.getByTestId('replay-position')).toHaveText(`step 5 of ${STEPS}`);
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
  await tab(other, 'Sessions').click();
  await expect(other.getByText('No sessions yet')).toBeVisible();
  await other.getByTestId('import-file').setInputFiles(path);
  await expect(humanRows(other).getByTestId('session-length').first()).toHaveText(String(STEPS));
  await fresh.close();
});

test('a bad import file gives a clear error and changes nothing', async ({ page }, testInfo) => {
  await page.goto('/');
  await tab(page, 'Sessions').click();
  const before = await page.locator('tr[data-session]').count();
  const path = testInfo.outputPath('not-a-db.db');
  writeFileSync(path, 'this is not a database');
  await page.getByTestId('import-file').setInputFiles(path);
  await expect(page.getByTestId('sessions-error')).toContainText('Could not import not-a-db.db');
  await expect(page.locator('tr[data-session]')).toHaveCount(before);
});

test('a key pressed while a new world is being made plays in the new world', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('frame')).toBeVisible();
  await page.getByTestId('seed-input').fill('5');
  await page.getByRole('button', { name: 'New world' }).click();
  await page.keyboard.press('KeyN');
  await expect(page.getByTestId('recording')).toContainText('Seed 5, episode 1');
  await expect(page.getByTestId('step-count')).toHaveText('1');
  await expect(page.getByTestId('recording')).toContainText('1 step, all saved');
});

test('the first world, made while the seed field is being typed in, leaves the focus and the text there', async ({ page }) => {
  // 1024x1024 frames take long enough to make that the field is reached before the first world is on screen.
  await page.addInitScript(() => localStorage.setItem('crafter-web:settings', JSON.stringify({ frameSize: [1024, 1024], scale: 1 })));
  await page.goto('/');
  await typeSeedWhileTheGameShows(page, 1, 7);
});

test('coming back to the Play tab while the seed field is being typed in leaves the focus and the text there', async ({ page }) => {
  // Steps of a 1024x1024 world still in the worker when the tab comes back: the field is reached before the game shows.
  await page.addInitScript(() => localStorage.setItem('crafter-web:settings', JSON.stringify({ frameSize: [1024, 1024], scale: 1 })));
  await page.goto('/');
  await newWorld(page, 4);
  await tab(page, 'Sessions').click();
  await page.evaluate(() => {
    for (let i = 0; i < 3; i++) void window.crafterWeb!.api.play.act(0, null);
  });
  await tab(page, 'Play').click();
  await typeSeedWhileTheGameShows(page, 4, 8);
});

test('the game survives leaving the Play tab: no new world, no fragment in Sessions', async ({ page }) => {
  await page.goto('/');
  await newWorld(page, 2);
  await play(page, ['KeyD', 'KeyD', 'KeyS', 'KeyS', 'KeyA']);
  const frame = await frameDataUrl(page);

  await tab(page, 'Sessions').click();
  await expect(humanRows(page)).toHaveCount(1);
  await tab(page, 'Play').click();
  await expect(page.getByTestId('step-count')).toHaveText('5');
  expect(await frameDataUrl(page)).toBe(frame);
  await expect(page.getByTestId('game')).toBeFocused();
  await play(page, ['KeyD']);
  await expect(page.getByTestId('recording')).toContainText('Recording: 6 steps');

  await tab(page, 'Sessions').click();
  await expect(humanRows(page)).toHaveCount(1);
  await expect(humanRows(page).getByTestId('session-length')).toHaveText('6');
  await expect(humanRows(page).getByTestId('session-end')).toHaveText('recording');
});

test('a reload offers to continue the interrupted episode from its recorded steps', async ({ page }) => {
  await page.goto('/');
  await newWorld(page, 3);
  await play(page, ['KeyD', 'KeyD', 'KeyW', 'Space', 'KeyA', 'KeyS', 'KeyS', 'KeyD']);
  await expect(page.getByTestId('recording')).toContainText('8 steps, all saved');
  const frame = await frameDataUrl(page);
  const inventory = await page.getByTestId('inventory').textContent();

  await page.reload();
  const offer = page.getByTestId('continue-offer');
  await expect(offer).toContainText('seed 3, episode 1) stopped at step 8 when the page closed');
  await offer.getByRole('button', { name: 'Continue from step 8' }).click();
  await expect(offer).toHaveCount(0);
  await expect(page.getByTestId('step-count')).toHaveText('8');
  expect(await frameDataUrl(page)).toBe(frame);
  await expect(page.getByTestId('inventory')).toHaveText(inventory!);
  await expect(page.getByTestId('recording')).toContainText('Continues the interrupted recording from step 8');
  await play(page, ['KeyW', 'KeyW', 'KeyA']);
  await expect(page.getByTestId('recording')).toContainText('Recording: 3 steps, all saved.');
  await page.getByRole('button', { name: 'Stop' }).click();

  // Both parts are kept: the interrupted one as it was, the continuation naming where it starts.
  await tab(page, 'Sessions').click();
  await expect(humanRows(page)).toHaveCount(2);
  const interrupted = humanRows(page).filter({ hasText: 'interrupted (the page closed while recording)' });
  await expect(interrupted.getByTestId('session-length')).toHaveText('8');
  const continued = humanRows(page).filter({ hasText: 'continues from step 8' });
  await expect(continued.getByTestId('session-length')).toHaveText('3');
  await expect(continued.getByTestId('session-end')).toHaveText('stopped; continues from step 8');

  // The continuation re-simulates from the seed through both parts' actions, frame for frame.
  await continued.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByTestId('replay-position')).toHaveText('step 8 of 11');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('verify-result')).toHaveText('Verified: all 12 frames match the re-simulation.');

  // Declined once, the offer does not come back.
  await page.getByRole('button', { name: 'Back to sessions' }).click();
  await tab(page, 'Play').click();
  await newWorld(page, 3);
  await play(page, ['KeyW']);
  await page.reload();
  await expect(page.getByTestId('continue-offer')).toBeVisible();
  await page.getByRole('button', { name: 'Not now' }).click();
  await page.reload();
  await expect(page.getByTestId('recording')).toContainText('Ready');
  await expect(page.getByTestId('continue-offer')).toHaveCount(0);
});

test('Stop says the episode stopped and how to start the next; keys after it say so too', async ({ page }) => {
  await page.goto('/');
  await newWorld(page, 4);
  await play(page, ['KeyD', 'KeyD', 'KeyS']);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('recording')).toContainText('Episode over: stopped, 3 steps, all saved. Press Enter or "Next episode" for the next episode of seed 4');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  await expect(page.getByTestId('game')).toBeFocused();

  await page.keyboard.press('KeyW');
  await expect(page.getByTestId('frame-note')).toHaveText('The episode is over: press Enter for the next one.');
  await expect(page.getByTestId('step-count')).toHaveText('3');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('recording')).toContainText('Seed 4, episode 2');
  await expect(page.getByTestId('recording')).toContainText('Ready');
  await play(page, ['KeyW']);
  await expect(page.getByTestId('frame-note')).toHaveText('');
});

/** Makes the page believe its tab is hidden (or shown again), as switching browser tabs does. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'hidden', { value, configurable: true });
    Object.defineProperty(document, 'visibilityState', { value: value ? 'hidden' : 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('real time: the clock starts at the first key and stops while the tab is hidden', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('crafter-web:settings', JSON.stringify({ mode: 'realtime', stepsPerSecond: 10 })));
  await page.goto('/');
  await expect(page.getByTestId('frame')).toBeVisible();
  await page.waitForTimeout(2000);
  // Nobody at the keyboard: nothing played, nothing recorded.
  await expect(page.getByTestId('step-count')).toHaveText('0');
  await expect(page.getByTestId('recording')).toContainText('Ready');
  await expect(page.getByTestId('game-overlay')).toHaveText('Press a key to start the clock');

  await page.keyboard.press('KeyN');
  await expect.poll(async () => Number(await page.getByTestId('step-count').textContent())).toBeGreaterThan(5);
  await expect(page.getByTestId('game-overlay')).toHaveCount(0);

  await setHidden(page, true);
  await page.waitForTimeout(300);
  const paused = Number(await page.getByTestId('step-count').textContent());
  await page.waitForTimeout(1500);
  expect(Number(await page.getByTestId('step-count').textContent())).toBe(paused);

  await setHidden(page, false);
  await page.waitForTimeout(500);
  expect(Number(await page.getByTestId('step-count').textContent())).toBe(paused);
  await page.keyboard.press('KeyD');
  await expect.poll(async () => Number(await page.getByTestId('step-count').textContent())).toBeGreaterThan(paused + 3);
});

test('Enter in the seed field gives the keys to the game; Tab and Z sleep there; Esc leaves it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('frame')).toBeVisible();
  await page.getByTestId('seed-input').fill('7');
  await page.getByTestId('seed-input').press('Enter');
  await expect(page.getByTestId('recording')).toContainText('Seed 7, episode 1');
  await expect(page.getByTestId('game')).toBeFocused();
  await play(page, ['KeyW']);
  await expect(page.getByTestId('seed-input')).toHaveValue('7');

  // Sleep from either key (full energy: nothing happens, and the page says why).
  await play(page, ['KeyZ']);
  await expect(page.getByTestId('frame-note')).toHaveText('You are not tired: sleeping needs energy below 9.');
  await play(page, ['Tab']);
  await expect(page.getByTestId('game')).toBeFocused();
  await expect(page.getByTestId('keys')).toContainText('Tab or Z');

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('seed-input')).toBeFocused();
  await expect(page.getByTestId('game-overlay')).toHaveText('Click here to play');
  await page.getByTestId('game').click();
  await expect(page.getByTestId('game')).toBeFocused();
  await play(page, ['KeyS']);
});

test('an action that does nothing says why, in one line beside the frame', async ({ page }) => {
  await page.goto('/');
  await newWorld(page, 1);
  await play(page, ['KeyT']);
  await expect(page.getByTestId('frame-note')).toHaveText('Placing a table needs 2 wood; you have no wood.');
  await play(page, ['Digit1']);
  await expect(page.getByTestId('frame-note')).toHaveText('Making a wood pickaxe needs a table nearby (within one step).');
  const box = await page.getByTestId('frame-note').boundingBox();
  expect(box!.height).toBeLessThan(30);
  await play(page, ['KeyW']);
  await expect(page.getByTestId('frame-note')).toHaveText('');
});

test('a chosen frame size is played, recorded, replayed and verified at that size, by a person and by a run', async ({ page }, testInfo) => {
  await page.goto('/');
  await tab(page, 'Settings').click();
  await page.locator('input[name="frameSize"]').fill('256');
  await tab(page, 'Play').click();
  await newWorld(page, 6);
  await expect(page.getByTestId('recording')).toContainText('(256x256)');
  expect(await page.getByTestId('frame').evaluate((c) => (c as HTMLCanvasElement).width)).toBe(512);
  await play(page, ['KeyD', 'KeyD', 'Space', 'KeyS']);
  await page.getByRole('button', { name: 'Stop' }).click();

  await tab(page, 'Run').click();
  const field = (name: string) => page.getByRole('form', { name: 'run settings' }).locator(`[name="${name}"]`);
  await field('agent').selectOption('scripted');
  await field('seeds').fill('9');
  await field('episodes').fill('1');
  await field('stepLimit').fill('12');
  await field('frameSize').fill('128');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });

  await tab(page, 'Sessions').click();
  const human = humanRows(page);
  await expect(human.locator('td').nth(7)).toHaveText('256');
  const run = page.locator('tr[data-session]').filter({ hasText: 'builtin' });
  await expect(run.locator('td').nth(7)).toHaveText('128');
  for (const [row, side, frames] of [[human, 256, 5], [run, 128, 13]] as const) {
    await row.getByRole('button', { name: 'Replay' }).click();
    await expect(page.getByTestId('replay-summary')).toContainText(`frames ${side} px`);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('verify-result')).toHaveText(`Verified: all ${frames} frames match the re-simulation.`);
    await page.getByRole('button', { name: 'Back to sessions' }).click();
  }

  // The download keeps every frame at its size.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download store (.db)' }).click()]);
  const path = testInfo.outputPath('sized.db');
  await download.saveAs(path);
  const db = new (await initSqlJs()).Database(new Uint8Array(readFileSync(path)));
  const sizes = db.exec('SELECT DISTINCT s.source, f.width, f.height FROM session_traces s JOIN session_timesteps t USING (session_id) JOIN frames f ON f.id = t.frame_id ORDER BY s.source')[0].values;
  expect(sizes).toEqual([['builtin', 128, 128], ['human', 256, 256]]);
  db.close();
});
