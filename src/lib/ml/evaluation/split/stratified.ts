/** Stratified k-fold: each fold keeps the class proportions of the whole. */
import { Random } from '../../core/random';
import { assertFoldCount, foldsFromAssignment, type Fold } from './folds';

/**
 * Stratified k-fold over class labels `y` (integers), shuffled with `seed`. Rows of each class are
 * dealt round-robin into folds after a shuffle, continuing where the previous class stopped,
 * so fold sizes differ by at most one and each class count per fold differs by at most one.
 */
export function stratifiedKFold(y: ArrayLike<number>, k = 5, seed = 0): Fold[] {
  const n = y.length;
  assertFoldCount(k, n);
  const random = new Random(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = byClass.get(y[i]);
    if (list) list.push(i);
    else byClass.set(y[i], [i]);
  }
  const assignment = new Int32Array(n);
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = random.shuffle(byClass.get(label) as number[]);
    for (const row of rows) {
      assignment[row] = next;
      next = (next + 1) % k;
    }
  }
  return foldsFromAssignment(assignment, k);
}
