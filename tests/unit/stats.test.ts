import { describe, expect, it } from 'vitest';
import { quantiles, quantileSorted } from '../../src/lib/ml/stats/quantile';
import { histogram, freedmanDiaconisBins, dateHistogram } from '../../src/lib/ml/stats/histogram';
import { boxStats, boxStatsBy } from '../../src/lib/ml/stats/boxplot';
import { momentsOf } from '../../src/lib/ml/stats/moments';
import { iqrOutliers } from '../../src/lib/ml/stats/outliers';
import { averageRanks, percentRanks } from '../../src/lib/ml/stats/rank';
import { correlationMatrix, pearson, spearman, strongestPairs } from '../../src/lib/ml/stats/correlation';
import { varianceInflation } from '../../src/lib/ml/stats/vif';
import { argsort } from '../../src/lib/ml/stats/argsort';
import { Random } from '../../src/lib/ml/core/random';
import { sampleRows } from '../../src/lib/ml/stats/sample-rows';
import { categoryCounts } from '../../src/lib/ml/stats/category-counts';
import { duplicateRows } from '../../src/lib/ml/stats/duplicate-rows';
import { tableFromArrays, type CategoryColumn } from '../../src/lib/ml/core/table';

const f = (xs: number[]) => Float64Array.from(xs);

describe('quantiles (numpy linear)', () => {
  it('matches np.quantile on small inputs', () => {
    expect(quantiles(f([10, 1, 4, 3, 2]), [0.1, 0.25, 0.5, 0.75])).toEqual([1.4, 2, 3, 4]);
    expect(quantiles(f([4, NaN, 1, 3, 2]), [0.25, 0.75])).toEqual([1.75, 3.25]);
  });
  it('is NaN when empty and rejects p outside [0, 1]', () => {
    expect(quantileSorted(f([]), 0.5)).toBeNaN();
    expect(() => quantileSorted(f([1]), 1.5)).toThrow(/between 0 and 1/);
  });
});

