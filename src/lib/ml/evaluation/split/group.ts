/** Group k-fold: rows sharing a group value never straddle train and test. */
import { Random } from '../../core/random';
import { assertFoldCount, foldsFromAssignment, type Fold } from './folds';

/**
 * Dense group ids 0..m−1 per row, in order of first appearance, and the group value of each id;
 * a negative or NaN group value makes the row its own group (key −1 − row).
 */
export function groupIds(groups: ArrayLike<number>): { ids: Int32Array; keys: number[] } {
  const n = groups.length;
  const ids = new Int32Array(n);
  const index = new Map<number, number>();
  const keys: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    const key = g < 0 || Number.isNaN(g) ? -1 - i : g;
    let id = index.get(key);
    if (id === undefined) {
      id = keys.length;
      index.set(key, id);
      keys.push(key);
    }
    ids[i] = id;
  }
  return { ids, keys };
}

/**
 * Group k-fold over a group id per row (any integers, e.g. category codes; −1 = its own group per row).
 * With exactly k distinct groups each group is one fold, in ascending group order (so a column of
 * precomputed fold numbers reproduces those folds). Otherwise groups are shuffled with `seed`, then
 * placed largest first into the currently smallest fold (sklearn's GroupKFold balancing, seeded).
 */
export function groupKFold(groups: ArrayLike<number>, k = 5, seed = 0): Fold[] {
  const n = groups.length;
  const { ids, keys } = groupIds(groups);
  const m = keys.length;
  assertFoldCount(k, m, 'distinct groups');
  const foldOfGroup = new Int32Array(m);
  if (m === k) {
    const sorted = keys.map((key, id) => ({ key, id })).sort((a, b) => a.key - b.key);
    sorted.forEach((g, f) => (foldOfGroup[g.id] = f));
  } else {
    const size = new Int32Array(m);
    for (let i = 0; i < n; i++) size[ids[i]]++;
    const order = new Random(seed).shuffle(Int32Array.from({ length: m }, (_, i) => i));
    // Stable sort keeps the seeded order among equal sizes.
    const byDescendingSize = Array.from(order).sort((a, b) => size[b] - size[a]);
    const load = new Float64Array(k);
    for (const g of byDescendingSize) {
      let best = 0;
      for (let f = 1; f < k; f++) if (load[f] < load[best]) best = f;
      foldOfGroup[g] = best;
      load[best] += size[g];
    }
  }
  const assignment = new Int32Array(n);
  for (let i = 0; i < n; i++) assignment[i] = foldOfGroup[ids[i]];
  return foldsFromAssignment(assignment, k);
}
