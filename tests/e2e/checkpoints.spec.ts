// The Checkpoints tab: generate a probe set in the page, run the baselines (the oracle at 100 %) and a model behind a
// local OpenAI-compatible server (image only), compare per family, download the set and the evaluations, load the
// set back in a new visit beside the evaluations the store kept, delete one, draw a set from the sessions the Run tab
// recorded, and export a set as training rows read back by hyparquet and fast-png.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import { unzipSync } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import { serveOpenAI } from './serve-openai.ts';

const KEY = 'sk-e2e-checkpoints-4b7d2a9cSECRET';
const server = serveOpenAI();

const setForm = (page: Page) => page.getByRole('form', { name: 'probe set' });
const evalForm = (page: Page) => page.getByRole('form', { name: 'evaluate' });

async function openCheckpoints(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Checkpoints' }).click();
  await expect(setForm(page)).toBeVisible();
}

async function downloadBytes(page: Page, button: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return readFileSync(await file.path());
}

async function download(page: Page, button: string): Promise<string> {
  return (await downloadBytes(page, button)).toString('utf8');
}

interface SetFile {
  id: string;
  probes: { id: string; family: string; frame: string; answer: string }[];
  frames: { id: string; image: string; sha256: string }[];
}

/** A small set of fresh worlds, generated in the page; its file as downloaded. */
async function smallSet(page: Page, seed: number): Promise<SetFile> {
  await setForm(page).locator('[name="seed"]').fill(String(seed));
  await setForm(page).locator('[name="perFamily"]').fill('4');
  await setForm(page).locator('[name="source"]').selectOption('fresh');
  await setForm(page).locator('[name="worlds"]').fill('3');
  await setForm(page).locator('[name="steps"]').fill('300');
  await page.getByRole('button', { name: 'Generate set' }).click();
  await expect(page.getByTestId('probe-set')).toContainText(`seed ${seed}, 3 fresh worlds`, { timeout: 60_000 });
  return JSON.parse(await download(page, 'Download set (JSON)')) as SetFile;
}

const BASELINE_NAMES = ['text summary alone (language)', 'majority answer', 'oracle (reads the state)'];

