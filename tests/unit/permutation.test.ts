import { describe, expect, it } from 'vitest';
import { Matrix as MlMatrix, solve } from 'ml-matrix';
import { permutationImportance } from '../../src/lib/ml/evaluation/explain/permutation';
import type { Matrix } from '../../src/lib/ml/core/matrix';
import { Random } from '../../src/lib/ml/core/random';
import { r2 } from './fixtures';

/** Rows with x0, x1 (signal), x2 (pure noise); y = 3·x0 + x1 + small noise. */
function linearData(random: Random, rows: number): { X: Matrix; y: Float64Array } {
  const X: Matrix = { rows, cols: 3, data: new Float64Array(rows * 3) };
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 3; j++) X.data[i * 3 + j] = random.normal();
    y[i] = 3 * X.data[i * 3] + X.data[i * 3 + 1] + 0.1 * random.normal();
  }
  return { X, y };
}

/** Least squares with an intercept, fitted on the training rows (so the noise coefficient is small, not 0). */
function fitLinear(X: Matrix, y: Float64Array): (X: Matrix) => Float64Array {
  const A = new MlMatrix(X.rows, X.cols + 1);
  for (let i = 0; i < X.rows; i++) {
    A.set(i, 0, 1);
    for (let j = 0; j < X.cols; j++) A.set(i, j + 1, X.data[i * X.cols + j]);
  }
  const beta = solve(A, MlMatrix.columnVector(Array.from(y))).getColumn(0);
  return (Z) => {
    const out = new Float64Array(Z.rows);
    for (let i = 0; i < Z.rows; i++) {
      let s = beta[0];
      for (let j = 0; j < Z.cols; j++) s += beta[j + 1] * Z.data[i * Z.cols + j];
      out[i] = s;
    }
    return out;
  };
}

describe('permutationImportance', () => {
  it('finds the signal features and gives the noise feature about 0 on test rows', () => {
    const random = new Random(42);
    const train = linearData(random, 400);
    const test = linearData(random, 400);
    const predict = fitLinear(train.X, train.y);
    const { baseline, importances } = permutationImportance(predict, test.X, test.y, r2, { nRepeats: 10, seed: 0 });
    expect(baseline).toBeGreaterThan(0.99);
    // permuting a standardised x with weight w drops R² by about 2·w²·var(x)/var(y): 2·9/10 and 2·1/10
    expect(importances[0].mean).toBeGreaterThan(1.5);
    expect(importances[0].mean).toBeLessThan(2.1);
    expect(importances[1].mean).toBeGreaterThan(0.12);
    expect(importances[1].mean).toBeLessThan(0.3);
    expect(Math.abs(importances[2].mean)).toBeLessThan(0.01);
    expect(importances[2].std).toBeLessThan(0.01);
    expect(importances[0].drops).toHaveLength(10);
  });

  it('drop is exactly 0 for a column the model ignores, and X is left unchanged', () => {
    const random = new Random(1);
    const { X, y } = linearData(random, 50);
    const before = X.data.slice();
    const predict = (Z: Matrix) => Float64Array.from({ length: Z.rows }, (_, i) => 3 * Z.data[i * 3] + Z.data[i * 3 + 1]);
    const { importances } = permutationImportance(predict, X, y, r2, { nRepeats: 3, seed: 7 });
    expect(importances[2].mean).toBe(0);
    expect(importances[2].std).toBe(0);
    expect(X.data).toEqual(before);
  });

  it('moves a one-hot group together so every permuted row stays one-hot', () => {
    const random = new Random(2);
    const rows = 60;
    const X: Matrix = { rows, cols: 4, data: new Float64Array(rows * 4) };
    const y = new Float64Array(rows);
    const effect = [0, 5, -5];
    for (let i = 0; i < rows; i++) {
      X.data[i * 4] = random.normal();
      const category = i % 3;
      X.data[i * 4 + 1 + category] = 1;
      y[i] = X.data[i * 4] + effect[category];
    }
    let seenRows = 0;
    const predict = (Z: Matrix) => {
      const out = new Float64Array(Z.rows);
      for (let i = 0; i < Z.rows; i++) {
        const a = Z.data[i * 4 + 1];
        const b = Z.data[i * 4 + 2];
        const c = Z.data[i * 4 + 3];
        if (a + b + c !== 1 || a * b + b * c + a * c !== 0) throw new Error(`row ${i} is not one-hot after permutation`);
        seenRows++;
        out[i] = Z.data[i * 4] + 5 * b - 5 * c;
      }
      return out;
    };
    const { importances } = permutationImportance(predict, X, y, r2, { groups: [[0], [1, 2, 3]], seed: 3 });
    expect(seenRows).toBe(rows * 21);
    expect(importances.map((g) => g.columns)).toEqual([[0], [1, 2, 3]]);
    expect(importances[1].mean).toBeGreaterThan(1);
  });

  it('same seed gives the same drops, another seed other drops', () => {
    const random = new Random(9);
    const { X, y } = linearData(random, 80);
    const predict = fitLinear(X, y);
    const a = permutationImportance(predict, X, y, r2, { seed: 5 });
    const b = permutationImportance(predict, X, y, r2, { seed: 5 });
    const c = permutationImportance(predict, X, y, r2, { seed: 6 });
    expect(a.importances[0].drops).toEqual(b.importances[0].drops);
    expect(a.importances[0].drops).not.toEqual(c.importances[0].drops);
  });

  it('rejects bad input with a clear message', () => {
    const X: Matrix = { rows: 3, cols: 2, data: new Float64Array(6) };
    const predict = (Z: Matrix) => new Float64Array(Z.rows);
    expect(() => permutationImportance(predict, X, new Float64Array(2), r2)).toThrow(/3 rows but y has 2/);
    expect(() => permutationImportance(predict, X, new Float64Array(3), r2, { groups: [[0, 5]] })).toThrow(/column 5 is outside/);
    expect(() => permutationImportance(predict, X, new Float64Array(3), r2, { nRepeats: 0 })).toThrow(/nRepeats/);
  });
});
