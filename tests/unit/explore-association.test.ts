/**
 * Cramér's V, the correlation ratio η and the mixed association matrix, against answers worked by
 * hand (the sums are in the comments) and scipy 1.17's `contingency.association(method='cramer')`.
 */
import { describe, expect, it } from 'vitest';
import { tableFromArrays, type Column, type NumberColumn } from '../../src/lib/ml/core/table';
import { correlationRatio, cramersV, meansByGroup } from '../../src/lib/ml/explore/association';
import { associationMatrix, measureOf, strongestAssociations } from '../../src/lib/ml/explore/association-matrix';
import { booleanAsCategory } from '../../src/lib/ml/explore/columns';
import { pearson } from '../../src/lib/ml/stats/correlation';

/** Codes of a contingency table given as counts: rows of `a` by columns of `b`. */
function fromCounts(counts: number[][]): { a: Int32Array; b: Int32Array } {
  const a: number[] = [];
  const b: number[] = [];
  counts.forEach((row, i) => row.forEach((k, j) => {
    for (let t = 0; t < k; t++) {
      a.push(i);
      b.push(j);
    }
  }));
  return { a: Int32Array.from(a), b: Int32Array.from(b) };
}

describe("Cramér's V (bias-uncorrected)", () => {
  it('on a 2×3 table is √(5/26) = 0.43853', () => {
    // Rows 20 and 20, columns 12, 13 and 15, n = 40. Expected counts 6, 6.5, 7.5 in each row;
    // χ² = 2·(4²/6 + 1.5²/6.5 + 2.5²/7.5) = 100/13; V² = (100/13) / (40 · min(1, 2)) = 5/26.
    const { a, b } = fromCounts([[10, 5, 5], [2, 8, 10]]);
    expect(cramersV(a, 2, b, 3)).toBeCloseTo(Math.sqrt(5 / 26), 12);
    // scipy.stats.contingency.association([[10,5,5],[2,8,10]], method='cramer')
    expect(cramersV(a, 2, b, 3)).toBeCloseTo(0.4385290096535146, 12);
    expect(cramersV(b, 3, a, 2)).toBeCloseTo(0.4385290096535146, 12);
  });

  it('on a 3×3 table divides by n · 2', () => {
    // Rows 4, 6, 7; columns 4, 7, 6; n = 17. Σ O²/(R·C) = 9/16 + 1/28 + 1/24 + 16/42 + 1/36 + 4/49 + 25/42 = 1.725482;
    // χ² = 17 · 0.725482 = 12.3332; V = √(12.3332 / 34) = 0.602280.
    const { a, b } = fromCounts([[3, 1, 0], [1, 4, 1], [0, 2, 5]]);
    expect(cramersV(a, 3, b, 3)).toBeCloseTo(0.6022797769352839, 12);
  });

  it('is 1 when one determines the other, 0 when independent, NaN with one level', () => {
    const { a, b } = fromCounts([[5, 0], [0, 7]]);
    expect(cramersV(a, 2, b, 2)).toBeCloseTo(1, 12);
    const ind = fromCounts([[2, 4], [3, 6]]);
    expect(cramersV(ind.a, 2, ind.b, 2)).toBeCloseTo(0, 12);
    expect(cramersV(Int32Array.from([0, 0, 0]), 1, Int32Array.from([0, 1, 1]), 2)).toBeNaN();
  });

  it('leaves out rows missing either side and levels that do not occur', () => {
    const { a, b } = fromCounts([[10, 5, 5], [2, 8, 10]]);
    // A fifth level of `a` that never occurs and three rows with a missing side change nothing.
    const a2 = Int32Array.from([...a, -1, 4, 1]);
    const b2 = Int32Array.from([...b, 0, -1, -1]);
    expect(cramersV(a2, 5, b2, 3)).toBeCloseTo(Math.sqrt(5 / 26), 12);
    expect(() => cramersV(a, 2, b.subarray(1), 3)).toThrow(/equal lengths/);
  });
});

