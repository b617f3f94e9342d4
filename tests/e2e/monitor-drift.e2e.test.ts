import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pickFile, useApp, waitForShape } from './browser';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const { session } = useApp({ hash: '#/monitor' });

beforeAll(async () => {
  await waitForShape(session.page, 238, 7);
});

const value = async (page: Page, selector: string) => Number(await page.locator(selector).first().getAttribute('data-value'));

describe('Drift on #/monitor', () => {
  test('the default data against a copy with annual_income +30 %: that column first, drifted by KS; the verdict in words', async () => {
    const { page } = session;
    await page.getByTestId('drift-file-input').setInputFiles(fixture('customer_purchasing_income_up30.csv'));
    const rows = page.getByTestId('drift-row');
    await rows.first().waitFor({ timeout: 60_000 });
    await expect(rows.first().getAttribute('data-column')).resolves.toBe('annual_income');
    await expect(rows.first().getAttribute('data-drift')).resolves.toBe('yes');
    await expect(rows.first().textContent()).resolves.toContain('Kolmogorov–Smirnov');
    expect(await value(page, '[data-testid="drift-row"] [data-metric="psi"]')).toBeGreaterThan(0.25);
    await expect(rows.count()).resolves.toBe(6);
    await expect(page.locator('[data-testid="drift-row"][data-drift="yes"]').count()).resolves.toBe(1);
    expect(await value(page, '[data-metric="drifted_share"]')).toBeCloseTo(1 / 6, 10);
    await expect(page.getByTestId('drift-verdict').getAttribute('data-dataset-drift')).resolves.toBe('no');
    await expect(page.getByTestId('drift-skipped').textContent()).resolves.toContain('user_id');
    await expect(page.locator('[data-testid="drift-chart"] rect').first().getAttribute('data-column')).resolves.toBe('annual_income');
    // The data set's share is user-set: at 0.15 one drifted column of six is a drifted data set.
    await page.getByTestId('drift-share').fill('0.15');
    await page.getByTestId('drift-share').dispatchEvent('change');
    await page.getByTestId('drift-run').click();
    await page.waitForSelector('[data-testid="drift-verdict"][data-dataset-drift="yes"]', { timeout: 30_000 });
    await expect(page.locator('[data-testid="page-monitor"]').getAttribute('aria-busy')).resolves.toBe('false');
    expect(session.pageErrors).toEqual([]);
  });

  test('a file that cannot be read is an alert, and the comparison shown stays', async () => {
    const { page } = session;
    await page.getByTestId('drift-file-input').setInputFiles(fixture('bad/workbook.xlsx'));
    await expect(page.getByTestId('drift-error').textContent({ timeout: 30_000 })).resolves.toMatch(/not read/);
    await expect(page.getByRole('alert').filter({ hasText: 'not read' }).count()).resolves.toBe(1);
    await expect(page.getByTestId('drift-row').first().getAttribute('data-column')).resolves.toBe('annual_income');
    await expect(page.getByTestId('drift-current').textContent()).resolves.toContain('customer_purchasing_income_up30.csv');
  });

  test('with a model saved on Risk: its importance beside each column and its label-free estimate per data set', async () => {
    const { page } = session;
    await page.getByTestId('nav-risk').click();
    for (const model of ['rf', 'gbm']) await page.locator(`[data-model="${model}"]`).uncheck();
    await page.locator('[data-model="logistic"]').check();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="roc_auc"]').first().waitFor({ timeout: 90_000 });
    await page.getByTestId('save-model').click();
    await page.getByTestId('model-saved').waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-monitor').click();
    await page.getByTestId('drift-model').selectOption({ index: 1 });
    await page.getByTestId('drift-run').click();
    await page.locator('[data-metric="drifted_importance"]').waitFor({ timeout: 60_000 });
    const income = page.locator('[data-testid="drift-row"][data-column="annual_income"]');
    await expect(income.getAttribute('data-weight')).resolves.toMatch(/^(alarming|minor)$/);
    const share = await value(page, '[data-metric="drifted_importance"]');
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(1);
    // The reference and the current file each get an estimated precision (the rule-built label is in neither file, so no counted one).
    const estimates = await page.locator('[data-metric="estimated_precision"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(estimates.length).toBe(2);
    for (const e of estimates) expect(e).toBeGreaterThanOrEqual(0);
    if (process.env.E2E_SHOTS) await page.getByTestId('drift-section').screenshot({ path: `${process.env.E2E_SHOTS}/monitor-drift.png` });

    // The loaded data (the example) against the model's training data, rebuilt from its file's profile: the same data, no drift.
    await page.getByTestId('drift-source-training').check();
    await page.getByTestId('drift-training-note').waitFor();
    await page.getByTestId('drift-run').click();
    await page.waitForSelector('[data-testid="drift-verdict"]', { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('drift-verdict').textContent(), { timeout: 30_000 }).toContain('training data');
    await expect(page.locator('[data-testid="drift-row"][data-drift="yes"]').count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  });

  test('a file with a date column: its later months against its first; only the month with raised incomes drifts', async () => {
    const { page } = session;
    await page.getByTestId('nav-data').click();
    await pickFile(page, fixture('customers_by_month.csv'));
    await waitForShape(page, 238, 8);
    await page.getByTestId('nav-monitor').click();
    await page.getByTestId('drift-source-periods').check();
    await expect(page.getByTestId('drift-date').inputValue()).resolves.toBe('signup_date');
    await page.getByTestId('drift-run').click();
    await page.waitForSelector('[data-testid="drift-period"][data-label="2024-03"]', { timeout: 60_000 });
    const periods = page.getByTestId('drift-period');
    await expect(periods.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')))).resolves.toEqual(['2024-01', '2024-02', '2024-03']);
    // The last period is shown: annual_income (raised 30 % in March) first and drifted; the date that cut the periods is not compared.
    await expect(page.getByTestId('drift-row').first().getAttribute('data-column')).resolves.toBe('annual_income');
    await expect(page.getByTestId('drift-row').first().getAttribute('data-drift')).resolves.toBe('yes');
    await expect(page.locator('[data-testid="drift-row"][data-column="signup_date"]').count()).resolves.toBe(0);
    // February against January: no column drifts.
    await page.locator('[data-testid="drift-period"][data-label="2024-02"] button').click();
    await expect(page.locator('[data-testid="drift-row"][data-drift="yes"]').count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
