import { describe, expect, it } from 'vitest';
import { partialDependence, partialDependenceOneHot, percentileGrid } from '../../src/lib/ml/evaluation/explain/partial-dependence';
import { fromRows, type Matrix } from '../../src/lib/ml/core/matrix';
import { Random } from '../../src/lib/ml/core/random';

describe('partialDependence', () => {
  it('recovers each term of a known additive function, shifted by the mean of the others', () => {
    const random = new Random(4);
    const rows = 300;
    const X: Matrix = { rows, cols: 2, data: new Float64Array(rows * 2) };
    for (let i = 0; i < X.data.length; i++) X.data[i] = 10 * random.next();
    const f = (a: number, b: number) => a * a + 3 * Math.sin(b);
    const predict = (Z: Matrix) => Float64Array.from({ length: Z.rows }, (_, i) => f(Z.data[i * 2], Z.data[i * 2 + 1]));
    let meanSin = 0;
    for (let i = 0; i < rows; i++) meanSin += 3 * Math.sin(X.data[i * 2 + 1]) / rows;

    const { grid, average } = partialDependence(predict, X, 0);
    expect(grid).toHaveLength(20);
    for (let g = 0; g < grid.length; g++) expect(average[g]).toBeCloseTo(grid[g] ** 2 + meanSin, 10);
    // the grid spans the 5th to 95th percentile evenly
    const sorted = Float64Array.from({ length: rows }, (_, i) => X.data[i * 2]).sort();
    const q = (p: number) => {
      const pos = p * (rows - 1);
      const lo = Math.floor(pos);
      return sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]);
    };
    expect(grid[0]).toBeCloseTo(q(0.05), 12);
    expect(grid[19]).toBeCloseTo(q(0.95), 12);
    expect(grid[1] - grid[0]).toBeCloseTo((q(0.95) - q(0.05)) / 19, 12);
  });

  it('uses the distinct values of a feature with few of them, and skips NaN', () => {
    const X = fromRows([[1, 0], [3, 0], [3, 1], [NaN, 1], [2, 5]]);
    expect(Array.from(percentileGrid(X, 0, [0.05, 0.95], 20))).toEqual([1, 2, 3]);
    const predict = (Z: Matrix) => Float64Array.from({ length: Z.rows }, (_, i) => 2 * Z.data[i * 2] + Z.data[i * 2 + 1]);
    const { grid, average } = partialDependence(predict, X, 0);
    expect(Array.from(grid)).toEqual([1, 2, 3]);
    // mean of x1 = 7/5 = 1.4
    expect(Array.from(average, (v) => +v.toFixed(10))).toEqual([3.4, 5.4, 7.4]);
    expect(X.data[0]).toBe(1);
  });

  it('sets each category of a one-hot group in turn', () => {
    // columns: x, a, b, c (one-hot); f = x + 10·b − 4·c
    const X = fromRows([[1, 1, 0, 0], [2, 0, 1, 0], [3, 0, 0, 1], [6, 1, 0, 0]]);
    const predict = (Z: Matrix) => Float64Array.from({ length: Z.rows }, (_, i) => Z.data[i * 4] + 10 * Z.data[i * 4 + 2] - 4 * Z.data[i * 4 + 3]);
    const { grid, average } = partialDependenceOneHot(predict, X, [1, 2, 3]);
    expect(Array.from(grid)).toEqual([1, 2, 3]);
    expect(Array.from(average)).toEqual([3, 13, -1]);
  });

  it('rejects bad input with a clear message', () => {
    const X = fromRows([[1], [2]]);
    const predict = (Z: Matrix) => new Float64Array(Z.rows);
    expect(() => partialDependence(predict, X, 3)).toThrow(/column 3 is outside/);
    expect(() => partialDependence(predict, X, 0, { percentiles: [0.9, 0.1] })).toThrow(/percentiles must satisfy/);
    expect(() => partialDependence(predict, fromRows([[NaN], [NaN]]), 0)).toThrow(/no non-missing values/);
    expect(() => partialDependence(() => new Float64Array(1), X, 0)).toThrow(/one prediction per row/);
  });
});
