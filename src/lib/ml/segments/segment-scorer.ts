/**
 * A segmentation that assigns new customers: the clustering matrix's fitted parts (the numeric
 * columns' scaler, each categorical column's encoding) and the segments' centres in that space.
 * Plain data, so it is saved in a model file; a new row goes to its nearest centre, as K-Means
 * assigned the rows it was fitted on.
 */
import { getColumn, type Table } from '../core/table';
import { encodedWidth, levelIndexes, writeIndicators, type CategoricalEncoding } from './categorical-encoding';
import { buildClusteringMatrix, type ClusteringOptions } from './clustering-matrix';
import { buildFeatureMatrix } from './feature-matrix';
import { applyScaler, type ScaleMethod } from './scale';

/** The fitted parts of a segmentation, plain data. */
export interface SegmentScorer {
  /** The chosen columns, as given. */
  features: string[];
  /** The numeric ones, the matrix's first columns, with their scaler. */
  numeric: string[];
  scale: ScaleMethod;
  offset: number[];
  divisor: number[];
  /** The categorical and yes/no columns after them. */
  encodings: CategoricalEncoding[];
  k: number;
  /** Matrix columns. */
  d: number;
  /** Row-major k × d: the mean of each segment's rows in the matrix's space. */
  centroids: number[];
  /** Rows of each segment when it was fitted. */
  sizes: number[];
}

/**
 * The scorer of a segmentation of `table`: its matrix built again as the clustering built it, and
 * each segment's centre the mean of its rows (K-Means' own centres, to rounding).
 * @param segmentOfRow segment of each table row, −1 for rows left out
 */
export function fitSegmentScorer(table: Table, features: readonly string[], options: Partial<ClusteringOptions>, k: number, segmentOfRow: Int32Array): SegmentScorer {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`A segmentation needs a whole number of segments, got ${k}`);
  if (segmentOfRow.length !== table.rowCount) throw new RangeError(`The segments cover ${segmentOfRow.length} rows, the table has ${table.rowCount}`);
  const matrix = buildClusteringMatrix(table, features, options);
  const { n, d, data } = matrix;
  const sums = new Float64Array(k * d);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const c = segmentOfRow[matrix.rows[i]];
    if (c < 0) continue;
    if (c >= k) throw new RangeError(`Row ${matrix.rows[i] + 1} is in segment ${c + 1} of ${k}`);
    sizes[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += data[i * d + j];
  }
  const centroids = Array.from(sums, (s, at) => s / Math.max(1, sizes[Math.floor(at / d)]));
  const { scaler } = matrix;
  return {
    features: [...features],
    numeric: [...matrix.numeric],
    scale: scaler.method,
    offset: Array.from(scaler.offset),
    divisor: Array.from(scaler.divisor),
    encodings: matrix.encodings,
    k,
    d,
    centroids,
    sizes,
  };
}

/** Each row's segment and its distance to that segment's centre. */
export interface SegmentAssignment {
  /** Segment of each table row (0-based), −1 where a chosen column has no value. */
  segment: Int32Array;
  /** Euclidean distance in the matrix's space (NaN for rows left out). */
  distance: Float64Array;
}

/**
 * Puts each row of `table` in its nearest segment. The table must have every chosen column, the
 * numeric ones as numbers; rows with a missing value in one are left out (−1), as the fit left them out.
 */
export function assignSegments(scorer: SegmentScorer, table: Table): SegmentAssignment {
  const categorical = scorer.encodings.map((e) => e.column);
  const raw = buildFeatureMatrix(table, scorer.numeric, categorical);
  const scaler = { method: scorer.scale, offset: Float64Array.from(scorer.offset), divisor: Float64Array.from(scorer.divisor) };
  const scaled = applyScaler(scaler, raw.data, raw.n, raw.d);
  const { d, k, centroids } = scorer;
  const data = new Float64Array(raw.n * d);
  for (let i = 0; i < raw.n; i++) for (let j = 0; j < raw.d; j++) data[i * d + j] = scaled[i * raw.d + j];
  let offset = raw.d;
  for (const encoding of scorer.encodings) {
    writeIndicators(encoding, levelIndexes(getColumn(table, encoding.column), encoding, raw.rows), data, d, offset);
    offset += encodedWidth(encoding);
  }
  if (offset !== d) throw new Error(`The segmentation has ${d} matrix columns, its columns give ${offset}`);
  const segment = new Int32Array(table.rowCount).fill(-1);
  const distance = new Float64Array(table.rowCount).fill(NaN);
  for (let i = 0; i < raw.n; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[i * d + j] - centroids[c * d + j]) ** 2;
      if (s < bestDistance) {
        bestDistance = s;
        best = c;
      }
    }
    segment[raw.rows[i]] = best;
    distance[raw.rows[i]] = Math.sqrt(bestDistance);
  }
  return { segment, distance };
}
