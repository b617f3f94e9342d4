import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { alertTexts, pickContent, useApp, waitForShape } from './browser';

/** The mean of `key` in each row of the results table, top to bottom. */
async function columnOf(table: Locator, key: string): Promise<number[]> {
  return table.locator(`tbody tr [data-metric="${key}"]`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
}

const { session } = useApp({ hash: '#/risk' });

describe('the Risk page', () => {
  test('the default label loyalty_score < 5 marks 51 of 238 and leaves loyalty_score out', async () => {
    const { page } = session;
    const prevalence = page.getByTestId('prevalence');
    await prevalence.waitFor();
    expect(await prevalence.getAttribute('data-positives')).toBe('51');
    expect(await prevalence.getAttribute('data-present')).toBe('238');
    const note = page.getByRole('note').filter({ hasText: 'loyalty_score' }).first();
    expect(await note.textContent()).toMatch(/loyalty_score.*left out.*the label is computed from it/);
    expect(await page.locator('[data-feature="loyalty_score"]').count()).toBe(0);
  });

  test('classifiers reach F1 above 0.9; the threshold slider updates the confusion matrix live', async () => {
    const { page } = session;
    await page.getByTestId('run').click();
    const f1 = page.locator('[data-metric="f1"]').first();
    await f1.waitFor({ timeout: 90_000 });
    expect(Number(await f1.getAttribute('data-value'))).toBeGreaterThan(0.9);
    for (const m of ['accuracy', 'precision', 'recall', 'roc_auc', 'pr_auc']) expect(await page.locator(`[data-metric="${m}"]`).count()).toBeGreaterThan(0);
    const matrix = page.getByTestId('confusion-matrix');
    const flagged = async () => Number(await matrix.getAttribute('data-tp')) + Number(await matrix.getAttribute('data-fp'));
    const atHalf = await flagged();
    await page.getByTestId('threshold').fill('0.05');
    expect(await flagged()).toBeGreaterThanOrEqual(atHalf);
    await page.getByTestId('threshold').fill('0.99');
    expect(await flagged()).toBeLessThanOrEqual(atHalf);
    await page.getByTestId('best-threshold').click();
    const precision = Number(await page.locator('[data-testid="threshold-metrics"] [data-field="precision"]').getAttribute('data-value'));
    expect(precision).toBeGreaterThanOrEqual(0.75);
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('explain a gradient boosting risk model: SHAP on the log-odds, leakage checks shown', async () => {
    const { page } = session;
    await page.getByTestId('suspicion-notes').waitFor();
    await page.locator('tr[data-model="gbm"] button').click();
    await page.getByTestId('explain-run').click();
    await page.getByTestId('shap-beeswarm').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('explanations').textContent()).toMatch(/log-odds of at_risk = yes|log-odds of .* = yes/);
    expect(await page.getByTestId('permutation-importance').textContent()).toMatch(/ROC-AUC/);
    if (process.env.E2E_SHOTS) await page.screenshot({ path: `${process.env.E2E_SHOTS}/risk-explain.png`, fullPage: true });
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('an existing column can be the label; then loyalty_score is a feature again', async () => {
    const { page } = session;
    await page.getByTestId('label-source').selectOption('region');
    expect(await page.locator('[data-feature="loyalty_score"]').count()).toBe(1);
    expect(await page.getByTestId('label-leakage-note').count()).toBe(0);
  });

  test("a new file drops the old file's results and takes its churn column as the label", async () => {
    const { page } = session;
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    await page.getByTestId('results').waitFor();
    const rows = ['customerID,tenure,MonthlyCharges,Contract,Churn'];
    for (let i = 0; i < 300; i++) rows.push(`${String(i).padStart(5, '0')},${(i * 7) % 72},${20 + ((i * 13) % 90)}.5,${['Month-to-month', 'One year', 'Two year'][i % 3]},${(i * 7) % 72 < 12 && i % 3 === 0 ? 'Yes' : 'No'}`);
    await pickContent(page, 'telco-like.csv', rows.join('\n'));
    await waitForShape(page, 300, 5);
    await expect.poll(() => page.getByTestId('label-source').inputValue()).toBe('Churn');
    // The positive class is asked in the file's own words, Yes by default, with its prevalence.
    expect(await page.getByTestId('positive-class').locator('option').allTextContents()).toStrictEqual(['No', 'Yes']);
    expect(await page.getByTestId('positive-class').inputValue()).toBe('Yes');
    const churners = rows.slice(1).filter((r) => r.endsWith(',Yes')).length;
    expect(await page.getByTestId('prevalence').getAttribute('data-positives')).toBe(String(churners));
    expect(await page.getByTestId('prevalence').getAttribute('data-present')).toBe('300');
    expect(await page.getByTestId('results').count()).toBe(0);
    expect(await page.locator('[data-testid="suspicion"][data-check="single-feature-score"]').count()).toBe(0);
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    await expect(page.getByTestId('results').textContent()).resolves.toMatch(/^Results: Churn = Yes/);
    expect(Number(await page.locator('[data-metric="f1"]').first().getAttribute('data-value'))).toBeGreaterThan(0.5);
    await expect(alertTexts(page)).resolves.toEqual([]);
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('ranked by ROC AUC by default, F1 at 0.5 only when chosen; logistic weights are standardised weights, trees keep impurity decrease', async () => {
    const { page } = session;
    const table = page.getByTestId('results-table');
    const select = page.getByTestId('rank-metric');
    expect(await select.inputValue()).toBe('roc_auc');
    expect(await select.locator('option').allTextContents()).toStrictEqual(['ROC AUC', 'PR AUC', 'F1 at 0.5', 'accuracy at 0.5']);
    expect(await page.getByTestId('rank-note').textContent()).toMatch(/ranked by ROC AUC, out-of-fold/);
    const auc = await columnOf(table, 'roc_auc');
    expect(auc).toHaveLength(3);
    expect(auc).toStrictEqual([...auc].sort((a, b) => b - a));
    expect(await table.locator('tr[data-best="true"] [data-testid="best-model"]').textContent()).toMatch(/best ROC AUC/);
    await select.selectOption('f1');
    expect(await page.getByTestId('rank-note').textContent()).toMatch(/ranked by F1 at 0\.5, out-of-fold/);
    const f1 = await columnOf(table, 'f1');
    expect(f1).toStrictEqual([...f1].sort((a, b) => b - a));
    await select.selectOption('roc_auc');

    await page.locator('tr[data-model="logistic"] button').click();
    const weights = page.getByTestId('coefficients');
    await weights.locator('.js-plotly-plot .xtitle').waitFor();
    expect(await weights.locator('.xtitle').textContent()).toMatch(/standardised weight: change in the log-odds of Churn = Yes per 1 SD of the feature/);
    expect(await weights.textContent()).not.toMatch(/impurity/);
    expect((await page.locator('[data-testid="reference-note"][data-kind="all-levels"]').textContent())?.replace(/\s+/g, ' ')).toMatch(/Logistic regression keeps every level of Contract .*penalty/);
    await page.locator('tr[data-model="rf"] button').click();
    const importance = page.getByTestId('importance');
    await importance.locator('.js-plotly-plot .xtitle').waitFor();
    expect(await importance.locator('.xtitle').textContent()).toMatch(/impurity decrease/);
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('a column with over 50 levels is grouped into its 30 most frequent and "Other", said with its name and level count', async () => {
    const { page } = session;
    const rows = ['customerID,tenure,MonthlyCharges,city,Churn'];
    for (let i = 0; i < 300; i++) rows.push(`${String(i).padStart(5, '0')},${(i * 7) % 72},${20 + ((i * 13) % 90)}.5,town_${i % 80},${(i * 7) % 72 < 24 && i % 3 === 0 ? 'Yes' : 'No'}`);
    await pickContent(page, 'many-towns.csv', rows.join('\n'));
    await waitForShape(page, 300, 5);
    await page.locator('[data-feature="city"]').check();
    const note = page.locator('[data-testid="encoding-note"][data-column="city"]');
    // 80 levels of 3 or 4 rows each (at least 1 %): the 30 most frequent keep a column, 50 are grouped
    expect(await note.getAttribute('data-levels')).toBe('80');
    expect(await note.getAttribute('data-kept')).toBe('30');
    expect(await note.getAttribute('data-grouped')).toBe('50');
    expect((await note.textContent())?.replace(/\s+/g, ' ')).toMatch(/city has 80 levels, too many to one-hot encode one by one: the 30 most frequent .* the other 50 are grouped as “Other”/);
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    await page.locator('tr[data-model="logistic"] [data-metric="roc_auc"]').waitFor();
    await expect(alertTexts(page)).resolves.toEqual([]);
    expect(session.pageErrors).toStrictEqual([]);
  });
});

