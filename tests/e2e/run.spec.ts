// Runs from the page: a model behind a local OpenAI-compatible server (images on, a 429 retried, a 401 paused and
// resumed), and the built-in scripted agent with no key; the traces hold the requests exactly as sent and no key.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import initSqlJs from 'sql.js';
import { OpenAITestServer } from './openai-test-server.ts';

const KEY = 'sk-e2e-test-key-7f3a9c1e5b2d4680SECRET';
const server = new OpenAITestServer();

test.beforeAll(async () => {
  await server.start();
});
test.afterAll(async () => {
  await server.close();
});
test.beforeEach(() => server.reset());

interface ModelRun {
  name: string;
  model: string;
  episodes: number;
  stepLimit: number;
  frameHistory: number;
}

/** A field of the run form by its name (labels wrap their controls, so their text includes the value). */
const field = (page: Page, name: string) => page.getByRole('form', { name: 'run settings' }).locator(`[name="${name}"]`);

async function openRunPanel(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('form', { name: 'run settings' })).toBeVisible();
}

async function fillModelRun(page: Page, run: ModelRun): Promise<void> {
  await field(page, 'agent').selectOption('model');
  await field(page, 'baseUrl').fill(`${server.url}/v1`);
  await field(page, 'apiKey').fill(KEY);
  await field(page, 'model').fill(run.model);
  await field(page, 'imageMode').selectOption('text_and_image');
  await field(page, 'frameHistory').fill(String(run.frameHistory));
  await field(page, 'historyLayout').selectOption('separate');
  await field(page, 'actionsPerCall').fill('2');
  await field(page, 'actionFormat').selectOption('tool');
  await field(page, 'maxRetries').fill('3');
  await field(page, 'name').fill(run.name);
  await field(page, 'seeds').fill('1-2');
  await field(page, 'episodes').fill(String(run.episodes));
  await field(page, 'stepLimit').fill(String(run.stepLimit));
  await field(page, 'parallel').fill('1');
  await field(page, 'requestsPerMinute').fill('0');
}

async function downloadStore(page: Page, path: string): Promise<Uint8Array> {
  await page.getByRole('button', { name: 'Sessions' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download store (.db)' }).click()]);
  await download.saveAs(path);
  return new Uint8Array(readFileSync(path));
}

type Part = { type: string; text?: string; image_url?: { url: string } };
type Message = { role: string; content: string | Part[] };
const images = (messages: Message[]) => messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((p) => p.type === 'image_url');

test('a model run with images: the traces hold every request as sent, a 429 is retried, the key is nowhere', async ({ page }, testInfo) => {
  server.queue.push({ kind: 'status', status: 429, message: 'slow down', retryAfter: 1 });
  await openRunPanel(page);
  await fillModelRun(page, { name: 'e2e tool-bot', model: 'tool-bot', episodes: 2, stepLimit: 6, frameHistory: 2 });
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });
  await expect(page.getByTestId('run-episodes')).toHaveText('2 / 2 episodes');
  await expect(page.getByTestId('results-table').locator('tr[data-row="Model calls"] td')).toHaveText('6');
  await expect(page.getByTestId('results-table').locator('tr[data-row="Retries"] td')).toHaveText('1');

  // The server saw the 429, then the same request again, then the rest; every call carried the key in its header.
  const calls = server.completions();
  expect(calls).toHaveLength(7);
  expect(calls[1].body).toEqual(calls[0].body);
  expect(Date.parse(calls[1].at) - Date.parse(calls[0].at)).toBeGreaterThanOrEqual(900);
  for (const call of calls) expect(call.headers.authorization).toBe(`Bearer ${KEY}`);
  const answered = calls.slice(1).map((c) => c.body as { messages: Message[]; tools: unknown[]; tool_choice: string });
  expect(answered.map((b) => images(b.messages).length)).toEqual([1, 2, 3, 1, 2, 3]);
  expect(answered.every((b) => b.tool_choice === 'required' && b.tools.length === 1)).toBe(true);
  for (const body of answered) for (const part of images(body.messages)) expect(part.image_url!.url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);

  // The store holds each request exactly as the server received it.
  const bytes = await downloadStore(page, testInfo.outputPath('store.db'));
  expect(Buffer.from(bytes).includes(Buffer.from(KEY))).toBe(false);
  expect(Buffer.from(bytes).includes(Buffer.from(KEY.slice(0, 16)))).toBe(false);
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  const rows = db.exec(`SELECT e.request_messages, e.request_options, e.parsed_actions, t.step_metadata
    FROM events e JOIN session_timesteps t ON t.id = e.timestep_id JOIN session_traces s ON s.session_id = e.session_id
    WHERE s.source = 'model' ORDER BY e.event_time, e.id`)[0].values;
  expect(rows).toHaveLength(6);
  const stored = rows.map(([messages]) => JSON.parse(String(messages)) as Message[]);
  expect(stored).toEqual(answered.map((b) => b.messages));
  for (const [, options] of rows) expect(Object.keys(JSON.parse(String(options))).sort()).toEqual(['max_tokens', 'temperature', 'tool_choice', 'tools']);
  const firstMeta = JSON.parse(String(rows[0][3])) as { attempts: { status: number; waitMs: number | null }[] };
  expect(firstMeta.attempts.map((a) => a.status)).toEqual([429, 200]);
  expect(firstMeta.attempts[0].waitMs).toBe(1000);
  const sessions = db.exec(`SELECT policy_model, policy_endpoint_host, policy_image_mode, policy_extra, metadata, end_reason FROM session_traces WHERE source = 'model'`)[0].values;
  expect(sessions).toHaveLength(2);
  for (const [model, host, imageMode, extra, metadata, endReason] of sessions) {
    expect([model, host, imageMode, endReason]).toEqual(['tool-bot', `127.0.0.1:${server.port}`, 'text_and_image', 'step_limit']);
    expect(JSON.parse(String(extra))).toMatchObject({ frameHistory: 2, actionsPerCall: 2, actionFormat: 'tool' });
    expect(JSON.parse(String(metadata))).toMatchObject({ runName: 'e2e tool-bot', length: 6 });
  }
  db.close();

  // Not in the browser's storage either, since "remember" was not ticked; nor in the results download.
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(KEY);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const [results] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download results (JSON)' }).click()]);
  const json = readFileSync(await results.path(), 'utf8');
  expect(json).not.toContain(KEY);
  const parsed = JSON.parse(json) as { name: string; metrics: { episodes: number }; totals: { modelCalls: number; inputTokens: number } };
  expect(parsed).toMatchObject({ name: 'e2e tool-bot', metrics: { episodes: 2 }, totals: { modelCalls: 6, inputTokens: 720 } });
});

