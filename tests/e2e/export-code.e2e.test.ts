/**
 * "Export as code" in Chromium: under a finished run on Predict, Risk and Segments the three buttons
 * download a scikit-learn script, a PySpark script and a notebook; the scikit-learn script, run by
 * /usr/bin/python3 next to the example file, prints the metric the page shows (within 0.02).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { alertTexts, useApp, waitForShape } from './browser';

const dataDir = fileURLToPath(new URL('../../static/data/', import.meta.url));
const hasSklearn = spawnSync('/usr/bin/python3', ['-c', 'import pandas, sklearn']).status === 0;

/** Clicks an export button and returns the downloaded file's name and text. */
async function exported(page: Page, testid: string): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent('download');
  await page.getByTestId(testid).click();
  const file = await download;
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** Runs a downloaded scikit-learn script beside the example file and returns the metrics of its last line. */
function metricsOf(script: string): Record<string, number> {
  const out = execFileSync('/usr/bin/python3', ['-'], { cwd: dataDir, input: script, encoding: 'utf8', timeout: 180_000 });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]).metrics;
}

/** The page's value of `metric` (the first: the shown or best model). */
async function shownMetric(page: Page, metric: string): Promise<number> {
  return Number(await page.locator(`[data-metric="${metric}"]`).first().getAttribute('data-value'));
}

const { session } = useApp();

describe('Export as code', () => {
  test('Predict: the random forest as scikit-learn, PySpark and a notebook; the script gives the page’s R²', async () => {
    const { page } = session;
    await waitForShape(page, 238, 7);
    await page.getByTestId('nav-predict').click();
    await page.getByTestId('target-select').waitFor();
    for (const model of ['linear', 'ridge', 'gbm']) await page.locator(`[data-model="${model}"]`).uncheck();
    await page.locator('[data-model="rf"]').check();
    await expect(page.getByTestId('export-sklearn').count()).resolves.toBe(0);
    await page.getByTestId('run').click();
    await page.locator('[data-metric="r2"]').first().waitFor({ timeout: 90_000 });
    const sklearn = await exported(page, 'export-sklearn');
    expect(sklearn.name).toBe('predict-purchase_amount-rf-sklearn.py');
    expect(sklearn.text).toContain('RandomForestRegressor(n_estimators=100');
    const pyspark = await exported(page, 'export-pyspark');
    expect(pyspark.name).toBe('predict-purchase_amount-rf-pyspark.py');
    expect(pyspark.text).toContain('from pyspark.ml.regression import RandomForestRegressor');
    const notebook = await exported(page, 'export-notebook');
    expect(notebook.name).toBe('predict-purchase_amount-rf.ipynb');
    expect(JSON.parse(notebook.text).nbformat).toBe(4);
    if (hasSklearn) expect(Math.abs(metricsOf(sklearn.text).r2 - (await shownMetric(page, 'r2')))).toBeLessThan(0.02);
    // The page's own leakage notes (duplicate rows) may be alerts too, depending on when its checks end: only the export's own error counts.
    expect((await alertTexts(page)).filter((text) => text.includes('could not be written'))).toEqual([]);
  });

  test('Risk: the logistic regression of the default label; the script gives the page’s ROC AUC', async () => {
    const { page } = session;
    await page.getByTestId('nav-risk').click();
    await page.getByTestId('prevalence').waitFor();
    for (const model of ['rf', 'gbm']) await page.locator(`[data-model="${model}"]`).uncheck();
    await page.locator('[data-model="logistic"]').check();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="roc_auc"]').first().waitFor({ timeout: 90_000 });
    const sklearn = await exported(page, 'export-sklearn');
    expect(sklearn.text).toContain("(df['loyalty_score'] < 5)");
    if (hasSklearn) expect(Math.abs(metricsOf(sklearn.text).roc_auc - (await shownMetric(page, 'roc_auc')))).toBeLessThan(0.02);
    expect((await exported(page, 'export-pyspark')).text).toContain('LogisticRegression(featuresCol="features"');
  });

  test('Segments: K-Means at the shown k; the script gives the page’s silhouette', async () => {
    const { page } = session;
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('run').click();
    const silhouette = page.locator('[data-metric="silhouette"]');
    await silhouette.waitFor({ timeout: 60_000 });
    const sklearn = await exported(page, 'export-sklearn');
    expect(sklearn.name).toBe('segments-k6-sklearn.py');
    if (hasSklearn) expect(Math.abs(metricsOf(sklearn.text).silhouette - Number(await silhouette.getAttribute('data-value')))).toBeLessThan(0.02);
    expect((await exported(page, 'export-notebook')).text).toContain('KMeans(n_clusters=k');
  });
});
