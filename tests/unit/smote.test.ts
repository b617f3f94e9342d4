import { describe, expect, it } from 'vitest';
import { balancedClassWeights, balancedSampleWeights } from '../../src/lib/ml/imbalance/class-weights';
import { resampleTrainingFold } from '../../src/lib/ml/imbalance/resample-fold';
import { smote } from '../../src/lib/ml/imbalance/smote';
import { fromRows, type Matrix } from '../../src/lib/ml/core/matrix';
import type { TrainingData } from '../../src/lib/ml/core/model';
import { Random } from '../../src/lib/ml/core/random';

function imbalanced(seed: number, counts: number[], cols = 3): { X: Matrix; y: Float64Array } {
  const random = new Random(seed);
  const rows = counts.reduce((a, b) => a + b, 0);
  const X: Matrix = { rows, cols, data: new Float64Array(rows * cols) };
  const y = new Float64Array(rows);
  let i = 0;
  counts.forEach((count, label) => {
    for (let c = 0; c < count; c++, i++) {
      y[i] = label;
      for (let j = 0; j < cols; j++) X.data[i * cols + j] = label * 2 + random.normal();
    }
  });
  // shuffle rows so classes are interleaved
  const order = random.shuffle(Int32Array.from({ length: rows }, (_, r) => r));
  const Xs: Matrix = { rows, cols, data: new Float64Array(rows * cols) };
  const ys = new Float64Array(rows);
  order.forEach((from, to) => {
    Xs.data.set(X.data.subarray(from * cols, (from + 1) * cols), to * cols);
    ys[to] = y[from];
  });
  return { X: Xs, y: ys };
}

const row = (X: Matrix, i: number) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols));

/** The k nearest same-class rows of row a, by brute force (the test's own, independent of smote's). */
function knn(X: Matrix, y: Float64Array, a: number, k: number): number[] {
  const others: [number, number][] = [];
  for (let b = 0; b < X.rows; b++) {
    if (b === a || y[b] !== y[a]) continue;
    others.push([row(X, a).reduce((s, v, j) => s + (v - X.data[b * X.cols + j]) ** 2, 0), b]);
  }
  return others.sort((p, q) => p[0] - q[0]).slice(0, k).map((p) => p[1]);
}

/** Is s on the segment a→b (collinear within 1e-9, parameter in [0, 1])? */
function onSegment(s: number[], a: number[], b: number[]): boolean {
  const ab = b.map((v, j) => v - a[j]);
  const len2 = ab.reduce((t, v) => t + v * v, 0);
  const t = s.reduce((acc, v, j) => acc + (v - a[j]) * ab[j], 0) / len2;
  if (!(t >= -1e-12 && t <= 1 + 1e-12)) return false;
  return s.every((v, j) => Math.abs(a[j] + t * ab[j] - v) < 1e-9);
}

/** Every synthetic row (from `start`) lies on a segment between a class row and one of its k neighbours. */
function expectOnNeighbourSegments(orig: { X: Matrix; y: Float64Array }, out: { X: Matrix; y: Float64Array }, start: number, k: number): void {
  const neighbours = new Map<number, number[]>();
  for (let s = start; s < out.X.rows; s++) {
    const point = row(out.X, s);
    let found = false;
    for (let a = 0; a < orig.X.rows && !found; a++) {
      if (orig.y[a] !== out.y[s]) continue;
      if (!neighbours.has(a)) neighbours.set(a, knn(orig.X, orig.y, a, k));
      found = neighbours.get(a)!.some((b) => onSegment(point, row(orig.X, a), row(orig.X, b)));
    }
    expect(found, `synthetic row ${s} is not on a k-neighbour segment`).toBe(true);
  }
}

const countsOf = (y: Float64Array, K: number) => Array.from({ length: K }, (_, c) => y.filter((v) => v === c).length);

describe('smote', () => {
  it('grows every minority class to the majority size with points on k-neighbour segments', () => {
    const data = imbalanced(1, [60, 12, 7]);
    const out = smote(data.X, data.y, { k: 5, seed: 3 });
    expect(countsOf(out.y, 3)).toEqual([60, 60, 60]);
    expect(out.nSynthetic).toBe(48 + 53);
    expect(out.X.data.subarray(0, data.X.data.length)).toEqual(data.X.data);
    expectOnNeighbourSegments(data, out, data.X.rows, 5);
  });

  it('honours targetRatio on a binary problem', () => {
    const data = imbalanced(2, [50, 10]);
    const out = smote(data.X, data.y, { targetRatio: 0.5, k: 3, seed: 1 });
    expect(countsOf(out.y, 2)).toEqual([50, 25]);
    expectOnNeighbourSegments(data, out, data.X.rows, 3);
  });

  it('is deterministic by seed', () => {
    const data = imbalanced(5, [30, 8]);
    expect(smote(data.X, data.y, { seed: 9 }).X.data).toEqual(smote(data.X, data.y, { seed: 9 }).X.data);
    expect(smote(data.X, data.y, { seed: 9 }).X.data).not.toEqual(smote(data.X, data.y, { seed: 10 }).X.data);
  });

  it('uses fewer neighbours for a tiny class and copies a single row', () => {
    const X = fromRows([[0, 0], [1, 1], [2, 2], [3, 3], [10, 10], [11, 12], [50, 50]]);
    const y = Float64Array.from([0, 0, 0, 0, 1, 1, 2]);
    const out = smote(X, y, { k: 5, seed: 0 });
    expect(countsOf(out.y, 3)).toEqual([4, 4, 4]);
    for (let s = 7; s < out.X.rows; s++) {
      const p = row(out.X, s);
      if (out.y[s] === 1) expect(onSegment(p, [10, 10], [11, 12])).toBe(true);
      else expect(p).toEqual([50, 50]);
    }
  });

  it('rejects bad input with a clear message', () => {
    const X = fromRows([[0], [NaN]]);
    expect(() => smote(X, Float64Array.from([0, 1]))).toThrow(/impute first.*row 1, column 0/);
    expect(() => smote(fromRows([[0], [1]]), Float64Array.from([0, 0.5]))).toThrow(/class indices/);
    expect(() => smote(fromRows([[0], [1]]), Float64Array.from([0, 1]), { targetRatio: 2 })).toThrow(/targetRatio/);
    expect(() => smote(fromRows([[0], [1]]), Float64Array.from([0]))).toThrow(/2 rows but y has 1/);
  });
});

