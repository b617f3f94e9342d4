/** The shape every splitter returns: train and test row indices per fold. */

/** One train/test split: indices into the rows being split. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** Turns a fold number per row into Fold objects (test = rows of fold f, train = the rest). */
export function foldsFromAssignment(assignment: Int32Array, k: number): Fold[] {
  const n = assignment.length;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[assignment[i]]++;
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test = new Int32Array(sizes[f]);
    const train = new Int32Array(n - sizes[f]);
    let t = 0;
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (assignment[i] === f) test[t++] = i;
      else train[r++] = i;
    }
    folds.push({ train, test });
  }
  return folds;
}

/** Checks k against the number of rows (or groups) to split. */
export function assertFoldCount(k: number, available: number, what = 'rows'): void {
  if (!Number.isInteger(k) || k < 2) throw new Error(`The number of folds must be an integer ≥ 2, got ${k}`);
  if (k > available) throw new Error(`Cannot make ${k} folds from ${available} ${what}`);
}
