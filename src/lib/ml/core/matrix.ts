/** A dense row-major matrix of float64: row i, column j is `data[i * cols + j]`. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A zero matrix of the given shape. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** A matrix from nested arrays (tests and small inputs only, never on a hot path). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows.length ? rows[0].length : 0;
  const m = zeros(rows.length, cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`Row ${i} has ${r.length} values, expected ${cols}`);
    m.data.set(r, i * cols);
  });
  return m;
}

/** The rows of `m` listed in `index`, in that order, as a new matrix. */
export function takeRows(m: Matrix, index: ArrayLike<number>): Matrix {
  const out = zeros(index.length, m.cols);
  for (let i = 0; i < index.length; i++) {
    const from = index[i] * m.cols;
    out.data.set(m.data.subarray(from, from + m.cols), i * m.cols);
  }
  return out;
}
