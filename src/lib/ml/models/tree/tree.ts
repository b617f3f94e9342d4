/**
 * One decision tree stored as flat typed arrays (like scikit-learn's `tree_`): node i
 * splits on `feature[i]` (-1 for a leaf) and sends x left when x <= threshold[i]
 * (NaN goes left). Every node keeps its value, cover and impurity (exact TreeSHAP reads the
 * leaves' values and every cover); a tree read from a model file has no impurities (NaN).
 */

/** A fitted tree as flat arrays indexed by node; node 0 is the root. */
export interface Tree {
  nodeCount: number;
  /** Values per node: 1 for regression and boosting, K class probabilities for a classification forest. */
  nValues: number;
  /** Split feature, -1 for a leaf. */
  feature: Int32Array;
  /** Split threshold in feature units: go left when x <= threshold. */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** nodeCount × nValues: the node's prediction (mean, class probabilities or boosting step). */
  value: Float64Array;
  /** Weighted training sample count reaching the node. */
  cover: Float64Array;
  /** Node impurity: weighted variance (regression, boosting targets) or Gini (classification). */
  impurity: Float64Array;
}

/** The full plain-data form of a tree (typed arrays as number arrays), as model files before the compact form held it. */
export interface TreeJSON {
  nValues: number;
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
  impurity: number[];
}

/** The leaf reached by row `row` of the row-major `data` with `cols` columns. */
export function findLeaf(tree: Tree, data: Float64Array, cols: number, row: number): number {
  const { feature, threshold, left, right } = tree;
  const base = row * cols;
  let node = 0;
  let f = feature[0];
  while (f >= 0) {
    node = data[base + f] > threshold[node] ? right[node] : left[node];
    f = feature[node];
  }
  return node;
}

/** findLeaves's packed nodes, reused (fresh memory costs a page fault per 4 KB, as much as the packing). */
let packedNodes = new ArrayBuffer(0);

/**
 * The leaf each of the first `rows` rows of the row-major `data` (`cols` per row) reaches, into
 * `out`: what `findLeaf` gives row by row. A grown tree's children are adjacent (right = left + 1),
 * so for many rows the tree is first packed into one 16-byte record per node (threshold,
 * feature, left child): one cache line per level instead of four arrays' (about 20 % faster
 * on a tree of 200,000 nodes). Few rows, or children not adjacent (a tree read from a model file), walk
 * the arrays as `findLeaf` does.
 */
export function findLeaves(tree: Tree, data: Float64Array, cols: number, rows: number, out: Int32Array): void {
  const { feature, left, right, threshold, nodeCount } = tree;
  let isAdjacent = rows * 64 >= nodeCount;
  for (let i = 0; isAdjacent && i < nodeCount; i++) if (feature[i] >= 0 && right[i] !== left[i] + 1) isAdjacent = false;
  if (!isAdjacent) {
    for (let r = 0; r < rows; r++) out[r] = findLeaf(tree, data, cols, r);
    return;
  }
  if (packedNodes.byteLength < nodeCount * 16) packedNodes = new ArrayBuffer(nodeCount * 32);
  const at = new Float64Array(packedNodes);
  const word = new Int32Array(packedNodes);
  for (let i = 0; i < nodeCount; i++) {
    at[2 * i] = threshold[i];
    word[4 * i + 2] = feature[i];
    word[4 * i + 3] = left[i];
  }
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let node = 0;
    let f = word[2];
    while (f >= 0) {
      const first = word[4 * node + 3];
      node = data[base + f] > at[2 * node] ? first + 1 : first;
      f = word[4 * node + 2];
    }
    out[r] = node;
  }
}

/**
 * `findLeaves` on binned rows: `codes` row-major (rows × cols, binning.ts `binRowsLike` with the
 * edges the tree was grown on) and the split bin per node (`splitBin`, the grower's); row r goes
 * left at a split when its code is ≤ the split's bin, which is `x <= threshold` exactly. Eight
 * bytes a node and one byte a feature, where the float walk reads 16 and 8: the 40,000 test rows
 * of a 200,000-row fold stay in cache. Returns false, and writes nothing, for a tree whose
 * children are not adjacent or whose split bins are not stored (the caller then walks the floats).
 */
