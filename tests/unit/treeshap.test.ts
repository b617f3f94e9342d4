import { describe, expect, it } from 'vitest';
import { treeShap, treeExpectation, type ShapTree } from '../../src/lib/ml/evaluation/explain/treeshap';
import { fromRows, type Matrix } from '../../src/lib/ml/core/matrix';
import { Random } from '../../src/lib/ml/core/random';

/** A random flat tree whose children's covers add up to their parent's. */
function randomTree(random: Random, nFeatures: number, maxDepth: number, nOutputs: number, features?: number[]): ShapTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const cover: number[] = [];
  const pool = features ?? Array.from({ length: nFeatures }, (_, j) => j);
  const build = (depth: number, c: number): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    cover.push(c);
    for (let k = 0; k < nOutputs; k++) value.push(random.normal());
    if (depth < maxDepth && (depth < 2 || random.next() < 0.7)) {
      feature[id] = pool[random.int(pool.length)];
      threshold[id] = random.next();
      const share = 0.1 + 0.8 * random.next();
      left[id] = build(depth + 1, c * share);
      right[id] = build(depth + 1, c * (1 - share));
    }
    return id;
  };
  build(0, 50 + 100 * random.next());
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    cover: Float64Array.from(cover),
    nOutputs,
  };
}

function predictTree(tree: ShapTree, x: ArrayLike<number>, k: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const v = x[tree.feature[node]];
    node = Number.isNaN(v) || v <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  }
  return tree.value[node * tree.nOutputs + k];
}

/** E[f(x) | x_S] with the path-dependent (cover-weighted) rule: the definition TreeSHAP computes. */
function conditional(tree: ShapTree, x: ArrayLike<number>, inS: boolean[], k: number, node = 0): number {
  const f = tree.feature[node];
  if (f < 0) return tree.value[node * tree.nOutputs + k];
  const l = tree.left[node];
  const r = tree.right[node];
  if (inS[f]) {
    const v = x[f];
    return conditional(tree, x, inS, k, Number.isNaN(v) || v <= tree.threshold[node] ? l : r);
  }
  return (tree.cover[l] * conditional(tree, x, inS, k, l) + tree.cover[r] * conditional(tree, x, inS, k, r)) / tree.cover[node];
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** Shapley values by enumerating all 2^d coalitions. */
function bruteForceShap(tree: ShapTree, x: ArrayLike<number>, d: number, k: number): number[] {
  const phi = new Array<number>(d).fill(0);
  for (let j = 0; j < d; j++) {
    for (let mask = 0; mask < 1 << d; mask++) {
      if (mask & (1 << j)) continue;
      const inS = Array.from({ length: d }, (_, f) => (mask & (1 << f)) !== 0);
      const size = inS.filter(Boolean).length;
      const weight = (factorial(size) * factorial(d - size - 1)) / factorial(d);
      const without = conditional(tree, x, inS, k);
      inS[j] = true;
      phi[j] += weight * (conditional(tree, x, inS, k) - without);
    }
  }
  return phi;
}

function randomMatrix(random: Random, rows: number, cols: number, missing = 0): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = random.next() < missing ? NaN : random.next();
  return { rows, cols, data };
}

