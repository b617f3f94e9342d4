import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/lib/ml/core/random';
import { tableFromArrays } from '../../../src/lib/ml/core/table';
import { shiftAt } from '../../../src/lib/ml/monitor/batches';
import { simulateRetraining } from '../../../src/lib/ml/monitor/simulate';
import { loadCustomers } from '../fixtures';

/** y = x1 + a little noise, with an unrelated x2 (centred, so −x1 is the reversed concept exactly). */
function planted(n = 600, seed = 1) {
  const random = new Random(seed);
  const x1 = Array.from({ length: n }, () => random.normal());
  const x2 = Array.from({ length: n }, () => random.normal());
  const y = x1.map((v) => v + 0.05 * random.normal());
  return tableFromArrays('planted', { x1, x2, y });
}

describe('shiftAt', () => {
  it('ramps from the start month, or steps', () => {
    expect([1, 2, 3, 4].map((m) => shiftAt(0.5, { start: 2 }, m))).toStrictEqual([0, 0.5, 1, 1.5]);
    expect([3, 4, 9].map((m) => shiftAt(-2, { start: 4, shape: 'step' }, m))).toStrictEqual([0, -2, -2]);
  });
});

describe('simulateRetraining', () => {
  const customers = loadCustomers();
  const base = { target: 'purchase_amount', task: 'regression' as const, model: 'ridge' as const, months: 6 };
  const shifts = { numeric: [{ column: 'annual_income', kind: 'mean' as const, amount: 0.3 }] };

  it('gives the same numbers for the same seed and others for another seed', async () => {
    const a = await simulateRetraining(customers, { ...base, shifts, seed: 3 });
    const b = await simulateRetraining(customers, { ...base, shifts, seed: 3 });
    const c = await simulateRetraining(customers, { ...base, shifts, seed: 4 });
    expect(b).toStrictEqual(a);
    expect(c.months.map((m) => m.without)).not.toStrictEqual(a.months.map((m) => m.without));
    expect(a.months).toHaveLength(6);
  });

  it('grows the PSI of a feature whose mean moves, and retrains once it crosses the threshold', async () => {
    const r = await simulateRetraining(customers, { ...base, shifts: { numeric: [{ column: 'annual_income', kind: 'mean', amount: 0.5 }] }, metricDrop: 100, seed: 0 });
    const income = r.features.indexOf('annual_income');
    const psi = r.months.map((m) => m.psi[income]);
    expect(psi[5]).toBeGreaterThan(psi[0]);
    expect(psi[5]).toBeGreaterThan(0.25);
    const first = r.months.find((m) => m.retrained)!;
    expect(first.maxPsiCurrent).toBeGreaterThan(0.25);
    expect(first.reasons.join(' ')).toMatch(/PSI of "annual_income"/);
  });

  it('restores the metric after a reversed concept (y = x1, then y = −x1 from month 4)', async () => {
    const r = await simulateRetraining(planted(), {
      target: 'y',
      task: 'regression',
      model: 'linear',
      months: 8,
      shifts: { numeric: [], concept: { feature: 'x1', amount: -2, start: 4, shape: 'step' } },
      metricDrop: 0.2,
      psiThreshold: 10,
      window: 1,
      seed: 0,
    });
    expect(r.baseline).toBeGreaterThan(0.99);
    const without = r.months.map((m) => m.without);
    const withR = r.months.map((m) => m.with);
    for (const m of [0, 1, 2]) expect(without[m]).toBeGreaterThan(0.99);
    // From month 4 the untouched model predicts x1 for −x1: R² = 1 − E[(2·x1)²]/Var(x1) ≈ −3.
    for (const m of [3, 4, 5, 6, 7]) expect(without[m]).toBeLessThan(-2);
    expect(r.retrainedMonths).toStrictEqual([4]);
    expect(withR[3]).toBeLessThan(-2);
    for (const m of [4, 5, 6, 7]) expect(withR[m]).toBeGreaterThan(0.99);
  });

  it('flips a binary target with the feature (concept change of a classifier)', async () => {
    const random = new Random(2);
    const x = Array.from({ length: 400 }, () => random.normal());
    const label = x.map((v) => (v + 0.3 * random.normal() > 0 ? 'yes' : 'no'));
    const table = tableFromArrays('binary', { x, label });
    const r = await simulateRetraining(table, { target: 'label', task: 'classification', model: 'logistic', months: 5, shifts: { numeric: [], concept: { feature: 'x', amount: -3, start: 3, shape: 'step' } }, window: 1, seed: 0 });
    expect(r.metric).toBe('roc_auc');
    expect(r.months[0].without).toBeGreaterThan(0.9);
    expect(r.months[3].without).toBeLessThan(0.3);
    expect(r.retrainedMonths).toContain(3);
    expect(r.months[4].with).toBeGreaterThan(0.7);
  });

  it('refuses shifts of columns that are not numeric features, and bad counts', async () => {
    await expect(simulateRetraining(customers, { ...base, shifts: { numeric: [{ column: 'region', kind: 'mean', amount: 1 }] } })).rejects.toThrow(/"region" is categorical, not numeric/);
    await expect(simulateRetraining(customers, { ...base, shifts: { numeric: [{ column: 'nope', kind: 'mean', amount: 1 }] } })).rejects.toThrow(/"nope" is not a feature/);
    await expect(simulateRetraining(customers, { ...base, months: 0 })).rejects.toThrow(/Months must be/);
    await expect(simulateRetraining(customers, { ...base, shifts: { numeric: [], mix: { column: 'age', level: 'x', amount: 0.1 } } })).rejects.toThrow(/not categorical/);
  });
});
