/**
 * Categorical and yes/no columns in the clustering matrix. K-Means, silhouette, Ward and PCA read
 * Euclidean distance, so a categorical becomes numbers whose spread is stated against the scaled
 * numeric columns'.
 *
 * The weight rule: a categorical becomes one 0/1 indicator column per level (its levels chosen as
 * Predict chooses them: at most 30, each in at least 1 % of the clustered rows, the rest grouped as
 * "Other"), each centred on its share p and multiplied by s = √(w · v / Σ p(1 − p)), so the
 * categorical's columns together have variance w · v. A yes/no column is one 0/1 column, centred
 * and multiplied by √(w · v / (p (1 − p))): the same variance w · v, and the same distances as a
 * two-level categorical. Here w is the categorical weight (default 1) and v the variance of a
 * typical scaled numeric column: 1 under standard scaling, else the mean variance of the scaled
 * numeric columns that vary (1 when there are none). With w = 1 a categorical counts as much as one
 * standardised numeric column (two customers drawn at random are as far apart on it, on average);
 * with w = 0 it counts for nothing. A column with one level (or one value) gets s = 0.
 */
import { booleanText, cellText, type Column } from '../core/table';
import { chooseLevels, countLevels, otherLevel, type LevelLimits } from '../preprocess/levels';
import { defaultPipelineOptions } from '../preprocess/pipeline';

/** The categorical weight w of the rule above: 1, a categorical counts as one standardised numeric column. */
export const defaultCategoricalWeight = 1;

/** The highest weight the page accepts (a categorical counting as ten numeric columns). */
export const maxCategoricalWeight = 10;

/** Levels kept as Predict keeps them (the feature pipeline's defaults): at most 30, each in at least 1 % of rows. */
export const segmentLevelLimits: LevelLimits = {
  minCategoryFraction: defaultPipelineOptions.minCategoryFraction,
  maxCategories: defaultPipelineOptions.maxCategories,
};

/** How a column enters the matrix: an indicator per level, or one 0/1 column (a yes/no column stored as numbers). */
export type CategoricalKind = 'onehot' | 'flag';

/** The fitted encoding of one categorical or yes/no column: plain data. */
export interface CategoricalEncoding {
  column: string;
  kind: CategoricalKind;
  /**
   * Levels in the file's words. One-hot: the kept levels (sorted), then "Other" when some were
   * grouped, a matrix column each. Flag: the words for 0 and 1; its one matrix column is 1's.
   */
  levels: string[];
  /** Share of the clustered rows at each level. */
  shares: number[];
  /** Distinct levels among the clustered rows. */
  distinct: number;
  /** Levels merged into "Other". */
  grouped: number;
  /** s of the rule: the multiplier of each centred indicator. */
  scale: number;
}

/** How `column` is encoded when chosen, or null when it is no categorical or yes/no column (numbers, dates, text, ids). */
export function categoricalKindOf(column: Column): CategoricalKind | null {
  if (column.storage === 'number') {
    if (column.type === 'boolean') return 'flag';
    return column.type === 'categorical' ? 'onehot' : null;
  }
  return column.type === 'categorical' || column.type === 'boolean' ? 'onehot' : null;
}

/**
 * s of the weight rule: √(w · v / total variance of the 0/1 columns), 0 when they do not vary.
 * @param kind one-hot (variance Σ p(1 − p) over `shares`) or flag (p(1 − p) of `shares[1]`)
 * @param shares share of rows at each level
 * @param weight w, at least 0
 * @param referenceVariance v, the variance of a typical scaled numeric column
 */
export function indicatorScale(kind: CategoricalKind, shares: readonly number[], weight: number, referenceVariance: number): number {
  const variance = kind === 'flag' ? shares[1] * (1 - shares[1]) : shares.reduce((s, p) => s + p * (1 - p), 0);
  return variance > 1e-12 ? Math.sqrt((weight * referenceVariance) / variance) : 0;
}

/**
 * Fits the encoding of `column` on the clustered table `rows` (none of them missing in it).
 * @param weight w of the rule
 * @param referenceVariance v of the rule
 */
