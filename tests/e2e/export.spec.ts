// Export end to end: a person plays a few steps and the built-in scripted agent plays an episode, then the Export
// tab builds every destination; the downloads are read back (JSONL, zip, Parquet with hyparquet) and every image is
// checked to be an 8-bit RGB PNG of the frame the store holds for that row's step. Then the form itself: remembered
// settings shown with a reset, warnings that never hold back a file, and each field's own problem.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import initSqlJs from 'sql.js';
import { validateExportFiles, type DestinationId } from '../../src/dataset/index.ts';
import { decodePng } from '../../src/lib/png-decode.ts';
import { LockstepPlanner } from './planner.ts';

const PLAY_STEPS = 12;
const AGENT_STEPS = 40;
const KEY_NAMES: Record<string, string> = { ' ': 'Space', w: 'KeyW', a: 'KeyA', s: 'KeyS', d: 'KeyD' };

interface Meta { session: string; step: number; source: string; image_count: number; actions: string[] }
type Row = Record<string, any>;

async function download(page: Page, link: Locator, path: string): Promise<Uint8Array> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  await file.saveAs(path);
  return new Uint8Array(readFileSync(path));
}

const lines = <T>(bytes: Uint8Array): T[] => new TextDecoder().decode(bytes).split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

async function buildExport(page: Page, format: DestinationId) {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.locator(`input[name="format"][value="${format}"]`).check();
  await page.locator('input[name="validationRatio"]').fill('0');
  await page.getByRole('button', { name: 'Build export' }).click();
  await expect(page.getByTestId('export-preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('export-valid')).toBeVisible();
}

async function playAndRun(page: Page, agentSteps: number, episodes = 1) {
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
  await page.locator('input[name="episodes"]').fill(String(episodes));
  await page.locator('input[name="stepLimit"]').fill(String(agentSteps));
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });
}

test('play and a built-in agent, export to every destination, and every image is the stored frame of its step, in RGB', async ({ page }, testInfo) => {
  await playAndRun(page, AGENT_STEPS);
  const rowsTotal = PLAY_STEPS + AGENT_STEPS;
  const downloads = new Map<DestinationId, Map<string, Uint8Array>>();
  const destinations: [DestinationId, string[]][] = [
    ['openai', ['train.jsonl', 'train.metadata.jsonl']],
    ['annotated', ['train.annotated.jsonl']],
    ['hf', ['crafter-hf.zip']],
    ['llamafactory', ['crafter-llamafactory.zip']],
  ];
  for (const [format, names] of destinations) {
    await buildExport(page, format);
    await expect(page.getByTestId('export-rows')).toContainText(`${rowsTotal} (${rowsTotal} train, 0 validation)`);
    const files = new Map<string, Uint8Array>();
    for (const name of names) files.set(name, await download(page, page.getByTestId(`download-${name}`), testInfo.outputPath(`${format}-${name}`)));
    expect((await validateExportFiles(format, files)).problems, format).toEqual([]);
    downloads.set(format, files);
  }

  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  const db = new (await initSqlJs()).Database(await download(page, page.getByRole('button', { name: 'Download store (.db)' }), testInfo.outputPath('store.db')));
  const storedFrame = (session: string, step: number): Uint8Array => {
    const result = db.exec('SELECT f.png FROM session_timesteps t JOIN frames f ON f.id = t.frame_id WHERE t.session_id = ? AND t.step_index = ?', [session, step]);
    expect(result.length, `a frame for session ${session} step ${step}`).toBe(1);
    return result[0].values[0][0] as Uint8Array;
  };
  const expectSameFrame = (png: Uint8Array, meta: Meta, what: string) => {
    expect([png[24], png[25]], `${what}: 8-bit RGB`).toEqual([8, 2]);
    const got = decodePng(png);
    const want = decodePng(storedFrame(meta.session, meta.step));
    expect([got.width, got.height], what).toEqual([64, 64]);
    expect(Buffer.from(got.data).equals(Buffer.from(want.data)), what).toBe(true);
  };
  const dataUrlPng = (url: string) => new Uint8Array(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64'));

  const openai = downloads.get('openai')!;
  const meta = lines<Meta>(openai.get('train.metadata.jsonl')!);
  expect(new Set(meta.map((m) => m.source))).toEqual(new Set(['human', 'builtin']));
  lines<Row>(openai.get('train.jsonl')!).forEach((row, i) => {
    const images = (row.messages[1].content as Row[]).filter((p) => p.type === 'image_url');
    expect(images).toHaveLength(1);
    expect(row.messages[2].tool_calls[0].function.name).toBe('interact_many');
    expectSameFrame(dataUrlPng(images[0].image_url.url), meta[i], `openai row ${i + 1}`);
  });

  lines<Row>(downloads.get('annotated')!.get('train.annotated.jsonl')!).forEach((row, i) => {
    expect(row.metadata.session_id).toBe(meta[i].session);
    expectSameFrame(dataUrlPng(row.messages[1].content.find((p: Row) => p.type === 'image_url').image_url.url), row.metadata, `annotated row ${i + 1}`);
  });

  const hf = unzipSync(downloads.get('hf')!.get('crafter-hf.zip')!);
  const parquet = hf['data/train-00000-of-00001.parquet'];
  const hfRows = await parquetReadObjects({ file: parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.byteLength) as ArrayBuffer, utf8: false }) as Row[];
  const hfMeta = lines<Meta>(hf['metadata/train.metadata.jsonl']);
  expect(hfRows).toHaveLength(rowsTotal);
  hfRows.forEach((row, i) => {
    expect(row.messages[2].content[0].text).toBe(JSON.stringify({ actions: hfMeta[i].actions }));
    expectSameFrame(row.images[0].bytes, hfMeta[i], `hf row ${i + 1}`);
  });

  const lf = unzipSync(downloads.get('llamafactory')!.get('crafter-llamafactory.zip')!);
  const lfMeta = lines<Meta>(lf['metadata/train.metadata.jsonl']);
  lines<Row>(lf['crafter_train.jsonl']).forEach((row, i) => {
    expect(row.messages[2]).toEqual({ role: 'assistant', content: JSON.stringify({ actions: lfMeta[i].actions }) });
    expectSameFrame(lf[row.images[0]], lfMeta[i], `llamafactory row ${i + 1}`);
  });
  db.close();
});

