import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { alertTexts, appUrl, openApp, useApp, waitForShape } from './browser';

const app = useApp({ hash: '#/predict' });
const session = app.session;

/** Waits until the Experiments page has read its runs. */
async function waitForRuns(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="page-experiments"][aria-busy="false"] [data-testid="runs-table"]');
}

/** The recorded cross-validation of `model` in the runs table. */
const cvRow = (page: Page, model: string) => page.locator(`[data-testid="run-row"][data-kind="cv"][data-model="${model}"]`);

/** Cross-validates only `models` on the Predict page and gives each model's mean R². */
async function crossValidate(page: Page, models: string[]): Promise<Map<string, number>> {
  await page.getByTestId('target-select').waitFor();
  for (const kind of ['linear', 'ridge', 'lasso', 'elasticnet', 'knn', 'rf', 'gbm', 'mlp']) {
    const box = page.locator(`input[data-model="${kind}"]`);
    if (models.includes(kind)) await box.check();
    else await box.uncheck();
  }
  await page.getByTestId('run').click();
  await page.waitForSelector('[data-testid="page-predict"][aria-busy="false"] [data-testid="results-table"]', { timeout: 90_000 });
  const r2 = new Map<string, number>();
  for (const model of models) r2.set(model, Number(await page.locator(`[data-testid="results-table"] tr[data-model="${model}"] [data-metric="r2"]`).getAttribute('data-value')));
  return r2;
}