test('generate a set, run the baselines and a model, compare per family, and load the set back', async ({ page }) => {
  await openCheckpoints(page);
  await setForm(page).locator('[name="seed"]').fill('5');
  await setForm(page).locator('[name="perFamily"]').fill('4');
  await setForm(page).locator('[name="worlds"]').fill('2');
  await setForm(page).locator('[name="steps"]').fill('400');
  await page.getByRole('button', { name: 'Generate set' }).click();
  await expect(page.getByTestId('probe-set')).toContainText(/^Set [0-9a-f]{16}: \d+ probes over \d+ frames, seed 5, 2 fresh worlds/, { timeout: 60_000 });
  const set = JSON.parse(await download(page, 'Download set (JSON)')) as SetFile;
  await expect(page.getByTestId('probe-set')).toContainText(`Set ${set.id}: ${set.probes.length} probes`);

  await evalForm(page).locator('[name="answerWith"]').selectOption('baselines');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  const results = page.getByTestId('checkpoint-results');
  await expect(results.locator('thead th')).toHaveText(['Family', 'n', 'text summary alone (language)', 'majority answer', 'oracle (reads the state)'], { timeout: 30_000 });
  const families = [...new Set(set.probes.map((p) => p.family))];
  await expect(results.locator('tbody tr')).toHaveCount(families.length + 1);
  for (const family of families) await expect(results.locator(`tr[data-family="${family}"] td`).last()).toHaveText(/^100% \[\d+-100\]$/);

  // A model that sees only the frame and answers every question right (the server answers in the order asked).
  for (const probe of set.probes) server.queue.push({ kind: 'text', text: `${probe.answer}.` });
  await evalForm(page).locator('[name="answerWith"]').selectOption('model');
  await evalForm(page).locator('[name="baseUrl"]').fill(`${server.url}/v1`);
  await evalForm(page).locator('[name="apiKey"]').fill(KEY);
  await evalForm(page).locator('[name="model"]').fill('vlm-e2e');
  await evalForm(page).locator('[name="mode"]').selectOption('image');
  await evalForm(page).locator('[name="parallel"]').fill('1');
  await evalForm(page).locator('[name="requestsPerMinute"]').fill('0');
  await evalForm(page).locator('[name="name"]').fill('vlm-e2e image');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(results.locator('thead th').nth(2)).toHaveText('vlm-e2e image', { timeout: 60_000 });
  await expect(results.locator('tr[data-family="all"] td').nth(1)).toHaveText(/^100% \[\d+-100\]$/);
  const calls = server.completions();
  expect(calls).toHaveLength(set.probes.length);
  const frames = new Map(set.frames.map((f) => [f.id, f.image]));
  calls.forEach((call, i) => {
    expect(call.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = call.body as { messages: { role: string; content: { type: string; image_url?: { url: string } }[] }[]; tools?: unknown };
    expect(body.tools).toBeUndefined();
    expect(body.messages[1].content.map((p) => p.type)).toEqual(['image_url', 'text']);
    expect(body.messages[1].content[0].image_url!.url).toBe(frames.get(set.probes[i].frame));
  });

  const evaluations = await download(page, 'Download evaluations (JSON)');
  expect(evaluations).not.toContain(KEY);
  expect((JSON.parse(evaluations) as { name: string }[]).map((e) => e.name)).toEqual(['vlm-e2e image', 'text summary alone (language)', 'majority answer', 'oracle (reads the state)']);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(KEY);

  // A new visit: the set loads from its file (checked against its recorded states) beside the evaluations the store kept.
  await openCheckpoints(page);
  await expect(page.getByTestId('stored-evaluations')).toContainText(set.id);
  await setForm(page).locator('[name="setFile"]').setInputFiles({ name: 'set.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(set)) });
  await expect(page.getByTestId('probe-set')).toContainText(`Set ${set.id}: ${set.probes.length} probes`);
  await expect(results.locator('thead th')).toHaveText(['Family', 'n', 'vlm-e2e image', ...BASELINE_NAMES]);
  const tampered = { ...set, probes: set.probes.map((p, i) => (i === 0 ? { ...p, answer: 'not the answer' } : p)) };
  await setForm(page).locator('[name="setFile"]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) });
  await expect(page.getByTestId('checkpoints-error')).toContainText('does not check out');
});

test('a set drawn from the sessions the Run tab recorded', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const run = page.getByRole('form', { name: 'run settings' });
  await run.locator('[name="agent"]').selectOption('scripted');
  await run.locator('[name="seeds"]').fill('6');
  await run.locator('[name="episodes"]').fill('1');
  await run.locator('[name="stepLimit"]').fill('200');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });

  await page.getByRole('button', { name: 'Checkpoints' }).click();
  await setForm(page).locator('[name="source"]').selectOption('sessions');
  await setForm(page).locator('[name="perFamily"]').fill('4');
  await page.getByRole('button', { name: 'Generate set' }).click();
  await expect(page.getByTestId('probe-set')).toContainText(/recorded sessions/, { timeout: 60_000 });
  await evalForm(page).locator('[name="answerWith"]').selectOption('baselines');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(page.getByTestId('checkpoint-results').locator('tr[data-family="all"] td').last()).toHaveText(/^100% /);
});

test('evaluations survive a reload, listed beside a new one, and one can be deleted', async ({ page }) => {
  await openCheckpoints(page);
  const set = await smallSet(page, 3);
  await evalForm(page).locator('[name="answerWith"]').selectOption('baselines');
  await evalForm(page).locator('[name="textStyle"]').selectOption('language');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  const results = page.getByTestId('checkpoint-results');
  await expect(results.locator('thead th')).toHaveText(['Family', 'n', ...BASELINE_NAMES], { timeout: 30_000 });

  // Reload: the set is gone with the visit, its evaluations are not; the same spec gives the same set.
  await page.reload();
  await page.getByRole('button', { name: 'Checkpoints' }).click();
  await expect(page.getByTestId('stored-evaluations')).toContainText(set.id);
  await page.getByRole('button', { name: 'Generate set' }).click();
  await expect(page.getByTestId('probe-set')).toContainText(`Set ${set.id}:`, { timeout: 60_000 });
  await expect(results.locator('thead th')).toHaveText(['Family', 'n', ...BASELINE_NAMES]);
  await expect(page.getByTestId('stored-evaluations')).toHaveCount(0);

  await evalForm(page).locator('[name="textStyle"]').selectOption('state');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  const both = ['text summary alone (state)', 'majority answer', 'oracle (reads the state)', ...BASELINE_NAMES];
  await expect(results.locator('thead th')).toHaveText(['Family', 'n', ...both], { timeout: 30_000 });
  await expect(results.locator('tr[data-family="all"] td').nth(3)).toHaveText(/^100% /);

  await page.getByRole('button', { name: 'Delete evaluation text summary alone (state)' }).click();
  await expect(results.locator('thead th')).toHaveText(['Family', 'n', ...both.slice(1)]);
  await page.reload();
  await page.getByRole('button', { name: 'Checkpoints' }).click();
  await page.getByRole('button', { name: 'Generate set' }).click();
  await expect(results.locator('thead th')).toHaveText(['Family', 'n', ...both.slice(1)], { timeout: 60_000 });
});

const rgbHash = (png: Uint8Array) => {
  const image = decode(png);
  expect([image.depth, image.channels]).toEqual([8, 3]);
  return createHash('sha256').update(image.data as Uint8Array).digest('hex');
};

test('a set exported as training rows: the Hugging Face folder and OpenAI JSONL, answers and frames as the set holds them', async ({ page }) => {
  await openCheckpoints(page);
  const set = await smallSet(page, 9);
  const probes = new Map(set.probes.map((p) => [p.id, p]));
  const frames = new Map(set.frames.map((f) => [f.id, f]));
  const rows = page.getByRole('form', { name: 'training rows' });
  await rows.locator('[name="rowsFormat"]').selectOption('hf');
  await rows.locator('[name="rowsMode"]').selectOption('image');
  await rows.locator('[name="rowsValidation"]').fill('0.34');
  await rows.locator('[name="rowsLimits"]').selectOption('');
  await page.getByRole('button', { name: 'Export as training rows' }).click();
  await expect(page.getByTestId('probe-rows-figures')).toContainText(/\d+ train rows from [23] worlds, \d+ validation rows from 1 world; \d+ images\. Every row passed/, { timeout: 60_000 });

  const zip = unzipSync(new Uint8Array(await downloadBytes(page, 'Download crafter-hf.zip')));
  const worlds: Record<string, Set<string>> = {};
  let count = 0;
  for (const split of ['train', 'test']) {
    const bytes = zip[`data/${split}-00000-of-00001.parquet`];
    const parquet = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, utf8: false }) as
      { messages: { role: string; content: { type: string; text: string | null }[] }[]; images: { bytes: Uint8Array }[] }[];
    const meta = new TextDecoder().decode(zip[`metadata/${split}.metadata.jsonl`]).trim().split('\n').map((line) => JSON.parse(line) as { probe: string; session: string; answer: string });
    expect(parquet).toHaveLength(meta.length);
    worlds[split] = new Set(meta.map((m) => m.session));
    parquet.forEach((row, i) => {
      const probe = probes.get(meta[i].probe)!;
      expect(row.messages[2].content).toEqual([{ type: 'text', text: probe.answer }]);
      expect(rgbHash(row.images[0].bytes)).toBe(frames.get(probe.frame)!.sha256);
      count++;
    });
  }
  expect(count).toBe(set.probes.length);
  expect([...worlds.train].filter((w) => worlds.test.has(w))).toEqual([]);

  await rows.locator('[name="rowsFormat"]').selectOption('openai');
  await rows.locator('[name="rowsMode"]').selectOption('text_and_image');
  await rows.locator('[name="rowsTextStyle"]').selectOption('state');
  await page.getByRole('button', { name: 'Export as training rows' }).click();
  await expect(page.getByRole('button', { name: /^Download validation\.jsonl/ })).toBeVisible({ timeout: 60_000 });
  const lines = (await download(page, 'Download validation.jsonl')).trim().split('\n').map((line) => JSON.parse(line) as { messages: { role: string; content: unknown }[] });
  const meta = (await download(page, 'Download validation.metadata.jsonl')).trim().split('\n').map((line) => JSON.parse(line) as { probe: string });
  lines.forEach((line, i) => {
    expect(line.messages[2]).toEqual({ role: 'assistant', content: probes.get(meta[i].probe)!.answer });
    expect((line.messages[1].content as { type: string }[]).map((p) => p.type)).toEqual(['image_url', 'text', 'text']);
  });
});