describe('the correlation ratio η', () => {
  it('of 1, 2, 3 | 4, 5, 6 is √(13.5 / 17.5)', () => {
    // Mean 3.5: SS total = 6.25 + 2.25 + 0.25 + 0.25 + 2.25 + 6.25 = 17.5; group means 2 and 5: SS between = 3·1.5² + 3·1.5² = 13.5.
    const eta = correlationRatio(Int32Array.from([0, 0, 0, 1, 1, 1]), 2, Float64Array.from([1, 2, 3, 4, 5, 6]));
    expect(eta).toBeCloseTo(Math.sqrt(27 / 35), 12);
  });

  it('equals |Pearson r| against a two-valued category (point-biserial)', () => {
    const codes = Int32Array.from([0, 1, 1, 0, 1, 0, 1, 1]);
    const values = Float64Array.from([3, 9, 7, 2, 8, 4, 6, 10]);
    const r = pearson(Float64Array.from(codes), values);
    expect(correlationRatio(codes, 2, values)).toBeCloseTo(Math.abs(r), 12);
  });

  it('of a 0/1 column on a categorical equals their Cramér\'s V', () => {
    const { a, b } = fromCounts([[10, 5, 5], [2, 8, 10]]);
    expect(correlationRatio(b, 3, Float64Array.from(a))).toBeCloseTo(Math.sqrt(5 / 26), 12);
  });

  it('skips missing values; NaN for constant values', () => {
    const eta = correlationRatio(Int32Array.from([0, 0, 0, 1, 1, 1, -1, 1]), 2, Float64Array.from([1, 2, 3, 4, 5, 6, 100, NaN]));
    expect(eta).toBeCloseTo(Math.sqrt(27 / 35), 12);
    expect(correlationRatio(Int32Array.from([0, 1]), 2, Float64Array.from([4, 4]))).toBeNaN();
  });

  it('means by group', () => {
    const { means, counts } = meansByGroup(Int32Array.from([0, 1, 0, 2, -1]), 4, Float64Array.from([1, 5, 3, NaN, 9]));
    expect(Array.from(counts)).toStrictEqual([2, 1, 0, 0]);
    expect(Array.from(means)).toStrictEqual([2, 5, NaN, NaN]);
  });
});

describe('the association matrix over numbers, booleans and categoricals', () => {
  const x = [1, 2, 3, 4, 5, 6];
  const y = [2, 1, 4, 3, 6, 5];
  const flag = [0, 0, 1, 0, 1, 1];
  const table = tableFromArrays('t', { x, y, flag, g: ['a', 'a', 'a', 'b', 'b', 'b'], h: ['p', 'q', 'p', 'q', 'q', 'q'] }, { flag: 'boolean' });
  const m = associationMatrix(table.columns, 'pearson');
  const at = (a: string, b: string) => m.values[m.names.indexOf(a) * m.names.length + m.names.indexOf(b)];
  const col = (name: string) => table.columns.find((c) => c.name === name) as Column;

  it('puts Pearson between numbers, the point-biserial r for a boolean as 0/1', () => {
    expect(at('x', 'y')).toBeCloseTo(pearson(Float64Array.from(x), Float64Array.from(y)), 12);
    expect(at('x', 'flag')).toBeCloseTo(pearson(Float64Array.from(x), Float64Array.from(flag)), 12);
    expect(measureOf(m, m.names.indexOf('x'), m.names.indexOf('flag'))).toBe('pearson');
  });

  it('η between a categorical and a number, V between categoricals; symmetric with a unit diagonal', () => {
    expect(at('g', 'x')).toBeCloseTo(Math.sqrt(27 / 35), 12);
    expect(at('x', 'g')).toBe(at('g', 'x'));
    // g by h: a → p, q, p; b → q, q, q: [[2, 1], [0, 3]], n = 6, φ² = (2·3 − 1·0)² / (3·3·2·4) = 36/72.
    expect(at('g', 'h')).toBeCloseTo(Math.sqrt(0.5), 12);
    const g = col('g');
    const flagColumn = col('flag') as NumberColumn;
    // The boolean against a categorical: η of its 0/1 = V of its categories.
    const v = cramersV(booleanAsCategory(flagColumn).codes, 2, g.storage === 'category' ? g.codes : new Int32Array(0), 2);
    expect(at('flag', 'g')).toBeCloseTo(v, 12);
    for (let i = 0; i < m.names.length; i++) expect(m.values[i * m.names.length + i]).toBe(1);
    expect(m.kinds).toStrictEqual(['number', 'number', 'number', 'category', 'category']);
  });

  it('spearman between numbers only; the strongest pairs carry their measure', () => {
    const s = associationMatrix(table.columns, 'spearman');
    expect(s.values[1]).toBeCloseTo(pearson(Float64Array.from([1, 2, 3, 4, 5, 6]), Float64Array.from([2, 1, 4, 3, 6, 5])), 12);
    expect(s.values[3 * 5 + 0]).toBeCloseTo(at('g', 'x'), 12);
    const pairs = strongestAssociations(m, 3);
    // η(g, x) = 0.878 beats r(x, y) = 0.829 (x, y: Σdxdy = 14.5 of 17.5).
    expect(pairs[0]).toMatchObject({ a: 'x', b: 'g', measure: 'eta' });
    expect(pairs[0].r).toBeCloseTo(Math.sqrt(27 / 35), 12);
    expect(pairs.find((p) => p.a === 'x' && p.b === 'y')?.r).toBeCloseTo(14.5 / 17.5, 12);
    expect(pairs.map((p) => Math.abs(p.r))).toStrictEqual([...pairs.map((p) => Math.abs(p.r))].sort((p, q) => q - p));
  });

  it('takes column names that are object keys', () => {
    const t = tableFromArrays('t', { constructor: x, ['__proto__']: ['a', 'a', 'a', 'b', 'b', 'b'] });
    const keyed = associationMatrix(t.columns);
    expect(keyed.names).toStrictEqual(['constructor', '__proto__']);
    expect(keyed.values[1]).toBeCloseTo(Math.sqrt(27 / 35), 12);
  });
});