export function fitCategoricalEncoding(column: Column, rows: Int32Array, weight: number, referenceVariance: number): CategoricalEncoding {
  const kind = categoricalKindOf(column);
  if (!kind) throw new TypeError(`Column "${column.name}" is ${column.type}, not categorical or yes/no`);
  const n = rows.length;
  let levels: string[];
  let shares: number[];
  let distinct: number;
  let grouped = 0;
  if (kind === 'flag' && column.storage === 'number') {
    levels = [booleanText(column, 0), booleanText(column, 1)];
    let ones = 0;
    for (let r = 0; r < n; r++) if (column.values[rows[r]] === 1) ones++;
    shares = n ? [(n - ones) / n, ones / n] : [0, 0];
    distinct = (ones > 0 ? 1 : 0) + (ones < n ? 1 : 0);
  } else {
    const counts = countLevels(column, rows);
    const chosen = chooseLevels(counts, n, segmentLevelLimits);
    levels = chosen.grouped > 0 ? [...chosen.kept, otherLevel] : chosen.kept;
    grouped = chosen.grouped;
    distinct = counts.size;
    const tally = new Float64Array(levels.length);
    const index = levelIndexes(column, { kind, levels, grouped }, rows);
    for (let r = 0; r < n; r++) tally[index[r]]++;
    shares = Array.from(tally, (c) => (n ? c / n : 0));
  }
  return { column: column.name, kind, levels, shares, distinct, grouped, scale: indicatorScale(kind, shares, weight, referenceVariance) };
}

/**
 * The level of each of `rows` under `encoding`, as an index into its `levels` (−1 when missing):
 * a level not kept is "Other" (the last). Levels are looked up in a Map, so `__proto__` is a level like any other.
 */
export function levelIndexes(column: Column, encoding: Pick<CategoricalEncoding, 'kind' | 'levels' | 'grouped'>, rows: ArrayLike<number>): Int32Array {
  const out = new Int32Array(rows.length);
  if (encoding.kind === 'flag' && column.storage === 'number') {
    for (let r = 0; r < rows.length; r++) {
      const v = column.values[rows[r]];
      out[r] = Number.isNaN(v) ? -1 : v === 1 ? 1 : 0;
    }
    return out;
  }
  const kept = encoding.grouped > 0 ? encoding.levels.length - 1 : encoding.levels.length;
  const byLevel = new Map<string, number>();
  for (let l = 0; l < kept; l++) byLevel.set(encoding.levels[l], l);
  // A level outside the kept ones (or one not seen when fitting) is "Other", when there is one.
  const other = encoding.grouped > 0 ? kept : -1;
  if (column.storage === 'category') {
    const byCode = Int32Array.from(column.dictionary, (level) => byLevel.get(level) ?? other);
    for (let r = 0; r < rows.length; r++) {
      const code = column.codes[rows[r]];
      out[r] = code < 0 ? -1 : byCode[code];
    }
    return out;
  }
  const byValue = new Map<number, number>();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const v = column.values[row];
    if (Number.isNaN(v)) {
      out[r] = -1;
      continue;
    }
    let l = byValue.get(v);
    if (l === undefined) byValue.set(v, (l = byLevel.get(cellText(column, row)) ?? other));
    out[r] = l;
  }
  return out;
}

/** Matrix columns of an encoding: one per level (one-hot), or one (flag). */
export function encodedWidth(encoding: CategoricalEncoding): number {
  return encoding.kind === 'flag' ? 1 : encoding.levels.length;
}

/** Names of an encoding's matrix columns: `column = level` for each, in the file's words. */
export function encodedNames(encoding: CategoricalEncoding): string[] {
  const levels = encoding.kind === 'flag' ? [encoding.levels[1]] : encoding.levels;
  return levels.map((level) => `${encoding.column} = ${level}`);
}

/**
 * Writes the centred, scaled indicators of `encoding` into row-major `out` (a row every `stride`
 * values), from column `offset`: (1[level] − p) · s for each matrix column.
 * @param index each row's level, from {@link levelIndexes} (none missing)
 */
export function writeIndicators(encoding: CategoricalEncoding, index: Int32Array, out: Float64Array, stride: number, offset: number): void {
  const { scale, shares } = encoding;
  if (encoding.kind === 'flag') {
    for (let r = 0; r < index.length; r++) out[r * stride + offset] = ((index[r] === 1 ? 1 : 0) - shares[1]) * scale;
    return;
  }
  const width = encoding.levels.length;
  for (let r = 0; r < index.length; r++) {
    const o = r * stride + offset;
    for (let l = 0; l < width; l++) out[o + l] = ((index[r] === l ? 1 : 0) - shares[l]) * scale;
  }
}
