/**
 * The random forest's grower reads bin codes two ways: by sample position (PositionCodes, moved
 * with the rows; up to 64 features) and by row (wider data). Features constant in a node are not
 * scanned again in its children, and two-row nodes take a shortcut. Each must give the same trees
 * as the others: here a forest on 8 features (position codes) against the same 8 features
 * followed by 60 constant columns (codes read by row), bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/lib/ml/core/random';
import { fitRandomForest } from '../../src/lib/ml/models/tree/forest';

function problem(n: number, extra: number): { X: Float64Array; y: Float64Array; cols: number } {
  const random = new Random(3);
  const cols = 8 + extra;
  const X = new Float64Array(n * cols);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = random.normal();
    // Few distinct values (exact bins), many (quantile bins), and one-hot columns.
    X[i * cols] = Math.round(40 + 10 * z + 3 * random.normal());
    X[i * cols + 1] = 50_000 + 10_000 * z + 2_000 * random.normal();
    X[i * cols + 2] = Math.round(10 * random.next()) / 10;
    X[i * cols + 3] = Math.floor(random.next() * 40);
    X[i * cols + 4 + Math.floor(random.next() * 4)] = 1;
    for (let e = 0; e < extra; e++) X[i * cols + 8 + e] = 7;
    y[i] = 400 + 120 * z + 30 * X[i * cols + 2] + 5 * random.normal();
  }
  return { X, y, cols };
}

describe('random forest code paths', () => {
  it('position-ordered codes (8 features) and row-ordered codes (68 features, 60 constant) grow the same trees', () => {
    const n = 3000;
    const narrow = problem(n, 0);
    const wide = problem(n, 60);
    for (const options of [{ nEstimators: 5 }, { nEstimators: 3, minSamplesLeaf: 3 }, { nEstimators: 3, maxDepth: 6 }]) {
      const a = fitRandomForest({ X: { rows: n, cols: narrow.cols, data: narrow.X }, y: narrow.y, task: 'regression' }, options).forest.trees;
      const b = fitRandomForest({ X: { rows: n, cols: wide.cols, data: wide.X }, y: wide.y, task: 'regression' }, options).forest.trees;
      expect(b.length).toBe(a.length);
      for (let t = 0; t < a.length; t++) {
        expect(a[t].nodeCount).toBeGreaterThan(options.maxDepth ? 20 : 500);
        expect(b[t].feature).toStrictEqual(a[t].feature);
        expect(b[t].threshold).toStrictEqual(a[t].threshold);
        expect(b[t].value).toStrictEqual(a[t].value);
        expect(b[t].impurity).toStrictEqual(a[t].impurity);
      }
    }
  });

  it('classification forests agree too when every feature is drawn', () => {
    const n = 2000;
    const narrow = problem(n, 0);
    const wide = problem(n, 60);
    const label = (y: Float64Array): Float64Array => Float64Array.from(y, (v) => (v < 350 ? 0 : v < 450 ? 1 : 2));
    const a = fitRandomForest({ X: { rows: n, cols: 8, data: narrow.X }, y: label(narrow.y), task: 'classification' }, { nEstimators: 3, maxFeatures: 'all' });
    const b = fitRandomForest({ X: { rows: n, cols: 68, data: wide.X }, y: label(wide.y), task: 'classification' }, { nEstimators: 3, maxFeatures: 'all' });
    for (let t = 0; t < 3; t++) {
      expect(b.forest.trees[t].feature).toStrictEqual(a.forest.trees[t].feature);
      expect(b.forest.trees[t].value).toStrictEqual(a.forest.trees[t].value);
    }
  });
});
