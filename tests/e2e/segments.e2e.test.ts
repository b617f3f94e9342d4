import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildFeatureMatrix } from '../../src/lib/ml/segments/feature-matrix';
import { segmentCustomers } from '../../src/lib/ml/segments/segmentation';
import { scaleData } from '../../src/lib/ml/segments/scale';
import { sweepK } from '../../src/lib/ml/segments/sweep';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { Random } from '../../src/lib/ml/core/random';
import { fileURLToPath } from 'node:url';
import { alertTexts, pickContent, pickFile, runThenCancel, useApp, waitForShape } from './browser';

const { session } = useApp();

describe('the Segments page', () => {
  test('finds k = 6 on the default data with the reference silhouette, personas and export', async () => {
    const { page } = session;
    await waitForShape(page, 238, 7);
    await page.getByTestId('nav-segments').click();
    await page.waitForURL(/#\/segments$/);
    // The scikit-learn reference covers k = 2..8.
    await page.getByTestId('k-max').fill('8');
    await page.getByTestId('run').click();
    const metric = page.locator('[data-metric="silhouette"]');
    await metric.waitFor({ timeout: 60_000 });
    // scikit-learn reference: best k 6, silhouette 0.6328 (five numeric columns, standardized).
    expect(Math.abs(Number(await metric.getAttribute('data-value')) - 0.6328)).toBeLessThanOrEqual(0.005);
    await expect(page.getByTestId('best-k').textContent()).resolves.toBe('6');
    await expect(page.locator('.persona').count()).resolves.toBe(6);
    // The PCA view: every clustered row drawn in 2-D (SVG); 3-D where there is WebGL (here, software).
    const pca = page.getByTestId('pca');
    await expect.poll(() => pca.locator('.scatterlayer .point').count(), { timeout: 15_000 }).toBe(238);
    if (await page.evaluate(() => Boolean(document.createElement('canvas').getContext('webgl')))) {
      await page.getByTestId('pca-3d').check();
      await expect.poll(() => pca.getAttribute('data-view')).toBe('3d');
      await expect.poll(() => pca.locator('.gl-container canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await page.getByTestId('pca-3d').uncheck();
    } else {
      await expect(page.getByTestId('pca-3d').isDisabled()).resolves.toBe(true);
      await expect(pca.textContent()).resolves.toContain('3-D needs WebGL');
    }
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV with segments' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/segments\.csv$/);
  });

  test('showing another k of the sweep redraws the personas and the Ward comparison', async () => {
    const { page } = session;
    await page.getByTestId('sweep-table').waitFor();
    const ward = page.locator('[data-metric="ward-silhouette"]');
    await ward.waitFor();
    await page.getByTestId('show-k-4').click();
    // The worker answers asynchronously: poll until the page shows k = 4.
    await expect.poll(() => page.getByTestId('shown-k').textContent(), { timeout: 15_000 }).toBe('4');
    await expect.poll(() => page.locator('.persona').count(), { timeout: 15_000 }).toBe(4);
    await expect(page.getByTestId('best-k').textContent()).resolves.toBe('6');
    const kmeansSilhouette = Number(await page.locator('[data-metric="kmeans-silhouette"]').getAttribute('data-value'));
    // scikit-learn reference silhouette for k = 4: 0.6009.
    expect(Math.abs(kmeansSilhouette - 0.6009)).toBeLessThanOrEqual(0.005);
    await page.getByTestId('show-k-6').click();
    // Back at the best k, the "Showing k = …" line is hidden.
    await expect.poll(() => page.getByTestId('shown-k').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.locator('.persona').count(), { timeout: 15_000 }).toBe(6);
  });

  test('cancel stops a running sweep and keeps the previous result', async () => {
    const { page } = session;
    await page.getByTestId('k-max').fill('30');
    await page.getByTestId('n-init').fill('50');
    await runThenCancel(page);
    await expect(page.getByTestId('cancel').count()).resolves.toBe(0);
    await expect(page.getByTestId('progress').count()).resolves.toBe(0);
    await expect(page.getByTestId('best-k').textContent()).resolves.toBe('6');
    await expect(page.getByTestId('run').isEnabled()).resolves.toBe(true);
  });

  test('bad settings are named next to their field and block the run; the suggested k prefers fewer segments', async () => {
    const { page } = session;
    await page.getByTestId('k-min').fill('9');
    await page.getByTestId('k-max').fill('3');
    await expect.poll(() => page.getByTestId('k-problem').textContent()).toMatch(/wrong way: 9 is above 3/);
    await expect(page.getByTestId('run').isDisabled()).resolves.toBe(true);
    await page.getByTestId('k-min').fill('2');
    await page.getByTestId('k-max').fill('31');
    await expect.poll(() => page.getByTestId('k-problem').textContent()).toBe('k goes from 2 to 30');
    await page.getByTestId('k-max').fill('10');
    await page.getByTestId('n-init').fill('0');
    await expect.poll(() => page.getByTestId('k-problem').count()).toBe(0);
    await expect.poll(() => page.getByTestId('n-init-problem').textContent()).toBe('restarts go from 1 to 50');
    await expect(page.getByTestId('run').isDisabled()).resolves.toBe(true);
    await page.getByTestId('n-init').fill('10');
    await expect.poll(() => page.getByTestId('run').isEnabled()).toBe(true);
    await page.getByTestId('run').click();
    // k = 10 scores 0.6330, 0.0002 above k = 6 (0.6328): six segments are suggested, and the page says why.
    await expect.poll(() => page.getByTestId('top-k').getAttribute('data-value'), { timeout: 60_000 }).toBe('10');
    await expect(page.getByTestId('best-k').textContent()).resolves.toBe('6');
    await expect(page.getByTestId('top-k').textContent()).resolves.toMatch(/k = 10 scores 0\.6330, less than 0\.001 higher/);
  });

  test('a new file with other columns drops the old segments and segments its own columns', async () => {
    const { page } = session;
    await page.getByTestId('k-max').fill('4');
    await page.getByTestId('n-init').fill('3');
    const rows = ['a,b'];
    for (let i = 0; i < 60; i++) rows.push(`${i % 3 === 0 ? 0 : i % 3 === 1 ? 10 : 20}.${i % 7},${(i % 3) * 5}.${i % 5}`);
    await pickContent(page, 'two-columns.csv', rows.join('\n'));
    await waitForShape(page, 60, 2);
    await expect.poll(() => page.getByTestId('best-k').count()).toBe(0);
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('best-k').textContent(), { timeout: 30_000 }).toBe('3');
    await expect(alertTexts(page)).resolves.toEqual([]);
  });

  test('a larger file spreads the sweep over helper workers and gets the same bits as Node', async () => {
    const { page } = session;
    // 25,000 rows × 4 = 100,000 values: the size from which the sweep's jobs go to helper workers.
    const random = new Random(5);
    const lines = ['u,v,w,z'];
    for (let i = 0; i < 25_000; i++) {
      const g = i % 3;
      lines.push([g * 3 + random.normal(), g - random.normal(), random.normal() * 2, g * g + random.normal()].map((x) => x.toFixed(3)).join(','));
    }
    const text = lines.join('\n');
    await pickContent(page, 'helpers.csv', text);
    await waitForShape(page, 25_000, 4);
    await page.getByTestId('k-min').fill('2');
    await page.getByTestId('k-max').fill('4');
    await page.getByTestId('n-init').fill('3');
    await page.getByTestId('seed').fill('7');
    await page.getByTestId('run').click();
    await page.getByTestId('best-k').waitFor({ timeout: 60_000 });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await expect(page.getByTestId('sweep-workers').getAttribute('data-value')).resolves.toBe(String(cores > 1 ? cores : 1));
    // The same sweep in Node, in one thread.
    const { table } = parseCsvText(text, 'helpers.csv');
    const matrix = buildFeatureMatrix(table, ['u', 'v', 'w', 'z']);
    const data = scaleData(matrix.data, matrix.n, matrix.d, 'standard');
    const node = await sweepK(data, matrix.n, matrix.d, { kMin: 2, kMax: 4, kmeans: { seed: 7, nInit: 3 } });
    for (const r of node) {
      const row = page.getByTestId(`sweep-row-${r.k}`);
      await expect(row.getAttribute('data-inertia')).resolves.toBe(String(r.inertia));
      await expect(row.getAttribute('data-silhouette')).resolves.toBe(String(r.silhouette));
    }
    await expect(alertTexts(page)).resolves.toEqual([]);
  });

  test('on a churn file, suggests behaviour columns only, says why the others are left out, and names the churn-heavy segment', async () => {
    const { page } = session;
    await pickFile(page, fileURLToPath(new URL('../fixtures/telco_like.csv', import.meta.url)));
    await waitForShape(page, 400, 10);
    const chooser = page.getByTestId('segment-features');
    await expect.poll(() => chooser.getAttribute('data-selected')).toBe('3');
    for (const name of ['tenure', 'MonthlyCharges', 'TotalCharges']) await expect(chooser.locator(`input[data-feature="${name}"]`).isChecked()).resolves.toBe(true);
    await expect(chooser.locator('input[data-feature="Churn"]').isChecked()).resolves.toBe(false);
    await page.getByTestId('left-out').locator('summary').click();
    await expect(page.getByTestId('left-out').locator('li[data-column="Churn"]').textContent()).resolves.toMatch(/outcome/);
    await expect(page.getByTestId('left-out').locator('li[data-column="SeniorCitizen"]').textContent()).resolves.toMatch(/yes\/no/);
    await page.getByTestId('k-min').fill('2');
    await page.getByTestId('k-max').fill('4');
    await page.getByTestId('n-init').fill('3');
    await page.getByTestId('run').click();
    await page.getByTestId('best-k').waitFor({ timeout: 60_000 });
    // Every persona states its churn rate in the file's words, against the whole file's 125 of 400 (31 %).
    const figures = await page.getByTestId('persona-figures').allTextContents();
    expect(figures.length).toBeGreaterThan(1);
    for (const text of figures) expect(text).toMatch(/Churn = Yes \d+(\.\d)? % \(all 31 %\)/);
    await expect(page.locator('.persona').allTextContents()).resolves.not.toContainEqual(expect.stringMatching(/Steady mainstream/));
    await expect(alertTexts(page)).resolves.toEqual([]);
  });

  test('adds a categorical column with a weight, clusters on it as Node does, and shows its level shares in the profile', async () => {
    const { page } = session;
    const chooser = page.getByTestId('segment-features');
    const contract = chooser.locator('input[data-feature="Contract"]');
    // Offered, off by default, with the reason it is not a default.
    await expect(contract.isChecked()).resolves.toBe(false);
    await expect(chooser.locator('[data-reason-for="Contract"]').textContent()).resolves.toMatch(/^categorical \(3 levels\): a category, not an amount of behaviour/);
    await contract.check();
    await expect.poll(() => chooser.getAttribute('data-selected')).toBe('4');
    await expect(page.getByTestId('categorical-rule').textContent()).resolves.toMatch(/√\(w·v \/ Σ p\(1 − p\)\)/);
    const weight = page.getByTestId('categorical-weight');
    await weight.fill('-1');
    await expect.poll(() => page.getByTestId('categorical-weight-problem').textContent()).toBe('the categorical weight is a number from 0 to 10');
    await expect(page.getByTestId('run').isDisabled()).resolves.toBe(true);
    await weight.fill('2');
    await expect.poll(() => page.getByTestId('categorical-weight-problem').count()).toBe(0);
    await page.getByTestId('k-min').fill('2');
    await page.getByTestId('k-max').fill('4');
    await page.getByTestId('n-init').fill('3');
    await page.getByTestId('seed').fill('0');
    await page.getByTestId('run').click();
    const table = page.getByTestId('category-shares').locator('table[data-column="Contract"]');
    await table.waitFor({ timeout: 60_000 });
    // The same run in Node: the sweep's silhouettes and the shown k's level shares, to the same bits.
    const text = readFileSync(fileURLToPath(new URL('../fixtures/telco_like.csv', import.meta.url)), 'utf8');
    const node = await segmentCustomers(parseCsvText(text, 'telco_like.csv').table, {
      features: ['tenure', 'MonthlyCharges', 'TotalCharges', 'Contract'],
      categoricalWeight: 2,
      kMin: 2,
      kMax: 4,
      nInit: 3,
      seed: 0,
    });
    for (const r of node.sweep) await expect(page.getByTestId(`sweep-row-${r.k}`).getAttribute('data-silhouette')).resolves.toBe(String(r.silhouette));
    await expect(page.getByTestId('best-k').textContent()).resolves.toBe(String(node.bestK));
    const mix = node.profile.categorical.find((m) => m.name === 'Contract')!;
    expect(mix.dictionary).toStrictEqual(['Month-to-month', 'One year', 'Two year']);
    const levels = mix.dictionary.length;
    for (let l = 0; l < levels; l++) {
      const row = table.locator(`tr[data-level="${mix.dictionary[l]}"]`);
      await expect(row.locator('th').textContent()).resolves.toBe(mix.dictionary[l]);
      for (let c = 0; c < node.k; c++) await expect(row.locator(`td[data-segment="${c}"]`).getAttribute('data-share')).resolves.toBe(mix.share[c * levels + l].toFixed(4));
      await expect(row.locator('td[data-segment="all"]').getAttribute('data-share')).resolves.toBe(mix.overall[l].toFixed(4));
    }
    // The weight is stated with the table: three indicators, each × √(2 / Σ p(1 − p)).
    const p = Array.from(mix.overall);
    const scale = Number(await page.getByTestId('encoding-scale').getAttribute('data-scale'));
    expect(scale).toBeCloseTo(Math.sqrt(2 / p.reduce((s, x) => s + x * (1 - x), 0)), 10);
    // The PCA view draws the rows of the same encoded matrix (every row has a Contract).
    await expect.poll(() => page.getByTestId('pca').locator('.scatterlayer .point').count(), { timeout: 15_000 }).toBe(node.projectedRows.length);
    // The export keeps the file's own words.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV with segments' }).click();
    const exported = readFileSync(await (await download).path(), 'utf8');
    expect(exported.split(/\r?\n/)[1]).toMatch(/^0001,Male,0,Yes,41,Two year,Electronic check,57\.93,2375\.13,Yes,\d,/);
    await expect(alertTexts(page)).resolves.toEqual([]);
  });
});
