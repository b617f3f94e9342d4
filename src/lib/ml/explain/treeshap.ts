/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2), following the recursion with extend/unwind of the
 * shap package's `tree_shap_recursive` (shap/cext/tree_shap.h). Polynomial time: O(leaves · depth²)
 * per row and tree. Missing values follow the tree's own rule (NaN goes left).
 */
import type { Matrix } from '../matrix';

/**
 * A flat tree as TreeSHAP needs it. Node 0 is the root; `feature[i] < 0` marks a leaf.
 * A row goes left when `x[feature] <= threshold` or x is NaN.
 */
export interface ShapTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** nodes × nOutputs, row-major; only leaf values are read. */
  value: Float64Array;
  /** Weighted number of training rows that reached each node (the path-dependent "background"). */
  cover: Float64Array;
  nOutputs: number;
}

/** Options of {@link treeShap}. */
export interface TreeShapOptions {
  /** Multiplies every tree's output: 1/nTrees for a forest average, the learning rate for boosting. */
  scale: number;
  /** Added to the ensemble's output (a boosting model's initial score): one number or one per output. */
  base: number | Float64Array;
}

/** Defaults of {@link TreeShapOptions}: a plain sum of trees. */
export const defaultTreeShapOptions: TreeShapOptions = { scale: 1, base: 0 };

/** SHAP values of an ensemble for some rows. */
export interface TreeShapResult {
  /** rows × features × nOutputs, row-major: `values[(i * cols + j) * nOutputs + k]`. */
  values: Float64Array;
  /** The model's mean output under the trees' covers, per output; values of a row sum to f(x) − this. */
  expectedValue: Float64Array;
  rows: number;
  cols: number;
  nOutputs: number;
}

/**
 * Exact SHAP values of `base + scale · Σ trees(x)` for each row of X.
 * @param trees flat trees with covers; all must share `nOutputs`
 * @param X row-major features (the columns the trees split on)
 * @param options scale (default 1) and base (default 0)
 */
export function treeShap(trees: readonly ShapTree[], X: Matrix, options: Partial<TreeShapOptions> = {}): TreeShapResult {
  const { scale, base } = { ...defaultTreeShapOptions, ...options };
  if (trees.length === 0) throw new Error('treeShap needs at least one tree');
  const nOutputs = trees[0].nOutputs;
  for (const [t, tree] of trees.entries()) validateTree(tree, t, nOutputs, X.cols);
  if (typeof base !== 'number' && base.length !== nOutputs) {
    throw new Error(`treeShap: base has ${base.length} values, the trees have ${nOutputs} outputs`);
  }

  const expectedValue = new Float64Array(nOutputs);
  for (let k = 0; k < nOutputs; k++) expectedValue[k] = typeof base === 'number' ? base : base[k];
  for (const tree of trees) {
    const e = treeExpectation(tree);
    for (let k = 0; k < nOutputs; k++) expectedValue[k] += scale * e[k];
  }

  const { rows, cols } = X;
  const values = new Float64Array(rows * cols * nOutputs);
  const phi = new Float64Array(cols * nOutputs);
  const x = new Float64Array(cols);
  const maxDepth = trees.reduce((m, tree) => Math.max(m, treeDepth(tree)), 0);
  const state = pathState(maxDepth);
  for (let i = 0; i < rows; i++) {
    x.set(X.data.subarray(i * cols, (i + 1) * cols));
    phi.fill(0);
    for (const tree of trees) state.run(tree, x, phi);
    const out = i * cols * nOutputs;
    for (let j = 0; j < phi.length; j++) values[out + j] = scale * phi[j];
  }
  return { values, expectedValue, rows, cols, nOutputs };
}

