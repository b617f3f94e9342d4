/**
 * A day on the example data, one page after another, each page checked for its main result; with
 * UPDATE_SCREENSHOTS=1 each page's first screen is saved to docs/screenshots/<page>.png, the
 * pictures the README shows (`UPDATE_SCREENSHOTS=1 npm run test:e2e -- screenshots`).
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useApp, waitForShape } from './browser';

const { session } = useApp();
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const idle = (page: Page, id: string) => page.locator(`[data-testid="page-${id}"][aria-busy="false"]`).waitFor({ timeout: 180_000 });

async function shoot(page: Page, id: string): Promise<void> {
  await idle(page, id);
  if (!process.env.UPDATE_SCREENSHOTS) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: fileURLToPath(new URL(`../../docs/screenshots/${id}.png`, import.meta.url)) });
}

describe('every page on the example data', () => {
  test('Data, Explore, Segments, Predict, Risk, Customer, Experiments, Report and Monitor each show their result', async () => {
    const { page } = session;
    await waitForShape(page, 238, 7);
    await shoot(page, 'data');

    await page.getByTestId('nav-explore').click();
    await page.locator('[data-finding-id]').first().waitFor({ timeout: 60_000 });
    await shoot(page, 'explore');

    await page.getByTestId('nav-segments').click();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="silhouette"]').first().waitFor({ timeout: 60_000 });
    await expect(page.locator('.persona').count()).resolves.toBeGreaterThan(1);
    await shoot(page, 'segments');

    await page.getByTestId('nav-predict').click();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="r2"]').first().waitFor({ timeout: 120_000 });
    await shoot(page, 'predict');

    await page.getByTestId('nav-risk').click();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="roc_auc"]').first().waitFor({ timeout: 120_000 });
    await page.getByTestId('lift-gain').waitFor({ timeout: 60_000 });
    await shoot(page, 'risk');

    await page.getByTestId('nav-customer').click();
    await page.locator('[data-metric="predicted_spend"]').waitFor({ timeout: 120_000 });
    await shoot(page, 'customer');

    await page.getByTestId('nav-experiments').click();
    await expect.poll(() => page.getByTestId('run-row').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await shoot(page, 'experiments');

    await page.getByTestId('nav-report').click();
    if (await page.getByTestId('report-run-all').count()) await page.getByTestId('report-run-all').click();
    await page.locator('[data-metric="revenue_at_risk"]').waitFor({ timeout: 180_000 });
    expect(Number(await page.locator('[data-metric="at_risk_share"]').getAttribute('data-value'))).toBeGreaterThan(0);
    await shoot(page, 'report');

    await page.getByTestId('nav-monitor').click();
    await page.getByTestId('drift-file-input').setInputFiles(fixture('customer_purchasing_income_up30.csv'));
    await page.getByTestId('drift-row').first().waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('drift-row').first().getAttribute('data-column')).resolves.toBe('annual_income');
    await shoot(page, 'monitor');
    expect(session.pageErrors).toStrictEqual([]);
    expect(session.foreignRequests).toStrictEqual([]);
  }, 600_000);
});