test('a 401 pauses the run with a clear message; resume carries on', async ({ page }) => {
  server.queue.push({ kind: 'status', status: 401, message: 'Incorrect API key provided.' });
  await openRunPanel(page);
  await fillModelRun(page, { name: 'e2e 401', model: 'tool-bot', episodes: 1, stepLimit: 4, frameHistory: 0 });
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('run-pause-message')).toContainText(`127.0.0.1:${server.port} refused the API key (401 Unauthorized): check the key`);
  await expect(page.getByTestId('run-pause-message')).not.toContainText(KEY);
  expect(server.completions()).toHaveLength(1);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished');
  expect(server.completions().map((c) => c.body)).toHaveLength(3);
  await expect(page.getByTestId('results-table').locator('tr[data-row="Episodes (complete / all)"] td')).toHaveText('1 / 1');
});

test('a cross-origin request the browser blocks pauses the run with a CORS hint', async ({ page }) => {
  await openRunPanel(page);
  await fillModelRun(page, { name: 'e2e cors', model: 'tool-bot', episodes: 1, stepLimit: 4, frameHistory: 0 });
  await field(page, 'baseUrl').fill(`${server.url}/no-cors/v1`);
  await field(page, 'maxRetries').fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('run-pause-message')).toContainText(`Could not reach 127.0.0.1:${server.port}`);
  await expect(page.getByTestId('run-pause-message')).toContainText(`cross-origin requests (CORS) from http://127.0.0.1:${process.env.PREVIEW_PORT ?? 4173}`);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('stopped');
});

test('the built-in scripted agent runs from the run panel with no key', async ({ page }, testInfo) => {
  await openRunPanel(page);
  await field(page, 'agent').selectOption('scripted');
  await expect(field(page, 'apiKey')).toHaveCount(0);
  await field(page, 'name').fill('e2e scripted');
  await field(page, 'seeds').fill('3, 4');
  await field(page, 'episodes').fill('2');
  await field(page, 'stepLimit').fill('150');
  await field(page, 'parallel').fill('2');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });
  await expect(page.getByTestId('run-achievements').locator('tr.done').first()).toBeVisible();
  const table = page.getByTestId('results-table');
  await expect(table.locator('tr[data-row="Episodes (complete / all)"] td')).toHaveText('2 / 2');
  await expect(table.locator('tr[data-row="Crafter score"] td')).toHaveText(/^\d+\.\d\d %$/);
  await expect(page.getByRole('img', { name: 'Success rate per achievement (% of complete episodes)' })).toBeVisible();
  expect(server.completions()).toHaveLength(0);

  const bytes = await downloadStore(page, testInfo.outputPath('scripted.db'));
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  const rows = db.exec(`SELECT s.seed, count(t.id), sum(t.action_count), count(t.observation_text) FROM session_traces s
    JOIN session_timesteps t USING (session_id) WHERE s.policy_name = 'scripted' GROUP BY s.session_id ORDER BY s.seed`)[0].values;
  expect(rows).toEqual([[3, 151, 150, 151], [4, 151, 150, 151]]);
  db.close();
  await expect(page.locator('tr[data-session]').filter({ hasText: 'scripted' })).toHaveCount(2);
});
