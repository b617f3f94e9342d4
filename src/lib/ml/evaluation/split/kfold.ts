/** Shuffled k-fold and repeated k-fold. */
import { Random } from '../../core/random';
import { assertFoldCount, foldsFromAssignment, type Fold } from './folds';

/**
 * K-fold over n rows, shuffled with `seed`; fold sizes differ by at most one (first folds larger, like sklearn).
 * @param k number of folds (default 5)
 */
export function kFold(n: number, k = 5, seed = 0): Fold[] {
  assertFoldCount(k, n);
  const order = new Random(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const assignment = new Int32Array(n);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let i = start; i < start + size; i++) assignment[order[i]] = f;
    start += size;
  }
  return foldsFromAssignment(assignment, k);
}

/** `repeats` independent shuffled k-folds (k·repeats folds), each seeded from `seed`. */
export function repeatedKFold(n: number, k = 5, repeats = 2, seed = 0): Fold[] {
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`repeats must be a positive integer, got ${repeats}`);
  const random = new Random(seed);
  const folds: Fold[] = [];
  for (let r = 0; r < repeats; r++) folds.push(...kFold(n, k, random.nextUint32()));
  return folds;
}

/** One shuffled train/test split with `testFraction` of the rows (default 0.2) in test. */
export function holdout(n: number, testFraction = 0.2, seed = 0): Fold[] {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`testFraction must be between 0 and 1, got ${testFraction}`);
  const nTest = Math.round(n * testFraction);
  if (nTest < 1 || nTest >= n) throw new Error(`A ${testFraction} holdout of ${n} rows leaves an empty side`);
  const order = new Random(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const assignment = new Int32Array(n);
  for (let i = nTest; i < n; i++) assignment[order[i]] = 1;
  return [foldsFromAssignment(assignment, 2)[0]];
}
