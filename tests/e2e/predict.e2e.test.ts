import { describe, expect, test } from 'vitest';
import { useApp } from './browser';
import { runCv } from '../../src/cli/cv';

const { session } = useApp({ hash: '#/predict' });

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
    // The same seed gives the same result in Chromium's worker pool and in Node (the CLI).
    const node = (await runCv(['static/data/customer_purchasing_behaviors.csv'], {
      target: 'purchase_amount',
      task: 'regression',
      model: 'rf',
    })) as { metrics: { r2: { mean: number } } };
    expect(Number(await r2.getAttribute('data-value'))).toBe(node.metrics.r2.mean);
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

  test('explain shows out-of-fold permutation importance, SHAP bars, a beeswarm and partial dependence', async () => {
    const { page } = session;
    const notes = page.getByTestId('suspicion-notes');
    await notes.waitFor();
    expect(await notes.textContent()).toMatch(/above 0\.999/);
    await page.locator('tr[data-model="rf"] button').click();
    await page.getByTestId('explain-run').click();
    await page.getByTestId('permutation-importance').waitFor({ timeout: 90_000 });
    await page.getByTestId('shap-beeswarm').waitFor();
    await page.getByTestId('partial-dependence').waitFor();
    await page.locator('[data-testid="shap-bars"] .js-plotly-plot').waitFor();
    if (process.env.E2E_SHOTS) await page.screenshot({ path: `${process.env.E2E_SHOTS}/predict-explain.png`, fullPage: true });
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('customer_value_score is left out for purchase_amount, named, and compared with and without', async () => {
    const { page } = session;
    await page.getByTestId('nav-explore').click();
    await page.locator('label', { hasText: 'customer_value_score' }).getByTestId('engineered-toggle').check();
    await page.getByTestId('nav-predict').click();
    const note = page.locator('[data-testid="leakage-note"][data-column="customer_value_score"]');
    expect(await note.textContent()).toMatch(/computed from the target "purchase_amount"/);
    expect(await page.locator('[data-feature="customer_value_score"]').isChecked()).toBe(false);
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    await page.getByTestId('compare-run').click();
    const table = page.getByTestId('compare-table');
    await table.waitFor({ timeout: 90_000 });
    const withIt = Number(await table.getAttribute('data-with'));
    const without = Number(await table.getAttribute('data-without'));
    expect(without).toBeGreaterThan(0.9);
    expect(Number.isFinite(withIt)).toBe(true);
    expect(await table.textContent()).toMatch(/with customer_value_score/);
    if (process.env.E2E_SHOTS) await page.screenshot({ path: `${process.env.E2E_SHOTS}/predict-compare.png`, fullPage: true });
  });

  test('20 rapid run and cancel cycles with new settings leave no page error and the last settings\' result on screen', async () => {
    const { page } = session;
    // The neural network keeps every run busy long enough to be cancelled.
    for (const model of ['linear', 'ridge', 'gbm']) await page.locator(`input[data-model="${model}"]`).uncheck();
    for (const model of ['rf', 'mlp']) await page.locator(`input[data-model="${model}"]`).check();
    const root = page.getByTestId('page-predict');
    for (let i = 0; i < 20; i++) {
      await page.getByTestId('seed').fill(String(100 + i));
      await page.getByTestId('seed').dispatchEvent('change');
      await page.getByTestId('run').click();
      if (i === 0) expect(await root.getAttribute('aria-busy')).toBe('true');
      await page.getByTestId('cancel').click();
    }
    await page.locator('input[data-model="mlp"]').uncheck();
    await page.getByTestId('seed').fill('7');
    await page.getByTestId('seed').dispatchEvent('change');
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    await expect.poll(() => root.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
    const node = (await runCv(['static/data/customer_purchasing_behaviors.csv'], { target: 'purchase_amount', task: 'regression', model: 'rf', seed: '7' })) as { metrics: { r2: { mean: number } } };
    expect(Number(await page.locator('tr[data-model="rf"] [data-metric="r2"]').getAttribute('data-value'))).toBe(node.metrics.r2.mean);
    expect(await page.getByTestId('stale-note').count()).toBe(0);
    expect(session.pageErrors).toStrictEqual([]);
  });
});
