import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/lib/ml/core/random';
import { tableFromArrays } from '../../../src/lib/ml/core/table';
import { compareTables } from '../../../src/lib/ml/monitor/drift';
import { splitByPeriod, tableOfRows } from '../../../src/lib/ml/monitor/periods';
import { weightDrift } from '../../../src/lib/ml/monitor/weighted-drift';

function sample(n: number, seed: number, shift: number) {
  const random = new Random(seed);
  const levels = ['a', 'b', 'c'];
  return tableFromArrays(
    `sample ${seed}`,
    {
      customer_id: Float64Array.from({ length: n }, (_, i) => i + 1),
      income: Float64Array.from({ length: n }, () => 50 + 10 * random.normal() + shift * 10),
      steady: Float64Array.from({ length: n }, () => random.normal()),
      plan: Array.from({ length: n }, () => levels[random.int(3)]),
      member: Float64Array.from({ length: n }, () => (random.next() < 0.5 ? 1 : 0)),
    },
    { member: 'boolean' },
  );
}

describe('compareTables', () => {
  it('identical tables: PSI 0, KS 0, no drift; the id column is skipped and said so', () => {
    const t = sample(300, 1, 0);
    const r = compareTables(t, t);
    expect(r.columns.map((c) => c.column).sort()).toEqual(['income', 'member', 'plan', 'steady']);
    for (const c of r.columns) {
      expect(c.psi).toBe(0);
      expect(c.drift).toBe(false);
    }
    const income = r.columns.find((c) => c.column === 'income');
    expect(income).toMatchObject({ test: 'ks', statistic: 0, pValue: 1, kind: 'numeric', type: 'numeric' });
    expect(r.columns.find((c) => c.column === 'plan')).toMatchObject({ test: 'chi-square', kind: 'categorical' });
    expect(r.columns.find((c) => c.column === 'member')).toMatchObject({ test: 'z-test', kind: 'binary', type: 'boolean' });
    expect(r.skipped).toEqual([{ column: 'customer_id', reason: expect.stringMatching(/^id-like/) }]);
    expect(r).toMatchObject({ driftedShare: 0, datasetDrift: false });
  });

  it('a shifted column comes first and drifts by KS with up to 1,000 reference rows', () => {
    const r = compareTables(sample(500, 1, 0), sample(500, 2, 1));
    expect(r.columns[0].column).toBe('income');
    expect(r.columns[0].test).toBe('ks');
    expect(r.columns[0].drift).toBe(true);
    expect(r.columns[0].pValue).toBeLessThan(1e-10);
    expect(r.columns.filter((c) => c.drift).map((c) => c.column)).toEqual(['income']);
    expect(r.driftedShare).toBe(0.25);
    expect(r.datasetDrift).toBe(false);
    // The share is user-set.
    expect(compareTables(sample(500, 1, 0), sample(500, 2, 1), { driftShare: 0.25 }).datasetDrift).toBe(true);
  });

  it('above 1,000 rows the distances decide, at 0.1', () => {
    const r = compareTables(sample(3000, 1, 0), sample(3000, 2, 1));
    const income = r.columns.find((c) => c.column === 'income');
    // A one-σ mean shift moves the mass one σ: Wasserstein/σ ≈ 1.
    expect(income?.test).toBe('wasserstein');
    expect(income?.statistic).toBeGreaterThan(0.9);
    expect(income?.statistic).toBeLessThan(1.1);
    expect(income?.testPValue).toBeNull();
    expect(income?.pValue).toBeLessThan(1e-10);
    const plan = r.columns.find((c) => c.column === 'plan');
    expect(plan).toMatchObject({ test: 'jensen-shannon', drift: false });
    expect(r.columns.find((c) => c.column === 'member')?.test).toBe('jensen-shannon');
    // With the row limit raised the tests decide again.
    expect(compareTables(sample(3000, 1, 0), sample(3000, 2, 1), { smallSampleRows: 5000 }).columns.find((c) => c.column === 'steady')?.test).toBe('ks');
  });

  it('lists columns on one side only, and a column read as numbers on one side and text on the other', () => {
    const ref = tableFromArrays('ref.csv', { a: [1, 2, 3, 4], b: ['x', 'y', 'x', 'y'], c: [1, 2, 3, 4] });
    const cur = tableFromArrays('cur.csv', { a: [1, 2, 3, 5], b: ['x', 'y', 'y', 'y'], d: [1, 2, 3, 4] });
    cur.columns[0] = { name: 'a', type: 'categorical', role: 'feature', storage: 'category', codes: Int32Array.from([0, 1, 2, 3]), dictionary: ['1', '2', '3', 'n/a'] };
    const r = compareTables(ref, cur);
    expect(r.onlyInReference).toEqual(['c']);
    expect(r.onlyInCurrent).toEqual(['d']);
    expect(r.skipped).toEqual([{ column: 'a', reason: 'numbers in ref.csv, text in cur.csv' }]);
    expect(r.columns.map((c) => c.column)).toEqual(['b']);
  });

  it('a numeric column with at most five distinct values is compared by level, as Evidently does (fewValues 0: as numbers)', () => {
    const ref = tableFromArrays('ref', { kids: [0, 0, 1, 1, 2, 2, 0, 1, 2, 0] });
    const cur = tableFromArrays('cur', { kids: [0, 0, 0, 0, 0, 1, 1, 2, 0, 0] });
    // Levels 0, 1, 2: reference 4, 3, 3 and current 7, 2, 1; expected 5.5, 2.5, 2 each side.
    // χ² = 2·(1.5²/5.5 + 0.5²/2.5 + 1²/2) = 111/55 = 2.018182, dof 2, p = e^{−χ²/2}.
    const [kids] = compareTables(ref, cur).columns;
    expect(kids).toMatchObject({ type: 'numeric', kind: 'categorical', test: 'chi-square' });
    expect(kids.statistic).toBeCloseTo(111 / 55, 12);
    expect(kids.pValue).toBeCloseTo(Math.exp(-111 / 110), 12);
    expect(compareTables(ref, cur, { fewValues: 0 }).columns[0]).toMatchObject({ kind: 'numeric', test: 'ks' });
  });

  it('refuses bad thresholds', () => {
    const t = sample(20, 1, 0);
    expect(() => compareTables(t, t, { alpha: 1.5 })).toThrow(/alpha/);
    expect(() => compareTables(t, t, { driftShare: 0 })).toThrow(/share/);
  });
});

