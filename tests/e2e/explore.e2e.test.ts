import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { pickContent, pickFile, useApp, waitForShape } from './browser';

const { session } = useApp({ hash: '#/explore' });

/** Waits until the Explore page's computations are done (its root's aria-busy). */
async function settled(): Promise<void> {
  await session.page.waitForFunction(() => document.querySelector('[data-testid="page-explore"]')?.getAttribute('aria-busy') === 'false', undefined, { timeout: 60_000 });
}

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

  test('a Telco-like file: every finding states its rule, booleans get a class balance and group the box plots in their own words', async () => {
    const { page } = session;
    await pickFile(page, fileURLToPath(new URL('../fixtures/telco_like.csv', import.meta.url)));
    await waitForShape(page, 400, 10);
    const churn = page.locator('[data-testid="class-balance"][data-column="Churn"]');
    await churn.waitFor({ timeout: 30_000 });
    // awk -F, 'NR>1{print $10}' tests/fixtures/telco_like.csv | sort | uniq -c → 275 No, 125 Yes
    await expect(churn.getAttribute('data-labels')).resolves.toBe('["No","Yes"]');
    await expect(churn.getAttribute('data-counts')).resolves.toBe('[275,125]');
    await settled();
    const missing = page.locator('[data-finding-id="missing:TotalCharges"]');
    await expect(missing.getByTestId('finding-threshold').textContent()).resolves.toBe('Flagged when: any missing value; a warning above 5 % of rows.');
    const rules = await page.getByTestId('finding-threshold').allTextContents();
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule).toMatch(/^Flagged when: .{5,}\.$/);
    await page.getByTestId('box-by').selectOption('Churn');
    const means = page.locator('[data-testid="means-by-group"][data-by="Churn"]');
    await means.waitFor({ timeout: 30_000 });
    // numpy: MonthlyCharges mean by Churn = 66.7408…, 69.4391…
    const cell = (group: string) => means.locator(`tr[data-column="MonthlyCharges"] td[data-group="${group}"]`);
    expect(Number(await cell('No').getAttribute('data-value'))).toBeCloseTo(66.7408, 3);
    await expect(cell('Yes').textContent()).resolves.toBe('69.44');
  });

  test('with Churn as target, every feature is ranked against it, η and rates per level for a categorical', async () => {
    const { page } = session;
    await page.getByTestId('explore-target').selectOption('Churn');
    const view = page.locator('[data-testid="target-view"][data-target="Churn"]');
    await view.waitFor({ timeout: 30_000 });
    await expect(view.getAttribute('data-positive')).resolves.toBe('Yes');
    const first = view.getByTestId('target-feature').first();
    await expect(first.getAttribute('data-column')).resolves.toBe('Contract');
    await expect(first.getAttribute('data-measure')).resolves.toBe('eta');
    // scipy.stats.contingency.association(Contract × Churn, method='cramer') = 0.386548…
    expect(Number(await first.getAttribute('data-value'))).toBeCloseTo(0.386548, 5);
    await expect(first.textContent()).resolves.toContain('Month-to-month: 46.4 % (233)');
    await expect(view.getByTestId('target-feature').count()).resolves.toBe(8);
    // The strongest pairs name their measure: r or ρ between numbers, η with a categorical, V between categoricals.
    const measures = await page.locator('[data-testid="strongest-pairs"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-measure')));
    expect(measures).toEqual(expect.arrayContaining(['eta', 'cramers-v']));
    expect(measures.filter((m) => m === 'pearson' || m === 'spearman').length).toBeGreaterThan(0);
    await page.getByTestId('explore-target').selectOption('');
    await view.waitFor({ state: 'detached' });
  });

  test('a log scale for skewed amounts says how many zeros and negatives it cannot draw', async () => {
    const { page } = session;
    const lines = ['spend,visits'];
    for (let i = 0; i < 300; i++) lines.push(`${i % 10 === 0 ? 0 : i % 50 === 7 ? -(i % 13) - 1 : Math.round(10 ** (1 + (i % 37) / 12))},${(i * 7) % 23}`);
    await pickContent(page, 'skewed.csv', lines.join('\n'));
    await waitForShape(page, 300, 2);
    const spend = page.locator('[data-testid="histogram"][data-column="spend"]');
    await spend.waitFor({ timeout: 30_000 });
    await spend.getByTestId('log-toggle').check();
    await page.locator('[data-testid="histogram"][data-column="spend"][data-scale="log"]').waitFor({ timeout: 30_000 });
    // Zeros: rows 0, 10, … 290 → 30; negatives: rows with i % 50 = 7 → 7, 57, … 257 → 6.
    const hidden = spend.getByTestId('log-hidden');
    await expect(hidden.getAttribute('data-zeros')).resolves.toBe('30');
    await expect(hidden.getAttribute('data-negatives')).resolves.toBe('6');
    await expect(hidden.textContent()).resolves.toContain('30 zeros and 6 negative values cannot be drawn on a log axis');
    await expect(page.locator('[data-finding-id="negative:spend"]').textContent()).resolves.toContain('spend has 6 negative values (2.0 %');
  });

  test('the marketing file: Year_Birth and ID are written without thousands separators', async () => {
    const { page } = session;
    await pickFile(page, fileURLToPath(new URL('../../static/data/marketing_campaign.csv', import.meta.url)));
    await waitForShape(page, 2240, 29);
    await settled();
    await expect(page.locator('[data-finding-id="outliers:Year_Birth"]').textContent()).resolves.toContain('outside 1932 to 2004');
    await page.getByTestId('box-by').selectOption('Response');
    const year = page.locator('[data-testid="means-by-group"][data-by="Response"] tr[data-column="Year_Birth"] td.num');
    await year.first().waitFor({ timeout: 30_000 });
    for (const text of await year.allTextContents()) expect(text).toMatch(/^19\d\d(\.\d+)?$/);
    const income = await page.locator('[data-testid="means-by-group"] tr[data-column="Income"] td.num').first().textContent();
    expect(income).toMatch(/^\d\d,\d{3}$/);
  });

  test('the marketing file: its own engineered features (age, tenure, total spend, children…), and Segments personas on spend, income and family', async () => {
    // Runs after the test above, with the marketing file loaded.
    const { page } = session;
    const offered = await page.locator('[data-testid="engineered"] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-feature')));
    expect(offered).toEqual(expect.arrayContaining(['age', 'tenure_days', 'total_spend', 'total_purchases', 'children', 'accepted_campaigns']));
    for (const name of ['total_spend', 'children']) {
      await page.locator(`[data-testid="engineered"] li[data-feature="${name}"] [data-testid="engineered-toggle"]`).check();
    }
    await waitForShape(page, 2240, 31);
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('preset-spend-income-family').click();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="silhouette"]').first().waitFor({ timeout: 60_000 });
    await page.locator('.persona').first().waitFor();
    const profile = await page.locator('.persona').first().textContent();
    expect(profile).toMatch(/total_spend|Income|children/);
    // Risk takes Response (334 of 2,240 accepted the last campaign) as its label without being asked.
    await page.getByTestId('nav-risk').click();
    const prevalence = page.getByTestId('prevalence');
    await prevalence.waitFor();
    expect(await prevalence.getAttribute('data-positives')).toBe('334');
    expect(await prevalence.getAttribute('data-present')).toBe('2240');
    expect(session.pageErrors).toStrictEqual([]);
    await page.getByTestId('nav-explore').click();
  });

  test('5,000 numeric columns × 200 rows: a bounded, stated set is compared', async () => {
    // How long its main-thread tasks take is measured by `npx tsx bench/browser-flow.ts --wide`, not asserted here.
    const { page } = session;
    const cols = 5000;
    const header = Array.from({ length: cols }, (_, j) => `c${j}`).join(',');
    const rows = Array.from({ length: 200 }, (_, i) => Array.from({ length: cols }, (_, j) => (((i * 31 + j * 17) % 101) / 100 + (j % 7) * 0.001 * i).toFixed(3)).join(','));
    await pickContent(page, 'wide.csv', [header, ...rows].join('\n'));
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="dataset-summary"][data-cols="5000"]') !== null &&
        document.querySelector('[data-testid="column-choice"][data-total="5000"]') !== null &&
        document.querySelector('[data-testid="page-explore"]')?.getAttribute('aria-busy') === 'false' &&
        document.querySelectorAll('[data-testid="histogram"] .js-plotly-plot').length === 12 &&
        document.querySelector('[data-testid="correlation-heatmap"][data-columns="50"] .js-plotly-plot') !== null &&
        document.querySelectorAll('[data-testid="scatter-matrix"] .js-plotly-plot').length === 15,
      undefined,
      { timeout: 120_000, polling: 500 },
    );
    const choice = page.locator('[data-testid="column-choice"][data-total="5000"]');
    await expect(choice.getAttribute('data-shown')).resolves.toBe('50');
    await expect(choice.textContent()).resolves.toContain('50 of 5,000 columns, chosen by their spread');
    await expect(page.getByTestId('charts-bounded').textContent()).resolves.toContain('12 of 5,000 numeric columns');
    // Choosing others: drop one compared column, search another and add it.
    await choice.locator('summary').click();
    const chips = choice.locator('.chips li');
    const chosen = new Set(await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-column'))));
    const dropped = [...chosen][0]!;
    await chips.first().getByRole('button').click();
    const added = Array.from({ length: cols }, (_, j) => `c${j}`).find((n) => !chosen.has(n))!;
    await page.locator(`[data-testid="column-choice"][data-by="user"][data-shown="49"]`).waitFor({ timeout: 60_000 });
    await page.getByTestId('choice-search').fill(added);
    await page.locator(`[data-testid="column-choice"] button[data-column="${added}"]`).click();
    const mine = page.locator('[data-testid="column-choice"][data-by="user"][data-shown="50"]');
    await mine.waitFor({ timeout: 60_000 });
    await expect(mine.locator(`.chips li[data-column="${added}"]`).count()).resolves.toBe(1);
    await expect(mine.locator(`.chips li[data-column="${dropped}"]`).count()).resolves.toBe(0);
  });

  test('no uncaught errors or CSP violations', () => {
    expect(session.pageErrors).toEqual([]);
    expect(session.cspViolations).toEqual([]);
  });
});
