/**
 * The boosting fast path (boost-grower.ts) against TreeGrower, the path below
 * BOOST_FAST_MIN_ROWS: on the same binned rows and gradients both must grow the same tree
 * (structure, split features, thresholds, covers) with leaf values equal up to the order of
 * floating-point sums, and a fit above the threshold must still boost like one below it.
 */
import { describe, expect, it } from 'vitest';
import type { TrainingData } from '../../src/lib/ml/core/model';
import { Random } from '../../src/lib/ml/core/random';
import { binFeatures } from '../../src/lib/ml/models/tree/binning';
import { BoostGrower } from '../../src/lib/ml/models/tree/boost-grower';
import { BOOST_FAST_MIN_ROWS, fitGradientBoosting, type Boosting } from '../../src/lib/ml/models/tree/gbm';
import { TreeGrower, type GrowOptions } from '../../src/lib/ml/models/tree/grower';
import type { Tree } from '../../src/lib/ml/models/tree/tree';

/** n rows × 6: four continuous columns (one rounded to 20 values), a 0/1 column, a constant; y nonlinear. */
function problem(n: number, seed: number): { X: Float64Array; y: Float64Array; cols: number } {
  const random = new Random(seed);
  const cols = 6;
  const X = new Float64Array(n * cols);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = random.normal();
    const b = random.normal();
    const c = Math.round(random.next() * 20);
    const d = random.next() < 0.3 ? 1 : 0;
    X.set([a, b, c, a + 0.5 * random.normal(), d, 7], i * cols);
    y[i] = 3 * Math.sin(a) + (b > 0.5 ? 2 : 0) + 0.2 * c + 4 * d + 0.3 * random.normal();
  }
  return { X, y, cols };
}

const options: GrowOptions = { maxDepth: 4, minSamplesLeaf: 3, minSamplesSplit: 2, maxLeaves: Infinity, maxFeatures: 6, l2: 0.5, minChildWeight: 0 };

/** Pre-order walk (left first): per node, feature, threshold, cover, value. */
function walk(tree: Tree): { feature: number[]; threshold: number[]; cover: number[]; value: number[] } {
  const out = { feature: [] as number[], threshold: [] as number[], cover: [] as number[], value: [] as number[] };
  const stack = [0];
  while (stack.length) {
    const node = stack.pop()!;
    out.feature.push(tree.feature[node]);
    out.threshold.push(tree.threshold[node]);
    out.cover.push(tree.cover[node]);
    out.value.push(tree.value[node]);
    if (tree.feature[node] >= 0) stack.push(tree.right[node], tree.left[node]);
  }
  return out;
}

function growBoth(n: number, hessian: (i: number) => number): { slow: Tree; fast: Tree; fastRows: Int32Array; start: Int32Array; end: Int32Array } {
  const { X, y, cols } = problem(n, 11);
  const binned = binFeatures({ rows: n, cols, data: X }, 64);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] / n;
  const h = Float64Array.from({ length: n }, (_, i) => hessian(i));
  const v = Float64Array.from(y, (t) => t - mean);
  const slow = new TreeGrower(binned, 1).grow({ n, rows: Int32Array.from({ length: n }, (_, i) => i), h: h.slice(), v: v.slice(), cls: null }, options, new Random(5));
  const grower = new BoostGrower(binned);
  grower.rows.set(Int32Array.from({ length: n }, (_, i) => i));
  grower.hessians.set(h);
  grower.gradients.set(Float64Array.from(v, (x) => -x));
  const fast = grower.grow(n, options, new Random(5), h.every((x) => x === 1));
  return { slow: slow.tree, fast: fast.tree, fastRows: grower.rows, start: fast.start, end: fast.end };
}

