import { describe, expect, test } from 'vitest';
import { alertTexts, pickContent, useApp, waitForShape } from './browser';

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
});
