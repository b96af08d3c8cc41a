// Runs from the page: a model behind a local OpenAI-compatible server (images on, a 429 retried, a 401 paused and
// resumed, a wrong base URL corrected on resume, an HTML error page, a model that refuses max_tokens), "Test connection",
// and the built-in scripted agent with no key (its pace, live table and results); the traces hold the requests
// exactly as sent and no key.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import initSqlJs from 'sql.js';
import { serveOpenAI } from './serve-openai.ts';

const KEY = 'sk-e2e-test-key-7f3a9c1e5b2d4680SECRET';
const NEW_KEY = 'sk-e2e-second-key-0a1b2c3d4e5f6789';
const server = serveOpenAI();

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

test('resume uses the connection fields as they are now: base URL, model, key and headers', async ({ page }) => {
  await openRunPanel(page);
  await fillModelRun(page, { name: 'e2e wrong url', model: 'missing-model', episodes: 1, stepLimit: 4, frameHistory: 0 });
  await field(page, 'baseUrl').fill(`${server.url}/wrong/v1`);
  await field(page, 'headers').fill('X-Team: first');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('run-pause-message')).toContainText('does not know model "missing-model" (404), or the base URL is wrong');
  await field(page, 'baseUrl').fill(`${server.url}/v1`);
  await field(page, 'model').fill('tool-bot');
  await field(page, 'apiKey').fill(NEW_KEY);
  await field(page, 'headers').fill('X-Team: second');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished');
  const [first, ...rest] = server.requests.filter((r) => r.method === 'POST');
  expect(first).toMatchObject({ path: '/wrong/v1/chat/completions', body: { model: 'missing-model' }, headers: { authorization: `Bearer ${KEY}`, 'x-team': 'first' } });
  expect(rest).toHaveLength(2);
  for (const call of rest) expect(call).toMatchObject({ path: '/v1/chat/completions', body: { model: 'tool-bot' }, headers: { authorization: `Bearer ${NEW_KEY}`, 'x-team': 'second' } });
  await expect(page.getByTestId('results-table').locator('tr[data-row="Agent"] td')).toHaveText(`tool-bot @ 127.0.0.1:${server.port}`);
});

test('"Test connection" says whether the endpoint answers, knows the model, takes images and takes tools', async ({ page }) => {
  await openRunPanel(page);
  await fillModelRun(page, { name: 'e2e probe', model: 'tool-bot', episodes: 1, stepLimit: 4, frameHistory: 0 });
  const report = page.getByTestId('probe-report');
  const checks = () => report.locator('li[data-ok]').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-check')}=${li.getAttribute('data-ok')}`));
  const probe = async (model: string) => {
    await field(page, 'model').fill(model);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(report).toBeVisible();
    return checks();
  };
  expect(await probe('tool-bot')).toEqual(['answers=true', 'knowsModel=true', 'images=true', 'tools=true']);
  expect(server.completions()).toHaveLength(1);
  expect(server.completions()[0].headers.authorization).toBe(`Bearer ${KEY}`);
  expect(await probe('text-bot')).toEqual(['answers=true', 'knowsModel=true', 'images=true', 'tools=false']);
  await expect(report.locator('li[data-check="tools"]')).toContainText('set the action format to plain text');
  expect(await probe('no-images')).toEqual(['answers=true', 'knowsModel=true', 'images=false', 'tools=true']);
  await expect(report.locator('li[data-check="images"]')).toContainText('image_url is only supported by certain models');
  expect(await probe('no-tools')).toEqual(['answers=true', 'knowsModel=true', 'images=true', 'tools=false']);
  expect(await probe('missing-model')).toEqual(['answers=true', 'knowsModel=false', 'images=null', 'tools=null']);
  expect(await probe('reasoning-bot')).toEqual(['answers=true', 'knowsModel=true', 'images=true', 'tools=true']);
  await expect(report.locator('li[data-check="tokenLimit"]')).toContainText('token limit sent as max_completion_tokens');
  expect(await probe('html-error')).toEqual(['answers=true', 'knowsModel=null', 'images=null', 'tools=null']);
  await expect(report.locator('li[data-check="knowsModel"]')).toContainText('The server said: 500 Internal Server Error nginx/1.22.1');
  await expect(report).not.toContainText('<');
  await field(page, 'baseUrl').fill(`${server.url}/no-cors/v1`);
  expect(await probe('tool-bot')).toEqual(['answers=false', 'knowsModel=null', 'images=null', 'tools=null']);
  await expect(report.locator('li[data-check="answers"]')).toContainText('Could not reach');
  expect(server.completions().every((c) => JSON.stringify(c.body).includes(KEY) === false)).toBe(true);
});

