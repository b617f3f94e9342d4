import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Download, Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { cspViolationsOf, pickFile, runThenCancel, useApp, waitForShape } from './browser';

const dir = mkdtempSync(join(tmpdir(), 'report-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Clicks the button `testid` and saves the file the page downloads. */
async function download(page: Page, testid: string): Promise<{ path: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download') as Promise<Download>, page.getByTestId(testid).click()]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { path, text: readFileSync(path, 'utf8') };
}

/** The `data-value` of every `data-metric` named, as numbers. */
async function metricsOf(page: Page, names: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of names) out[name] = Number(await page.locator(`[data-metric="${name}"]`).first().getAttribute('data-value'));
  return out;
}

const headline = ['at_risk_share', 'at_risk_count', 'revenue_at_risk', 'total_predicted_spend'] as const;
const app = useApp({ hash: '#/report' });
const { session } = app;
let numbers: Record<string, number> = {};

describe('the Report page on the default data', () => {
  test('Cancel stops the runs it started; the parts stay missing', async () => {
    const { page } = session;
    await runThenCancel(page, 'report-run-all');
    await page.locator('[data-testid="page-report"][aria-busy="false"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('progress').count()).toBe(0);
    expect(await page.getByTestId('report-run-risk').isEnabled()).toBe(true);
    expect(await page.locator('[data-metric="at_risk_share"]').count()).toBe(0);
  });

  test('says what is missing, runs it in the workers and shows the at-risk share and revenue at risk', async () => {
    const { page } = session;
    await page.getByTestId('report-run-all').click();
    await page.getByTestId('progress').waitFor({ timeout: 10_000 });
    await page.locator('[data-metric="revenue_at_risk"]').waitFor({ timeout: 180_000 });
    await page.locator('[data-testid="page-report"][aria-busy="false"]').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('report-missing').count()).toBe(0);
    numbers = await metricsOf(page, headline);
    // The label loyalty_score < 5 marks 51 of 238 customers (21.4 %); a good model flags about as many.
    expect(numbers.at_risk_share).toBeGreaterThan(10);
    expect(numbers.at_risk_share).toBeLessThan(35);
    expect(numbers.at_risk_share).toBeCloseTo((numbers.at_risk_count / 238) * 100, 9);
    expect(numbers.revenue_at_risk).toBeGreaterThan(0);
    expect(numbers.revenue_at_risk).toBeLessThan(numbers.total_predicted_spend);
    expect(await page.getByTestId('provenance').count()).toBeGreaterThanOrEqual(3);
  }, 240_000);

  test('the Markdown summary has the same numbers; printing opens no error', async () => {
    const { text } = await download(session.page, 'report-md');
    expect(text).toContain(`**Customers at risk:** ${numbers.at_risk_share.toFixed(1)} %`);
    expect(text).toMatch(/\*\*Revenue at risk:\*\* [\d,]+/);
    await session.page.getByTestId('report-print').click();
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('the scores CSV adds up to the headline numbers', async () => {
    const { text } = await download(session.page, 'report-csv');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('user_id,risk_probability,at_risk,predicted_purchase_amount,segment,persona');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(238);
    const atRisk = rows.filter((r) => r[2] === 'yes');
    expect(atRisk.length).toBe(numbers.at_risk_count);
    expect(atRisk.every((r) => Number(r[1]) >= 0.5)).toBe(true);
    const revenue = atRisk.reduce((s, r) => s + Number(r[3]), 0);
    expect(revenue).toBeCloseTo(numbers.revenue_at_risk, 6);
  });

  test('the HTML file opens from disk with JavaScript off and shows the same numbers; printed on A4 no chart is wider than the page', async () => {
    const { path, text } = await download(session.page, 'report-html');
    expect(text).not.toMatch(/<script/i);
    expect(text).not.toMatch(/https?:/i);
    const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: { width: 794, height: 1123 } });
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(path).href);
      expect(await metricsOf(page, headline)).toStrictEqual(numbers);
      expect(await page.locator('[data-metric="at_risk_share"]').first().textContent()).toBe(`${numbers.at_risk_share.toFixed(1)} %`);
      expect(requests.every((url) => url.startsWith('file:'))).toBe(true);
      await page.emulateMedia({ media: 'print' });
      const charts = await page.locator('svg').evaluateAll((svgs) => svgs.map((s) => {
        const box = s.getBoundingClientRect();
        return { left: box.left, right: box.right, page: document.documentElement.clientWidth };
      }));
      expect(charts.length).toBeGreaterThanOrEqual(3);
      for (const c of charts) {
        expect(c.left).toBeGreaterThanOrEqual(0);
        expect(c.right).toBeLessThanOrEqual(c.page);
      }
      // Sections after the first start a new page in print.
      const breaks = await page.locator('section.sec').evaluateAll((els) => els.map((e) => getComputedStyle(e).breakBefore));
      expect(breaks.slice(1).every((b) => b === 'page')).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('the risk model and threshold the report counts with', () => {
  test('the Risk page’s threshold is the report’s until one is typed here', async () => {
    const { page } = session;
    await page.getByTestId('nav-risk').click();
    await page.getByTestId('threshold').fill('0.2');
    await page.getByTestId('nav-report').click();
    const count = page.locator('[data-metric="at_risk_count"]');
    await count.waitFor();
    expect(Number(await count.getAttribute('data-value'))).toBeGreaterThanOrEqual(numbers.at_risk_count);
    expect(await page.getByTestId('report-headline').textContent()).toMatch(/at least 0\.2 \(chosen on the Risk page\)/);
    await page.getByTestId('report-threshold').fill('0.5');
    await page.locator(`[data-metric="at_risk_count"][data-value="${numbers.at_risk_count}"]`).waitFor();
    await page.getByTestId('report-threshold-reset').click();
    expect(await page.getByTestId('report-threshold').inputValue()).toBe('0.2');
  });

  test('a saved model scores the file in a worker; its provenance says it was fitted on all rows', async () => {
    const { page } = session;
    await page.getByTestId('nav-risk').click();
    await page.getByTestId('save-model-name').fill('Risk for the report');
    await page.getByTestId('save-model').click();
    await page.getByTestId('model-saved').waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-report').click();
    const source = page.getByTestId('report-risk-source');
    await source.locator('option', { hasText: 'Risk for the report' }).waitFor({ state: 'attached' });
    const id = await source.locator('option', { hasText: 'Risk for the report' }).getAttribute('value');
    await source.selectOption(id!);
    await page.locator('[data-testid="page-report"][aria-busy="false"]').waitFor({ timeout: 60_000 });
    const share = Number(await page.locator('[data-metric="at_risk_share"]').getAttribute('data-value'));
    expect(share).toBeGreaterThan(5);
    expect(share).toBeLessThan(50);
    const provenance = page.getByTestId('report-headline').getByTestId('provenance').first();
    expect(await provenance.textContent()).toMatch(/Saved model “Risk for the report”.*fitted on all 238 rows.*in-sample/);
    expect(await page.getByTestId('report-headline').textContent()).toMatch(/at least 0\.2 \(the saved model’s threshold\)/);
    await source.selectOption('');
  }, 90_000);
});

describe('text in the report is data', () => {
  test('a category named <script>…</script> appears literally in the preview and the file', async () => {
    const { page } = session;
    await pickFile(page, fixture('report-script-category.csv'));
    await waitForShape(page, 8, 4);
    await page.goto(`${page.url().split('#')[0]}#/report`);
    const preview = page.frameLocator('[data-testid="report-preview"]');
    await preview.getByText('<script>alert(1)</script>', { exact: true }).first().waitFor({ timeout: 30_000 });
    const { text } = await download(page, 'report-html');
    expect(text).not.toMatch(/<script/i);
    expect(text).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(session.dialogs).toStrictEqual([]);
    expect(session.pageErrors).toStrictEqual([]);
    expect(await cspViolationsOf(session)).toStrictEqual([]);
    expect(session.foreignRequests).toStrictEqual([]);
  });
});