export function findLeavesByCode(tree: Tree, splitBin: Int32Array, codes: Uint8Array, cols: number, rows: number, out: Int32Array): boolean {
  const { feature, left, right, nodeCount } = tree;
  if (packedCodeNodes.length < 2 * nodeCount) packedCodeNodes = new Int32Array(4 * nodeCount);
  const rec = packedCodeNodes;
  for (let i = 0; i < nodeCount; i++) {
    const f = feature[i];
    if (f >= 0 && (right[i] !== left[i] + 1 || !(splitBin[i] >= 0 && splitBin[i] <= 255))) return false;
    rec[2 * i] = f < 0 ? -1 : (f << 8) | splitBin[i];
    rec[2 * i + 1] = left[i];
  }
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let node = 0;
    let w = rec[0];
    while (w >= 0) {
      node = codes[base + (w >> 8)] > (w & 255) ? rec[2 * node + 1] + 1 : rec[2 * node + 1];
      w = rec[2 * node];
    }
    out[r] = node;
  }
  return true;
}

/** `findLeavesByCode`'s packed nodes, reused from tree to tree (fresh memory costs page faults). */
let packedCodeNodes = new Int32Array(0);

/**
 * The compact plain-data form of a tree (what model files hold): nodes in depth-first order, left
 * subtree first, so a split's left child is the next node and its right child the node after its
 * left subtree; thresholds are kept for splits only, values and covers for leaves only (a split's
 * cover is the sum of its children's, its value is not used to score or explain), impurities not
 * at all (a forest keeps its impurity importance instead). About a fifth of the full form's size.
 */
export interface CompactTreeJSON {
  layout: 'preorder';
  nValues: number;
  /** Per node in depth-first order: the split feature, -1 for a leaf. */
  feature: number[];
  /** Per split, in node order. */
  threshold: number[];
  /** Per leaf, in node order: nValues values each. */
  value: number[];
  /** Per leaf, in node order. */
  cover: number[];
}

/** The tree as compact plain data (see {@link CompactTreeJSON}). */
export function treeToJSON(tree: Tree): CompactTreeJSON {
  const { feature: f, threshold: t, left, right, value: v, cover: c, nValues } = tree;
  const feature: number[] = [];
  const threshold: number[] = [];
  const value: number[] = [];
  const cover: number[] = [];
  const stack = [0];
  while (stack.length) {
    const node = stack.pop()!;
    feature.push(f[node]);
    if (f[node] >= 0) {
      threshold.push(t[node]);
      stack.push(right[node], left[node]);
    } else {
      for (let k = 0; k < nValues; k++) value.push(v[node * nValues + k]);
      cover.push(c[node]);
    }
  }
  return { layout: 'preorder', nValues, feature, threshold, value, cover };
}

/** Rebuilds a tree from `treeToJSON` output (or the full form of older model files), checking its shape. */
export function treeFromJSON(json: unknown, nFeatures: number): Tree {
  const j = json as Record<string, unknown> | null;
  if (j && typeof j === 'object' && j.layout === 'preorder') return treeFromCompact(j as Partial<CompactTreeJSON>, nFeatures);
  return treeFromFull(j as Partial<TreeJSON> | null, nFeatures);
}

