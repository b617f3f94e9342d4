import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { alertTexts, useApp } from './browser';

/** The `data-y` values of one curve of a LinesChart. */
async function curve(chart: Locator, id: string): Promise<number[]> {
  return chart.locator(`g[data-series="${id}"] circle`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-y'))));
}

const { session } = useApp({ hash: '#/monitor' });

describe('the Monitor page: simulations', () => {
  test('a 12-month simulation with a concept change shows both curves, the retraining months and the PSI', async () => {
    const { page } = session;
    const section = page.getByTestId('simulation-section');
    await section.getByTestId('simulate-target').selectOption('purchase_amount');
    await section.getByTestId('simulate-model').selectOption('ridge');
    await section.getByTestId('shift-concept-feature').selectOption('purchase_frequency');
    await section.getByTestId('shift-concept-amount').fill('-0.5');
    await section.getByTestId('shift-concept-amount').dispatchEvent('change');
    await section.getByTestId('simulate-psi').fill('5');
    await section.getByTestId('simulate-psi').dispatchEvent('change');
    await section.getByTestId('simulate-run').click();
    const chart = section.getByTestId('simulation-chart');
    await chart.waitFor({ timeout: 90_000 });
    expect(await chart.locator('g[data-series="without"]').getAttribute('data-points')).toBe('12');
    expect(await chart.locator('g[data-series="with"]').getAttribute('data-points')).toBe('12');
    const without = await curve(chart, 'without');
    const withRetraining = await curve(chart, 'with');
    expect(without).toHaveLength(12);
    expect(withRetraining).toHaveLength(12);
    // The same run as `cli simulate … --concept purchase_frequency:-0.5:6:step --psi 5` (the unit test's): fine until month 5, lost from month 6,
    // retrained after month 6 and good again once the window holds changed batches only.
    for (const v of without.slice(0, 5)) expect(v).toBeGreaterThan(0.9);
    for (const v of without.slice(5)) expect(v).toBeLessThan(0.5);
    for (const v of withRetraining.slice(8)) expect(v).toBeGreaterThan(0.8);
    expect(await chart.locator('[data-mark="6"]').count()).toBe(1);
    expect(await section.locator('tr[data-month="6"]').getAttribute('data-retrained')).toBe('true');
    expect(await section.getByTestId('psi-table').locator('tr[data-feature="age"] td[data-metric="psi"]').count()).toBe(12);
    expect(await alertTexts(page)).toStrictEqual([]);
    if (process.env.E2E_SHOTS) await section.screenshot({ path: `${process.env.E2E_SHOTS}/monitor-simulation.png` });
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('a simulation can be cancelled while it runs', async () => {
    const { page } = session;
    const section = page.getByTestId('simulation-section');
    await section.getByTestId('simulate-model').selectOption('mlp');
    await section.getByTestId('simulate-months').fill('60');
    await section.getByTestId('simulate-months').dispatchEvent('change');
    await section.getByTestId('simulate-run').click();
    await section.getByTestId('progress').waitFor();
    await section.getByTestId('cancel').click();
    await section.getByText('The simulation was cancelled.').waitFor();
    expect(await section.getByTestId('progress').count()).toBe(0);
    // The earlier result stays, marked as belonging to other settings.
    expect(await section.getByTestId('simulation-chart').count()).toBe(1);
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('both runs are in the run history; Open puts the finished one back on Monitor', async () => {
    const { page } = session;
    await page.evaluate(() => (location.hash = '#/experiments'));
    const rows = page.locator('[data-testid="run-row"][data-kind="simulate"]');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-page')} ${e.getAttribute('data-model')} ${e.getAttribute('data-status')}`).sort())).toStrictEqual([
      'monitor mlp cancelled',
      'monitor ridge done',
    ]);
    await page.locator('[data-testid="run-row"][data-kind="simulate"][data-status="done"] [data-testid="open-run"]').click();
    const section = page.getByTestId('simulation-section');
    await section.waitFor();
    expect(await section.getByTestId('simulate-model').inputValue()).toBe('ridge');
    expect(await section.getByTestId('simulate-months').inputValue()).toBe('12');
    expect(await section.getByTestId('shift-concept-amount').inputValue()).toBe('-0.5');
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('the noise section draws a curve per model, starting at the plain cross-validation', async () => {
    const { page } = session;
    const section = page.getByTestId('noise-section');
    const picker = section.getByTestId('model-picker');
    for (const box of await picker.locator('input[type="checkbox"]').all()) {
      const model = await box.getAttribute('data-model');
      if ((model === 'ridge' || model === 'knn') !== (await box.isChecked())) await box.click();
    }
    await section.getByTestId('noise-repeats').fill('2');
    await section.getByTestId('noise-repeats').dispatchEvent('change');
    await section.getByTestId('noise-run').click();
    const chart = section.getByTestId('noise-chart');
    await chart.waitFor({ timeout: 90_000 });
    for (const model of ['ridge', 'knn']) {
      expect(await chart.locator(`g[data-series="${model}"]`).getAttribute('data-points')).toBe('6');
      const ys = await curve(chart, model);
      expect(ys[5]).toBeLessThan(ys[0]);
    }
    const clean = Number(await section.locator('tr[data-level="0"] td[data-model="ridge"]').getAttribute('data-value'));
    expect(clean).toBeGreaterThan(0.9);
    expect(Number(await section.locator('tr[data-level="0"] td[data-model="ridge"]').getAttribute('data-std'))).toBe(0);
    if (process.env.E2E_SHOTS) await section.screenshot({ path: `${process.env.E2E_SHOTS}/monitor-noise.png` });
    expect(session.pageErrors).toStrictEqual([]);
  });

  test('a concept change on a target of four classes is refused with an alert; the chart shown before stays', async () => {
    const { page } = session;
    const section = page.getByTestId('simulation-section');
    await section.getByTestId('simulate-target').selectOption('region');
    await section.getByTestId('shift-concept-amount').fill('1');
    await section.getByTestId('shift-concept-amount').dispatchEvent('change');
    await section.getByTestId('simulate-run').click();
    const alert = section.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/A concept change of a classifier needs two classes; "region" has 4/);
    expect(await section.getByTestId('simulation-chart').count()).toBe(1);
    expect(session.pageErrors).toStrictEqual([]);
  });
});
