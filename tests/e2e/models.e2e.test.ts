/**
 * Saved models end to end: a forest saved on Predict (trained on every row in a worker), a file
 * scored with it on the Experiments page, the downloaded CSV equal to the CLI's `score` of the same
 * file with the downloaded model file, the same model uploaded into another browser scoring the
 * same, a file missing a column refused with an alert naming it; Risk's held-out test set; a
 * segmentation saved on Segments scoring a file as the CLI does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Download, Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { openApp, useApp } from './browser';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'models-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Clicks `testid` and reads the file the page downloads. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** Scores `file` with the model chosen in the models section and waits for the result or an alert. */
async function scoreFile(page: Page, file: string): Promise<void> {
  await page.getByTestId('score-file-input').setInputFiles(file);
  await page.locator('[data-testid="scored"], [data-testid="score-error"]').first().waitFor({ timeout: 60_000 });
}

const app = useApp({ hash: '#/predict' });
const { session } = app;
let modelFile = '';
let scoredInBrowser = '';

describe('saved models', () => {
  test('a forest saved on Predict scores the changed file to the same CSV as the CLI', async () => {
    const { page } = session;
    await page.getByTestId('target-select').waitFor();
    for (const model of ['linear', 'ridge', 'gbm']) await page.locator(`[data-model="${model}"]`).uncheck();
    await page.locator('[data-model="rf"]').check();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="r2"]').first().waitFor({ timeout: 90_000 });
    await page.getByTestId('save-model-name').fill('Spend forest');
    await page.getByTestId('save-model').click();
    const saved = page.getByTestId('model-saved');
    await saved.waitFor({ timeout: 60_000 });
    expect(await saved.textContent()).toContain('Saved “Spend forest”, trained on 238 rows');

    await page.getByTestId('nav-experiments').click();
    const row = page.getByTestId('model-row').first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Spend forest.*number.*purchase_amount.*Random forest/s);
    expect(Number(await row.locator('[data-cv-metric="r2"]').getAttribute('data-value'))).toBeGreaterThan(0.95);

    await scoreFile(page, fixture('customers_changed.csv'));
    const scored = page.getByTestId('scored');
    expect(await scored.getAttribute('data-rows')).toBe('238');
    expect(await page.locator('[data-testid="unseen-categories"] li[data-column="region"]').getAttribute('data-count')).toBe('4');
    expect(await page.getByTestId('scored-preview').locator('tbody tr').count()).toBe(100);
    scoredInBrowser = (await download(page, () => page.getByTestId('download-scored').click())).text;
    const model = await download(page, () => row.getByTestId('download-model').click());
    expect(model.name).toBe('Spend_forest.model.json');
    modelFile = join(dir, 'spend.model.json');
    writeFileSync(modelFile, model.text);

    const cliOut = join(dir, 'cli-scored.csv');
    const printed = JSON.parse(execFileSync('npx', ['tsx', 'src/cli/main.ts', 'score', modelFile, fixture('customers_changed.csv'), '--out', cliOut], { cwd: root, encoding: 'utf8' }));
    expect(printed).toMatchObject({ rows: 238, unseen_categories: { region: 4 } });
    const cli = readFileSync(cliOut, 'utf8');
    const predictions = (csv: string) => csv.split('\r\n').slice(1).map((line) => Number(line.slice(line.lastIndexOf(',') + 1)));
    expect(predictions(scoredInBrowser)).toStrictEqual(predictions(cli));
    expect(predictions(scoredInBrowser).every(Number.isFinite)).toBe(true);
    expect(scoredInBrowser).toBe(cli);
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('a file missing annual_income is refused with an alert naming the column, nothing scored', async () => {
    const { page } = session;
    await scoreFile(page, fixture('customers_no_income.csv'));
    const alert = page.getByTestId('score-error');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toContain('Column "annual_income" is missing from customers_no_income.csv');
    expect(await page.getByTestId('scored').count()).toBe(0);
  });

  test('the downloaded model uploaded into another browser scores the file the same', async () => {
    const other = await openApp(app.browser, { hash: '#/experiments' });
    try {
      const { page } = other;
      await page.getByTestId('no-models').waitFor();
      await page.getByTestId('upload-model').setInputFiles(modelFile);
      await page.getByTestId('model-row').waitFor();
      expect(await page.getByTestId('models-note').textContent()).toContain('added “Spend forest”');
      await scoreFile(page, fixture('customers_changed.csv'));
      expect((await download(page, () => page.getByTestId('download-scored').click())).text).toBe(scoredInBrowser);
      await page.getByTestId('upload-model').setInputFiles(fixture('customers_no_income.csv'));
      await page.locator('[data-testid="models-note"][role="alert"]').waitFor();
      expect(await page.getByTestId('models-note').textContent()).toContain('customers_no_income.csv: Not a Customer Intelligence model file');
      await page.getByTestId('delete-model').click();
      await page.getByTestId('no-models').waitFor();
      expect(other.pageErrors).toStrictEqual([]);
      expect(other.foreignRequests).toStrictEqual([]);
    } finally {
      await other.close();
    }
  });

  test('Risk with a held-out test set: test metrics beside the folds, the saved model labels at the threshold chosen on the panel and quotes them', async () => {
    const { page } = session;
    await page.getByTestId('nav-risk').click();
    await page.getByTestId('test-set').check();
    for (const model of ['rf', 'gbm']) await page.locator(`[data-model="${model}"]`).uncheck();
    await page.locator('[data-model="logistic"]').check();
    await page.getByTestId('run').click();
    const auc = page.locator('[data-metric="test_roc_auc"]');
    await auc.waitFor({ timeout: 90_000 });
    const testAuc = Number(await auc.getAttribute('data-value'));
    expect(testAuc).toBeGreaterThan(0.5);
    expect(Number(await page.getByTestId('test-metrics').getAttribute('data-rows'))).toBeGreaterThanOrEqual(40);
    // The threshold chosen on the panel is the one Save model stores.
    await page.getByTestId('threshold').fill('0.3');
    expect(await page.getByTestId('save-model-threshold').inputValue()).toBe('0.3');
    await page.getByTestId('save-model').click();
    await page.getByTestId('model-saved').waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-experiments').click();
    const row = page.getByTestId('model-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('= yes (from p ≥ 0.3)');
    expect(Number(await row.locator('[data-test-metric="roc_auc"]').getAttribute('data-value'))).toBe(testAuc);
    await page.getByTestId('score-model').selectOption({ index: 0 });
    await scoreFile(page, fixture('customers_changed.csv'));
    const header = await page.getByTestId('scored-preview').locator('thead th').allTextContents();
    expect(header.slice(-2)).toStrictEqual(['probability', 'label']);
    const cells = await page.getByTestId('scored-preview').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(-2).map((td) => td.textContent ?? '')));
    for (const [p, label] of cells) expect(label).toBe(Number(p) >= 0.3 ? 'yes' : 'no');
    if (process.env.E2E_SHOTS) await page.screenshot({ path: join(process.env.E2E_SHOTS, 'models.png'), fullPage: true });
    expect(session.pageErrors).toStrictEqual([]);
  });

  test("a segmentation saved on Segments puts the changed file's customers in its segments, as the CLI does", async () => {
    const { page } = session;
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="silhouette"]').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('save-segments').click();
    await page.getByTestId('segments-saved').waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-experiments').click();
    const row = page.locator('[data-testid="model-row"][data-model="kmeans"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/segments.*personas.*K-Means/s);
    await page.getByTestId('score-model').selectOption(await row.getAttribute('data-model-id'));
    await scoreFile(page, fixture('customers_changed.csv'));
    const header = await page.getByTestId('scored-preview').locator('thead th').allTextContents();
    expect(header.slice(-2)).toStrictEqual(['segment', 'persona']);
    const browserCsv = (await download(page, () => page.getByTestId('download-scored').click())).text;
    const file = join(dir, 'segments.model.json');
    writeFileSync(file, (await download(page, () => row.getByTestId('download-model').click())).text);
    const cliOut = join(dir, 'cli-segments.csv');
    execFileSync('npx', ['tsx', 'src/cli/main.ts', 'score', file, fixture('customers_changed.csv'), '--out', cliOut], { cwd: root, encoding: 'utf8' });
    expect(browserCsv).toBe(readFileSync(cliOut, 'utf8'));
    expect(session.pageErrors).toStrictEqual([]);
  });
});
