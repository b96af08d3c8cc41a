// Export end to end: a person plays a few steps and the built-in scripted agent plays an episode, then the Export
// tab builds OpenAI JSONL and a TRL zip; the downloads are parsed and every image is checked to decode to the
// 64x64 frame the store holds for that row's step.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import initSqlJs from 'sql.js';
import { validateExportFiles } from '../../src/dataset/index.ts';
import { decodePng } from '../../src/lib/png-decode.ts';
import { exportDeps } from '../../src/worker/export-service.ts';
import { LockstepPlanner } from './planner.ts';

const PLAY_STEPS = 12;
const AGENT_STEPS = 40;
const KEY_NAMES: Record<string, string> = { ' ': 'Space', w: 'KeyW', a: 'KeyA', s: 'KeyS', d: 'KeyD' };

interface Meta { session: string; step: number; source: string; image_count: number; actions: string[] }
interface OpenAiRow { messages: { role: string; content: string | { type: string; image_url?: { url: string } }[] }[] }
interface TrlRow { messages: { role: string; content: { type: string }[] }[]; images: string[] }

async function download(page: Page, link: Locator, path: string): Promise<Uint8Array> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  await file.saveAs(path);
  return new Uint8Array(readFileSync(path));
}

const lines = <T>(bytes: Uint8Array): T[] => new TextDecoder().decode(bytes).split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

async function buildExport(page: Page, format: string) {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.locator(`input[name="format"][value="${format}"]`).check();
  await page.locator('input[name="validationRatio"]').fill('0');
  await page.getByRole('button', { name: 'Build export' }).click();
  await expect(page.getByTestId('export-preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('export-valid')).toBeVisible();
}

test('play and a built-in agent, export, download, and every image is the stored frame of its step', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByTestId('frame')).toBeVisible();

  // A person plays a few steps of the world the page opens with (seed 1 by default); "New world" clicked while that
  // first world is still being made can race it, and the first key then goes to a disposed env.
  await expect(page.getByTestId('recording')).toContainText('Seed 1, episode 1');
  await expect(page.getByTestId('recording')).toContainText('Ready');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const planner = new LockstepPlanner(1);
  for (let i = 0; i < PLAY_STEPS; i++) {
    await page.keyboard.press(KEY_NAMES[planner.nextKey()]);
    await expect(page.getByTestId('step-count')).toHaveText(String(i + 1));
  }
  await expect(page.getByTestId('recording')).toContainText(`${PLAY_STEPS} steps, all saved`);

  // The built-in scripted agent plays one short episode from the run panel.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('select[name="agent"]').selectOption('scripted');
  await page.locator('input[name="seeds"]').fill('2');
  await page.locator('input[name="episodes"]').fill('1');
  await page.locator('input[name="stepLimit"]').fill(String(AGENT_STEPS));
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });

  // OpenAI JSONL and its metadata.
  await buildExport(page, 'openai');
  await expect(page.getByTestId('export-rows')).toContainText(`${PLAY_STEPS + AGENT_STEPS} (${PLAY_STEPS + AGENT_STEPS} train, 0 validation)`);
  await expect(page.getByTestId('export-sources')).toContainText('scripted');
  await expect(page.getByTestId('export-sample').first().locator('img')).toHaveCount(1);
  const rowBytes = await download(page, page.getByTestId('download-train.jsonl'), testInfo.outputPath('train.jsonl'));
  const metaBytes = await download(page, page.getByTestId('download-train.metadata.jsonl'), testInfo.outputPath('train.metadata.jsonl'));
  const bytes = exportDeps().bytes;
  expect(validateExportFiles('openai', new Map([['train.jsonl', rowBytes], ['train.metadata.jsonl', metaBytes]]), { bytes }).problems).toEqual([]);
  const rows = lines<OpenAiRow>(rowBytes);
  const meta = lines<Meta>(metaBytes);

  // The TRL zip.
  await buildExport(page, 'trl');
  const zipBytes = await download(page, page.getByTestId('download-crafter-trl.zip'), testInfo.outputPath('crafter-trl.zip'));
  expect(validateExportFiles('trl', new Map([['crafter-trl.zip', zipBytes]]), { bytes }).problems).toEqual([]);
  const zip = unzipSync(zipBytes);
  const trlRows = lines<TrlRow>(zip['train.jsonl']);
  const trlMeta = lines<Meta>(zip['train.metadata.jsonl']);

  // The store, for the frames as recorded.
  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  const db = new (await initSqlJs()).Database(await download(page, page.getByRole('button', { name: 'Download store (.db)' }), testInfo.outputPath('store.db')));
  const storedFrame = (session: string, step: number): Uint8Array => {
    const result = db.exec('SELECT f.png FROM session_timesteps t JOIN frames f ON f.id = t.frame_id WHERE t.session_id = ? AND t.step_index = ?', [session, step]);
    expect(result.length, `a frame for session ${session} step ${step}`).toBe(1);
    return result[0].values[0][0] as Uint8Array;
  };
  const expectSameFrame = (png: Uint8Array, stored: Uint8Array, what: string) => {
    const got = decodePng(png);
    const want = decodePng(stored);
    expect([got.width, got.height], what).toEqual([64, 64]);
    expect(Buffer.from(got.data).equals(Buffer.from(want.data)), what).toBe(true);
  };

  expect(rows).toHaveLength(PLAY_STEPS + AGENT_STEPS);
  expect(meta).toHaveLength(rows.length);
  expect(new Set(meta.map((m) => m.source))).toEqual(new Set(['human', 'scripted']));
  rows.forEach((row, i) => {
    const user = row.messages.find((m) => m.role === 'user')!;
    const images = (user.content as { type: string; image_url?: { url: string } }[]).filter((p) => p.type === 'image_url');
    expect(images).toHaveLength(1);
    const url = images[0].image_url!.url;
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expectSameFrame(new Uint8Array(Buffer.from(url.slice(22), 'base64')), storedFrame(meta[i].session, meta[i].step), `openai row ${i + 1}`);
  });

  expect(trlRows).toHaveLength(rows.length);
  trlRows.forEach((row, i) => {
    expect(row.images).toHaveLength(1);
    expect(row.messages[1].content.filter((p) => p.type === 'image')).toHaveLength(1);
    expectSameFrame(zip[row.images[0]], storedFrame(trlMeta[i].session, trlMeta[i].step), `trl row ${i + 1}`);
  });
  db.close();
});
