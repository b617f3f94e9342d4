/**
 * Accessibility: every page passes axe-core (WCAG 2.0/2.1 A and AA rules) with no serious or
 * critical violation, on the example data and after runs of Segments, Predict and Risk; and the
 * main flow works with the keyboard alone, with a visible focus ring.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useApp, waitForShape } from './browser';

const pages = ['data', 'explore', 'segments', 'predict', 'risk', 'customer', 'experiments', 'report', 'monitor'] as const;

/** The serious and critical violations axe finds on the page as it is, one readable line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // The Report page's preview is a sandboxed frame where no script may run, so axe cannot run in
    // it; the report document itself is checked on its own below.
    .exclude('[data-testid="report-preview"]')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`));
}

/** Goes to a page through its link and waits until it is drawn and idle. */
async function visit(page: Page, id: string): Promise<void> {
  await page.getByTestId(`nav-${id}`).click();
  await page.waitForURL(new RegExp(`#/${id}$`));
  await page.getByTestId(`page-${id}`).waitFor();
  await page.waitForSelector(`[data-testid="page-${id}"][aria-busy="false"]`, { timeout: 60_000 });
  // Charts are drawn one task each after the page: let them settle.
  await page.waitForTimeout(1_500);
}

async function expectPageClean(page: Page, id: string, when: string): Promise<void> {
  await visit(page, id);
  const found = (await seriousViolations(page)).map((line) => `${when} #/${id}: ${line}`);
  expect(found, `axe found serious or critical violations:\n${found.join('\n')}`).toStrictEqual([]);
}

describe('accessibility', () => {
  const { session } = useApp();

  test.each(pages)('#/%s passes axe on the example data', async (id) => {
    await waitForShape(session.page, 238, 7);
    await expectPageClean(session.page, id, 'example');
  }, 240_000);

  test('Segments, Predict and Risk run with small settings', async () => {
    const { page } = session;
    await visit(page, 'segments');
    await page.getByTestId('k-max').fill('4');
    await page.getByTestId('run').click();
    await page.locator('[data-metric="silhouette"]').waitFor({ timeout: 60_000 });

    await visit(page, 'predict');
    for (const input of await page.locator('input[type="checkbox"][data-model]').all()) await input.uncheck();
    await page.locator('input[data-model="linear"]').check();
    await page.getByTestId('run').click();
    await page.locator('tr[data-model="linear"] [data-metric="r2"]').waitFor({ timeout: 90_000 });

    await visit(page, 'risk');
    for (const input of await page.locator('input[type="checkbox"][data-model]').all()) await input.uncheck();
    await page.locator('input[data-model="logistic"]').check();
    await page.getByTestId('run').click();
    await page.locator('tr[data-model="logistic"] [data-metric="roc_auc"]').waitFor({ timeout: 90_000 });
    expect(session.pageErrors).toStrictEqual([]);
  }, 240_000);

  test.each(pages)('#/%s passes axe after the runs', async (id) => {
    await expectPageClean(session.page, id, 'after runs');
    expect(session.pageErrors).toStrictEqual([]);
  }, 240_000);

  test('the report document shown in the preview passes axe', async () => {
    const { page } = session;
    await visit(page, 'report');
    const html = await page.getByTestId('report-preview').getAttribute('srcdoc');
    expect(html?.length).toBeGreaterThan(1000);
    const report = await session.context.newPage();
    try {
      await report.setContent(html ?? '');
      const found = (await seriousViolations(report)).map((line) => `report document: ${line}`);
      expect(found, `axe found serious or critical violations:\n${found.join('\n')}`).toStrictEqual([]);
    } finally {
      await report.close();
    }
  }, 240_000);
});

describe('keyboard alone', () => {
  const { session } = useApp();

  /** Presses Tab until the focused element matches `selector` (at most `limit` presses). */
  async function tabTo(page: Page, selector: string, limit = 400): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  /** The focused element's outline, as computed (the :focus-visible ring). */
  async function focusRing(page: Page): Promise<{ style: string; width: number }> {
    return page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
  }

  test('segments and predict are run and read with the keyboard, focus always visible', async () => {
    const { page } = session;
    await waitForShape(page, 238, 7);
    await page.locator('body').focus();

    await tabTo(page, '[data-testid="nav-segments"]');
    const ring = await focusRing(page);
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/segments$/);

    await tabTo(page, '[data-testid="k-max"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    await tabTo(page, '[data-testid="run"]');
    expect((await focusRing(page)).style).not.toBe('none');
    await page.keyboard.press('Enter');
    const silhouette = page.locator('[data-metric="silhouette"]');
    await silhouette.waitFor({ timeout: 60_000 });
    expect(Number(await silhouette.getAttribute('data-value'))).toBeGreaterThan(0.5);
    // The sweep's rows are reached and chosen with the keyboard too.
    await tabTo(page, '[data-testid="show-k-3"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('shown-k').textContent(), { timeout: 15_000 }).toBe('3');

    // Back up to the navigation with Shift+Tab.
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Shift+Tab');
      if (await page.evaluate(() => document.activeElement?.matches('[data-testid="nav-predict"]') ?? false)) break;
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-predict');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/predict$/);

    // Keep one fast model: checkboxes are toggled with Space.
    for (const kind of ['ridge', 'gbm', 'rf', 'mlp', 'knn', 'lasso', 'elasticnet']) {
      const box = page.locator(`input[type="checkbox"][data-model="${kind}"]`);
      if ((await box.count()) === 0 || !(await box.isChecked())) continue;
      await tabTo(page, `input[type="checkbox"][data-model="${kind}"]`);
      await page.keyboard.press('Space');
      expect(await box.isChecked()).toBe(false);
    }
    const linear = page.locator('input[type="checkbox"][data-model="linear"]');
    if (!(await linear.isChecked())) {
      await tabTo(page, 'input[type="checkbox"][data-model="linear"]');
      await page.keyboard.press('Space');
    }
    await tabTo(page, '[data-testid="run"]');
    await page.keyboard.press('Enter');
    const r2 = page.locator('tr[data-model="linear"] [data-metric="r2"]');
    await r2.waitFor({ timeout: 90_000 });
    expect(Number(await r2.getAttribute('data-value'))).toBeGreaterThan(0.5);
    expect(session.pageErrors).toStrictEqual([]);
  });
});
