// The headless runner end to end: `npm run rollout` plays a model behind a local OpenAI-compatible server (the
// requests carry the frames and the tool as the page sends them), `npm run merge-stores` makes one file of its store,
// and the page imports it, replays and verifies its sessions, and shows the run's results.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import initSqlJs from 'sql.js';
import { serveOpenAI } from './serve-openai.ts';

const KEY = 'sk-e2e-rollout-key-0d9c8b7a6f5e4d3c';
const server = serveOpenAI();

function npm(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type Part = { type: string; image_url?: { url: string } };
type Body = { model: string; messages: Array<{ role: string; content: string | Part[] }>; tools: Array<{ function: { name: string } }>; tool_choice: string };
const images = (body: Body) => body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((p) => p.type === 'image_url');

test('a model run headless, imported into the page, replayed and verified', async ({ page }, testInfo) => {
  const store = testInfo.outputPath('store');
  const run = await npm(
    ['rollout', '--', '--out', store, '--agent', 'model', '--base-url', `${server.url}/v1`, '--model', 'tool-bot', '--name', 'e2e headless',
      '--seeds', '1-2', '--length', '6', '--image-mode', 'text_and_image', '--frame-history', '2', '--actions-per-call', '2', '--parallel', '1'],
    { OPENAI_API_KEY: KEY },
  );
  expect(run.stderr).not.toContain('Error');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Episodes \(complete \/ all\)\s+2 \/ 2/);
  expect(run.stdout).toMatch(/Model calls\s+6/);
  expect(run.stdout + run.stderr).not.toContain(KEY);

  // The server saw what the page sends: the key in the header, the frames as image parts, the one tool, required.
  const calls = server.completions();
  expect(calls).toHaveLength(6);
  const bodies = calls.map((c) => c.body as Body);
  for (const call of calls) expect(call.headers.authorization).toBe(`Bearer ${KEY}`);
  expect(bodies.map((b) => images(b).length)).toEqual([1, 2, 3, 1, 2, 3]);
  for (const body of bodies) {
    expect(body.tool_choice).toBe('required');
    expect(body.tools.map((t) => t.function.name)).toEqual(['interact_many']);
    for (const part of images(body)) expect(part.image_url!.url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
  }

  // One file of the store, holding every request exactly as the server received it, and no key.
  const file = testInfo.outputPath('headless.db');
  const merged = await npm(['merge-stores', '--', '--db', store, '--out', file]);
  expect(merged.code).toBe(0);
  const bytes = new Uint8Array(readFileSync(file));
  expect(Buffer.from(bytes).includes(Buffer.from(KEY))).toBe(false);
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  const stored = db.exec(`SELECT e.request_messages FROM events e JOIN session_traces s ON s.session_id = e.session_id ORDER BY s.seed, e.event_time, e.id`)[0].values;
  expect(stored.map(([messages]) => JSON.parse(String(messages)))).toEqual(bodies.map((b) => b.messages));
  const sessions = db.exec(`SELECT source, policy_name, policy_image_mode, policy_extra, metadata, end_reason, env_options FROM session_traces ORDER BY seed`)[0].values;
  for (const [source, name, imageMode, extra, metadata, endReason, envOptions] of sessions) {
    expect([source, name, imageMode, endReason]).toEqual(['model', 'tool-bot', 'text_and_image', 'step_limit']);
    expect(JSON.parse(String(extra))).toMatchObject({ frameHistory: 2, actionsPerCall: 2, actionFormat: 'tool' });
    expect(JSON.parse(String(metadata))).toMatchObject({ runName: 'e2e headless', agent: `tool-bot @ 127.0.0.1:${server.port}`, length: 6 });
    expect(JSON.parse(String(envOptions))).toEqual({ size: [64, 64], length: 6 });
  }
  db.close();

  // The page imports it, replays a session and re-simulates it frame for frame.
  await page.goto('/');
  await page.getByRole('button', { name: 'Sessions' }).click();
  await page.getByTestId('import-file').setInputFiles(file);
  const rows = page.locator('tr[data-session]').filter({ hasText: 'model (tool-bot)' });
  await expect(rows).toHaveCount(2);
  await rows.first().getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByTestId('replay-position')).toHaveText('step 0 of 6');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('verify-result')).toHaveText('Verified: all 4 frames match the re-simulation.');

  // Its results are the run's, rebuilt from the sessions as for a run of an earlier visit.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const table = page.getByTestId('results-table');
  await expect(table.locator('th').filter({ hasText: 'e2e headless' })).toBeVisible();
  await expect(table.locator('tr[data-row="Episodes (complete / all)"] td')).toHaveText('2 / 2');
  await expect(table.locator('tr[data-row="Model calls"] td')).toHaveText('6');
});
