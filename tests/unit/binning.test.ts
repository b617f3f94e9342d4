/**
 * Binning's two ways to place edges (a table of distinct values when there are at most maxBins
 * of them, quantiles of the sorted sample otherwise) and its bin search, against brute force.
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/lib/ml/core/matrix';
import { Random } from '../../src/lib/ml/core/random';
import { binFeatures } from '../../src/lib/ml/models/tree/binning';

const column = (values: ArrayLike<number>): Matrix => ({ rows: values.length, cols: 1, data: Float64Array.from(values) });

/** The bin of x by a linear scan: the number of edges below x. */
function bruteBin(edges: Float64Array, x: number): number {
  if (x !== x) return 0;
  let b = 0;
  while (b < edges.length && edges[b] < x) b++;
  return b;
}

describe('binning edges and codes', () => {
  it('−0 and 0 are one value; negative values and repeats give midpoint edges', () => {
    const b = binFeatures(column([0, -0, -2.5, 4, 0, -2.5, 4, 4, NaN, 1e-300]), 255);
    expect(Array.from(b.edges[0])).toStrictEqual([-1.25, 5e-301, 2]);
    expect(Array.from(b.codes[0])).toStrictEqual([1, 1, 0, 3, 1, 0, 3, 3, 0, 2]);
  });

  it('exactly maxBins distinct values: one bin each; one more: quantile bins', () => {
    const values = Array.from({ length: 2000 }, (_, i) => (i * 37) % 16);
    const exact = binFeatures(column(values), 16);
    expect(exact.nBins[0]).toBe(16);
    expect(Array.from(exact.edges[0])).toStrictEqual(Array.from({ length: 15 }, (_, i) => i + 0.5));
    const more = binFeatures(column(values.map((v, i) => (i === 5 ? 16 : v))), 16);
    expect(more.nBins[0]).toBeLessThanOrEqual(16);
    expect(more.edges[0].every((e) => Number.isInteger(e - 0.5) || Number.isInteger(e))).toBe(true);
  });

  it('every code equals the brute-force count of edges below the value (3 columns, 5,000 rows)', () => {
    const random = new Random(9);
    const n = 5000;
    const X = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) X.set([random.normal(), Math.round(random.next() * 40) / 4, random.next() < 0.01 ? NaN : random.next() * 1e6], i * 3);
    const b = binFeatures({ rows: n, cols: 3, data: X }, 64);
    for (let f = 0; f < 3; f++) {
      expect(b.nBins[f]).toBeGreaterThan(f === 1 ? 40 : 60);
      for (let i = 0; i < n; i++) expect(b.codes[f][i]).toBe(bruteBin(b.edges[f], X[i * 3 + f]));
    }
  });
});
