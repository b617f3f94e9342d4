/**
 * In-place partition of a node's row positions (one Int32Array for all nodes, like
 * scikit-learn's `samples`), moving the aligned weights and targets alongside.
 */

/** Moves positions whose code is <= b to the front of [start, end), with h and v; out[0] = Σ v²/h on the left. */
export function partitionScalar(rows: Int32Array, h: Float64Array, v: Float64Array, code: Uint8Array, start: number, end: number, b: number, out: Float64Array): number {
  let i = start;
  let j = end - 1;
  let QL = 0;
  while (i <= j) {
    if (code[rows[i]] <= b) {
      QL += (v[i] * v[i]) / h[i];
      i++;
    } else {
      const tr = rows[i];
      rows[i] = rows[j];
      rows[j] = tr;
      const th = h[i];
      h[i] = h[j];
      h[j] = th;
      const tv = v[i];
      v[i] = v[j];
      v[j] = tv;
      j--;
    }
  }
  out[0] = QL;
  return i;
}

/** partitionScalar for class targets: out[0] = Σ h on the left. */
export function partitionClasses(rows: Int32Array, h: Float64Array, cls: Int32Array, code: Uint8Array, start: number, end: number, b: number, out: Float64Array): number {
  let i = start;
  let j = end - 1;
  let QL = 0;
  while (i <= j) {
    if (code[rows[i]] <= b) {
      QL += h[i];
      i++;
    } else {
      const tr = rows[i];
      rows[i] = rows[j];
      rows[j] = tr;
      const th = h[i];
      h[i] = h[j];
      h[j] = th;
      const tc = cls[i];
      cls[i] = cls[j];
      cls[j] = tc;
      j--;
    }
  }
  out[0] = QL;
  return i;
}

// Run each partition once on one row at load time: V8 otherwise on-stack-replaces the
// first long loop before the store after it has type feedback, and keeps reusing that
// code, deoptimizing on every call (seen with --trace-deopt: thousands per tree).
partitionScalar(new Int32Array(1), new Float64Array([1]), new Float64Array(1), new Uint8Array(1), 0, 1, 0, new Float64Array(1));
partitionClasses(new Int32Array(1), new Float64Array([1]), new Int32Array(1), new Uint8Array(1), 0, 1, 0, new Float64Array(1));

