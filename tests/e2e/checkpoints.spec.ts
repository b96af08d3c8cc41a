// The Checkpoints tab: generate a probe set in the page, run the baselines (the oracle at 100 %) and a model behind a
// local OpenAI-compatible server (image only), compare per family, download the set and the evaluations, load the
// set back in a new visit, and draw a set from the sessions the Run tab recorded.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { OpenAITestServer } from './openai-test-server.ts';

const KEY = 'sk-e2e-checkpoints-4b7d2a9cSECRET';
const server = new OpenAITestServer();

test.beforeAll(async () => {
  await server.start();
});
test.afterAll(async () => {
  await server.close();
});
test.beforeEach(() => server.reset());

const setForm = (page: Page) => page.getByRole('form', { name: 'probe set' });
const evalForm = (page: Page) => page.getByRole('form', { name: 'evaluate' });

async function openCheckpoints(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Checkpoints' }).click();
  await expect(setForm(page)).toBeVisible();
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return readFileSync(await file.path(), 'utf8');
}

interface SetFile {
  id: string;
  probes: { id: string; family: string; frame: string; answer: string }[];
  frames: { id: string; image: string }[];
}

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

  // A new visit: the set loads from its file (checked against its recorded states); evaluations were kept in memory only.
  await openCheckpoints(page);
  await setForm(page).locator('[name="setFile"]').setInputFiles({ name: 'set.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(set)) });
  await expect(page.getByTestId('probe-set')).toContainText(`Set ${set.id}: ${set.probes.length} probes`);
  await expect(page.getByText('No evaluations of this set yet.')).toBeVisible();
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
