/** Stratified group k-fold: groups never straddle folds, and each class is spread evenly over the folds. */
import { Random } from '../../core/random';
import { groupIds, groupKFold } from './group';
import { assertFoldCount, foldsFromAssignment, type Fold } from './folds';

/**
 * Group k-fold for class labels `y`: with exactly k distinct groups each group is one fold (as in
 * groupKFold). Otherwise groups, shuffled with `seed` and taken largest first, go to the fold where
 * the sum over classes of (fold's share of that class)² grows least, smaller folds winning ties.
 */
export function stratifiedGroupKFold(y: ArrayLike<number>, groups: ArrayLike<number>, k = 5, seed = 0): Fold[] {
  const n = y.length;
  if (groups.length !== n) throw new Error(`Length mismatch: ${n} labels, ${groups.length} groups`);
  const { ids, keys } = groupIds(groups);
  const m = keys.length;
  assertFoldCount(k, m, 'distinct groups');
  if (m === k) return groupKFold(groups, k, seed);
  let nClasses = 0;
  for (let i = 0; i < n; i++) nClasses = Math.max(nClasses, y[i] + 1);
  const counts = new Float64Array(m * nClasses);
  const size = new Int32Array(m);
  const classTotal = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) {
    counts[ids[i] * nClasses + y[i]]++;
    size[ids[i]]++;
    classTotal[y[i]]++;
  }
  const order = Array.from(new Random(seed).shuffle(Int32Array.from({ length: m }, (_, i) => i))).sort((a, b) => size[b] - size[a]);
  const load = new Float64Array(k * nClasses);
  const foldSize = new Float64Array(k);
  const foldOfGroup = new Int32Array(m);
  for (const g of order) {
    let best = 0;
    let bestCost = Infinity;
    for (let f = 0; f < k; f++) {
      let cost = 0;
      for (let c = 0; c < nClasses; c++) {
        const add = counts[g * nClasses + c];
        if (add === 0) continue;
        const before = load[f * nClasses + c] / classTotal[c];
        const after = (load[f * nClasses + c] + add) / classTotal[c];
        cost += after * after - before * before;
      }
      if (cost < bestCost - 1e-12 || (Math.abs(cost - bestCost) <= 1e-12 && foldSize[f] < foldSize[best])) {
        best = f;
        bestCost = cost;
      }
    }
    foldOfGroup[g] = best;
    foldSize[best] += size[g];
    for (let c = 0; c < nClasses; c++) load[best * nClasses + c] += counts[g * nClasses + c];
  }
  const assignment = Int32Array.from(ids, (id) => foldOfGroup[id]);
  return foldsFromAssignment(assignment, k);
}
