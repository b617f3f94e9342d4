import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, type AppSession } from './browser';

let browser: Browser;
let session: AppSession;

beforeAll(async () => {
  browser = await launchBrowser();
  session = await openApp(browser, { hash: '#/predict' });
});
afterAll(async () => {
  await session?.close();
  await browser?.close();
});

describe('the Predict page', () => {
  test('random forest predicts purchase_amount with R² above 0.95, identical rows kept together', async () => {
    const { page } = session;
    await page.getByTestId('target-select').waitFor();
    expect(await page.getByTestId('target-select').inputValue()).toBe('purchase_amount');
    for (const model of ['linear', 'ridge', 'gbm']) await page.locator(`[data-model="${model}"]`).uncheck();
    await page.locator('[data-model="rf"]').check();
    await page.getByTestId('run').click();
    const r2 = page.locator('[data-metric="r2"]').first();
    await r2.waitFor({ timeout: 90_000 });
    expect(Number(await r2.getAttribute('data-value'))).toBeGreaterThan(0.95);
    const note = page.getByTestId('duplicate-note');
    expect(await note.getAttribute('data-grouped')).toBe('true');
    expect(await note.textContent()).toMatch(/Only \d+ of 238 rows are distinct/);
    expect(Number(await page.locator('[data-metric="rmse"]').first().getAttribute('data-value'))).toBeGreaterThan(0);
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('cancel stops a run and the page can run again', async () => {
    const { page } = session;
    await page.locator('[data-model="mlp"]').check();
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 1_000 });
    expect(await page.getByTestId('run').isEnabled()).toBe(true);
    await page.locator('[data-model="mlp"]').uncheck();
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    expect(Number(await page.locator('[data-model="rf"] [data-metric="r2"]').getAttribute('data-value'))).toBeGreaterThan(0.95);
  });

  test('a linear model shows its coefficients in every fold', async () => {
    const { page } = session;
    await page.locator('[data-model="ridge"]').check();
    await page.getByTestId('run').click();
    await page.locator('tr[data-model="ridge"] [data-metric="r2"]').waitFor({ timeout: 90_000 });
    await page.locator('tr[data-model="ridge"] button').click();
    await page.getByTestId('coefficients').waitFor();
  });
});