test('remembered filters are shown after a visit and can be reset', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-remembered')).toHaveCount(0);
  await page.locator('select[name="withAchievement"]').selectOption('collect_diamond');
  await page.reload();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.locator('select[name="withAchievement"]')).toHaveValue('collect_diamond');
  await expect(page.getByTestId('export-remembered')).toContainText('With achievement: collect_diamond');
  await page.getByTestId('export-remembered').getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(page.locator('select[name="withAchievement"]')).toHaveValue('');
  await expect(page.getByTestId('export-remembered')).toHaveCount(0);
  await page.reload();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.locator('select[name="withAchievement"]')).toHaveValue('');
});

test('files of fewer than 10 rows are a warning: every download stays available', async ({ page }) => {
  await playAndRun(page, 8);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.locator('input[name="format"][value="openai"]').check();
  // Two sessions (12 and 8 rows), one each side.
  await page.locator('input[name="validationRatio"]').fill('0.5');
  await page.getByRole('button', { name: 'Build export' }).click();
  await expect(page.getByTestId('export-preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('export-warnings')).toContainText('examples; an upload to the chosen service needs at least 10');
  await expect(page.getByTestId('export-problems')).toHaveCount(0);
  for (const name of ['train.jsonl', 'train.metadata.jsonl', 'validation.jsonl', 'validation.metadata.jsonl']) {
    await expect(page.getByTestId(`download-${name}`)).toBeVisible();
  }
});

test('each field shows its own problem as the form is now: a fixed field loses its message', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.locator('input[name="lookahead"]').fill('0');
  await expect(page.getByTestId('problem-lookahead')).toContainText('at least 1');
  await expect(page.getByRole('button', { name: 'Build export' })).toBeDisabled();
  await page.locator('input[name="lookahead"]').fill('5');
  await page.locator('input[name="validationRatio"]').fill('2');
  await expect(page.getByTestId('problem-lookahead')).toHaveCount(0);
  await expect(page.getByTestId('problem-validationRatio')).toContainText('at most 0.9');
  await page.locator('input[name="validationRatio"]').fill('0.1');
  await page.locator('input[name="rewardAbove"]').fill('lots');
  await expect(page.getByTestId('problem-validationRatio')).toHaveCount(0);
  await expect(page.getByTestId('problem-rewardAbove')).toContainText('not a number');
  await page.locator('input[name="rewardAbove"]').fill('');
  await page.locator('input[name="maxNoopStreak"]').fill('-1');
  await expect(page.getByTestId('problem-rewardAbove')).toHaveCount(0);
  await expect(page.getByTestId('problem-maxNoopStreak')).toHaveCount(1);
  await page.locator('input[name="maxNoopStreak"]').fill('3');
  await expect(page.getByTestId('problem-maxNoopStreak')).toHaveCount(0);
  await page.locator('input[name="format"][value="hf"]').check();
  await page.locator('select[name="actionFormat"]').selectOption('tool');
  await expect(page.getByTestId('problem-actionFormat')).toContainText('hf takes the text action format');
  await page.locator('select[name="actionFormat"]').selectOption('');
  await expect(page.getByTestId('problem-actionFormat')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Build export' })).toBeEnabled();
});