describe('weightDrift', () => {
  it('a drift in an unused or barely used column is listed but not alarming', () => {
    const r = compareTables(sample(500, 1, 0), sample(500, 2, 1));
    const used = weightDrift(r.columns, new Map([['income', 0.7], ['plan', 0.3]]));
    expect(used.columns.find((c) => c.column === 'income')).toEqual({ column: 'income', importance: 0.7, weight: 'alarming' });
    expect(used.driftedImportance).toBeCloseTo(0.7, 12);
    const unused = weightDrift(r.columns, new Map([['steady', 0.98], ['income', 0.02]]));
    expect(unused.columns.find((c) => c.column === 'income')?.weight).toBe('minor');
    expect(weightDrift(r.columns, new Map([['steady', 1]])).columns.find((c) => c.column === 'income')?.weight).toBe('unused');
    expect(weightDrift(r.columns, new Map([['zzz', 1]])).uncompared).toEqual(['zzz']);
  });
});

describe('periods', () => {
  it('splits by month and quarter, earliest first, and keeps each period\'s rows', () => {
    const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
    const t = tableFromArrays('t', { when: [day('2024-02-10'), day('2024-01-05'), NaN, day('2024-04-01'), day('2024-01-31')], x: [1, 2, 3, 4, 5] }, { when: 'date' });
    const months = splitByPeriod(t, 'when', 'month');
    expect(months.map((p) => [p.label, Array.from(p.rows)])).toEqual([['2024-01', [1, 4]], ['2024-02', [0]], ['2024-04', [3]]]);
    expect(splitByPeriod(t, 'when', 'quarter').map((p) => p.label)).toEqual(['2024-Q1', '2024-Q2']);
    const first = tableOfRows(t, months[0].rows, '2024-01');
    expect(first.rowCount).toBe(2);
    expect(Array.from((first.columns[1] as { values: Float64Array }).values)).toEqual([2, 5]);
    expect(() => splitByPeriod(t, 'x', 'month')).toThrow(/not a date/);
  });
});