describe('boosting fast path: the same trees as TreeGrower', () => {
  for (const [label, hessian] of [
    ['unit hessians (squared error)', () => 1],
    ['varying hessians (log loss, weights)', (i: number) => 0.05 + ((i * 7919) % 101) / 120],
  ] as const) {
    it(label, () => {
      const { slow, fast, fastRows, start, end } = growBoth(6000, hessian);
      const a = walk(slow);
      const b = walk(fast);
      expect(b.feature).toStrictEqual(a.feature);
      expect(b.threshold).toStrictEqual(a.threshold);
      expect(a.feature.filter((f) => f >= 0).length).toBeGreaterThan(6);
      for (let i = 0; i < a.value.length; i++) {
        expect(b.cover[i]).toBeCloseTo(a.cover[i], 8);
        expect(Math.abs(b.value[i] - a.value[i])).toBeLessThan(1e-9 * (1 + Math.abs(a.value[i])));
      }
      // Every leaf's rows stay in ascending order, and the leaves partition all rows.
      const seen = new Uint8Array(6000);
      for (let node = 0; node < fast.nodeCount; node++) {
        if (fast.feature[node] >= 0) continue;
        for (let p = start[node] + 1; p < end[node]; p++) expect(fastRows[p]).toBeGreaterThan(fastRows[p - 1]);
        for (let p = start[node]; p < end[node]; p++) seen[fastRows[p]]++;
      }
      expect(seen.every((c) => c === 1)).toBe(true);
    });
  }

  it(`a fit on ${BOOST_FAST_MIN_ROWS} rows or more (fast path) matches the fit on the rows below the threshold's path, tree for tree`, () => {
    const n = BOOST_FAST_MIN_ROWS;
    const { X, y, cols } = problem(n, 3);
    const data: TrainingData = { X: { rows: n, cols, data: X }, y, task: 'regression' };
    const fast = fitGradientBoosting(data, { nEstimators: 20, maxDepth: 3 });
    // maxLeaves (best-first) keeps TreeGrower; 8 leaves at depth 3 is the same depth-3 tree.
    const slow = fitGradientBoosting(data, { nEstimators: 20, maxDepth: 3, maxLeaves: 8 });
    const p = fast.predict(data.X);
    const q = slow.predict(data.X);
    for (let i = 0; i < n; i++) expect(Math.abs(p[i] - q[i])).toBeLessThan(1e-9);
    // Split gains add up alike (the fused last splits count theirs once).
    const a = fast.featureImportance!();
    const b = slow.featureImportance!();
    for (let f = 0; f < cols; f++) expect(a[f]).toBeCloseTo(b[f], 9);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i] / n;
    let ss = 0;
    let st = 0;
    for (let i = 0; i < n; i++) {
      ss += (y[i] - p[i]) ** 2;
      st += (y[i] - mean) ** 2;
    }
    expect(1 - ss / st).toBeGreaterThan(0.8);
  });

  it('a deeper tree than the first histogram memory holds (depth 7): same predictions and importances as the TreeGrower path', () => {
    const n = BOOST_FAST_MIN_ROWS + 500;
    const { X, y, cols } = problem(n, 8);
    const data: TrainingData = { X: { rows: n, cols, data: X }, y, task: 'regression' };
    const fast = fitGradientBoosting(data, { nEstimators: 8, maxDepth: 7, minSamplesLeaf: 5 });
    const slow = fitGradientBoosting(data, { nEstimators: 8, maxDepth: 7, minSamplesLeaf: 5, maxLeaves: 128 });
    const p = fast.predict(data.X);
    const q = slow.predict(data.X);
    for (let i = 0; i < n; i++) expect(Math.abs(p[i] - q[i])).toBeLessThan(1e-9 * (1 + Math.abs(q[i])));
    const a = fast.featureImportance!();
    const b = slow.featureImportance!();
    for (let f = 0; f < cols; f++) expect(a[f]).toBeCloseTo(b[f], 9);
  });

  it('3-class softmax on the fast path: same probabilities and importances as the TreeGrower path', () => {
    const n = BOOST_FAST_MIN_ROWS + 300;
    const { X, y, cols } = problem(n, 9);
    const labels = Float64Array.from(y, (t) => (t < 1 ? 0 : t < 4 ? 1 : 2));
    const data: TrainingData = { X: { rows: n, cols, data: X }, y: labels, task: 'classification', nClasses: 3 };
    const fast = fitGradientBoosting(data, { nEstimators: 12, maxDepth: 3 });
    const slow = fitGradientBoosting(data, { nEstimators: 12, maxDepth: 3, maxLeaves: 8 });
    const p = fast.predictProba!(data.X);
    const q = slow.predictProba!(data.X);
    for (let i = 0; i < p.length; i++) expect(Math.abs(p[i] - q[i])).toBeLessThan(1e-9);
    const a = fast.featureImportance!();
    const b = slow.featureImportance!();
    for (let f = 0; f < cols; f++) expect(a[f]).toBeCloseTo(b[f], 9);
  });

  it('binary log loss on the fast path: same predictions as the TreeGrower path', () => {
    const n = BOOST_FAST_MIN_ROWS + 100;
    const { X, y, cols } = problem(n, 4);
    const labels = Float64Array.from(y, (t) => (t > 2 ? 1 : 0));
    const data: TrainingData = { X: { rows: n, cols, data: X }, y: labels, task: 'classification', nClasses: 2 };
    const fast = fitGradientBoosting(data, { nEstimators: 15, maxDepth: 3 });
    const slow = fitGradientBoosting(data, { nEstimators: 15, maxDepth: 3, maxLeaves: 8 });
    const p = fast.predictProba!(data.X);
    const q = slow.predictProba!(data.X);
    for (let i = 0; i < p.length; i++) expect(Math.abs(p[i] - q[i])).toBeLessThan(1e-9);
  });

  for (const maxDepth of [1, 2]) {
    it(`squared error with unit weights and early stopping, depth ${maxDepth} (gradients kept by the grower): same predictions as the TreeGrower path`, () => {
      const n = BOOST_FAST_MIN_ROWS + 700;
      const { X, y, cols } = problem(n, 12);
      const data: TrainingData = { X: { rows: n, cols, data: X }, y, task: 'regression' };
      const options = { nEstimators: 400, maxDepth, learningRate: 0.9, earlyStopping: true, nIterNoChange: 3, seed: 2 };
      const fast = fitGradientBoosting(data, options);
      const slow = fitGradientBoosting(data, { ...options, maxLeaves: 2 ** maxDepth });
      // Early stopping kept some rounds and dropped others.
      const rounds = (fast as unknown as { boosting: Boosting }).boosting.trees.length;
      expect(rounds).toBeGreaterThan(3);
      expect(rounds).toBeLessThan(400);
      expect((slow as unknown as { boosting: Boosting }).boosting.trees.length).toBe(rounds);
      const p = fast.predict(data.X);
      const q = slow.predict(data.X);
      for (let i = 0; i < n; i++) expect(Math.abs(p[i] - q[i])).toBeLessThan(1e-9 * (1 + Math.abs(q[i])));
    });
  }

  it('weights, subsampling and early stopping on the fast path: same predictions as the TreeGrower path', () => {
    const n = BOOST_FAST_MIN_ROWS * 2;
    const { X, y, cols } = problem(n, 6);
    const sampleWeight = Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? 0 : 0.5 + (i % 5)));
    const data: TrainingData = { X: { rows: n, cols, data: X }, y, task: 'regression', sampleWeight };
    const options = { nEstimators: 25, maxDepth: 3, subsample: 0.8, earlyStopping: true, seed: 4 };
    const fast = fitGradientBoosting(data, options);
    const slow = fitGradientBoosting(data, { ...options, maxLeaves: 8 });
    expect((fast as unknown as { boosting: Boosting }).boosting.trees.length).toBeGreaterThan(0);
    const p = fast.predict(data.X);
    const q = slow.predict(data.X);
    for (let i = 0; i < n; i++) expect(Math.abs(p[i] - q[i])).toBeLessThan(1e-9);
  });
});
