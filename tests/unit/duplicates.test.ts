import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { prepareCv } from '../../src/lib/ml/evaluation/cv/prepare';
import { findDuplicates } from '../../src/lib/ml/data/duplicates';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { loadCustomersWithFolds } from './fixtures';

describe('duplicate rows', () => {
  it('groups identical rows (missing equals missing, −0 equals 0)', () => {
    const t = tableFromArrays('t', { a: [1, 2, 1, NaN, NaN, 0, -0], b: ['x', 'y', 'x', null, null, 'z', 'z'] });
    const d = findDuplicates(t, ['a', 'b']);
    expect(Array.from(d.groupOf)).toStrictEqual([0, 1, 0, 2, 2, 3, 3]);
    expect(d).toMatchObject({ distinct: 4, count: 3, largest: 2 });
  });

  it('compares only the rows asked for: groups in their order, −1 for the others', () => {
    const t = tableFromArrays('t', { a: [1, 2, 1, 2, 3, 1, 3], b: ['x', 'y', 'x', 'y', 'z', 'x', 'w'] });
    const d = findDuplicates(t, ['a', 'b'], Int32Array.from([1, 2, 3, 5, 6]));
    // Rows 1 and 3 are twins, 2 and 5 are twins; row 0 (a twin of 2) and row 4 are left out.
    expect(Array.from(d.groupOf)).toStrictEqual([-1, 0, 1, 0, -1, 1, 2]);
    expect(d).toMatchObject({ distinct: 3, count: 2, largest: 2 });
    // On every row the same table has row 0 first.
    expect(Array.from(findDuplicates(t, ['a', 'b']).groupOf)).toStrictEqual([0, 1, 0, 1, 2, 0, 3]);
  });

  it('a CV on a sample of the rows: that many rows, drawn by the seed, named in the splitter', () => {
    const table = loadCustomersWithFolds();
    const config = { target: 'purchase_amount', task: 'regression' as const, model: 'linear' as const, features: ['age', 'annual_income'], duplicateGrouping: 'off' as const };
    const all = prepareCv(table, config);
    const sampled = prepareCv(table, { ...config, sampleRows: 100 });
    expect(sampled.rows.length).toBe(100);
    expect(new Set(sampled.rows).size).toBe(100);
    // Each sampled row keeps its own target value.
    for (let i = 0; i < 100; i++) expect(sampled.y[i]).toBe(all.y[sampled.rows[i]]);
    expect(sampled.splitter).toBe('k-fold on a random sample of 100 of the 238 rows');
    expect(sampled.folds.reduce((s, f) => s + f.test.length, 0)).toBe(100);
    expect(Array.from(prepareCv(table, { ...config, sampleRows: 100 }).rows)).toStrictEqual(Array.from(sampled.rows));
    expect(Array.from(prepareCv(table, { ...config, sampleRows: 100, seed: 1 }).rows)).not.toStrictEqual(Array.from(sampled.rows));
    // More rows asked than there are: every row, and the splitter says nothing of a sample.
    expect(prepareCv(table, { ...config, sampleRows: 1000 }).splitter).toBe('k-fold');
    expect(() => prepareCv(table, { ...config, sampleRows: 1.5 })).toThrow(/sampleRows must be a whole number of at least 2, got 1.5/);
  });

  it('finds the 60 distinct rows among 238 of the default data (user_id ignored)', () => {
    const table = loadCustomersWithFolds();
    const d = findDuplicates(table, ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'region', 'purchase_frequency']);
    expect(d.distinct).toBe(60);
    expect(d.largest).toBe(14);
  });

  it('auto grouping keeps every twin of a test row out of training', () => {
    const table = loadCustomersWithFolds();
    const config = {
      target: 'purchase_amount',
      task: 'regression' as const,
      model: 'linear' as const,
      features: ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'],
    };
    const prepared = prepareCv(table, config);
    expect(prepared.duplicates).toMatchObject({ count: 178, distinct: 60, grouped: true });
    expect(prepared.duplicates.reason).toMatch(/74\.8 %/);
    const d = findDuplicates(table, [...config.features, config.target]);
    for (const fold of prepared.folds) {
      const testGroups = new Set(Array.from(fold.test, (i) => d.groupOf[prepared.rows[i]]));
      for (const i of fold.train) expect(testGroups.has(d.groupOf[prepared.rows[i]])).toBe(false);
    }
    const off = prepareCv(table, { ...config, duplicateGrouping: 'off' });
    expect(off.duplicates.grouped).toBe(false);
    expect(off.duplicates.reason).toMatch(/turned off/);
    const leaky = off.folds.some((fold) => {
      const testGroups = new Set(Array.from(fold.test, (i) => d.groupOf[off.rows[i]]));
      return Array.from(fold.train).some((i) => testGroups.has(d.groupOf[off.rows[i]]));
    });
    expect(leaky).toBe(true);
  });

  it('grouping makes kNN scores honest: lower than with leaky shuffled folds', async () => {
    const table = loadCustomersWithFolds();
    const base = { target: 'purchase_amount', task: 'regression' as const, model: 'knn' as const, features: ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'] };
    const grouped = await crossValidate(table, base);
    const leaky = await crossValidate(table, { ...base, duplicateGrouping: 'off' });
    expect(grouped.metrics.r2.mean).toBeLessThan(leaky.metrics.r2.mean - 0.02);
  });
});
