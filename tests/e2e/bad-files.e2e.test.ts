import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { datasetShape, pickContent, pickFile, useApp, waitForShape } from './browser';

const badDir = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));
const badFiles = readdirSync(badDir).filter((f) => !f.startsWith('.')).sort();
const defaultName = 'customer_purchasing_behaviors.csv';
/** Files that cannot be a table: the load must be refused (the others may load with warnings). */
const mustBeRefused = /empty|header.?only|png|zip|xlsx|json/i;
/** A header holding HTML: a valid file, loaded without any alert, whose header must show as text. */
const htmlHeaderFile = 'html-header.csv';

const { session } = useApp();

beforeAll(async () => {
  await waitForShape(session.page, 238, 7);
});

/** Puts the default dataset back if a previous file replaced it, and clears the alerts. */
async function resetToDefault(page: Page): Promise<void> {
  if ((await datasetShape(page)).name !== defaultName) {
    await page.getByTestId('example-select').selectOption(defaultName);
    await page.getByTestId('load-example').click();
    await page.waitForSelector(`[data-testid="dataset-summary"] .name:text-is("${defaultName}")`);
  }
  for (const button of await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).all()) await button.click();
  await expect.poll(() => page.getByRole('alert').count()).toBe(0);
}

/** Waits until the load of `name` has finished with alerts shown or the file loaded. */
async function settle(page: Page, name: string): Promise<{ level: string | null; text: string }[]> {
  await page.waitForFunction(
    (fileName) => {
      const isBusy = document.querySelector('[data-testid="cancel"]') !== null;
      const hasAlert = document.querySelector('[role="alert"]') !== null;
      const isLoaded = document.querySelector('[data-testid="dataset-summary"] .name')?.textContent === fileName;
      return !isBusy && (hasAlert || isLoaded);
    },
    name,
    { timeout: 60_000 },
  );
  const alerts = page.getByRole('alert');
  return Promise.all(
    (await alerts.all()).map(async (a) => ({ level: await a.getAttribute('data-level'), text: (await a.textContent()) ?? '' })),
  );
}

describe('bad files', () => {
  test('there are bad-file fixtures to test', () => {
    expect(badFiles.length).toBeGreaterThan(0);
  });

  test(`${htmlHeaderFile}: loads, its HTML header is shown literally as text and nothing runs`, async () => {
    const { page } = session;
    await resetToDefault(page);
    await pickFile(page, join(badDir, htmlHeaderFile));
    expect(await settle(page, htmlHeaderFile)).toEqual([]);
    await page.getByTestId('nav-data').click();
    const header = '<img src=x onerror=alert(1)>';
    await expect(page.getByTestId('column-table').textContent()).resolves.toContain(header);
    await expect(page.getByTestId('row-preview').textContent()).resolves.toContain('<b>bold</b>');
    expect(await page.locator('main img, main b').count()).toBe(0);
    expect(session.dialogs).toEqual([]);
  });

  for (const file of badFiles.filter((f) => f !== htmlHeaderFile)) {
    test(`${file}: an alert names the file; a refused file leaves the dataset loaded before`, async () => {
      const { page } = session;
      await resetToDefault(page);
      await pickFile(page, join(badDir, file));
      const alerts = await settle(page, file);
      expect(alerts.length, `no alert for ${file}`).toBeGreaterThan(0);
      for (const alert of alerts) expect(alert.text).toContain(file);
      const shape = await datasetShape(page);
      const isRefused = shape.name === defaultName;
      if (mustBeRefused.test(file)) expect(isRefused, `${file} should be refused`).toBe(true);
      if (isRefused) {
        expect(alerts.some((a) => a.level === 'error')).toBe(true);
        expect(shape).toEqual({ rows: 238, cols: 7, name: defaultName });
        // The dataset loaded before is still usable: its rows are still shown.
        await page.getByTestId('nav-data').click();
        await expect(page.getByTestId('row-preview').locator('[role="row"]').nth(1).textContent()).resolves.toContain('45000');
      } else {
        expect(alerts.every((a) => a.level === 'warning')).toBe(true);
      }
      expect(session.dialogs).toEqual([]);
    });
  }

  test('an empty file and a PNG renamed .csv are refused with an alert naming them, and alerts can be dismissed', async () => {
    const { page } = session;
    await resetToDefault(page);
    await pickContent(page, 'nothing.csv', '');
    expect((await settle(page, 'nothing.csv')).map((a) => a.text).join()).toContain('nothing.csv');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0, 0, 7, 9]);
    await pickContent(page, 'picture.csv', png);
    const alerts = await settle(page, 'picture.csv');
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]).toMatchObject({ level: 'error' });
    expect(alerts[0].text).toContain('picture.csv');
    expect(await datasetShape(page)).toEqual({ rows: 238, cols: 7, name: defaultName });
    await page.getByRole('alert').first().getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(alerts.length - 1);
  });
});
