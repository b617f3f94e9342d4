import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useApp, waitForShape } from './browser';

const { session } = useApp({ hash: '#/customer' });

beforeAll(async () => {
  await waitForShape(session.page, 238, 7);
});

async function predictedSpend(page: Page): Promise<number> {
  return Number(await page.locator('[data-metric="predicted_spend"]').getAttribute('data-value'));
}

/** Waits until the predicted spend differs from `before`. */
async function spendChangedFrom(page: Page, before: number): Promise<number> {
  await page.waitForFunction(
    (old) => {
      const v = document.querySelector('[data-metric="predicted_spend"]')?.getAttribute('data-value');
      return v !== null && v !== undefined && Number(v) !== old;
    },
    before,
    { timeout: 10_000 },
  );
  return predictedSpend(page);
}

describe('the Customer page on the default data', () => {
  test('trains both models, then shows predicted spend with its CV band, risk and both waterfalls', async () => {
    const { page } = session;
    await page.locator('[data-metric="predicted_spend"]').waitFor({ timeout: 90_000 });
    await expect(page.getByTestId('cancel').count()).resolves.toBe(0);
    const spend = await predictedSpend(page);
    expect(spend).toBeGreaterThan(150);
    expect(spend).toBeLessThan(640);
    const rmse = Number(await page.locator('[data-metric="spend_cv_rmse"]').getAttribute('data-value'));
    expect(rmse).toBeGreaterThan(5);
    expect(rmse).toBeLessThan(30);
    const risk = Number(await page.locator('[data-metric="risk_probability"]').getAttribute('data-value'));
    expect(risk).toBeGreaterThanOrEqual(0);
    expect(risk).toBeLessThanOrEqual(1);
    await page.locator('[data-testid="waterfall-spend"] .js-plotly-plot').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="waterfall-risk"] .js-plotly-plot').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('waterfall-spend').getAttribute('data-value')).resolves.toBe(String(spend));
    await expect(page.getByTestId('segment').textContent()).resolves.toContain('Run a segmentation on the Segments page');
  });

  test('moving the income slider changes the predicted spend', async () => {
    const { page } = session;
    const before = await predictedSpend(page);
    const slider = page.getByTestId('slider-annual_income');
    await expect(slider.getAttribute('min')).resolves.toBe('30000');
    await expect(slider.getAttribute('max')).resolves.toBe('75000');
    await slider.fill('75000');
    const rich = await spendChangedFrom(page, before);
    await slider.fill('30000');
    const poor = await spendChangedFrom(page, rich);
    expect(rich).toBeGreaterThan(poor);
  });

  test('looking up a customer fills the profile; an unknown id shows an alert', async () => {
    const { page } = session;
    await page.getByTestId('customer-id').fill('1');
    await page.getByTestId('lookup').click();
    await page.locator('.who strong', { hasText: 'user_id 1' }).waitFor();
    await expect(page.getByTestId('slider-annual_income').inputValue()).resolves.toBe('45000');
    await expect(page.getByTestId('slider-region').inputValue()).resolves.toBe('North');
    // customer 1 has loyalty 4.5, below the rule's 5
    await page.getByTestId('risk-label').filter({ hasText: /^At risk$/ }).waitFor({ timeout: 10_000 });
    await page.getByTestId('customer-id').fill('999');
    await page.getByTestId('lookup').click();
    await page.getByRole('alert').filter({ hasText: 'No customer with user_id "999"' }).waitFor({ timeout: 10_000 });
  });

  test('no page errors', () => {
    expect(session.pageErrors).toStrictEqual([]);
  });
});
