import { describe, expect, it } from 'vitest';
import { wardClustering } from '../../src/lib/ml/segments/agglomerative';
import { personasOf, roleOfColumn } from '../../src/lib/ml/segments/persona';
import { profileSegments } from '../../src/lib/ml/segments/profile';
import { silhouetteScore } from '../../src/lib/ml/segments/silhouette';
import { tableFromArrays } from '../../src/lib/ml/core/table';

describe('segment profiles', () => {
  const table = tableFromArrays('t', {
    age: [20, 22, 60, 62],
    annual_income: [30000, 32000, 90000, 94000],
    loyalty_score: [3, 3, 9, 9],
    region: ['North', 'South', 'North', 'North'],
  });
  const rows = new Int32Array([0, 1, 2, 3]);
  const labels = new Int32Array([0, 0, 1, 1]);
  const profile = profileSegments(table, rows, labels, 2);

  it('computes means, medians, z-scores and category mixes', () => {
    expect(profile.features).toStrictEqual(['age', 'annual_income', 'loyalty_score']);
    expect(Array.from(profile.mean)).toStrictEqual([21, 31000, 3, 61, 92000, 9]);
    expect(Array.from(profile.median)).toStrictEqual([21, 31000, 3, 61, 92000, 9]);
    // age: overall mean 41, population std = sqrt(((21²+19²)·2)/4) = sqrt(401); z = −20/√401.
    expect(profile.z[0]).toBeCloseTo(-20 / Math.sqrt(401), 12);
    expect(profile.z[5]).toBe(1);
    expect(profile.categorical[0].dictionary).toStrictEqual(['North', 'South']);
    expect(Array.from(profile.categorical[0].share)).toStrictEqual([0.5, 0.5, 1, 0]);
  });

  it('names personas from column roles with the rule exposed', () => {
    const personas = personasOf(profile);
    expect(personas[1].name).toBe('High-value loyalists');
    expect(personas[1].action).toBe('VIP programme');
    expect(personas[1].rule).toMatch(/loyalty.*\+1\.00σ ≥ \+1σ/);
    // |z|: loyalty 1, age 20/√401 ≈ 0.99875, income 30500/30541 ≈ 0.99866 (both below 1: no "very").
    expect(personas[1].description).toBe('Very loyal, older, high income');
    expect(personas[0].action).toBe('Re-engagement');
  });

  it('finds roles by name and falls back to generic names', () => {
    expect(roleOfColumn('purchase_amount')?.role).toBe('spend');
    expect(roleOfColumn('Year_Birth')).toStrictEqual({ role: 'age', sign: -1 });
    expect(roleOfColumn('spend_to_income_ratio')).toBeUndefined();
    const other = profileSegments(tableFromArrays('x', { petal: [1, 1, 5, 5] }), rows, labels, 2);
    const [p0, p1] = personasOf(other);
    expect(p0.name).toBe('Low petal');
    expect(p1.name).toBe('High petal');
    expect(p1.action).toBe('Investigate');
  });
});

describe('Ward clustering', () => {
  it('cuts three obvious groups and records n − 1 merges', () => {
    const data = new Float64Array([0, 0.1, 0.2, 10, 10.1, 30]);
    const r = wardClustering(data, 6, 1, 3);
    expect(Array.from(r.labels)).toStrictEqual([0, 0, 0, 1, 1, 2]);
    expect(r.sizes).toStrictEqual([3, 2, 1]);
    expect(r.merges).toHaveLength(5);
    expect(r.merges[r.merges.length - 1].size).toBe(6);
    expect(silhouetteScore(data, 6, 1, r.labels, 3).value).toBeGreaterThan(0.6);
  });

  it('refuses more rows than the cap', () => {
    expect(() => wardClustering(new Float64Array(10), 10, 1, 2, { maxRows: 5 })).toThrow(/limited to 5 rows/);
  });
});