describe('the Experiments page', () => {
  let r2 = new Map<string, number>();

  test('a cross-validation on Predict is listed after a reload, with the same R²', async () => {
    const { page } = session;
    r2 = await crossValidate(page, ['linear', 'ridge']);
    expect(r2.get('ridge')).toBeGreaterThan(0.5);
    await page.reload();
    await waitForShape(page, 238, 7);
    await page.getByTestId('nav-experiments').click();
    await waitForRuns(page);
    await expect.poll(() => cvRow(page, 'ridge').count()).toBe(1);
    for (const model of ['linear', 'ridge']) {
      const row = cvRow(page, model);
      expect(Number(await row.locator('[data-metric="r2"]').getAttribute('data-value'))).toBe(r2.get(model));
      expect(await row.getAttribute('data-page')).toBe('predict');
      expect(await row.getAttribute('data-status')).toBe('done');
    }
    expect(await alertTexts(page)).toEqual([]);
  });

  test('two runs compared: metrics side by side, the best marked, their paired difference over the same folds in words', async () => {
    const { page } = session;
    await cvRow(page, 'linear').getByTestId('select-run').check();
    await cvRow(page, 'ridge').getByTestId('select-run').check();
    await page.getByTestId('compare').click();
    const comparison = page.getByTestId('comparison');
    await comparison.waitFor();
    const best = [...r2].sort((a, b) => b[1] - a[1])[0][0];
    const bestLabel = best === 'ridge' ? 'Ridge regression' : 'Linear regression';
    await expect(comparison.getByTestId('best-run').locator('xpath=..').textContent()).resolves.toContain(bestLabel);
    const paired = comparison.getByTestId('paired-difference');
    await expect(paired.textContent()).resolves.toMatch(new RegExp(`${bestLabel} beats (Ridge|Linear) regression by [\\d.]+ R², about [\\d.]+ standard errors? \\(paired over 5 folds\\)`));
    const mean = Number(await paired.locator('li').first().getAttribute('data-mean'));
    expect(mean).toBeCloseTo(Math.abs((r2.get('ridge') ?? 0) - (r2.get('linear') ?? 0)), 10);
    await comparison.getByTestId('fold-strips').locator('.js-plotly-plot').waitFor();
    expect(await comparison.locator('[data-testid="param-row"][data-differs="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-param')))).toContain('model');
    await comparison.getByTestId('differences-only').check();
    expect(await comparison.locator('[data-testid="param-row"][data-differs="false"]').count()).toBe(0);
    await comparison.getByTestId('curve-predicted').locator('.js-plotly-plot').waitFor();
  });

  test('a tuning search is recorded with its trials (parallel coordinates), and Open sets it up again on Predict', async () => {
    const { page } = session;
    await page.getByTestId('nav-predict').click();
    await page.getByTestId('tune-run').waitFor({ timeout: 60_000 });
    await page.getByTestId('tune-model').selectOption('ridge');
    await page.getByTestId('tune-method').selectOption('random');
    await page.locator('input[data-testid="tune-trials"]').fill('4');
    await page.locator('input[data-testid="tune-trials"]').dispatchEvent('change');
    await page.getByTestId('tune-run').click();
    await page.getByTestId('tune-cancel').waitFor({ state: 'detached', timeout: 90_000 });
    const tuned = Number(await page.locator('[data-metric="tuned_score"]').getAttribute('data-value'));
    await page.getByTestId('nav-experiments').click();
    await waitForRuns(page);
    const row = page.locator('[data-testid="run-row"][data-kind="tune"][data-model="ridge"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(Number(await row.locator('[data-metric="r2"]').getAttribute('data-value'))).toBe(tuned);
    await row.getByTestId('select-run').check();
    const chart = page.getByTestId('trials-parallel');
    await expect.poll(() => chart.getAttribute('data-trials')).toBe('4');
    await chart.locator('.js-plotly-plot').waitFor();
    await row.getByTestId('select-run').uncheck();

    await row.getByTestId('open-run').click();
    await page.getByTestId('page-predict').waitFor();
    await expect(page.getByTestId('run-notice').textContent()).resolves.toMatch(/Predict is set up with the settings of the run/);
    await expect(page.getByTestId('tune-model').inputValue()).resolves.toBe('ridge');
    await expect(page.locator('input[data-testid="tune-trials"]').inputValue()).resolves.toBe('4');
    await page.getByTestId('nav-experiments').click();
    await waitForRuns(page);
  });

  test('export then import is idempotent; after deleting all, the import brings the runs back', async () => {
    const { page } = session;
    const count = await page.getByTestId('run-row').count();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-runs').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^runs-\d{4}-\d{2}-\d{2}\.json$/);
    const path = await file.path();
    const exported = JSON.parse(readFileSync(path, 'utf8')) as { format: string; runs: { id: string }[] };
    expect(exported.format).toBe('customer-intelligence-runs');
    expect(exported.runs).toHaveLength(count);

    await page.getByTestId('import-runs').setInputFiles(path);
    await expect.poll(() => page.getByTestId('history-note').textContent()).toMatch(`${count} runs read, 0 new, ${count} already here.`);
    expect(await page.getByTestId('run-row').count()).toBe(count);

    await page.getByTestId('delete-all-runs').click();
    await page.getByTestId('confirm-delete-all').click();
    await page.getByTestId('no-runs').waitFor();
    await page.getByTestId('import-runs').setInputFiles(path);
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(count);
    expect(Number(await cvRow(page, 'ridge').locator('[data-metric="r2"]').getAttribute('data-value'))).toBe(r2.get('ridge'));
    await page.reload();
    await page.getByTestId('nav-experiments').click();
    await waitForRuns(page);
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(count);
  });

  test('deleting one run removes it for good', async () => {
    const { page } = session;
    const count = await page.getByTestId('run-row').count();
    await cvRow(page, 'linear').getByTestId('delete-run').click();
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(count - 1);
    await page.reload();
    await waitForRuns(page);
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(count - 1);
    expect(await cvRow(page, 'linear').count()).toBe(0);
  });

  test('a run’s link opens Predict with its settings, and running it gives the same R²', async () => {
    const { page } = session;
    await cvRow(page, 'ridge').getByTestId('copy-link').click();
    const link = await page.getByTestId('run-link').inputValue();
    expect(link).toMatch(/#\/predict\?run=[\w-]+$/);
    const other = await app.browser.newContext({ viewport: { width: 1360, height: 900 } });
    try {
      const fresh = await other.newPage();
      await fresh.goto(link);
      await waitForShape(fresh, 238, 7);
      await fresh.getByTestId('run-notice').waitFor();
      expect(fresh.url()).toMatch(/#\/predict$/);
      await expect(fresh.locator('input[data-model="ridge"]').isChecked()).resolves.toBe(true);
      await expect(fresh.locator('input[data-model="rf"]').isChecked()).resolves.toBe(false);
      await fresh.getByTestId('run').click();
      const value = fresh.locator('[data-testid="results-table"] tr[data-model="ridge"] [data-metric="r2"]');
      await value.waitFor({ timeout: 90_000 });
      expect(Number(await value.getAttribute('data-value'))).toBe(r2.get('ridge'));
    } finally {
      await other.close();
    }
  });

  test('2,000 runs stay responsive: 50 rows drawn at a time, sorting and paging redraw at once', async () => {
    const { page } = session;
    const download = page.waitForEvent('download');
    await page.getByTestId('export-runs').click();
    const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { runs: { id: string; finishedAt: number; metrics: { key: string; mean: number }[] }[] };
    const [first] = exported.runs;
    const runs = Array.from({ length: 2000 }, (_, i) => ({
      ...first,
      id: (0x1000000000000 + i).toString(16).padStart(16, '0'),
      finishedAt: first.finishedAt - (i + 1) * 1000,
      metrics: first.metrics.map((m) => (m.key === 'r2' ? { ...m, mean: (i % 997) / 1000 } : m)),
    }));
    const path = join(tmpdir(), `runs-2000-${process.pid}.json`);
    writeFileSync(path, JSON.stringify({ ...exported, runs }));
    await page.getByTestId('import-runs').setInputFiles(path);
    await expect.poll(() => page.getByTestId('history-note').textContent(), { timeout: 30_000 }).toMatch('2000 runs read, 2000 new');
    const total = Number(await page.getByTestId('runs-count').getAttribute('data-total'));
    expect(total).toBeGreaterThanOrEqual(2000);
    expect(await page.getByTestId('run-row').count()).toBe(50);
    const timed = async (action: () => Promise<void>, done: () => Promise<boolean>): Promise<number> => {
      const start = Date.now();
      await action();
      await expect.poll(done, { interval: 20 }).toBe(true);
      return Date.now() - start;
    };
    const firstId = () => page.getByTestId('run-row').first().getAttribute('data-run-id');
    const before = await firstId();
    const sortTime = await timed(() => page.getByTestId('sort-metric').click(), async () => (await firstId()) !== before);
    const pageTime = await timed(() => page.getByTestId('runs-next').click(), async () => (await page.getByTestId('runs-count').textContent())?.startsWith('runs 51–100') ?? false);
    expect(Math.max(sortTime, pageTime)).toBeLessThan(1500);
    await page.getByTestId('filter-status').selectOption('cancelled');
    await expect.poll(() => page.getByTestId('runs-count').getAttribute('data-total')).toBe('0');
    await page.getByTestId('filter-status').selectOption('');
    await page.getByTestId('delete-all-runs').click();
    await page.getByTestId('confirm-delete-all').click();
    await page.getByTestId('no-runs').waitFor();
  });

  test('without storage (a private window) an alert says history is off, and runs still work and are listed for the session', async () => {
    const privateWindow = await openApp(app.browser, { waitForDataset: false });
    try {
      const { page, context } = privateWindow;
      await context.addInitScript(() => {
        Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
      });
      // Only the hash changes: reload so that the page starts again with the init script.
      await page.goto(`${appUrl}#/experiments`);
      await page.reload();
      await waitForShape(page, 238, 7);
      await expect.poll(() => alertTexts(page)).toContainEqual(expect.stringMatching(/Run history is off: this browser does not let the page store data/));
      await page.getByTestId('nav-predict').click();
      const values = await crossValidate(page, ['ridge']);
      expect(values.get('ridge')).toBeGreaterThan(0.5);
      await page.getByTestId('nav-experiments').click();
      await expect.poll(() => cvRow(page, 'ridge').count()).toBe(1);
      expect(privateWindow.pageErrors).toEqual([]);
    } finally {
      await privateWindow.close();
    }
  });
});