/** The cover-weighted mean output of one tree (the path-dependent E[f(x)]), per output. */
export function treeExpectation(tree: ShapTree): Float64Array {
  const { nOutputs } = tree;
  const out = new Float64Array(nOutputs);
  // Iterative walk carrying the product of child/parent cover ratios, so covers that do not add up
  // exactly (e.g. hessian covers) still give the expectation TreeSHAP's fractions imply.
  const stack: number[] = [0];
  const weight: number[] = [1];
  while (stack.length) {
    const node = stack.pop()!;
    const w = weight.pop()!;
    if (tree.feature[node] < 0) {
      for (let k = 0; k < nOutputs; k++) out[k] += w * tree.value[node * nOutputs + k];
      continue;
    }
    const l = tree.left[node];
    const r = tree.right[node];
    const c = tree.cover[node];
    stack.push(l, r);
    weight.push((w * tree.cover[l]) / c, (w * tree.cover[r]) / c);
  }
  return out;
}

/** Number of edges on the longest root-to-leaf path. */
function treeDepth(tree: ShapTree): number {
  let max = 0;
  const stack: number[] = [0];
  const depth: number[] = [0];
  while (stack.length) {
    const node = stack.pop()!;
    const d = depth.pop()!;
    if (tree.feature[node] < 0) {
      if (d > max) max = d;
      continue;
    }
    stack.push(tree.left[node], tree.right[node]);
    depth.push(d + 1, d + 1);
  }
  return max;
}

function validateTree(tree: ShapTree, t: number, nOutputs: number, cols: number): void {
  const n = tree.feature.length;
  if (n === 0) throw new Error(`treeShap: tree ${t} has no nodes`);
  if (tree.nOutputs !== nOutputs) throw new Error(`treeShap: tree ${t} has ${tree.nOutputs} outputs, tree 0 has ${nOutputs}`);
  if (tree.value.length !== n * nOutputs) throw new Error(`treeShap: tree ${t} value has ${tree.value.length} entries, expected ${n * nOutputs}`);
  if (tree.cover.length !== n || tree.left.length !== n || tree.right.length !== n || tree.threshold.length !== n) {
    throw new Error(`treeShap: tree ${t} arrays have different lengths`);
  }
  for (let i = 0; i < n; i++) {
    const f = tree.feature[i];
    if (f < 0) continue;
    if (f >= cols) throw new Error(`treeShap: tree ${t} splits on feature ${f} but X has ${cols} columns`);
    if (!(tree.cover[i] > 0)) throw new Error(`treeShap: tree ${t} node ${i} is a split with cover ${tree.cover[i]}; covers must be positive`);
  }
}

/**
 * The "unique path" of Algorithm 2 as parallel typed arrays. Each recursion level copies its parent's
 * path into the next slice, so one buffer of (D+2)(D+3)/2 elements serves a whole tree of depth D.
 * A closure over local typed arrays rather than a class: V8 keeps the arrays in registers, which made
 * the leaf loop (O(depth²) per leaf, the hot spot) about twice as fast.
 */
