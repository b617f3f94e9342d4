/**
 * Column names and values that are JavaScript object keys (`__proto__`, `constructor`, `toString`,
 * `hasOwnProperty`, `valueOf`) are the user's text like any other: every page works with them, as
 * features, targets, labels and categories, and nothing reaches the console.
 */
import { describe, expect, test } from 'vitest';
import { alertTexts, pickContent, useApp, waitForShape } from './browser';

const { session } = useApp({ hash: '#/data' });

/** 120 customers whose columns and category values are object keys. */
function keysCsv(): string {
  const rows = ['id,__proto__,constructor,toString,hasOwnProperty,valueOf,segment,churned'];
  for (let i = 0; i < 120; i++) {
    rows.push([i + 1, (i * 7) % 50, 100 + ((i * 13) % 90), (i % 5) + 0.5, ['a', 'b', 'c'][i % 3], i % 2, ['toString', 'constructor', '__proto__'][i % 3], i % 4 === 0 ? 'yes' : 'no'].join(','));
  }
  return rows.join('\n');
}

/** Waits until the page's computations are done. */
async function settled(name: string): Promise<void> {
  await session.page.waitForFunction((id) => document.querySelector(`[data-testid="page-${id}"]`)?.getAttribute('aria-busy') === 'false', name, { timeout: 60_000 });
}

describe('columns named like object keys', () => {
  test('work on every page, as features, target, label and categories', async () => {
    const { page } = session;
    const consoleErrors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
    await pickContent(page, 'keys.csv', keysCsv());
    await waitForShape(page, 120, 8);

    await page.getByTestId('nav-explore').click();
    await page.locator('[data-testid="histogram"][data-column="__proto__"]').waitFor();
    await settled('explore');

    await page.getByTestId('nav-segments').click();
    await page.getByTestId('run').click();
    await page.getByTestId('best-k').waitFor({ timeout: 60_000 });

    await page.getByTestId('nav-predict').click();
    await page.getByTestId('target-select').selectOption('constructor');
    await page.getByTestId('run').click();
    await page.locator('[data-metric="r2"]').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-feature="__proto__"]').isChecked()).toBe(true);

    await page.getByTestId('nav-risk').click();
    await expect.poll(() => page.getByTestId('label-source').inputValue()).toBe('churned');
    await page.getByTestId('run').click();
    await page.locator('[data-metric="f1"]').first().waitFor({ timeout: 60_000 });

    await page.getByTestId('nav-customer').click();
    await page.getByTestId('target-select').selectOption('constructor');
    await page.getByTestId('risk-column').selectOption('__proto__');
    await page.getByTestId('risk-threshold').fill('25');
    await page.getByTestId('risk-threshold').dispatchEvent('change');
    await page.getByTestId('run').click();
    await page.locator('[data-metric="predicted_spend"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('waterfall-spend').waitFor();
    await settled('customer');

    await expect(alertTexts(page)).resolves.toEqual([]);
    expect(session.pageErrors).toStrictEqual([]);
    expect(consoleErrors).toStrictEqual([]);
  });
});
