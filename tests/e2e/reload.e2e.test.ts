import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { alertTexts, columnInfo, datasetShape, openApp, pickContent, pickFile, useApp, waitForShape } from './browser';

const telco = fileURLToPath(new URL('../fixtures/telco_like.csv', import.meta.url));
const defaultName = 'customer_purchasing_behaviors.csv';

const app = useApp();
const session = app.session;

/** Waits until the kept file (and its settings) are written. */
async function waitForKept(page: import('playwright-core').Page): Promise<void> {
  await page.waitForSelector('[data-testid="kept-file"][data-state="kept"]');
}

describe('reloading the page', () => {
  test('opens the user’s file again with the roles, types and added columns set on it', async () => {
    const { page } = session;
    await waitForShape(page, 238, 7);
    expect(await page.getByTestId('forget-file').count()).toBe(0);

    await pickFile(page, telco);
    await waitForShape(page, 400, 10);
    await waitForKept(page);
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('formula-name').fill('yearly_charges');
    await page.getByTestId('formula-text').fill('MonthlyCharges * 12');
    await page.getByTestId('formula-add').click();
    await waitForShape(page, 400, 11);
    await page.getByTestId('nav-data').click();
    await page.locator('[data-testid="column-row"][data-column="Churn"]').getByTestId('role-select').selectOption('target');
    await page.locator('[data-testid="column-row"][data-column="tenure"]').getByTestId('type-select').selectOption('categorical');
    await waitForKept(page);

    await page.reload();
    await waitForShape(page, 400, 11);
    expect((await datasetShape(page)).name).toBe('telco_like.csv');
    expect(await columnInfo(page, 'Churn')).toMatchObject({ role: 'target' });
    expect(await columnInfo(page, 'tenure')).toMatchObject({ type: 'categorical' });
    expect(await columnInfo(page, 'MonthlyCharges')).toMatchObject({ type: 'numeric', role: 'feature' });
    await expect(page.getByTestId('lineage').textContent()).resolves.toContain('yearly_charges ← MonthlyCharges');
    await expect(page.getByTestId('kept-file').textContent()).resolves.toMatch(/telco_like\.csv.*kept only in this browser/s);
    expect(await alertTexts(page)).toEqual([]);
  });

  test('“Forget this file” goes back to the default dataset, and a reload keeps the default', async () => {
    const { page } = session;
    await page.getByTestId('forget-file').click();
    await waitForShape(page, 238, 7);
    expect((await datasetShape(page)).name).toBe(defaultName);
    expect(await page.getByTestId('forget-file').count()).toBe(0);
    await page.reload();
    await waitForShape(page, 238, 7);
    expect((await datasetShape(page)).name).toBe(defaultName);
    expect(await columnInfo(page, 'region')).toMatchObject({ role: 'feature' });
    expect(await page.getByTestId('forget-file').count()).toBe(0);
  });

  test('loading an example forgets the kept file: a reload opens the default dataset', async () => {
    const { page } = session;
    await pickContent(page, 'mine.csv', 'a,b\n1,2\n3,4\n');
    await waitForShape(page, 2, 2);
    await waitForKept(page);
    await page.getByTestId('example-select').selectOption('marketing_campaign.csv');
    await page.getByTestId('load-example').click();
    await waitForShape(page, 2240, 29);
    await page.reload();
    await waitForShape(page, 238, 7);
  });

  test('a kept file that no longer opens is named, the default dataset shown instead, and it can be forgotten', async () => {
    const { page } = session;
    // What an older or damaged copy would look like: a kept file that is not a table.
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('customer-intelligence', 1);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction('files', 'readwrite');
      const file = new Blob(['\n\n'], { type: 'text/csv' });
      tx.objectStore('files').put({ version: 1, id: 'broken', name: 'broken.csv', size: file.size, savedAt: 0, file }, 'current');
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    });
    await page.reload();
    await waitForShape(page, 238, 7);
    await expect.poll(() => alertTexts(page)).toEqual([expect.stringMatching(/broken\.csv, the file kept in this browser, could not be opened again.*Forget this file/s)]);
    await expect(page.getByTestId('kept-file').getAttribute('data-state')).resolves.toBe('unreadable');
    await page.getByTestId('forget-file').click();
    await expect.poll(() => page.getByTestId('forget-file').count()).toBe(0);
    // Removed from storage, not only from the page, before the reload.
    await expect.poll(() => page.getByTestId('kept-file').getAttribute('data-state')).toBe('none');
    await page.reload();
    await waitForShape(page, 238, 7);
    expect(await alertTexts(page)).toEqual([]);
  });

  test('a file the browser has no room for stays loaded, and the user is told it will not survive a reload, with its size', async () => {
    const full = await openApp(app.browser);
    try {
      const { page, context } = full;
      // Storage full: every IndexedDB write fails as Chromium fails it when the quota is used up.
      await context.addInitScript(() => {
        IDBObjectStore.prototype.put = function () {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      });
      await page.reload();
      await waitForShape(page, 238, 7);
      await pickContent(page, 'too-big.csv', 'id,spend\n1,10\n2,20\n3,30\n');
      await waitForShape(page, 3, 2);
      await expect
        .poll(() => alertTexts(page))
        .toEqual([expect.stringMatching(/too-big\.csv \(\d+ B\) is open for this session only: it will not be opened again after a reload, because it is too large/)]);
      await expect(page.getByTestId('kept-file').getAttribute('data-state')).resolves.toBe('session-only');
      expect(await page.getByTestId('forget-file').count()).toBe(0);
      expect((await datasetShape(page)).name).toBe('too-big.csv');
      await page.reload();
      await waitForShape(page, 238, 7);
      expect(full.foreignRequests).toEqual([]);
    } finally {
      await full.close();
    }
  });
});