describe('histogram', () => {
  it('counts equal-width bins with the last edge inclusive (np.histogram)', () => {
    const h = histogram(f([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN]), { bins: 5 });
    expect(Array.from(h.edges)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(Array.from(h.counts)).toEqual([2, 2, 2, 2, 3]);
    expect(h.missing).toBe(1);
  });
  it('Freedman–Diaconis gives numpy’s 5 bins for 0..99', () => {
    const x = f(Array.from({ length: 100 }, (_, i) => i));
    expect(freedmanDiaconisBins(x)).toBe(5);
    expect(histogram(x).counts.length).toBe(5);
  });
  it('a constant column gets one bin around the value; bad counts are refused', () => {
    const h = histogram(f([3, 3, 3]));
    expect(Array.from(h.edges)).toEqual([2.5, 3.5]);
    expect(Array.from(h.counts)).toEqual([3]);
    expect(() => histogram(f([1, 2]), { bins: 2.5 })).toThrow(/whole number/);
  });
  it('dates by month over a 3-month span', () => {
    const d = (s: string) => Date.parse(s);
    const h = dateHistogram(f([d('2024-01-15'), d('2024-01-31'), d('2024-03-02'), NaN, d('2024-05-20')]));
    expect(h.unit).toBe('month');
    expect(Array.from(h.counts)).toEqual([2, 0, 1, 0, 1]);
    expect(new Date(h.starts[2]).toISOString().slice(0, 10)).toBe('2024-03-01');
    expect(h.missing).toBe(1);
  });
  it('dates by day within a week', () => {
    const d = (s: string) => Date.parse(s);
    const h = dateHistogram(f([d('2024-01-01T10:00Z'), d('2024-01-03T23:59Z'), d('2024-01-01T00:00Z')]));
    expect(h.unit).toBe('day');
    expect(Array.from(h.counts)).toEqual([2, 0, 1]);
  });
});

describe('box plots and outliers', () => {
  const x = f([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]);
  it('quartiles, whiskers at 1.5 IQR and outliers', () => {
    const b = boxStats(x);
    expect([b.q1, b.median, b.q3, b.lowerWhisker, b.upperWhisker]).toEqual([3.25, 5.5, 7.75, 1, 9]);
    expect(Array.from(b.outliers)).toEqual([100]);
  });
  it('by a category, skipping missing', () => {
    const g: CategoryColumn = {
      name: 'g', type: 'categorical', role: 'feature', storage: 'category',
      codes: Int32Array.from([0, 0, 0, 1, 1, -1]), dictionary: ['a', 'b', 'unused'],
    };
    const boxes = boxStatsBy(f([1, 2, 3, 10, NaN, 7]), g);
    expect(boxes.map((b) => [b.label, b.count, b.median])).toEqual([['a', 3, 2], ['b', 1, 10]]);
  });
  it('IQR rule returns the outlying rows', () => {
    const o = iqrOutliers(f([100, 1, 2, NaN, 3, 4, 5, 6, 7, 8, 9, -50]));
    expect(Array.from(o.rows)).toEqual([0, 11]);
    expect(iqrOutliers(f([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]), { k: 30 }).rows.length).toBe(0);
  });
});

describe('moments', () => {
  it('adjusted skewness equals pandas/scipy (bias=False)', () => {
    const m = momentsOf(f([1, 2, 3, 4, 10, NaN]));
    expect(m.skewness).toBeCloseTo(1.6970562748477143, 12);
    expect(m.count).toBe(5);
    expect(m.missing).toBe(1);
    expect(m.mean).toBe(4);
    expect(m.std).toBeCloseTo(Math.sqrt(12.5), 12);
  });
  it('constant column has skewness 0, too few values NaN', () => {
    expect(momentsOf(f([2, 2, 2, 2])).skewness).toBe(0);
    expect(momentsOf(f([1, 2])).skewness).toBeNaN();
  });
});

describe('argsort', () => {
  it('orders small inputs, leaving NaN out, ties by index', () => {
    expect(Array.from(argsort(f([3, NaN, -1, 3, 0])))).toEqual([2, 4, 0, 3]);
  });
  it('radix path (1,000 values with negatives, −0, ties and NaN) equals a comparator sort', () => {
    const random = new Random(7);
    const x = Float64Array.from({ length: 1000 }, (_, i) => (i % 50 === 0 ? NaN : i % 7 === 0 ? -0 : Math.round(random.normal() * 20) / 4));
    const expected = Array.from({ length: 1000 }, (_, i) => i)
      .filter((i) => !Number.isNaN(x[i]))
      .sort((a, b) => x[a] - x[b] || a - b);
    expect(Array.from(argsort(x))).toEqual(expected);
  });
});

describe('ranks', () => {
  it('averages ties and leaves missing out', () => {
    expect(Array.from(averageRanks(f([10, 20, 20, 5, NaN])))).toEqual([2, 3.5, 3.5, 1, NaN]);
    expect(Array.from(percentRanks(f([10, 20, 20, 5, NaN])))).toEqual([50, 87.5, 87.5, 25, NaN]);
  });
});

describe('correlation', () => {
  it('Pearson on a hand case and pairwise-complete rows', () => {
    expect(pearson(f([1, 2, 3]), f([2, 4, 6]))).toBeCloseTo(1, 12);
    expect(pearson(f([1, 2, 3, NaN]), f([3, 2, 1, 100]))).toBeCloseTo(-1, 12);
    expect(pearson(f([1, 1, 1]), f([1, 2, 3]))).toBeNaN();
  });
  it('Spearman ranks within the complete pairs (scipy: −0.2)', () => {
    expect(spearman(f([1, 2, 3, NaN, 5]), f([5, 6, 7, 8, 1]))).toBeCloseTo(-0.2, 12);
    const m = correlationMatrix([{ name: 'x', values: f([1, 2, 3, NaN, 5]) }, { name: 'y', values: f([5, 6, 7, 8, 1]) }], 'spearman');
    expect(Array.from(m.values).map((v) => +v.toFixed(12))).toEqual([1, -0.2, -0.2, 1]);
  });
  it('strongest pairs by |r|', () => {
    const m = correlationMatrix([
      { name: 'a', values: f([1, 2, 3, 4]) },
      { name: 'b', values: f([4, 3, 2, 1]) },
      { name: 'c', values: f([1, 3, 2, 4]) },
    ]);
    const pairs = strongestPairs(m);
    expect(pairs[0]).toMatchObject({ a: 'a', b: 'b' });
    expect(pairs[0].r).toBeCloseTo(-1, 12);
    expect(pairs.map((p) => p.r.toFixed(1))).toEqual(['-1.0', '0.8', '-0.8']);
  });
});

describe('VIF', () => {
  it('two uncorrelated columns have VIF 1', () => {
    const v = varianceInflation([{ name: 'a', values: f([1, -1, 1, -1]) }, { name: 'b', values: f([1, 1, -1, -1]) }]);
    expect(v.map((e) => e.vif)).toEqual([1, 1]);
  });
  it('an exact duplicate is infinite but does not inflate an independent column', () => {
    const v = varianceInflation([
      { name: 'a', values: f([1, 2, 3, 4]) },
      { name: 'b', values: f([2, 4, 6, 8]) },
      { name: 'c', values: f([1, -1, -1, 1]) },
    ]);
    expect(v[0].vif).toBe(Infinity);
    expect(v[1].vif).toBe(Infinity);
    expect(v[2].vif).toBeCloseTo(1, 10);
  });
  it('two columns with r = 0.8 have VIF 1/(1−0.64)', () => {
    const v = varianceInflation([{ name: 'a', values: f([1, 2, 3, 4]) }, { name: 'c', values: f([1, 3, 2, 4]) }]);
    expect(v[0].vif).toBeCloseTo(1 / (1 - 0.64), 10);
  });
});

describe('category counts and duplicates', () => {
  const t = tableFromArrays(
    't',
    { id: [1, 2, 3, 4, 5], g: ['b', 'a', 'b', null, 'b'], x: [1, 2, 1, NaN, 1] },
    { id: 'id' },
  );
  it('counts most frequent first', () => {
    const c = categoryCounts(t.columns[1] as CategoryColumn);
    expect(c.labels).toEqual(['b', 'a']);
    expect(Array.from(c.counts)).toEqual([3, 1]);
    expect(c.missing).toBe(1);
  });
  it('groups identical rows ignoring ids; missing equals missing', () => {
    const d = duplicateRows(t);
    expect(Array.from(d.group)).toEqual([0, 1, 0, 2, 0]);
    expect(d.distinct).toBe(3);
    expect(duplicateRows(t, { exclude: ['x'] }).distinct).toBe(3);
    expect(duplicateRows(t, { exclude: ['x', 'g'] }).distinct).toBe(1);
  });
});

describe('sampleRows', () => {
  it('all rows when few, else k distinct sorted rows, the same for the same seed', () => {
    expect(Array.from(sampleRows(3, 5))).toEqual([0, 1, 2]);
    const a = sampleRows(10_000, 100, 1);
    expect(a.length).toBe(100);
    expect(new Set(a).size).toBe(100);
    expect(Array.from(a)).toEqual([...a].sort((x, y) => x - y));
    expect(Array.from(sampleRows(10_000, 100, 1))).toEqual(Array.from(a));
    expect(Array.from(sampleRows(10_000, 100, 2))).not.toEqual(Array.from(a));
  });
});
