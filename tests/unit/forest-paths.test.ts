/**
 * The random forest's grower reads bin codes two ways: by sample position (PositionCodes, moved
 * with the rows; up to 64 features) and by row (wider data). Features constant in a node are not
 * scanned again in its children, and two-row nodes take a shortcut. Each must give the same trees
 * as the others: here a forest on 8 features (position codes) against the same 8 features
 * followed by 60 constant columns (codes read by row), bit for bit. Regression forests search
 * their small nodes in WebAssembly (forest.as.ts) where the codes are by position: the same trees
 * as the JavaScript scan on the same codes, ties between duplicated columns and limits included.
 */
import { describe, expect, it, vi } from 'vitest';
import { Random } from '../../src/lib/ml/core/random';
import { binFeatures } from '../../src/lib/ml/models/tree/binning';
import { fitRandomForest, visitForestTrees } from '../../src/lib/ml/models/tree/forest';
import { ForestScanKernel } from '../../src/lib/ml/models/tree/forest-scan';
import { TreeGrower, type GrowOptions } from '../../src/lib/ml/models/tree/grower';
import { findLeaves, findLeavesByCode } from '../../src/lib/ml/models/tree/tree';
import { binRowsLike } from '../../src/lib/ml/models/tree/binning';

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

describe('the WebAssembly small-node scan', () => {
  /** Grows `trees` bootstrap trees with and without the kernel; returns both lists. */
  function growBoth(X: Float64Array, y: Float64Array, n: number, cols: number, options: Partial<GrowOptions>, trees: number) {
    const binned = binFeatures({ rows: n, cols, data: X }, 255);
    const grow: GrowOptions = { maxDepth: Infinity, minSamplesLeaf: 1, minSamplesSplit: 2, maxLeaves: Infinity, maxFeatures: cols, l2: 0, minChildWeight: 0, ...options };
    const out: [number, ReturnType<TreeGrower['growTree']>[]][] = [];
    for (const withKernel of [false, true]) {
      const grower = new TreeGrower(binned, 1, withKernel);
      const { rows, h, v } = grower.sampleArrays();
      const grown = [];
      for (let t = 0; t < trees; t++) {
        const random = new Random(100 + t);
        const counts = new Int32Array(n);
        for (let i = 0; i < n; i++) counts[Math.floor(random.next() * n)]++;
        let m = 0;
        for (let i = 0; i < n; i++) {
          if (!counts[i]) continue;
          rows[m] = i;
          h[m] = counts[i];
          v[m] = counts[i] * y[i];
          m++;
        }
        grown.push(grower.growTree({ n: m, rows, h, v, cls: null }, grow, random));
      }
      out.push([withKernel ? 1 : 0, grown]);
    }
    return { js: out[0][1], wasm: out[1][1] };
  }

  it('grows the trees the JavaScript scan grows, with duplicated columns tying and leaf limits', () => {
    const n = 2500;
    const base = problem(n, 0);
    // Column 8 repeats column 3 (every split on one ties with the other), column 9 is 300 distinct values (sorted collection of many bins).
    const cols = 10;
    const X = new Float64Array(n * cols);
    const random = new Random(9);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 8; j++) X[i * cols + j] = base.X[i * 8 + j];
      X[i * cols + 8] = base.X[i * 8 + 3];
      X[i * cols + 9] = Math.floor(random.next() * 300);
    }
    let ties = 0;
    for (const options of [{}, { minSamplesLeaf: 4 }, { minChildWeight: 2.5, minSamplesSplit: 7 }]) {
      const { js, wasm } = growBoth(X, base.y, n, cols, options, 3);
      for (let t = 0; t < js.length; t++) {
        expect(js[t].nodeCount).toBeGreaterThan(100);
        expect(wasm[t].feature).toStrictEqual(js[t].feature);
        expect(wasm[t].threshold).toStrictEqual(js[t].threshold);
        expect(wasm[t].value).toStrictEqual(js[t].value);
        expect(wasm[t].cover).toStrictEqual(js[t].cover);
        expect(wasm[t].impurity).toStrictEqual(js[t].impurity);
        ties += js[t].feature.filter((f) => f === 8).length;
      }
    }
    // The duplicate column did win some ties, so the random tie-breaking was exercised.
    expect(ties).toBeGreaterThan(0);
  });

  it('is used only where the samples are its arrays: other arrays take the JavaScript grower', () => {
    // 2,000 rows: the root and its larger descendants have histograms (510 rows or more), the rest not.
    const n = 2000;
    const { X, y, cols } = problem(n, 0);
    const binned = binFeatures({ rows: n, cols, data: X }, 255);
    const grow: GrowOptions = { maxDepth: Infinity, minSamplesLeaf: 1, minSamplesSplit: 2, maxLeaves: Infinity, maxFeatures: cols, l2: 0, minChildWeight: 0 };
    const searches = vi.spyOn(ForestScanKernel.prototype, 'findBest');
    const subtrees = vi.spyOn(ForestScanKernel.prototype, 'growSubtree');
    const partitions = vi.spyOn(ForestScanKernel.prototype, 'partition');
    try {
      const grower = new TreeGrower(binned, 1, true);
      const own = grower.sampleArrays();
      const fill = (rows: Int32Array, h: Float64Array, v: Float64Array) => {
        for (let i = 0; i < n; i++) {
          rows[i] = i;
          h[i] = 1;
          v[i] = y[i];
        }
        return { n, rows, h, v, cls: null };
      };
      const other = grower.growTree(fill(new Int32Array(n), new Float64Array(n), new Float64Array(n)), grow, new Random(1));
      expect(searches).not.toHaveBeenCalled();
      expect(subtrees).not.toHaveBeenCalled();
      expect(partitions).not.toHaveBeenCalled();
      // The kernel's weights and values with rows of its own: nodes are searched in the kernel, subtrees grown here.
      const searched = grower.growTree(fill(new Int32Array(n), own.h, own.v), grow, new Random(1));
      expect(searches.mock.calls.length).toBeGreaterThan(500);
      expect(subtrees).not.toHaveBeenCalled();
      expect(partitions).not.toHaveBeenCalled();
      // All three arrays the kernel's: every subtree below the histograms grows there, and the histogram nodes partition there.
      searches.mockClear();
      const grown = grower.growTree(fill(own.rows, own.h, own.v), grow, new Random(1));
      expect(subtrees.mock.calls.length).toBeGreaterThan(2);
      expect(partitions.mock.calls.length).toBeGreaterThan(2);
      expect(searches.mock.calls.length).toBeLessThan(20);
      for (const tree of [searched, grown]) {
        expect(tree.feature).toStrictEqual(other.feature);
        expect(tree.threshold).toStrictEqual(other.threshold);
        expect(tree.value).toStrictEqual(other.value);
        expect(tree.impurity).toStrictEqual(other.impurity);
      }
    } finally {
      searches.mockRestore();
      subtrees.mockRestore();
      partitions.mockRestore();
    }
  });
});

