/**
 * Segment profiles: per segment the mean and median of each numeric column, the z-score
 * of the segment mean against all clustered rows, and the mix of each categorical column.
 * The columns profiled are the clustered ones, then outcomes and yes/no columns, then the other
 * numeric columns, at most {@link maxProfiledColumns} in all (a wide file profiles a readable set).
 * Yes/no columns are profiled as the share of their positive word (`Churn` = Yes). Each clustered
 * categorical or yes/no column also gets its share of every level per segment, in the file's words.
 */
import { booleanText, getColumn, type CategoryColumn, type NumberColumn, type Table } from '../core/table';
import { levelIndexes, type CategoricalEncoding } from './categorical-encoding';
import { defaultPositive, isOutcomeName } from '../labels/label';
import { isYearLike } from '../data/years';

/** The most numeric columns a profile holds (the clustered ones always). */
export const maxProfiledColumns = 60;

/** A yes/no column of the profile: its mean is the share of rows with `positive`. */
export interface ProfiledFlag {
  /** Index into `features`. */
  feature: number;
  /** The file's word for the value counted (Yes, churned, 1…). */
  positive: string;
  /** Named like an outcome (churn, response…) or the target. */
  isOutcome: boolean;
}

/** The mix of one categorical column in each segment. */
export interface CategoryMix {
  name: string;
  /** Levels in the file's words (for a clustered column, its encoding's levels: "Other" last when some were grouped). */
  dictionary: string[];
  /** Share of each level per segment, row-major k×levels (missing values left out). */
  share: Float64Array;
  /** Share of each level among all profiled rows. */
  overall: Float64Array;
  /** Clustered on (one of the run's categorical or yes/no columns). */
  isClustered: boolean;
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
  /** The clustered categorical and yes/no columns first (in the order chosen), then every other categorical of at most 50 levels. */
  categorical: CategoryMix[];
  /** The columns clustered on (a prefix of `features` when given to {@link profileSegments}). */
  clustered: string[];
  /** Yes/no columns among `features`, each with the word whose share its mean is. */
  flags: ProfiledFlag[];
  /** Whole-number columns of years (see isYearLike): shown without a thousands separator. */
  yearLike: boolean[];
}

/**
 * Profiles segments of the clustered rows.
 * @param rows the table row of each label
 * @param labels segment of each clustered row, in [0, k)
 * @param clustered the columns clustered on (default none)
 * @param encodings how the clustered categorical and yes/no columns were encoded (default none)
 */
export function profileSegments(
  table: Table,
  rows: Int32Array,
  labels: Int32Array,
  k: number,
  clustered: readonly string[] = [],
  encodings: readonly CategoricalEncoding[] = [],
): SegmentProfile {
  if (rows.length !== labels.length) throw new RangeError(`rows (${rows.length}) and labels (${labels.length}) differ in length`);
  const numeric = profiledColumns(table, clustered);
  const flipped = numeric.map((c) => c.type === 'boolean' && positiveOf(c) === 0);
  const encoded = new Set(encodings.map((e) => e.column));
  const categories = table.columns.filter(
    (c): c is CategoryColumn => c.storage === 'category' && (c.type === 'categorical' || c.type === 'boolean') && c.dictionary.length <= 50 && !encoded.has(c.name),
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
    // A flag whose positive word is stored as 0 counts the zeros: its mean is the positive share.
    const values = flipped[j] ? column.values.map((v) => (Number.isNaN(v) ? v : 1 - v)) : column.values;
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
  const categorical = [
    ...encodings.map((e) => mixOf(e.column, e.levels, levelIndexes(getColumn(table, e.column), e, rows), labels, k, true)),
    ...categories.map((column) => mixOf(column.name, column.dictionary, Int32Array.from(rows, (row) => column.codes[row]), labels, k, false)),
  ];
  const flags = numeric.flatMap((c, feature) =>
    c.type === 'boolean' ? [{ feature, positive: booleanText(c, flipped[feature] ? 0 : 1), isOutcome: c.role === 'target' || isOutcomeName(c.name) }] : [],
  );
  const yearLike = numeric.map((c) => c.type === 'numeric' && isYearLike(c.values));
  return { k, sizes, features: numeric.map((c) => c.name), mean, median, z, overallMean, overallStd, categorical, clustered: [...clustered], flags, yearLike };
}

/** Each level's share per segment and overall, from each row's level index (−1 missing, left out). */
function mixOf(name: string, dictionary: readonly string[], index: Int32Array, labels: Int32Array, k: number, isClustered: boolean): CategoryMix {
  const levels = dictionary.length;
  const share = new Float64Array(k * levels);
  const overall = new Float64Array(levels);
  const count = new Float64Array(k);
  let present = 0;
  for (let i = 0; i < index.length; i++) {
    const l = index[i];
    if (l < 0) continue;
    share[labels[i] * levels + l]++;
    overall[l]++;
    count[labels[i]]++;
    present++;
  }
  for (let c = 0; c < k; c++) for (let l = 0; l < levels; l++) if (count[c]) share[c * levels + l] /= count[c];
  if (present) for (let l = 0; l < levels; l++) overall[l] /= present;
  return { name, dictionary: [...dictionary], share, overall, isClustered };
}

/** The clustered columns, then targets, outcomes and yes/no columns, then other numeric ones, up to the cap. */
function profiledColumns(table: Table, clustered: readonly string[]): NumberColumn[] {
  const usable = table.columns.flatMap((c): NumberColumn[] => {
    if (c.role === 'ignore' || c.role === 'id') return [];
    if (c.storage === 'number') return c.type === 'numeric' || c.type === 'boolean' ? [c] : [];
    return c.type === 'categorical' && c.dictionary.length === 2 && (c.role === 'target' || isOutcomeName(c.name)) ? [asFlag(c)] : [];
  });
  const first = new Set(clustered);
  const byName = new Map(usable.map((c) => [c.name, c]));
  const chosen = clustered.flatMap((name) => byName.get(name) ?? []);
  const outcome = (c: NumberColumn): boolean => c.role === 'target' || c.type === 'boolean' || isOutcomeName(c.name);
  const rest = [...usable.filter((c) => !first.has(c.name) && outcome(c)), ...usable.filter((c) => !first.has(c.name) && !outcome(c))];
  return [...chosen, ...rest.slice(0, Math.max(0, maxProfiledColumns - chosen.length))];
}

/** A two-level outcome stored as categories (`churned`/`stayed`), as a yes/no column: 1 for the second level. */
function asFlag(column: CategoryColumn): NumberColumn {
  const values = Float64Array.from(column.codes, (code) => (code < 0 ? Number.NaN : code));
  return { name: column.name, type: 'boolean', role: column.role, storage: 'number', values, labels: [column.dictionary[0], column.dictionary[1]] };
}

/** Which stored value (0 or 1) of a yes/no column is its positive word (Yes, churned, true… else the rarer). */
function positiveOf(column: NumberColumn): 0 | 1 {
  let ones = 0;
  let present = 0;
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    present++;
    if (v === 1) ones++;
  }
  const words = [booleanText(column, 0), booleanText(column, 1)];
  const positive = defaultPositive([{ value: words[0], count: present - ones }, { value: words[1], count: ones }]);
  return positive === words[1] ? 1 : 0;
}


function medianOf(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