test('an HTML error page pauses the run with its text, trimmed, not its markup', async ({ page }) => {
  await openRunPanel(page);
  await fillModelRun(page, { name: 'e2e html', model: 'html-error', episodes: 1, stepLimit: 4, frameHistory: 0 });
  await field(page, 'maxRetries').fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  const message = page.getByTestId('run-pause-message');
  await expect(message).toContainText(`127.0.0.1:${server.port} failed (500). The server said: 500 Internal Server Error nginx/1.22.1`);
  await expect(message).not.toContainText('<');
  await expect(message).not.toContainText('never shown');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('stopped');
});

test('a model that refuses max_tokens is sent max_completion_tokens, learnt from its 400', async ({ page }, testInfo) => {
  await openRunPanel(page);
  await fillModelRun(page, { name: 'e2e reasoning', model: 'reasoning-bot', episodes: 1, stepLimit: 6, frameHistory: 0 });
  await field(page, 'maxRetries').fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished');
  const limits = server.completions().map((c) => Object.keys(c.body as object).filter((k) => k.startsWith('max_')).join());
  expect(limits).toEqual(['max_tokens', 'max_completion_tokens', 'max_completion_tokens', 'max_completion_tokens']);
  const SQL = await initSqlJs();
  const db = new SQL.Database(await downloadStore(page, testInfo.outputPath('reasoning.db')));
  const options = db.exec(`SELECT request_options FROM events ORDER BY event_time, id`)[0].values.map(([o]) => JSON.parse(String(o)) as Record<string, unknown>);
  expect(options.map((o) => [o.max_completion_tokens, o.max_tokens])).toEqual([[300, undefined], [300, undefined], [300, undefined]]);
  db.close();
});

test('while a run plays: its pace and store size, a live table of complete episodes, and results that follow it', async ({ page }) => {
  await openRunPanel(page);
  await field(page, 'agent').selectOption('scripted');
  await field(page, 'name').fill('e2e long scripted');
  await field(page, 'seeds').fill('3');
  await field(page, 'episodes').fill('3');
  await field(page, 'stepLimit').fill('10000');
  await field(page, 'parallel').fill('1');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-pace')).toHaveText(/^\d+(\.\d)? steps\/s · about \d+ (s|min|h \d+ min) left · store \d+(\.\d)? (kB|MB)$/, { timeout: 10_000 });
  // The first episode plays: nothing is complete, so no rate is given; what it unlocked shows as playing.
  await expect(page.getByTestId('run-episodes')).toHaveText('0 / 3 episodes');
  const wood = page.locator('tr[data-achievement="collect_wood"] td');
  await expect(wood).toHaveText(['collect wood', '0', '—', '1']);
  await expect(page.getByTestId('run-achievements').locator('th').nth(2)).toHaveText('Rate (% of complete episodes)');
  // Results show the run while it plays, not "No runs yet".
  const table = page.getByTestId('results-table');
  await expect(table.locator('tr[data-row="State"] td')).toHaveText('running');
  await expect(table.locator('th').nth(1)).toHaveText('e2e long scripted');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('stopped');
  await expect(table.locator('tr[data-row="State"] td')).toHaveText('stopped');
  await expect(table.locator('tr[data-row="Episodes (complete / all)"] td')).toHaveText('0 / 1');

  await field(page, 'name').fill('e2e short scripted');
  await field(page, 'stepLimit').fill('50');
  await field(page, 'episodes').fill('2');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('finished');
  await expect(page.getByTestId('run-pace')).toHaveText(/ · nothing left · store /);
  await expect(wood).toHaveText(['collect wood', '2', '100 %', '0']);
  await expect(table.locator('th').nth(1)).toHaveText('e2e short scripted');
  await expect(table.locator('tr[data-row="Episodes (complete / all)"] td')).toHaveText('2 / 2');
  await expect(page.getByTestId('results-run-a').locator('option')).toHaveText([/^e2e short scripted/, /^e2e long scripted/]);
});
