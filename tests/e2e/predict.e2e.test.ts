import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { pickFile, useApp, waitForShape } from './browser';
import { runCv } from '../../src/cli/cv';

/** The mean of `key` in each row of the results table, top to bottom. */
async function columnOf(table: Locator, key: string): Promise<number[]> {
  return table.locator(`tbody tr [data-metric="${key}"]`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
}

/** The first trace of the Plotly chart inside `where`. */
async function traceOf(where: Locator): Promise<{ x: number[]; y: string[]; colours: string[] }> {
  return where.locator('.js-plotly-plot').first().evaluate((el) => {
    const t = (el as unknown as { data: { x: number[]; y: string[]; marker: { color: string[] } }[] }).data[0];
    return { x: [...t.x], y: [...t.y], colours: [...t.marker.color] };
  });
}

/** Tick labels of the charts inside `where` that reach outside their chart (cut off). */
async function clippedTicks(where: Locator): Promise<string[]> {
  return where.locator('.js-plotly-plot').evaluateAll((plots) =>
    plots.flatMap((plot) => {
      const box = (plot.querySelector('.main-svg') as SVGElement).getBoundingClientRect();
      return [...plot.querySelectorAll('.xtick text, .ytick text')]
        .filter((t) => {
          const r = t.getBoundingClientRect();
          return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
        })
        .map((t) => t.textContent ?? '');
    }),
  );
}

const { session } = useApp({ hash: '#/predict' });

describe('the Predict page', () => {
  test('random forest predicts purchase_amount with R² above 0.95, identical rows kept together', async () => {
    const { page } = session;
    await page.getByTestId('target-select').waitFor();
    expect(await page.getByTestId('target-select').inputValue()).toBe('purchase_amount');
    for (const model of ['linear', 'ridge', 'gbm']) await page.locator(`[data-model="${model}"]`).uncheck();
    await page.locator('[data-model="rf"]').check();
    // 238 rows: no feature has more than 255 distinct values, so the page says the splits are exact.
    expect(await page.getByTestId('forest-binning').textContent()).toContain('so its splits are exact');
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

  test('models are ranked by the metric picked (R² by default, RMSE lowest first), the best row marked and the choice stated', async () => {
    const { page } = session;
    for (const model of ['linear', 'ridge', 'rf']) await page.locator(`input[data-model="${model}"]`).check();
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    await page.locator('tr[data-model="linear"] [data-metric="r2"]').waitFor();
    const table = page.getByTestId('results-table');
    const select = page.getByTestId('rank-metric');
    expect(await select.inputValue()).toBe('r2');
    expect(await page.getByTestId('rank-note').textContent()).toMatch(/ranked by R², out-of-fold/);
    const r2 = await columnOf(table, 'r2');
    expect(r2).toHaveLength(3);
    expect(r2).toStrictEqual([...r2].sort((a, b) => b - a));
    expect(await table.locator('tbody tr').first().getAttribute('data-best')).toBe('true');
    await select.selectOption('rmse');
    expect(await page.getByTestId('rank-note').textContent()).toMatch(/ranked by RMSE, out-of-fold .*lower is better/);
    const rmse = await columnOf(table, 'rmse');
    expect(rmse).toStrictEqual([...rmse].sort((a, b) => a - b));
    expect(await table.locator('tr[data-best="true"] [data-testid="best-model"]').textContent()).toMatch(/best RMSE/);
    await select.selectOption('r2');
  });

  test('linear weights: ranked by |standardised weight|, signs coloured, per 1 SD, region = East the reference; ridge keeps every level', async () => {
    const { page } = session;
    await page.locator('tr[data-model="linear"] button').click();
    const weights = page.getByTestId('weights');
    await weights.locator('.js-plotly-plot .xtitle').waitFor();
    const title = await weights.locator('.xtitle').first().textContent();
    expect(title).toMatch(/standardised weight/);
    expect(title).toMatch(/per 1 SD of the feature/);
    expect(await weights.textContent()).not.toMatch(/impurity/);
    expect(await page.getByTestId('importance').count()).toBe(0);
    const bars = await traceOf(weights);
    const size = bars.x.map(Math.abs);
    // drawn bottom to top: the largest |weight| is the last bar, at the top
    expect(size).toStrictEqual([...size].sort((a, b) => a - b));
    expect(bars.x.some((w) => w > 0) && bars.x.some((w) => w < 0)).toBe(true);
    bars.x.forEach((w, i) => expect(bars.colours[i]).toBe(w > 0 ? '#2f6fdb' : w < 0 ? '#d9534f' : '#9aa3ad'));
    expect(bars.y).toContain('region_North');
    expect(bars.y).not.toContain('region_East');
    const reference = page.locator('[data-testid="reference-note"][data-kind="reference"]');
    expect(await reference.locator('[data-column="region"]').getAttribute('data-reference')).toBe('East');
    expect((await reference.textContent())?.replace(/\s+/g, ' ')).toMatch(/region = East is the reference: Linear regression has no penalty/);

    await page.locator('tr[data-model="ridge"] button').click();
    await expect.poll(async () => (await page.locator('[data-testid="reference-note"][data-kind="all-levels"]').textContent())?.replace(/\s+/g, ' ')).toMatch(/Ridge regression keeps every level of region .*penalty/);
    expect(await page.locator('[data-testid="reference-note"][data-kind="reference"]').count()).toBe(0);
    expect(await traceOf(weights).then((t) => t.y)).toContain('region_East');
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('a real file: long level names are cut with an ellipsis on the axes, whole in the data, and no tick label is cut off', async () => {
    const { page } = session;
    await pickFile(page, fileURLToPath(new URL('../fixtures/telco_like.csv', import.meta.url)));
    await waitForShape(page, 400, 10);
    await page.getByTestId('target-select').selectOption('MonthlyCharges');
    for (const model of ['ridge', 'rf', 'gbm', 'mlp']) await page.locator(`input[data-model="${model}"]`).uncheck();
    await page.locator('input[data-model="linear"]').check();
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    const weights = page.getByTestId('weights');
    await weights.locator('.js-plotly-plot .ytick text').first().waitFor();
    const bars = await traceOf(weights);
    const long = bars.y.filter((name) => name.length > 28);
    expect(long).toContain('PaymentMethod_Credit card (automatic)');
    const ticks = await weights.locator('.ytick text').allTextContents();
    expect(ticks).toContain('PaymentMethod_Credit card (…');
    expect(ticks.every((t) => Array.from(t).length <= 28)).toBe(true);
    expect(await clippedTicks(page.locator('body'))).toStrictEqual([]);
    expect(await clippedTicks(page.getByTestId('coefficients'))).toStrictEqual([]);
    expect(session.pageErrors).toStrictEqual([]);
  });
});