describe('treeShap', () => {
  it('matches a hand-computed stump', () => {
    // x0 <= 0.5 → 10 (cover 30), else 20 (cover 10): E = 12.5; x0 = 1 → φ0 = 20 − 12.5
    const stump: ShapTree = {
      feature: Int32Array.from([0, -1, -1]),
      threshold: Float64Array.from([0.5, 0, 0]),
      left: Int32Array.from([1, -1, -1]),
      right: Int32Array.from([2, -1, -1]),
      value: Float64Array.from([0, 10, 20]),
      cover: Float64Array.from([40, 30, 10]),
      nOutputs: 1,
    };
    const { values, expectedValue } = treeShap([stump], fromRows([[1, 7], [0, 7]]));
    expect(expectedValue[0]).toBeCloseTo(12.5, 12);
    expect(Array.from(values)).toEqual([7.5, 0, -2.5, 0]);
  });

  it('matches brute-force Shapley values on small trees with 3–4 features', () => {
    const random = new Random(11);
    for (let trial = 0; trial < 20; trial++) {
      const d = 3 + (trial % 2);
      const tree = randomTree(random, d, 5, 2);
      const X = randomMatrix(random, 5, d, 0.1);
      const { values } = treeShap([tree], X);
      for (let i = 0; i < X.rows; i++) {
        const x = X.data.subarray(i * d, (i + 1) * d);
        for (let k = 0; k < 2; k++) {
          const expected = bruteForceShap(tree, x, d, k);
          for (let j = 0; j < d; j++) expect(values[(i * d + j) * 2 + k]).toBeCloseTo(expected[j], 10);
        }
      }
    }
  });

  it('SHAP values plus expected value give the ensemble prediction within 1e-9', () => {
    const random = new Random(3);
    const d = 8;
    const nOutputs = 3;
    const trees = Array.from({ length: 30 }, () => randomTree(random, d, 8, nOutputs));
    const X = randomMatrix(random, 50, d, 0.05);
    const base = Float64Array.from([0.5, -1, 2]);
    const scale = 0.1;
    const { values, expectedValue } = treeShap(trees, X, { scale, base });
    let worst = 0;
    for (let i = 0; i < X.rows; i++) {
      const x = X.data.subarray(i * d, (i + 1) * d);
      for (let k = 0; k < nOutputs; k++) {
        let prediction = base[k];
        for (const t of trees) prediction += scale * predictTree(t, x, k);
        let sum = expectedValue[k];
        for (let j = 0; j < d; j++) sum += values[(i * d + j) * nOutputs + k];
        worst = Math.max(worst, Math.abs(sum - prediction));
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('routes single-output trees to their class with treeOutput (multi-class boosting)', () => {
    const random = new Random(12);
    const d = 4;
    const trees = Array.from({ length: 9 }, () => randomTree(random, d, 4, 1));
    const treeOutput = Int32Array.from({ length: 9 }, (_, t) => t % 3);
    const X = randomMatrix(random, 6, d);
    const base = Float64Array.from([0.1, 0.2, 0.3]);
    const { values, expectedValue, nOutputs } = treeShap(trees, X, { scale: 0.5, base, treeOutput });
    expect(nOutputs).toBe(3);
    for (let k = 0; k < 3; k++) {
      // class k's SHAP values are those of its own trees alone
      const own = treeShap(trees.filter((_, t) => t % 3 === k), X, { scale: 0.5, base: base[k] });
      expect(expectedValue[k]).toBeCloseTo(own.expectedValue[0], 12);
      for (let i = 0; i < X.rows * d; i++) expect(values[i * 3 + k]).toBeCloseTo(own.values[i], 12);
    }
    expect(() => treeShap(trees, X, { treeOutput: [0, 1] })).toThrow(/treeOutput has 2 entries for 9 trees/);
  });

  it('gives exactly 0 to a feature no tree splits on', () => {
    const random = new Random(5);
    const trees = Array.from({ length: 10 }, () => randomTree(random, 5, 6, 1, [0, 1, 3, 4]));
    const X = randomMatrix(random, 40, 5);
    const { values } = treeShap(trees, X, { scale: 1 / 10 });
    for (let i = 0; i < X.rows; i++) expect(values[i * 5 + 2]).toBe(0);
    expect(values.some((v) => Math.abs(v) > 0.01)).toBe(true);
  });

  it('expected value of a forest is the mean of the trees’ cover-weighted means', () => {
    const random = new Random(8);
    const trees = [randomTree(random, 3, 4, 1), randomTree(random, 3, 4, 1)];
    const { expectedValue } = treeShap(trees, randomMatrix(random, 1, 3), { scale: 0.5 });
    expect(expectedValue[0]).toBeCloseTo((treeExpectation(trees[0])[0] + treeExpectation(trees[1])[0]) / 2, 12);
  });

  it('handles a leaf of cover 0 (no NaN, still exact)', () => {
    // x0 <= 0.5 → 4 (cover 10), else 9 (cover 0): E = 4; a row going right gets φ0 = 9 − 4
    const tree: ShapTree = {
      feature: Int32Array.from([0, 1, -1, -1, -1]),
      threshold: Float64Array.from([0.5, 0.5, 0, 0, 0]),
      left: Int32Array.from([1, 3, -1, -1, -1]),
      right: Int32Array.from([2, 4, -1, -1, -1]),
      value: Float64Array.from([0, 0, 9, 4, 4]),
      cover: Float64Array.from([10, 10, 0, 6, 4]),
      nOutputs: 1,
    };
    const { values, expectedValue } = treeShap([tree], fromRows([[1, 0], [0, 1]]));
    expect(expectedValue[0]).toBe(4);
    expect(Array.from(values)).toEqual([5, 0, 0, 0]);
  });

  it('rejects bad input with a clear message', () => {
    const random = new Random(1);
    const tree = randomTree(random, 4, 3, 1);
    expect(() => treeShap([], randomMatrix(random, 1, 4))).toThrow(/at least one tree/);
    expect(() => treeShap([tree], randomMatrix(random, 1, 2))).toThrow(/splits on feature \d but X has 2 columns/);
    expect(() => treeShap([tree, randomTree(random, 4, 3, 2)], randomMatrix(random, 1, 4))).toThrow(/tree 1 has 2 outputs/);
  });
});
