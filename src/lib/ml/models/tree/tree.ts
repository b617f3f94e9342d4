/**
 * One decision tree stored as flat typed arrays (like scikit-learn's `tree_`): node i
 * splits on `feature[i]` (-1 for a leaf) and sends x left when x <= threshold[i]
 * (NaN goes left). Every node keeps its value, cover and impurity, which exact
 * TreeSHAP needs.
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

/** The plain-data form of a tree (typed arrays as number arrays). */
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

/** The tree as plain data. */
export function treeToJSON(tree: Tree): TreeJSON {
  return {
    nValues: tree.nValues,
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
    cover: Array.from(tree.cover),
    impurity: Array.from(tree.impurity),
  };
}

/** Rebuilds a tree from `treeToJSON` output, checking its shape. */
export function treeFromJSON(json: unknown, nFeatures: number): Tree {
  const j = json as Partial<TreeJSON> | null;
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