describe('balanced class weights', () => {
  it('matches scikit-learn n / (K · count)', () => {
    const y = Float64Array.from([0, 0, 0, 1, 2, 2]);
    expect(Array.from(balancedClassWeights(y), (v) => +v.toFixed(12))).toEqual([0.666666666667, 2, 1]);
    expect(Array.from(balancedSampleWeights(Float64Array.from([0, 0, 0, 1])), (v) => +v.toFixed(12))).toEqual([0.666666666667, 0.666666666667, 0.666666666667, 2]);
    // an absent class gets 0 and does not count in K
    expect(Array.from(balancedClassWeights(Float64Array.from([0, 2, 2, 2]), 3))).toEqual([2, 0, 2 / 3]);
    expect(() => balancedClassWeights(Float64Array.from([0, 3]), 2)).toThrow(/label 3 is not below nClasses = 2/);
  });
});

describe('resampleTrainingFold', () => {
  it('reads only the rows of the training fold', () => {
    const data = imbalanced(7, [40, 10]);
    const rows = data.X.rows;
    const random = new Random(4);
    const order = random.shuffle(Int32Array.from({ length: rows }, (_, i) => i));
    const trainIndex = order.subarray(0, 35);
    const isTest = new Uint8Array(rows).fill(1);
    for (const r of trainIndex) isTest[r] = 0;
    // poison the test rows: a read of any of them shows up as a huge value or the label 2
    const X: Matrix = { ...data.X, data: data.X.data.slice() };
    const y = data.y.slice();
    for (let r = 0; r < rows; r++) {
      if (!isTest[r]) continue;
      X.data.fill(1e9, r * X.cols, (r + 1) * X.cols);
      y[r] = 2;
    }
    const full: TrainingData = { X, y, task: 'classification', nClasses: 3 };
    const fold = resampleTrainingFold(full, trainIndex, { seed: 1 });

    const trainCounts = countsOf(Float64Array.from(trainIndex, (r) => y[r]), 2);
    expect(countsOf(fold.y, 3)).toEqual([Math.max(...trainCounts), Math.max(...trainCounts), 0]);
    expect(fold.X.data.every((v) => Math.abs(v) < 100)).toBe(true);
    for (let i = 0; i < trainIndex.length; i++) expect(row(fold.X, i)).toEqual(row(X, trainIndex[i]));
    const trainOnly = { X: { rows: 35, cols: X.cols, data: fold.X.data.slice(0, 35 * X.cols) }, y: fold.y.slice(0, 35) };
    expectOnNeighbourSegments(trainOnly, fold, 35, 5);
  });

  it('gives balanced weights or the plain fold', () => {
    const full: TrainingData = { X: fromRows([[0], [1], [2], [3], [4]]), y: Float64Array.from([0, 0, 1, 0, 1]), task: 'classification', nClasses: 2 };
    const weighted = resampleTrainingFold(full, [0, 1, 2, 3], { method: 'balanced-weights' });
    expect(Array.from(weighted.sampleWeight!, (v) => +v.toFixed(12))).toEqual([0.666666666667, 0.666666666667, 2, 0.666666666667]);
    const plain = resampleTrainingFold(full, [4, 2], { method: 'none' });
    expect(Array.from(plain.X.data)).toEqual([4, 2]);
    expect(() => resampleTrainingFold({ ...full, task: 'regression' }, [0])).toThrow(/rebalances classes/);
    expect(() => resampleTrainingFold(full, [0, 9])).toThrow(/train index 9 is outside/);
  });
});

describe('nearestNeighbours', () => {
  it('matches brute force, ties broken by lower row', async () => {
    const { nearestNeighbours } = await import('../../src/lib/ml/imbalance/smote');
    const random = new Random(6);
    const rows = 300;
    const X: Matrix = { rows, cols: 4, data: Float64Array.from({ length: rows * 4 }, () => Math.round(random.normal() * 3)) };
    const members = Int32Array.from({ length: 150 }, (_, i) => 2 * i);
    const k = 5;
    const got = nearestNeighbours(X, members, k);
    members.forEach((a, p) => {
      const expected = Array.from(members)
        .filter((b) => b !== a)
        .map((b) => [row(X, a).reduce((s, v, j) => s + (v - X.data[b * 4 + j]) ** 2, 0), b])
        .sort((u, v) => u[0] - v[0] || u[1] - v[1])
        .slice(0, k)
        .map((u) => u[1]);
      expect(Array.from(got.subarray(p * k, (p + 1) * k))).toEqual(expected);
    });
  });
});