function pathState(maxDepth: number): { run(tree: ShapTree, x: Float64Array, phi: Float64Array): void } {
  const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
  const pFeature = new Int32Array(size);
  const pZero = new Float64Array(size);
  const pOne = new Float64Array(size);
  const pWeight = new Float64Array(size);
  let feature: Int32Array;
  let threshold: Float64Array;
  let left: Int32Array;
  let right: Int32Array;
  let value: Float64Array;
  let cover: Float64Array;
  let nOut = 1;
  let x: Float64Array;
  let phi: Float64Array;

  const extend = (s: number, depth: number, zeroFraction: number, oneFraction: number, featureIndex: number): void => {
    pFeature[s + depth] = featureIndex;
    pZero[s + depth] = zeroFraction;
    pOne[s + depth] = oneFraction;
    pWeight[s + depth] = depth === 0 ? 1 : 0;
    const inv = 1 / (depth + 1);
    for (let i = depth - 1; i >= 0; i--) {
      pWeight[s + i + 1] += oneFraction * pWeight[s + i] * (i + 1) * inv;
      pWeight[s + i] = zeroFraction * pWeight[s + i] * (depth - i) * inv;
    }
  };

  // one fractions are always 0 or 1 in path-dependent TreeSHAP (1 on the hot child, 0 on the cold one,
  // and a repeated feature inherits its earlier 0 or 1), so the divisions by one fraction drop out
  const unwind = (s: number, depth: number, pathIndex: number): void => {
    const oneFraction = pOne[s + pathIndex];
    const zeroFraction = pZero[s + pathIndex];
    let nextOne = pWeight[s + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (oneFraction !== 0) {
        const tmp = pWeight[s + i];
        pWeight[s + i] = (nextOne * (depth + 1)) / ((i + 1) * oneFraction);
        nextOne = tmp - (pWeight[s + i] * zeroFraction * (depth - i)) / (depth + 1);
      } else {
        pWeight[s + i] = (pWeight[s + i] * (depth + 1)) / (zeroFraction * (depth - i));
      }
    }
    for (let i = pathIndex; i < depth; i++) {
      pFeature[s + i] = pFeature[s + i + 1];
      pZero[s + i] = pZero[s + i + 1];
      pOne[s + i] = pOne[s + i + 1];
    }
  };

  const unwoundSum = (s: number, depth: number, pathIndex: number): number => {
    const oneFraction = pOne[s + pathIndex];
    const zeroFraction = pZero[s + pathIndex];
    let total = 0;
    if (oneFraction !== 0) {
      let nextOne = pWeight[s + depth] / oneFraction;
      const z = zeroFraction / oneFraction;
      for (let i = depth - 1; i >= 0; i--) {
        const tmp = nextOne / (i + 1);
        total += tmp;
        nextOne = pWeight[s + i] / oneFraction - tmp * z * (depth - i);
      }
    } else {
      for (let i = depth - 1; i >= 0; i--) total += pWeight[s + i] / (depth - i);
      total /= zeroFraction;
    }
    return total * (depth + 1);
  };

  const recurse = (node: number, depth: number, parentStart: number, zeroFraction: number, oneFraction: number, parentFeature: number): void => {
    // copy the parent's path (depth elements) into this level's slice
    const start = parentStart + depth;
    for (let i = 0; i < depth; i++) {
      pFeature[start + i] = pFeature[parentStart + i];
      pZero[start + i] = pZero[parentStart + i];
      pOne[start + i] = pOne[parentStart + i];
      pWeight[start + i] = pWeight[parentStart + i];
    }
    extend(start, depth, zeroFraction, oneFraction, parentFeature);

    const split = feature[node];
    if (split < 0) {
      const valueAt = node * nOut;
      for (let i = 1; i <= depth; i++) {
        const w = unwoundSum(start, depth, i) * (pOne[start + i] - pZero[start + i]);
        const phiAt = pFeature[start + i] * nOut;
        for (let k = 0; k < nOut; k++) phi[phiAt + k] += w * value[valueAt + k];
      }
      return;
    }

    const xv = x[split];
    const goesLeft = !(xv > threshold[node]); // NaN goes left
    const hot = goesLeft ? left[node] : right[node];
    const cold = goesLeft ? right[node] : left[node];
    const c = cover[node];
    let incomingZero = 1;
    let incomingOne = 1;
    let d = depth;

    // a feature already on the path is undone, then redone with this node's fractions
    let pathIndex = 1;
    while (pathIndex <= d && pFeature[start + pathIndex] !== split) pathIndex++;
    if (pathIndex <= d) {
      incomingZero = pZero[start + pathIndex];
      incomingOne = pOne[start + pathIndex];
      unwind(start, d, pathIndex);
      d -= 1;
    }
    recurse(hot, d + 1, start, (cover[hot] / c) * incomingZero, incomingOne, split);
    recurse(cold, d + 1, start, (cover[cold] / c) * incomingZero, 0, split);
  };

  return {
    run(tree, row, out) {
      ({ feature, threshold, left, right, value, cover } = tree);
      nOut = tree.nOutputs;
      x = row;
      phi = out;
      recurse(0, 0, 0, 1, 1, -1);
    },
  };
}
