/** Checks shared by the clustering functions, each error naming the problem. */

/** Throws unless `data` is a finite row-major n×d matrix with n ≥ 1 and d ≥ 1. */
export function assertMatrix(data: Float64Array, n: number, d: number): void {
  assertShape(data, n, d);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const what = Number.isNaN(data[i]) ? 'NaN' : 'an infinite value';
      throw new RangeError(`data contains ${what} at row ${Math.floor(i / d)}, column ${i % d}; drop or impute missing values first`);
    }
  }
}

/** Throws unless `data` has the length of a row-major n×d matrix with n ≥ 1 and d ≥ 1. */
export function assertShape(data: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d must be a positive integer (number of features), got ${d}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer (number of rows), got ${n}`);
  if (data.length !== n * d) throw new RangeError(`data has ${data.length} values, expected n×d = ${n}×${d} = ${n * d}`);
}

/** Throws unless 1 ≤ k ≤ n. */
export function assertK(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (k > n) throw new RangeError(`k (${k}) must not exceed the number of rows (${n})`);
}

/** Throws unless `labels` has n entries in [0, k). */
export function assertLabels(labels: Int32Array, n: number): void {
  if (labels.length !== n) throw new RangeError(`labels has ${labels.length} entries, expected ${n}`);
}
