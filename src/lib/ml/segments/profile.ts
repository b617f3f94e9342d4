/**
 * Segment profiles: per segment the mean and median of each numeric column, the z-score
 * of the segment mean against all clustered rows, and the mix of each categorical column.
 */
import type { CategoryColumn, NumberColumn, Table } from '../core/table';

/** The mix of one categorical column in each segment. */
export interface CategoryMix {
  name: string;
  dictionary: string[];
  /** Share of each level per segment, row-major k×levels (missing values left out). */
  share: Float64Array;
}

/** Everything the heatmap and persona cards need, plain data. */
export interface SegmentProfile {
  k: number;
  sizes: number[];
  /** Numeric columns profiled, in order. */
  features: string[];
  /** Row-major k×features. */
  mean: Float64Array;
  median: Float64Array;
  /** (segment mean − overall mean) / overall population std; 0 for a constant column. */
  z: Float64Array;
  overallMean: Float64Array;
  overallStd: Float64Array;
  categorical: CategoryMix[];
}

/**
 * Profiles segments of the clustered rows.
 * @param rows the table row of each label
 * @param labels segment of each clustered row, in [0, k)
 */
export function profileSegments(table: Table, rows: Int32Array, labels: Int32Array, k: number): SegmentProfile {
  if (rows.length !== labels.length) throw new RangeError(`rows (${rows.length}) and labels (${labels.length}) differ in length`);
  const numeric = table.columns.filter(
    (c): c is NumberColumn => c.storage === 'number' && (c.type === 'numeric' || c.type === 'boolean') && c.role !== 'ignore' && c.role !== 'id',
  );
  const categories = table.columns.filter(
    (c): c is CategoryColumn => c.storage === 'category' && (c.type === 'categorical' || c.type === 'boolean') && c.dictionary.length <= 50,
  );
  const f = numeric.length;
  const n = rows.length;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const mean = new Float64Array(k * f);
  const median = new Float64Array(k * f);
  const z = new Float64Array(k * f);
  const overallMean = new Float64Array(f);
  const overallStd = new Float64Array(f);
  const buckets = Array.from({ length: k }, (_, c) => new Float64Array(sizes[c]));
  const fill = new Int32Array(k);
  numeric.forEach((column, j) => {
    const values = column.values;
    const sum = new Float64Array(k);
    const count = new Float64Array(k);
    fill.fill(0);
    let total = 0;
    let totalCount = 0;
    for (let i = 0; i < n; i++) {
      const v = values[rows[i]];
      if (Number.isNaN(v)) continue;
      const c = labels[i];
      sum[c] += v;
      count[c]++;
      buckets[c][fill[c]++] = v;
      total += v;
      totalCount++;
    }
    const mu = totalCount ? total / totalCount : Number.NaN;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = values[rows[i]];
      if (!Number.isNaN(v)) ss += (v - mu) * (v - mu);
    }
    const sd = totalCount ? Math.sqrt(ss / totalCount) : Number.NaN;
    overallMean[j] = mu;
    overallStd[j] = sd;
    for (let c = 0; c < k; c++) {
      const m = count[c] ? sum[c] / count[c] : Number.NaN;
      mean[c * f + j] = m;
      median[c * f + j] = medianOf(buckets[c].subarray(0, fill[c]));
      z[c * f + j] = sd > 0 ? (m - mu) / sd : 0;
    }
  });
  const categorical = categories.map((column) => {
    const levels = column.dictionary.length;
    const share = new Float64Array(k * levels);
    const count = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const code = column.codes[rows[i]];
      if (code < 0) continue;
      share[labels[i] * levels + code]++;
      count[labels[i]]++;
    }
    for (let c = 0; c < k; c++) for (let l = 0; l < levels; l++) if (count[c]) share[c * levels + l] /= count[c];
    return { name: column.name, dictionary: [...column.dictionary], share };
  });
  return { k, sizes, features: numeric.map((c) => c.name), mean, median, z, overallMean, overallStd, categorical };
}

function medianOf(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
