/**
 * A file 5,000 columns wide (an id, 4,998 numeric columns with long names, a Yes/No churn column)
 * through every page (Data, Segments, Predict, Risk, Customer; Explore in explore.e2e): bounded, stated defaults and searches instead of 5,000 checkboxes, and every
 * run finishing. (How long its tasks take is measured by `npx tsx bench/browser-flow.ts --wide`.)
 */
import { describe, expect, test } from 'vitest';
import { Random } from '../../src/lib/ml/core/random';
import { alertTexts, pickContent, useApp, waitForShape } from './browser';

const { session } = useApp();
const width = 5000;
const rows = 60;
const name = (j: number): string => `PaymentMethod_Bank transfer (automatic) spend in category ${String(j).padStart(4, '0')}`;

function wideCsv(): string {
  const random = new Random(4);
  const lines = [['customer_id', ...Array.from({ length: width - 2 }, (_, j) => name(j)), 'churn'].join(',')];
  for (let i = 0; i < rows; i++) {
    // Column 3 misses a value in the first row: the default (fewest missing values) skips it.
    const cells = Array.from({ length: width - 2 }, (_, j) => (i === 0 && j === 3 ? '' : (random.next() * 100).toFixed(2)));
    lines.push([String(i + 1).padStart(5, '0'), ...cells, i % 3 === 0 ? 'Yes' : 'No'].join(','));
  }
  return lines.join('\n');
}

async function settled(page: string): Promise<void> {
  await session.page.waitForSelector(`[data-testid="page-${page}"][aria-busy="false"]`, { timeout: 120_000 });
}

describe('a 5,000-column file', () => {
  test('the Data page pages its columns and finds one by name', async () => {
    const { page } = session;
    await pickContent(page, 'wide.csv', wideCsv());
    await waitForShape(page, rows, width);
    const pager = page.getByTestId('column-pager');
    await expect(pager.getAttribute('data-shown')).resolves.toBe('100');
    await expect(page.getByTestId('column-row').count()).resolves.toBe(100);
    await page.getByTestId('column-search').fill('category 4321');
    await expect.poll(() => page.getByTestId('column-row').count()).toBe(1);
    await expect(page.getByTestId('column-row').getAttribute('data-column')).resolves.toBe(name(4321));
    // The row preview shows a window of 40 columns.
    await expect(page.getByTestId('column-window').getAttribute('data-count')).resolves.toBe('40');
  });

  test('Segments suggests 50 columns, says why, and runs', async () => {
    const { page } = session;
    await page.getByTestId('nav-segments').click();
    const chooser = page.getByTestId('segment-features');
    await expect.poll(() => chooser.getAttribute('data-selected')).toBe('50');
    await expect(chooser.getAttribute('data-candidates')).resolves.toBe(String(width - 1));
    await expect(chooser.locator(`input[data-feature="${name(3)}"]`).count()).resolves.toBe(0);
    await expect(chooser.locator(`input[data-feature="${name(50)}"]`).isChecked()).resolves.toBe(true);
    await page.getByTestId('feature-search').fill('category 0003');
    await page.getByTestId('feature-match').first().click();
    await expect.poll(() => chooser.getAttribute('data-selected')).toBe('51');
    await page.getByTestId('k-max').fill('3');
    await page.getByTestId('n-init').fill('2');
    await page.getByTestId('run').click();
    await page.getByTestId('best-k').waitFor({ timeout: 120_000 });
    await settled('segments');
  });

  test('Predict and Risk choose 50 features without the target, say so, and cross-validate', async () => {
    const { page } = session;
    await page.getByTestId('nav-predict').click();
    const bound = page.getByTestId('feature-bound');
    // Every column but the id and the target (the first numeric column): 4,997 numbers and the churn column.
    await expect(bound.getAttribute('data-from')).resolves.toBe(String(width - 2));
    await expect(page.getByTestId('feature-picker').getAttribute('data-chosen')).resolves.toBe('50');
    for (const model of ['linear', 'rf', 'gbm']) await page.locator(`input[data-model="${model}"]`).uncheck();
    await page.getByTestId('run').click();
    await page.locator('tr[data-model="ridge"] [data-metric="r2"]').waitFor({ timeout: 120_000 });
    await settled('predict');
    await page.getByTestId('nav-risk').click();
    await expect(page.getByTestId('feature-picker').getAttribute('data-chosen')).resolves.toBe('50');
    for (const model of ['rf', 'gbm']) await page.locator(`input[data-model="${model}"]`).uncheck();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="roc_auc"]').first().waitFor({ timeout: 120_000 });
    await settled('risk');
    await expect(alertTexts(page)).resolves.toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  test('Customer trains its two models on a bounded set of inputs and scores a profile', async () => {
    const { page } = session;
    await page.getByTestId('nav-customer').click();
    await page.getByTestId('target-select').selectOption(name(0));
    await page.getByTestId('risk-column').selectOption(name(1));
    await page.getByTestId('risk-threshold').fill('50');
    await page.getByTestId('risk-threshold').dispatchEvent('change');
    await page.getByTestId('run').click();
    await page.locator('[data-metric="predicted_spend"]').waitFor({ timeout: 120_000 });
    await settled('customer');
    // At most 50 inputs per model, so at most 100 profile fields, never 5,000.
    const fields = await page.getByTestId('profile').locator('[data-testid^="slider-"]').count();
    expect(fields).toBeGreaterThan(0);
    expect(fields).toBeLessThanOrEqual(100);
    await expect(alertTexts(page)).resolves.toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
