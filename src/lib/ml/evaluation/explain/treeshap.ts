/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2), following the recursion with extend/unwind of the
 * shap package's `tree_shap_recursive` (shap/cext/tree_shap.h). Polynomial time: O(leaves · depth²)
 * per row and tree. Missing values follow the tree's own rule (NaN goes left).
 */
import type { Matrix } from '../../core/matrix';

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
  /**
   * For ensembles of single-output trees that each feed one output (multi-class boosting: one tree
   * per class and round): the output of each tree. Absent: every tree feeds all its outputs.
   */
  treeOutput?: ArrayLike<number>;
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
 * @param trees flat trees with covers; all must share `nOutputs` (1 when `treeOutput` is given)
 * @param X row-major features (the columns the trees split on)
 * @param options scale (default 1), base (default 0), treeOutput (default none)
 */
export function treeShap(trees: readonly ShapTree[], X: Matrix, options: Partial<TreeShapOptions> = {}): TreeShapResult {
  const { scale, base, treeOutput } = { ...defaultTreeShapOptions, ...options };
  if (trees.length === 0) throw new Error('treeShap needs at least one tree');
  const treeOutputs = trees[0].nOutputs;
  for (const [t, tree] of trees.entries()) validateTree(tree, t, treeOutputs, X.cols);
  let nOutputs = treeOutputs;
  if (treeOutput) {
    if (treeOutputs !== 1) throw new Error(`treeShap: treeOutput needs single-output trees, these have ${treeOutputs} outputs`);
    if (treeOutput.length !== trees.length) throw new Error(`treeShap: treeOutput has ${treeOutput.length} entries for ${trees.length} trees`);
    nOutputs = 0;
    for (let t = 0; t < trees.length; t++) {
      const k = treeOutput[t];
      if (!(Number.isInteger(k) && k >= 0)) throw new Error(`treeShap: treeOutput[${t}] = ${k} is not an output index`);
      nOutputs = Math.max(nOutputs, k + 1);
    }
  }
  if (typeof base !== 'number' && base.length !== nOutputs) {
    throw new Error(`treeShap: base has ${base.length} values, the trees have ${nOutputs} outputs`);
  }

  const expectedValue = new Float64Array(nOutputs);
  for (let k = 0; k < nOutputs; k++) expectedValue[k] = typeof base === 'number' ? base : base[k];
  for (const [t, tree] of trees.entries()) {
    const e = treeExpectation(tree);
    if (treeOutput) expectedValue[treeOutput[t]] += scale * e[0];
    else for (let k = 0; k < nOutputs; k++) expectedValue[k] += scale * e[k];
  }

  const { rows, cols } = X;
  const values = new Float64Array(rows * cols * nOutputs);
  const phi = new Float64Array(cols * nOutputs);
  const single = treeOutput ? new Float64Array(cols) : phi;
  const x = new Float64Array(cols);
  const maxDepth = trees.reduce((m, tree) => Math.max(m, treeDepth(tree)), 0);
  const state = new PathState(maxDepth);
  for (let i = 0; i < rows; i++) {
    x.set(X.data.subarray(i * cols, (i + 1) * cols));
    phi.fill(0);
    for (let t = 0; t < trees.length; t++) {
      if (!treeOutput) {
        state.run(trees[t], x, phi);
        continue;
      }
      single.fill(0);
      state.run(trees[t], x, single);
      const k = treeOutput[t];
      for (let j = 0; j < cols; j++) phi[j * nOutputs + k] += single[j];
    }
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
 */
class PathState {
  private feature: Int32Array;
  private zero: Float64Array;
  private one: Float64Array;
  private pweight: Float64Array;
  /** inverse[k] = 1/k: the leaf loop multiplies instead of dividing (divisions dominate its cost). */
  private inverse: Float64Array;
  private tree!: ShapTree;
  private x!: Float64Array;
  private phi!: Float64Array;

  constructor(maxDepth: number) {
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.pweight = new Float64Array(size);
    this.inverse = Float64Array.from({ length: maxDepth + 3 }, (_, k) => 1 / k);
  }

  /** Adds one tree's SHAP values for row x into phi (features × nOutputs). */
  run(tree: ShapTree, x: Float64Array, phi: Float64Array): void {
    this.tree = tree;
    this.x = x;
    this.phi = phi;
    this.recurse(0, 0, 0, 1, 1, -1);
  }

  private recurse(node: number, depth: number, parentStart: number, zeroFraction: number, oneFraction: number, parentFeature: number): void {
    const { tree, feature, zero, one, pweight } = this;
    // copy the parent's path (depth elements) into this level's slice
    const start = parentStart + depth;
    for (let i = 0; i < depth; i++) {
      feature[start + i] = feature[parentStart + i];
      zero[start + i] = zero[parentStart + i];
      one[start + i] = one[parentStart + i];
      pweight[start + i] = pweight[parentStart + i];
    }
    this.extend(start, depth, zeroFraction, oneFraction, parentFeature);

    const split = tree.feature[node];
    if (split < 0) {
      const nOut = tree.nOutputs;
      const valueAt = node * nOut;
      for (let i = 1; i <= depth; i++) {
        const s = this.unwoundSum(start, depth, i) * (one[start + i] - zero[start + i]);
        const phiAt = feature[start + i] * nOut;
        for (let k = 0; k < nOut; k++) this.phi[phiAt + k] += s * tree.value[valueAt + k];
      }
      return;
    }

    const xv = this.x[split];
    const goesLeft = !(xv > tree.threshold[node]); // NaN goes left
    const hot = goesLeft ? tree.left[node] : tree.right[node];
    const cold = goesLeft ? tree.right[node] : tree.left[node];
    const cover = tree.cover[node];
    let incomingZero = 1;
    let incomingOne = 1;
    let d = depth;

    // a feature already on the path is undone, then redone with this node's fractions
    let pathIndex = 1;
    while (pathIndex <= d && feature[start + pathIndex] !== split) pathIndex++;
    if (pathIndex <= d) {
      incomingZero = zero[start + pathIndex];
      incomingOne = one[start + pathIndex];
      this.unwind(start, d, pathIndex);
      d -= 1;
    }
    const hotZero = (tree.cover[hot] / cover) * incomingZero;
    const coldZero = (tree.cover[cold] / cover) * incomingZero;
    // a branch with both fractions 0 (a child of cover 0 off the row's path) adds exactly nothing,
    // and following it would divide by that 0
    if (hotZero > 0 || incomingOne > 0) this.recurse(hot, d + 1, start, hotZero, incomingOne, split);
    if (coldZero > 0) this.recurse(cold, d + 1, start, coldZero, 0, split);
  }

  private extend(s: number, depth: number, zeroFraction: number, oneFraction: number, featureIndex: number): void {
    const { feature, zero, one, pweight } = this;
    feature[s + depth] = featureIndex;
    zero[s + depth] = zeroFraction;
    one[s + depth] = oneFraction;
    pweight[s + depth] = depth === 0 ? 1 : 0;
    const inv = this.inverse[depth + 1];
    for (let i = depth - 1; i >= 0; i--) {
      pweight[s + i + 1] += oneFraction * pweight[s + i] * (i + 1) * inv;
      pweight[s + i] = zeroFraction * pweight[s + i] * (depth - i) * inv;
    }
  }

  private unwind(s: number, depth: number, pathIndex: number): void {
    const { feature, zero, one, pweight } = this;
    const oneFraction = one[s + pathIndex];
    const zeroFraction = zero[s + pathIndex];
    let nextOne = pweight[s + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (oneFraction !== 0) {
        const tmp = pweight[s + i];
        pweight[s + i] = (nextOne * (depth + 1)) / ((i + 1) * oneFraction);
        nextOne = tmp - (pweight[s + i] * zeroFraction * (depth - i)) / (depth + 1);
      } else {
        pweight[s + i] = (pweight[s + i] * (depth + 1)) / (zeroFraction * (depth - i));
      }
    }
    for (let i = pathIndex; i < depth; i++) {
      feature[s + i] = feature[s + i + 1];
      zero[s + i] = zero[s + i + 1];
      one[s + i] = one[s + i + 1];
    }
  }

  private unwoundSum(s: number, depth: number, pathIndex: number): number {
    const { zero, one, pweight, inverse } = this;
    const oneFraction = one[s + pathIndex];
    const zeroFraction = zero[s + pathIndex];
    let total = 0;
    if (oneFraction !== 0) {
      const invOne = 1 / oneFraction;
      let nextOne = pweight[s + depth];
      for (let i = depth - 1; i >= 0; i--) {
        const tmp = nextOne * inverse[i + 1] * invOne;
        total += tmp;
        nextOne = pweight[s + i] - tmp * zeroFraction * (depth - i);
      }
    } else {
      for (let i = depth - 1; i >= 0; i--) total += pweight[s + i] * inverse[depth - i];
      total /= zeroFraction;
    }
    return total * (depth + 1);
  }
}
