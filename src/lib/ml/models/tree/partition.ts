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


/**
 * The bin codes of every row, copied in sample-position order (`bytes[p × stride + f]` is the
 * code of the row at position p on feature f) and moved with the rows by the partitions below,
 * so the scans of a node read its codes in order from one block instead of one scattered row
 * of `rowCodes` per sample. Each row takes `stride` bytes (cols rounded up to 4), moved as
 * `words` 32-bit words.
 */
export class PositionCodes {
  readonly stride: number;
  readonly words: number;
  readonly bytes: Uint8Array;
  readonly packed: Int32Array;

  /**
   * @param rows rows of the data set; @param cols features
   * @param buffer where to keep the codes (a WebAssembly memory's), from byte `byteOffset` (a multiple of 4); default: their own buffer
   */
  constructor(rows: number, cols: number, buffer?: ArrayBuffer, byteOffset = 0) {
    this.words = Math.ceil(cols / 4);
    this.stride = this.words * 4;
    this.packed = buffer ? new Int32Array(buffer, byteOffset, rows * this.words) : new Int32Array(rows * this.words);
    this.bytes = new Uint8Array(this.packed.buffer, this.packed.byteOffset, this.packed.byteLength);
  }

  /** Copies the codes of rows[0..n) from the row-major `rowCodes` (cols per row). */
  fill(rows: Int32Array, n: number, rowCodes: Uint8Array, cols: number): void {
    const { bytes, stride } = this;
    for (let p = 0; p < n; p++) {
      const from = rows[p] * cols;
      const to = p * stride;
      for (let f = 0; f < cols; f++) bytes[to + f] = rowCodes[from + f];
    }
  }
}

/** partitionScalar on feature f's position codes, moving the codes with the rows. */
export function partitionScalarCodes(rows: Int32Array, h: Float64Array, v: Float64Array, codes: PositionCodes, f: number, start: number, end: number, b: number, out: Float64Array): number {
  const { bytes, packed, stride, words } = codes;
  let i = start;
  let j = end - 1;
  let QL = 0;
  while (i <= j) {
    if (bytes[i * stride + f] <= b) {
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
      for (let w = 0, a = i * words, z = j * words; w < words; w++, a++, z++) {
        const t = packed[a];
        packed[a] = packed[z];
        packed[z] = t;
      }
      j--;
    }
  }
  out[0] = QL;
  return i;
}

/** partitionClasses on feature f's position codes, moving the codes with the rows. */
export function partitionClassesCodes(rows: Int32Array, h: Float64Array, cls: Int32Array, codes: PositionCodes, f: number, start: number, end: number, b: number, out: Float64Array): number {
  const { bytes, packed, stride, words } = codes;
  let i = start;
  let j = end - 1;
  let QL = 0;
  while (i <= j) {
    if (bytes[i * stride + f] <= b) {
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
      for (let w = 0, a = i * words, z = j * words; w < words; w++, a++, z++) {
        const t = packed[a];
        packed[a] = packed[z];
        packed[z] = t;
      }
      j--;
    }
  }
  out[0] = QL;
  return i;
}

{
  // Warm-up on one row, as for the partitions above.
  const codes = new PositionCodes(1, 1);
  partitionScalarCodes(new Int32Array(1), new Float64Array([1]), new Float64Array(1), codes, 0, 0, 1, 0, new Float64Array(1));
  partitionClassesCodes(new Int32Array(1), new Float64Array([1]), new Int32Array(1), codes, 0, 0, 1, 0, new Float64Array(1));
}
