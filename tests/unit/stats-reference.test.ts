import { describe, expect, it } from 'vitest';
import { correlationMatrix, strongestPairs } from '../../src/lib/ml/stats/correlation';
import { varianceInflation } from '../../src/lib/ml/stats/vif';
import { duplicateRows } from '../../src/lib/ml/stats/duplicate-rows';
import { momentsOf } from '../../src/lib/ml/stats/moments';
import { categoryCounts } from '../../src/lib/ml/stats/category-counts';
import { getColumn, type NumberColumn, type CategoryColumn } from '../../src/lib/ml/core/table';
import { loadCustomers } from './fixtures';

// Reference numbers: scikit-learn / pandas on customer_purchasing_behaviors.csv
// (shared reference sheet, copied here because tests must not read ../shared).
const names = ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency'];
const pearsonRef = [
  [1.0, 0.9748, 0.9861, 0.9818, 0.9805],
  [0.9748, 1.0, 0.9842, 0.9844, 0.9829],
  [0.9861, 0.9842, 1.0, 0.9941, 0.9936],
  [0.9818, 0.9844, 0.9941, 1.0, 0.987],
  [0.9805, 0.9829, 0.9936, 0.987, 1.0],
];
const spearmanRef = [
  [1.0, 0.9976, 0.994, 0.9936, 0.9902],
  [0.9976, 1.0, 0.9921, 0.9939, 0.9866],
  [0.994, 0.9921, 1.0, 0.9952, 0.9953],
  [0.9936, 0.9939, 0.9952, 1.0, 0.9914],
  [0.9902, 0.9866, 0.9953, 0.9914, 1.0],
];
const userIdRef = { age: 0.0671, annual_income: 0.059, purchase_amount: 0.0806, loyalty_score: 0.0608, purchase_frequency: 0.0705 };

const table = loadCustomers();
const cols = (list: string[]) => list.map((n) => getColumn(table, n) as NumberColumn);

describe('statistics on the default data match the pandas/sklearn reference', () => {
  it('Pearson matrix to 4 decimals', () => {
    const m = correlationMatrix(cols(names), 'pearson');
    names.forEach((_, i) => names.forEach((__, j) => expect(m.values[i * 5 + j]).toBeCloseTo(pearsonRef[i][j], 4)));
  });

  it('Spearman matrix (average ranks for ties) to 4 decimals', () => {
    const m = correlationMatrix(cols(names), 'spearman');
    names.forEach((_, i) => names.forEach((__, j) => expect(m.values[i * 5 + j]).toBeCloseTo(spearmanRef[i][j], 4)));
  });

  it('user_id correlations', () => {
    const m = correlationMatrix(cols(['user_id', ...names]), 'pearson');
    names.forEach((n, j) => expect(m.values[j + 1]).toBeCloseTo(userIdRef[n as keyof typeof userIdRef], 4));
  });

  it('strongest pair is purchase_amount–loyalty_score', () => {
    const [top] = strongestPairs(correlationMatrix(cols(names)), 1);
    expect([top.a, top.b]).toEqual(['purchase_amount', 'loyalty_score']);
    expect(top.r).toBeCloseTo(0.9941, 4);
  });

  const within = (actual: number, expected: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(0.005);

  it('VIF of all five numeric columns within 0.5 %', () => {
    const v = varianceInflation(cols(names));
    [37.17, 38.95, 196.9, 97.13, 85.38].forEach((ref, i) => within(v[i].vif, ref));
    [0.973096, 0.974328, 0.994921, 0.989705, 0.988288].forEach((ref, i) => expect(v[i].r2).toBeCloseTo(ref, 5));
  });

  it('VIF of the purchase_amount and loyalty_score models’ feature sets', () => {
    const a = varianceInflation(cols(['age', 'annual_income', 'loyalty_score', 'purchase_frequency']));
    [32.8, 38.92, 57.66, 51.05].forEach((ref, i) => within(a[i].vif, ref));
    const b = varianceInflation(cols(['age', 'annual_income', 'purchase_amount', 'purchase_frequency']));
    [37.11, 34.75, 116.89, 83.38].forEach((ref, i) => within(b[i].vif, ref));
  });

  it('60 distinct rows of 238 once user_id is ignored, largest group 14', () => {
    const d = duplicateRows(table);
    expect(d.distinct).toBe(60);
    expect(d.largest).toBe(14);
    expect(d.compared).not.toContain('user_id');
  });

  it('means, sample std and region counts', () => {
    const m = momentsOf((getColumn(table, 'annual_income') as NumberColumn).values);
    expect(m.mean).toBeCloseTo(57407.563, 3);
    expect(m.std).toBeCloseTo(11403.8757, 3);
    const counts = categoryCounts(getColumn(table, 'region') as CategoryColumn);
    expect(counts.labels).toEqual(['North', 'South', 'West', 'East']);
    expect(Array.from(counts.counts)).toEqual([78, 77, 77, 6]);
  });
});
