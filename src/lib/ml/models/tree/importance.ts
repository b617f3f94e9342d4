/** Impurity-based (MDI) feature importance of tree ensembles, as scikit-learn computes it. */
import type { Tree } from './tree';

/**
 * Sum over split nodes of the weighted impurity decrease
 * cover·impurity − Σ children cover·impurity, per feature, divided by the root cover;
 * with `normalizePerTree` each tree's vector is scaled to sum 1 before summing
 * (scikit-learn's forests), without it the raw sums are added (its gradient boosting).
 * The result sums to 1 (all zeros when no tree splits).
 */
export function impurityImportance(trees: readonly Tree[], nFeatures: number, normalizePerTree: boolean): Float64Array {
  const total = new Float64Array(nFeatures);
  const perTree = new Float64Array(nFeatures);
  for (const tree of trees) {
    const sum = impurityDecrease(tree, perTree);
    const scale = normalizePerTree ? sum : tree.cover[0];
    if (scale > 0) for (let f = 0; f < nFeatures; f++) total[f] += perTree[f] / scale;
  }
  return normalize(total);
}

/**
 * One tree's weighted impurity decrease per feature, cover·impurity − Σ children cover·impurity
 * summed over its splits, into `out` (overwritten); returns the sum over features.
 */
export function impurityDecrease(tree: Tree, out: Float64Array): number {
  out.fill(0);
  const { feature, left, right, cover, impurity } = tree;
  for (let i = 0; i < tree.nodeCount; i++) {
    const f = feature[i];
    if (f < 0) continue;
    const l = left[i];
    const r = right[i];
    out[f] += cover[i] * impurity[i] - cover[l] * impurity[l] - cover[r] * impurity[r];
  }
  let sum = 0;
  for (let f = 0; f < out.length; f++) sum += out[f];
  return sum;
}

/** `x` scaled to sum 1 (unchanged when its sum is not positive). */
export function normalize(x: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  if (sum > 0) for (let i = 0; i < x.length; i++) x[i] /= sum;
  return x;
}