describe('reading a forest on test rows by bin code', () => {
  it('each tree sends every test row to the leaf the float walk finds: unseen values, values on a threshold, NaN, out of range', () => {
    const n = 3000;
    const { X, y, cols } = problem(n, 0);
    const binned = binFeatures({ rows: n, cols, data: X }, 255);
    const nt = 1500;
    const Xt = new Float64Array(nt * cols);
    const random = new Random(8);
    for (let i = 0; i < nt; i++) {
      for (let f = 0; f < cols; f++) {
        const kind = i % 5;
        const edges = binned.edges[f];
        // A training value, a value between, exactly an edge (a threshold), NaN, or beyond the range.
        Xt[i * cols + f] =
          kind === 0 ? X[Math.floor(random.next() * n) * cols + f]
          : kind === 1 ? X[Math.floor(random.next() * n) * cols + f] + 0.37
          : kind === 2 && edges.length ? edges[Math.floor(random.next() * edges.length)]
          : kind === 3 && f % 2 ? NaN
          : (random.next() < 0.5 ? -1 : 1) * 1e9;
      }
    }
    const test = { rows: nt, cols, data: Xt };
    const expected = new Int32Array(nt);
    let trees = 0;
    // Regression (the WebAssembly kernel's trees) and classification (the TypeScript grower's).
    for (const task of ['regression', 'classification'] as const) {
      const target = task === 'regression' ? y : Float64Array.from(y, (v) => (v > 400 ? 1 : 0));
      visitForestTrees({ X: { rows: n, cols, data: X }, y: target, task, ...(task === 'classification' ? { nClasses: 2 } : {}) }, { nEstimators: 4, seed: 5 }, (tree, _index, leaves) => {
        findLeaves(tree, Xt, cols, nt, expected);
        expect(leaves).toStrictEqual(expected);
        expect(tree.feature[leaves![0]]).toBe(-1);
        trees++;
      }, undefined, { test });
    }
    expect(trees).toBe(8);
    expect(() => binRowsLike(binned, { rows: 1, cols: cols - 1, data: new Float64Array(cols - 1) })).toThrow(/binRowsLike: 7 columns, the binned features have 8/);
  });

  it('grows the same trees from features binned before (a fold\'s chunks share them), and refuses ones of another shape', () => {
    const n = 1200;
    const { X, y, cols } = problem(n, 0);
    const data = { X: { rows: n, cols, data: X }, y, task: 'regression' as const };
    const own: Float64Array[] = [];
    visitForestTrees(data, { nEstimators: 3, seed: 2 }, (tree) => own.push(tree.value.slice()));
    const shared: Float64Array[] = [];
    const binned = binFeatures(data.X, 255);
    visitForestTrees(data, { nEstimators: 3, seed: 2 }, (tree) => shared.push(tree.value.slice()), undefined, { binned });
    expect(shared).toStrictEqual(own);
    const other = binFeatures({ rows: n - 1, cols, data: X.subarray(0, (n - 1) * cols) }, 255);
    expect(() => visitForestTrees(data, { nEstimators: 1 }, () => undefined, undefined, { binned: other })).toThrow(/The binned features are 1199 × 8, the data 1200 × 8/);
  });

  it('declines a tree whose children are not adjacent, writing nothing', () => {
    const tree = { nodeCount: 3, nValues: 1, feature: Int32Array.from([0, -1, -1]), threshold: Float64Array.from([0.5, 0, 0]), left: Int32Array.from([2, -1, -1]), right: Int32Array.from([1, -1, -1]), value: new Float64Array(3), cover: new Float64Array(3), impurity: new Float64Array(3) };
    const out = Int32Array.from([7, 7]);
    expect(findLeavesByCode(tree, Int32Array.from([0, -1, -1]), Uint8Array.from([0, 1]), 1, 2, out)).toBe(false);
    expect(Array.from(out)).toStrictEqual([7, 7]);
    const adjacent = { ...tree, left: Int32Array.from([1, -1, -1]), right: Int32Array.from([2, -1, -1]) };
    expect(findLeavesByCode(adjacent, Int32Array.from([0, -1, -1]), Uint8Array.from([0, 1]), 1, 2, out)).toBe(true);
    expect(Array.from(out)).toStrictEqual([1, 2]);
  });
});
