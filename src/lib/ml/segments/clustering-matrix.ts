/**
 * The one matrix K-Means, silhouette, Ward and PCA all read: the chosen numeric columns scaled
 * (scale.ts), then each chosen categorical or yes/no column encoded by the weight rule of
 * categorical-encoding.ts. Rows with a missing value in any chosen column are left out.
 */
import { getColumn, type Table } from '../core/table';
import { categoricalKindOf, defaultCategoricalWeight, encodedNames, encodedWidth, fitCategoricalEncoding, levelIndexes, writeIndicators, type CategoricalEncoding } from './categorical-encoding';
import { buildFeatureMatrix, type FeatureMatrix } from './feature-matrix';
import { applyScaler, fitScaler, type ScaleMethod, type Scaler } from './scale';

/** How the chosen columns become the matrix. */
export interface ClusteringOptions {
  /** Scaling of the numeric columns. */
  scale: ScaleMethod;
  /** w of the weight rule: how many standardised numeric columns each categorical counts as (0 = none). */
  categoricalWeight: number;
}

/** Standard scaling, categorical weight 1. */
export const defaultClusteringOptions: ClusteringOptions = { scale: 'standard', categoricalWeight: defaultCategoricalWeight };

/** The matrix (numeric columns scaled, then the categorical indicators) and how it was made, plain data. */
export interface ClusteringMatrix extends FeatureMatrix {
  /** The chosen columns, as given. */
  features: string[];
  /** The numeric ones: the matrix's first columns, in this order. */
  numeric: string[];
  /** The numeric columns' fitted scaler. */
  scaler: Scaler;
  /** v of the weight rule: the variance of a typical scaled numeric column. */
  referenceVariance: number;
  /** The categorical and yes/no columns after the numeric ones, in the order chosen. */
  encodings: CategoricalEncoding[];
}

/**
 * Builds the clustering matrix of `features` (numeric, yes/no and categorical columns of `table`).
 * `names` are the matrix columns: each numeric column, then `column = level` per indicator.
 */
export function buildClusteringMatrix(table: Table, features: readonly string[], options: Partial<ClusteringOptions> = {}): ClusteringMatrix {
  const o = { ...defaultClusteringOptions, ...options };
  const weight = o.categoricalWeight;
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) throw new RangeError(`The categorical weight must be a number of at least 0, got ${String(weight)}`);
  const numeric: string[] = [];
  const categorical: string[] = [];
  for (const name of features) (categoricalKindOf(getColumn(table, name)) ? categorical : numeric).push(name);
  const raw = buildFeatureMatrix(table, numeric, categorical);
  const scaler = fitScaler(raw.data, raw.n, raw.d, o.scale);
  const scaled = applyScaler(scaler, raw.data, raw.n, raw.d);
  const referenceVariance = referenceVarianceOf(o.scale, scaled, raw.n, raw.d);
  const encodings = categorical.map((name) => fitCategoricalEncoding(getColumn(table, name), raw.rows, weight, referenceVariance));
  const d = raw.d + encodings.reduce((s, e) => s + encodedWidth(e), 0);
  const n = raw.n;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < raw.d; j++) data[i * d + j] = scaled[i * raw.d + j];
  let offset = raw.d;
  encodings.forEach((encoding, c) => {
    writeIndicators(encoding, levelIndexes(getColumn(table, categorical[c]), encoding, raw.rows), data, d, offset);
    offset += encodedWidth(encoding);
  });
  return {
    data,
    n,
    d,
    names: [...numeric, ...encodings.flatMap(encodedNames)],
    rows: raw.rows,
    dropped: raw.dropped,
    features: [...features],
    numeric,
    scaler,
    referenceVariance,
    encodings,
  };
}

/**
 * v of the weight rule: 1 under standard scaling (a standardised column has variance 1), else the
 * mean population variance of the scaled numeric columns that vary; 1 when none does.
 */
export function referenceVarianceOf(method: ScaleMethod, scaled: Float64Array, n: number, d: number): number {
  if (method === 'standard') return 1;
  let sum = 0;
  let varying = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += scaled[i * d + j];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (scaled[i * d + j] - mean) ** 2;
    if (ss > 0) {
      sum += ss / n;
      varying++;
    }
  }
  return varying ? sum / varying : 1;
}

/**
 * One customer in the matrix's space (a what-if profile): numeric values scaled, categorical and
 * yes/no values encoded as the matrix's rows were; null when a chosen column has no usable value
 * (a level the fit never kept counts as "Other" when there is one).
 * @param valueOf a column's value: a number (numeric, yes/no 0/1) or a level's text
 */
export function encodeRow(matrix: Pick<ClusteringMatrix, 'd' | 'numeric' | 'scaler' | 'encodings'>, valueOf: (column: string) => number | string | null | undefined): Float64Array | null {
  const out = new Float64Array(matrix.d);
  for (let j = 0; j < matrix.numeric.length; j++) {
    const v = valueOf(matrix.numeric[j]);
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    out[j] = (v - matrix.scaler.offset[j]) / matrix.scaler.divisor[j];
  }
  let offset = matrix.numeric.length;
  for (const encoding of matrix.encodings) {
    const v = valueOf(encoding.column);
    let level: number;
    if (encoding.kind === 'flag') level = v === 1 || v === encoding.levels[1] ? 1 : v === 0 || v === encoding.levels[0] ? 0 : -1;
    else {
      const kept = encoding.grouped > 0 ? encoding.levels.length - 1 : encoding.levels.length;
      const text = typeof v === 'number' ? String(v) : v;
      const at = text === null || text === undefined || text === '' ? -1 : encoding.levels.slice(0, kept).indexOf(text);
      level = at >= 0 ? at : text && encoding.grouped > 0 ? kept : -1;
    }
    if (level < 0) return null;
    writeIndicators(encoding, Int32Array.of(level), out, matrix.d, offset);
    offset += encodedWidth(encoding);
  }
  return out;
}
