import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { alertTexts, pickFile, useApp, waitForShape } from './browser';

const { session } = useApp();
const fixture = fileURLToPath(new URL('../fixtures/transactions_log.csv', import.meta.url));

/** The number a `data-metric` element shows. */
async function metric(name: string): Promise<number> {
  return Number(await session.page.locator(`[data-metric="${name}"]`).getAttribute('data-value'));
}

describe('a transaction log on the Data page', () => {
  test('summarises by customer: RFM segments, BG/NBD and Gamma-Gamma, the customer table as the dataset, Segments on it', async () => {
    const { page } = session;
    await pickFile(page, fixture);
    await waitForShape(page, 1159, 4);
    const panel = page.getByTestId('summarise-panel');
    await panel.waitFor();
    // The suggested columns, each editable.
    await expect(page.getByTestId('log-customer').inputValue()).resolves.toBe('CustomerID');
    await expect(page.getByTestId('log-date').inputValue()).resolves.toBe('InvoiceDate');
    await expect(page.getByTestId('log-amount').inputValue()).resolves.toBe('Amount');
    await expect(page.getByTestId('log-invoice').inputValue()).resolves.toBe('InvoiceNo');
    await page.getByTestId('log-unit').selectOption('weeks');
    await page.getByTestId('log-calibration-end').fill('1997-09-30');
    await page.getByTestId('summarise').click();

    await page.locator('[data-metric="bgnbd_r"]').waitFor({ timeout: 60_000 });
    await page.waitForSelector('[data-testid="page-data"][aria-busy="false"]');
    // 400 customers (those with a first purchase by the calibration end) × 24 columns become the dataset.
    await waitForShape(page, 400, 24);
    // Same numbers as the CLI on the same file (tests/unit/clv-cli.test.ts).
    expect(await metric('bgnbd_r')).toBeCloseTo(0.17923, 3);
    expect(await metric('bgnbd_alpha')).toBeCloseTo(3.19233, 2);
    expect(await metric('bgnbd_a')).toBeCloseTo(0.63934, 2);
    expect(await metric('bgnbd_b')).toBeCloseTo(1.73103, 1);
    expect(await metric('gg_p')).toBeCloseTo(6.87062, 1);
    expect(await metric('gg_q')).toBeCloseTo(2.89999, 2);
    expect(await metric('gg_v')).toBeCloseTo(10.8145, 1);
    expect(Math.abs(await metric('frequency_monetary_correlation'))).toBeLessThan(0.3);
    expect(await metric('clv_total')).toBeGreaterThan(0);

    const segments = page.getByTestId('rfm-segments').locator('tr[data-segment]');
    const counts = await segments.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-customers'))));
    expect(counts.reduce((s, n) => s + n, 0)).toBe(400);
    await expect(page.getByTestId('rfm-segments').textContent()).resolves.toContain('Champions');
    const alerts = (await alertTexts(page)).join(' ');
    expect(alerts).toContain('line 302');
    expect(alerts).toContain('line 402');
    expect(alerts).toMatch(/2 rows without a customer id/);
    await expect(page.getByTestId('holdout').locator('tbody tr').count()).resolves.toBe(3);
    // The model checks drawn: repeat counts, holdout, both frequency–recency matrices, the CLV distribution.
    await expect.poll(() => panel.locator('.js-plotly-plot').count(), { timeout: 30_000 }).toBe(5);
    if (process.env.E2E_SCREENSHOTS) await panel.screenshot({ path: process.env.E2E_SCREENSHOTS });

    // A reload opens the kept log summarised again, with the same fit.
    await page.waitForSelector('[data-testid="kept-file"][data-state="kept"]');
    await expect(page.getByTestId('kept-file').textContent()).resolves.toContain('summarised by customer');
    await page.reload();
    await page.locator('[data-metric="bgnbd_r"]').waitFor({ timeout: 60_000 });
    await waitForShape(page, 400, 24);
    expect(await metric('bgnbd_r')).toBeCloseTo(0.17923, 3);

    // Every page works on the customer table: Segments finds segments on its behaviour columns.
    await page.getByTestId('nav-segments').click();
    await page.waitForURL(/#\/segments$/);
    await page.getByTestId('run').click();
    await page.locator('[data-metric="silhouette"]').waitFor({ timeout: 120_000 });
    expect(await metric('silhouette')).toBeGreaterThan(0);

    // And back to the log.
    await page.getByTestId('nav-data').click();
    await page.getByTestId('back-to-log').click();
    await waitForShape(page, 1159, 4);
    await expect(page.getByTestId('summarise').isEnabled()).resolves.toBe(true);
    expect(session.pageErrors).toStrictEqual([]);
  }, 240_000);
});
