import { describe, expect, test } from 'vitest';
import { useApp } from './browser';

const { session } = useApp({ hash: '#/predict' });

describe('tuning on the Predict page', () => {
  test('random search tunes ridge, and the applied best settings give the same R² in the page run', async () => {
    const { page } = session;
    await page.getByTestId('tune-run').waitFor({ timeout: 60_000 });
    await page.getByTestId('tune-model').selectOption('ridge');
    await page.getByTestId('tune-method').selectOption('random');
    await page.getByTestId('tune-trials').fill('6');
    await page.getByTestId('tune-trials').dispatchEvent('change');
    await page.locator('[data-testid="tune-space"] [data-param="alpha"]').waitFor();
    await page.getByTestId('tune-run').click();
    const tuned = page.locator('[data-metric="tuned_score"]');
    await page.getByTestId('tune-cancel').waitFor({ state: 'detached', timeout: 90_000 });
    await tuned.waitFor();
    const score = Number(await tuned.getAttribute('data-value'));
    expect(score).toBeGreaterThan(0.5);
    expect(await page.locator('[data-testid="tune-trials"] tbody tr').count()).toBe(6);
    const baseline = Number(await page.locator('[data-metric="default_score"]').getAttribute('data-value'));
    expect(score).toBeGreaterThanOrEqual(baseline - 0.05);

    await page.getByTestId('tune-apply').click();
    await page.getByTestId('tune-applied').waitFor();
    expect(await page.getByTestId('tune-applied').textContent()).toMatch(/alpha = /);

    for (const model of ['linear', 'rf', 'gbm']) await page.locator(`[data-model="${model}"]`).uncheck();
    await page.locator('[data-model="ridge"]').check();
    await page.getByTestId('run').click();
    const r2 = page.locator('tr[data-model="ridge"] [data-metric="r2"]');
    await r2.waitFor({ timeout: 90_000 });
    // same folds, same alpha: the page's CV run reproduces the tuned score
    expect(Number(await r2.getAttribute('data-value'))).toBeCloseTo(score, 9);
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('stopping a successive-halving search of the forest keeps the best trial so far', async () => {
    const { page } = session;
    await page.locator('[data-model="rf"]').check();
    await page.getByTestId('tune-model').selectOption('rf');
    await page.getByTestId('tune-method').selectOption('halving');
    await page.getByTestId('tune-trials').fill('60');
    await page.getByTestId('tune-trials').dispatchEvent('change');
    await page.getByTestId('tune-run').click();
    const progress = page.getByTestId('tune-progress');
    await progress.waitFor();
    expect(await progress.getAttribute('role')).toBe('progressbar');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="tune-progress"]')?.getAttribute('aria-valuenow')) >= 2, null, { timeout: 90_000 });
    await page.getByTestId('tune-cancel').click();
    await page.getByTestId('tune-cancel').waitFor({ state: 'detached', timeout: 2_000 });
    expect(Number(await page.locator('[data-metric="tuned_score"]').getAttribute('data-value'))).toBeGreaterThan(0);
    expect(await page.getByTestId('tune-summary').textContent()).toMatch(/stopped/);
    expect(await page.getByTestId('tune-run').isEnabled()).toBe(true);
    expect(session.pageErrors).toStrictEqual([]);
  });
});
