/**
 * Quantile binning of the features, done once per fit (like LightGBM and scikit-learn's
 * HistGradientBoosting): every column becomes a Uint8Array of bin codes, column-major,
 * so split search works on small integer histograms instead of sorting raw values.
 */
import type { Matrix } from '../../core/matrix';

/** The binned features: `codes[f][row]` is the bin of row `row` on feature `f`. */
export interface BinnedFeatures {
  rows: number;
  cols: number;
  /** One Uint8Array of bin codes per feature (column-major). */
  codes: Uint8Array[];
  /** The same codes row-major (row × cols), so a small node reads one cache line per row. */
  rowCodes: Uint8Array;
  /** Per feature, the upper edge of every bin but the last: a value x is in bin b when edges[b-1] < x <= edges[b]. */
  edges: Float64Array[];
  /** Number of bins per feature (edges.length + 1). */
  nBins: Int32Array;
  /** The largest nBins over the features. */
  maxBins: number;
}

/** Rows used to place the edges on big data (scikit-learn subsamples 200,000 rows too). */
const EDGE_SAMPLE = 200_000;

/**
 * Bins every column of `X` into at most `maxBins` (2..256) quantile bins. Columns with
 * no more distinct values than `maxBins` get one bin per value, with edges at the
 * midpoints between consecutive values (so thresholds equal scikit-learn's exact ones).
 * NaN goes to bin 0, which every split sends left.
 */
export function binFeatures(X: Matrix, maxBins = 255): BinnedFeatures {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 256) {
    throw new Error(`maxBins must be an integer from 2 to 256, got ${maxBins}`);
  }
  const { rows, cols, data } = X;
  const stride = rows > EDGE_SAMPLE ? rows / EDGE_SAMPLE : 1;
  const sampleSize = Math.min(rows, EDGE_SAMPLE);
  const sample = new Float64Array(sampleSize);
  const codes: Uint8Array[] = [];
  const edgesAll: Float64Array[] = [];
  const nBins = new Int32Array(cols);
  for (let f = 0; f < cols; f++) {
    let m = 0;
    for (let s = 0; s < sampleSize; s++) {
      const x = data[Math.floor(s * stride) * cols + f];
      if (x === x) sample[m++] = x;
    }
    // Few distinct values (counts, flags, one-hot columns): their midpoints, found without sorting every row.
    const few = distinctValues(sample, m, maxBins);
    const edges = few ? midpoints(few) : edgesOf(sample.subarray(0, m).sort(), maxBins);
    edgesAll.push(edges);
    nBins[f] = edges.length + 1;
    codes.push(assignBins(data, rows, cols, f, edges));
  }
  return { rows, cols, codes, rowCodes: rowMajor(codes, rows), edges: edgesAll, nBins, maxBins: Math.max(1, ...nBins) };
}

/** Open-addressing table of distinct values: 4 × 256 slots, so at most a quarter full. */
const TABLE_SIZE = 1024;
const tableKeys = new Float64Array(TABLE_SIZE);
const tableUsed = new Uint8Array(TABLE_SIZE);
const keyBits = new Float64Array(1);
const keyWords = new Uint32Array(keyBits.buffer);

/**
 * The distinct values of values[0..m), ascending, when there are at most `limit` (≤ 256) of
 * them; null when there are more. −0 counts as 0, as the comparisons of edgesOf do.
 */
function distinctValues(values: Float64Array, m: number, limit: number): Float64Array | null {
  tableUsed.fill(0);
  let count = 0;
  for (let i = 0; i < m; i++) {
    const x = values[i] + 0;
    keyBits[0] = x;
    let slot = (Math.imul(keyWords[0] ^ keyWords[1], 0x9e3779b1) >>> 22) & (TABLE_SIZE - 1);
    while (tableUsed[slot] && tableKeys[slot] !== x) slot = (slot + 1) & (TABLE_SIZE - 1);
    if (tableUsed[slot]) continue;
    if (++count > limit) return null;
    tableUsed[slot] = 1;
    tableKeys[slot] = x;
  }
  const out = new Float64Array(count);
  for (let slot = 0, k = 0; slot < TABLE_SIZE; slot++) if (tableUsed[slot]) out[k++] = tableKeys[slot];
  return out.sort();
}

/** Edges at the midpoints between consecutive distinct values (ascending). */
function midpoints(distinct: Float64Array): Float64Array {
  const edges = new Float64Array(Math.max(0, distinct.length - 1));
  for (let i = 1; i < distinct.length; i++) edges[i - 1] = midpoint(distinct[i - 1], distinct[i]);
  return edges;
}

/**
 * Other rows (a fold's test rows) binned with `binned`'s edges, row-major (row × cols) like
 * `rowCodes`: a tree grown on `binned` sends row r left at split (feature f, bin b) exactly when
 * its code is ≤ b, as `x <= edges[f][b]` would (NaN: bin 0, left, as `NaN > threshold` is false).
 */
export function binRowsLike(binned: BinnedFeatures, X: Matrix): Uint8Array {
  if (X.cols !== binned.cols) throw new Error(`binRowsLike: ${X.cols} columns, the binned features have ${binned.cols}`);
  const { rows, cols, data } = X;
  return rowMajor(binned.edges.map((edges, f) => assignBins(data, rows, cols, f, edges)), rows);
}

/** Per-feature codes (column-major) as one row-major array: row i, feature f at i × cols + f. */
function rowMajor(codes: readonly Uint8Array[], rows: number): Uint8Array {
  const cols = codes.length;
  const out = new Uint8Array(rows * cols);
  for (let f = 0; f < cols; f++) {
    const code = codes[f];
    for (let i = 0, o = f; i < rows; i++, o += cols) out[o] = code[i];
  }
  return out;
}

function edgesOf(sorted: Float64Array, maxBins: number): Float64Array {
  const m = sorted.length;
  const distinct: number[] = [];
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) edges.push(midpoint(distinct[i - 1], distinct[i]));
    return Float64Array.from(edges);
  }
  for (let q = 1; q < maxBins; q++) {
    const idx = Math.floor((q * m) / maxBins);
    const lo = sorted[Math.max(0, idx - 1)];
    const hi = sorted[idx];
    const edge = lo === hi ? lo : midpoint(lo, hi);
    if (edge >= sorted[m - 1]) break;
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return Float64Array.from(edges);
}

/** The midpoint of a < b, never equal to b (so b stays on the right of the edge). */
function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  return mid < b ? mid : a;
}

function assignBins(data: Float64Array, rows: number, cols: number, f: number, edges: Float64Array): Uint8Array {
  const out = new Uint8Array(rows);
  const ne = edges.length;
  for (let i = 0; i < rows; i++) {
    const x = data[i * cols + f];
    if (x !== x) continue;
    // The first edge >= x, by halving a window of fixed length (no data-dependent loop exit).
    let lo = 0;
    let len = ne;
    while (len > 1) {
      const half = len >>> 1;
      lo = edges[lo + half - 1] < x ? lo + half : lo;
      len -= half;
    }
    out[i] = ne > 0 && edges[lo] < x ? lo + 1 : lo;
  }
  return out;
}
