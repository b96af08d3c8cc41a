// Crafter's own files in the page: Recorder episodes (.npz) with their stats.jsonl import as sessions, one with its
// seed (it verifies) and one without (it says it cannot be verified), a bad file imports nothing, and the imported
// sessions export back as the same arrays, in a zip with stats.jsonl.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readNpz } from '../../src/lib/npz.ts';

const DIR = fileURLToPath(new URL('../../../shared/crafter-recordings', import.meta.url));
const SEEDED = '20261130T041724-ach2-len134.npz';
const UNSEEDED = '20261130T041724-ach1-len178.npz';

test.skip(!existsSync(join(DIR, 'recordings.json')), `../shared/crafter-recordings is absent`);

test('Recorder files import with and without a seed, verify or say why not, and export back', async ({ page }, testInfo) => {
  const seeds = JSON.parse(readFileSync(join(DIR, 'recordings.json'), 'utf8')).episodes as Array<{ file: string; seed: number }>;
  const bad = testInfo.outputPath('bad.npz');
  writeFileSync(bad, 'this is not a zip archive at all');
  await page.goto('/');
  await page.getByRole('button', { name: 'Sessions' }).click();
  await page.getByTestId('crafter-import-files').setInputFiles([join(DIR, SEEDED), join(DIR, UNSEEDED), join(DIR, 'stats.jsonl'), bad]);
  await expect(page.getByTestId('crafter-import-table').locator('tbody tr')).toHaveCount(3);
  await page.getByLabel(`seed of ${SEEDED}`).fill(String(seeds.find((e) => e.file === SEEDED)!.seed));
  await page.getByRole('button', { name: 'Import 3 files' }).click();
  const result = page.getByTestId('crafter-import-result');
  await expect(result).toContainText('bad.npz: not imported: bad.npz is not a zip archive');
  await expect(result).toContainText(`${SEEDED}: 134 steps imported (with its seed: can be verified), stats.jsonl line 1`);
  await expect(result).toContainText(`${UNSEEDED}: 178 steps imported (no seed: cannot be verified), stats.jsonl line 2`);

  const rows = page.locator('tr[data-session]').filter({ hasText: 'import' });
  await expect(rows).toHaveCount(2);
  for (const [length, verdict] of [
    ['178', 'This session cannot be verified: no seed'],
    ['134', 'Actions re-simulate through 134 steps'],
  ]) {
    await rows.filter({ has: page.getByTestId('session-length').getByText(length, { exact: true }) }).getByRole('button', { name: 'Replay' }).click();
    await expect(page.getByTestId('replay-position')).toHaveText(`step 0 of ${length}`);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('verify-result')).toContainText(verdict);
    await page.getByRole('button', { name: 'Back to sessions' }).click();
  }

  await page.getByLabel('sessions to export').selectOption('import');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as Crafter .npz' }).click()]);
  const zipPath = testInfo.outputPath('episodes.zip');
  await download.saveAs(zipPath);
  const members = unzipSync(new Uint8Array(readFileSync(zipPath)));
  expect(Object.keys(members).sort()).toEqual([SEEDED, UNSEEDED, 'stats.jsonl'].sort());
  const statsLines = new TextDecoder().decode(members['stats.jsonl']).trim().split('\n').sort();
  expect(statsLines).toEqual(readFileSync(join(DIR, 'stats.jsonl'), 'utf8').trim().split('\n').slice(0, 2).sort());
  for (const name of [SEEDED, UNSEEDED]) {
    const original = readNpz(new Uint8Array(readFileSync(join(DIR, name))));
    const exported = readNpz(members[name]);
    expect([...exported.keys()]).toEqual([...original.keys()]);
    for (const [key, array] of original) {
      const back = exported.get(key)!;
      expect({ descr: back.descr, shape: back.shape }).toEqual({ descr: array.descr, shape: array.shape });
      expect(Buffer.from(back.data.buffer, back.data.byteOffset, back.data.byteLength).equals(Buffer.from(array.data.buffer, array.data.byteOffset, array.data.byteLength)), key).toBe(true);
    }
  }
});
