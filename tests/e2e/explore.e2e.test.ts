import { beforeAll, describe, expect, test } from 'vitest';
import { pickContent, useApp, waitForShape } from './browser';

const { session } = useApp({ hash: '#/explore' });

beforeAll(async () => {
  await waitForShape(session.page, 238, 7);
});

describe('the Explore page on the default data', () => {
  test('shows the three findings first, with their numbers', async () => {
    const { page } = session;
    const findings = page.getByTestId('findings');
    await expect(findings.locator('[data-finding-id="duplicates"]').textContent()).resolves.toContain('Only 60 of 238 rows are distinct');
    await expect(findings.locator('[data-finding-id="collinearity"]').textContent()).resolves.toContain('VIFs run from about 37 to 197');
    await expect(findings.locator('[data-finding-id="rare-category:region"]').textContent()).resolves.toContain('East has 6 of 238 rows (2.5 %)');
  });

  test('draws a histogram per numeric column, a bar chart for region, box plots by region, heatmap and VIF table', async () => {
    const { page } = session;
    await expect(page.getByTestId('histogram').count()).resolves.toBe(5);
    await expect(page.locator('[data-testid="bar-chart"][data-column="region"]').count()).resolves.toBe(1);
    await expect(page.getByTestId('box-by').inputValue()).resolves.toBe('region');
    await page.locator('[data-testid="histogram"] .js-plotly-plot').first().waitFor({ timeout: 30_000 });
    const vif = Number(await page.locator('[data-testid="vif-table"] tr[data-column="purchase_amount"]').getAttribute('data-vif'));
    expect(vif).toBeCloseTo(196.9, 0);
    const top = Number(await page.locator('[data-testid="strongest-pairs"] li').first().getAttribute('data-r'));
    expect(top).toBeCloseTo(0.9941, 4);
    await page.getByLabel('Spearman (ranks)').check();
    await expect(page.getByTestId('correlation-heatmap').getAttribute('data-method')).resolves.toBe('spearman');
  });

  test('the scatter matrix draws the chosen columns, sampled on large data only', async () => {
    const { page } = session;
    const matrix = page.getByTestId('scatter-matrix');
    // One small chart per pair of the five columns: 10 panels of the lower triangle.
    await expect.poll(() => matrix.locator('.js-plotly-plot').count(), { timeout: 30_000 }).toBe(10);
    await expect(matrix.getAttribute('data-points')).resolves.toBe('238');
    await expect(matrix.getByTestId('scatter-sampled').count()).resolves.toBe(0);
    await expect(matrix.locator('input[type="checkbox"]:checked').count()).resolves.toBe(5);
  });

  test('a formula error points at the character in an alert; a good formula adds a column', async () => {
    const { page } = session;
    await page.getByTestId('formula-name').fill('share');
    await page.getByTestId('formula-text').fill('purchase_amount / (annual_income');
    await page.getByTestId('formula-add').click();
    const error = page.getByTestId('formula-error');
    await expect(error.getAttribute('role')).resolves.toBe('alert');
    await expect(error.textContent()).resolves.toMatch(/Expected "\)".*\n.*\n\s+\^/);
    await page.getByTestId('formula-text').fill('purchase_amount / annual_income * 100');
    await page.getByTestId('formula-add').click();
    await page.locator('[data-testid="derived-list"] li[data-column="share"]').waitFor();
    await expect(page.getByTestId('histogram').count()).resolves.toBe(6);
  });

  test('the custom column appears on the Data page with its lineage and profile, and in the Predict features', async () => {
    const { page } = session;
    await page.getByTestId('nav-data').click();
    const row = page.locator('[data-testid="column-row"][data-column="share"]');
    await expect(row.locator('[data-testid="lineage"]').textContent()).resolves.toMatch(/share ← (purchase_amount, annual_income|annual_income, purchase_amount)/);
    await expect(row.locator('[data-field="missing"]').getAttribute('data-value')).resolves.toBe('0');
    await page.getByTestId('nav-predict').click();
    await page.locator('[data-testid="feature-picker"] input[data-feature="share"]').waitFor();
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('formula-name').waitFor();
  });

  test('an engineered feature toggles on with its lineage, and off', async () => {
    const { page } = session;
    const toggle = page.locator('li[data-feature="customer_value_score"] [data-testid="engineered-toggle"]');
    await toggle.check();
    const added = page.locator('[data-testid="derived-list"] li[data-column="customer_value_score"]');
    await expect(added.textContent()).resolves.toContain('annual_income, purchase_amount, loyalty_score, purchase_frequency');
    await toggle.uncheck();
    await expect(added.count()).resolves.toBe(0);
  });

  test('merging East into Other keeps it rare; into North clears the finding; both undo', async () => {
    const { page } = session;
    await page.getByTestId('merge-column').selectOption('region');
    await page.getByTestId('merge-from').selectOption('East');
    await page.getByTestId('merge-into').fill('Other');
    await page.getByTestId('merge-apply').click();
    await expect(page.getByTestId('merge-from').locator('option').allTextContents()).resolves.toContain('Other (6)');
    await expect(page.locator('[data-finding-id="rare-category:region"]').textContent()).resolves.toContain('Other has 6 of 238 rows');
    await page.getByTestId('merge-undo').click();
    await page.getByTestId('merge-from').selectOption('East');
    await page.getByTestId('merge-into').fill('North');
    await page.getByTestId('merge-apply').click();
    await page.locator('[data-finding-id="rare-category:region"]').waitFor({ state: 'detached' });
    await expect(page.getByTestId('merge-from').locator('option').allTextContents()).resolves.toContain('North (84)');
    await page.getByTestId('merge-undo').click();
    await page.locator('[data-finding-id="rare-category:region"]').waitFor();
  });

  test('on 6,000 rows the scatter matrix samples 5,000 and says so', async () => {
    const { page } = session;
    const lines = ['a,b,c'];
    for (let i = 0; i < 6000; i++) lines.push(`${i % 97},${(i * 7) % 101},${(i * 13) % 89}`);
    await pickContent(page, 'big.csv', lines.join('\n'));
    await waitForShape(page, 6000, 3);
    const matrix = page.getByTestId('scatter-matrix');
    await expect(matrix.getAttribute('data-points')).resolves.toBe('5000');
    await expect(matrix.getByTestId('scatter-sampled').textContent()).resolves.toContain('5,000 of 6,000 rows');
    await expect.poll(() => matrix.locator('.js-plotly-plot').count(), { timeout: 30_000 }).toBe(3);
  });

  test('no uncaught errors or CSP violations', () => {
    expect(session.pageErrors).toEqual([]);
    expect(session.cspViolations).toEqual([]);
  });
});
