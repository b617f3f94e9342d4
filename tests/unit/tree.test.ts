import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from '../../src/lib/ml/core/matrix';
import { Random } from '../../src/lib/ml/core/random';
import { binFeatures } from '../../src/lib/ml/models/tree/binning';
import { fitRandomForest } from '../../src/lib/ml/models/tree/forest';
import { findLeaf, findLeaves, treeFromJSON, treeToJSON } from '../../src/lib/ml/models/tree/tree';

const column = (values: number[]): Matrix => ({ rows: values.length, cols: 1, data: Float64Array.from(values) });
const oneTree = { nEstimators: 1, bootstrap: false } as const;

describe('binning', () => {
  it('gives one bin per distinct value with midpoint edges; NaN in bin 0', () => {
    const b = binFeatures(column([3, 1, 2, 2, NaN, 10]));
    expect(Array.from(b.edges[0])).toStrictEqual([1.5, 2.5, 6.5]);
    expect(Array.from(b.codes[0])).toStrictEqual([2, 0, 1, 1, 0, 3]);
    expect(b.nBins[0]).toBe(4);
  });

  it('caps many distinct values at maxBins quantile bins', () => {
    const b = binFeatures(column(Array.from({ length: 1000 }, (_, i) => i)), 10);
    expect(b.nBins[0]).toBe(10);
    const counts = new Array(10).fill(0);
    b.codes[0].forEach((c) => counts[c]++);
    expect(counts).toStrictEqual(new Array(10).fill(100));
  });
});

describe('one regression tree', () => {
  it('recovers a step function exactly, threshold at the midpoint like scikit-learn', () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    const y = Float64Array.from(x, (v) => (v < 7 ? 5 : v < 13 ? -2 : 11));
    const model = fitRandomForest({ X: column(x), y, task: 'regression' }, oneTree);
    expect(model.predict(column(x))).toStrictEqual(y);
    const tree = model.forest.trees[0];
    expect(Array.from(tree.threshold.filter((_, i) => tree.feature[i] >= 0)).sort((a, b) => a - b)).toStrictEqual([6.5, 12.5]);
    expect(Array.from(model.predict(column([6.49, 6.51, 12.49, 12.51, 100])))).toStrictEqual([5, -2, -2, 11, 11]);
  });

  it('builds the hand-computed tree: values, cover, impurity', () => {
    // x = 1,2,3,4 with y = 1,3,10,12: the best split is x <= 2.5 (SSE 2 + 2 against 45.25 + 0 at 3.5).
    const model = fitRandomForest({ X: column([1, 2, 3, 4]), y: Float64Array.from([1, 3, 10, 12]), task: 'regression' }, { ...oneTree, maxDepth: 1 });
    const t = model.forest.trees[0];
    expect(t.nodeCount).toBe(3);
    expect(Array.from(t.feature)).toStrictEqual([0, -1, -1]);
    expect(t.threshold[0]).toBe(2.5);
    expect(Array.from(t.value)).toStrictEqual([6.5, 2, 11]);
    expect(Array.from(t.cover)).toStrictEqual([4, 2, 2]);
    expect(t.impurity[0]).toBeCloseTo(((1 - 6.5) ** 2 + (3 - 6.5) ** 2 + (10 - 6.5) ** 2 + (12 - 6.5) ** 2) / 4, 12);
    expect(t.impurity[1]).toBeCloseTo(1, 12);
    expect(t.impurity[2]).toBeCloseTo(1, 12);
  });

  it('sample weights are honoured: a weight of 3 counts like three copies', () => {
    const weighted = fitRandomForest({ X: column([1, 2]), y: Float64Array.from([0, 4]), task: 'regression', sampleWeight: Float64Array.from([3, 1]) }, { ...oneTree, maxDepth: 1, minSamplesLeaf: 2 });
    expect(weighted.forest.trees[0].value[0]).toBe(1);
    expect(weighted.forest.trees[0].cover[0]).toBe(4);
  });

  it('Gini classification tree: class probabilities per leaf', () => {
    const model = fitRandomForest({ X: column([1, 2, 3, 4, 5]), y: Float64Array.from([0, 0, 1, 1, 1]), task: 'classification', nClasses: 2 }, oneTree);
    const t = model.forest.trees[0];
    expect(t.threshold[0]).toBe(2.5);
    expect(Array.from(t.value)).toStrictEqual([0.4, 0.6, 1, 0, 0, 1]);
    expect(t.impurity[0]).toBeCloseTo(1 - 0.4 ** 2 - 0.6 ** 2, 12);
    expect(Array.from(model.predict(column([0, 2.4, 2.6, 9])))).toStrictEqual([0, 0, 1, 1]);
  });

  it('sends NaN left instead of crashing', () => {
    const model = fitRandomForest({ X: column([1, NaN, 3, 4]), y: Float64Array.from([0, 0, 1, 1]), task: 'regression' }, oneTree);
    expect(Array.from(model.predict(column([NaN, 3.5])))).toStrictEqual([0, 1]);
  });
});

describe('impurity (MDI) importance', () => {
  it('gives a pure-noise feature almost nothing next to the signal, summing to 1', () => {
    const random = new Random(1);
    const n = 500;
    const rows = Array.from({ length: n }, () => [random.next(), random.next()]);
    const y = Float64Array.from(rows, ([s]) => 10 * s);
    const model = fitRandomForest({ X: fromRows(rows), y, task: 'regression' }, { nEstimators: 20, maxDepth: 6 });
    const imp = model.featureImportance!();
    expect(imp[0] + imp[1]).toBeCloseTo(1, 12);
    expect(imp[0]).toBeGreaterThan(0.99);
    expect(imp[1]).toBeLessThan(0.01);
  });
});

describe('findLeaves', () => {
  it('reaches the leaves findLeaf reaches: packed for many rows, the arrays for few rows or a tree read from a file', () => {
    const random = new Random(4);
    const n = 3000;
    const cols = 3;
    const data = new Float64Array(n * cols);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < cols; j++) data[i * cols + j] = Math.round(random.next() * 50);
      y[i] = data[i * cols] * 2 + random.normal() * 10;
    }
    // Missing values (left at every split) and a row beyond every threshold.
    data[5 * cols + 1] = NaN;
    data[6 * cols] = Number.NaN;
    data[7 * cols + 2] = 1e9;
    const grown = fitRandomForest({ X: { rows: n, cols, data }, y, task: 'regression' }, { nEstimators: 1, seed: 2 }).forest.trees[0];
    const read = treeFromJSON(treeToJSON(grown), cols);
    expect(grown.nodeCount).toBeGreaterThan(1000);
    // The file's depth-first layout puts a right child after the left subtree: not adjacent.
    expect(read.right[0]).not.toBe(read.left[0] + 1);
    for (const [tree, rows] of [[grown, n], [grown, 10], [read, n]] as const) {
      const out = new Int32Array(rows);
      findLeaves(tree, data, cols, rows, out);
      const expected = Int32Array.from({ length: rows }, (_, r) => findLeaf(tree, data, cols, r));
      expect(out).toStrictEqual(expected);
      expect(new Set(out).size).toBeGreaterThan(rows === 10 ? 5 : 500);
    }
  });
});