function treeFromCompact(j: Partial<CompactTreeJSON>, nFeatures: number): Tree {
  const fields = ['feature', 'threshold', 'value', 'cover'] as const;
  if (typeof j.nValues !== 'number' || !(j.nValues >= 1) || fields.some((k) => !Array.isArray(j[k]))) {
    throw new Error('Invalid tree JSON: expected nValues and arrays feature, threshold, value, cover');
  }
  const nValues = j.nValues;
  const features = j.feature!;
  const n = features.length;
  const tree: Tree = {
    nodeCount: n,
    nValues,
    feature: Int32Array.from(features),
    threshold: new Float64Array(n),
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    value: new Float64Array(n * nValues),
    cover: new Float64Array(n),
    impurity: new Float64Array(n).fill(NaN),
  };
  const splits = tree.feature.reduce((count, f) => count + (f >= 0 ? 1 : 0), 0);
  const leaves = n - splits;
  if (n === 0 || j.threshold!.length !== splits || j.value!.length !== leaves * nValues || j.cover!.length !== leaves) {
    throw new Error(`Invalid tree JSON: ${n} nodes with ${splits} splits need ${splits} thresholds, ${leaves * nValues} values and ${leaves} covers`);
  }
  // Children from the depth-first order: each node is the left child of the split before it, or
  // else the right child of the deepest split still waiting for one.
  const waiting: number[] = [];
  let split = 0;
  let leaf = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const parent = waiting.at(-1);
      if (parent === undefined) throw new Error(`Invalid tree JSON: node ${i} lies outside the tree`);
      if (tree.left[parent] < 0) tree.left[parent] = i;
      else {
        tree.right[parent] = i;
        waiting.pop();
      }
    }
    const f = tree.feature[i];
    if (f >= nFeatures) throw new Error(`Invalid tree JSON: node ${i} splits on feature ${f} of ${nFeatures}`);
    if (f >= 0) {
      tree.threshold[i] = j.threshold![split++];
      waiting.push(i);
    } else {
      for (let k = 0; k < nValues; k++) tree.value[i * nValues + k] = j.value![leaf * nValues + k];
      tree.cover[i] = j.cover![leaf++];
    }
  }
  if (waiting.length) throw new Error('Invalid tree JSON: a split lacks a child');
  // Splits: cover is the children's sum; value their cover-weighted mean (read by nothing that scores).
  for (let i = n - 1; i >= 0; i--) {
    if (tree.feature[i] < 0) continue;
    const l = tree.left[i];
    const r = tree.right[i];
    const c = tree.cover[l] + tree.cover[r];
    tree.cover[i] = c;
    for (let k = 0; k < nValues; k++) {
      tree.value[i * nValues + k] = c > 0 ? (tree.cover[l] * tree.value[l * nValues + k] + tree.cover[r] * tree.value[r * nValues + k]) / c : 0;
    }
  }
  return tree;
}

function treeFromFull(j: Partial<TreeJSON> | null, nFeatures: number): Tree {
  const fields = ['feature', 'threshold', 'left', 'right', 'value', 'cover', 'impurity'] as const;
  if (!j || typeof j !== 'object' || typeof j.nValues !== 'number' || fields.some((k) => !Array.isArray(j[k]))) {
    throw new Error('Invalid tree JSON: expected nValues and arrays feature, threshold, left, right, value, cover, impurity');
  }
  const n = j.feature!.length;
  for (const k of fields) {
    const expected = k === 'value' ? n * j.nValues : n;
    if (j[k]!.length !== expected) throw new Error(`Invalid tree JSON: ${k} has ${j[k]!.length} entries, expected ${expected}`);
  }
  const tree: Tree = {
    nodeCount: n,
    nValues: j.nValues,
    feature: Int32Array.from(j.feature!),
    threshold: Float64Array.from(j.threshold!),
    left: Int32Array.from(j.left!),
    right: Int32Array.from(j.right!),
    value: Float64Array.from(j.value!),
    cover: Float64Array.from(j.cover!),
    impurity: Float64Array.from(j.impurity!),
  };
  for (let i = 0; i < n; i++) {
    const f = tree.feature[i];
    if (f >= nFeatures) throw new Error(`Invalid tree JSON: node ${i} splits on feature ${f} of ${nFeatures}`);
    if (f >= 0 && !(tree.left[i] > i && tree.left[i] < n && tree.right[i] > i && tree.right[i] < n)) {
      throw new Error(`Invalid tree JSON: node ${i} has children outside the tree`);
    }
  }
  return tree;
}
