/**
 * What the page says about how the random forest splits a run's features. Our forest bins every
 * feature once per fit (binning.ts): a column with at most `maxBins` distinct values gets one bin
 * per value, so its splits are exactly scikit-learn's; a column with more is cut into `maxBins`
 * quantile bins, and a split can only fall between bins (as in LightGBM or scikit-learn's
 * HistGradientBoosting). Categorical features are one-hot encoded (two values each): exact.
 */
import type { Table } from '../../core/table';

/** How the forest will split the chosen features of a table. */
export interface ForestBinning {
  maxBins: number;
  /** Numeric features with more than maxBins distinct values, in the order given. */
  binned: string[];
  /** The sentence the page shows. */
  sentence: string;
}

/** Distinct values of `values` (NaN counting once), stopping as soon as there are more than `limit`. */
function distinctUpTo(values: Float64Array, limit: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (seen.has(x)) continue;
    seen.add(x);
    if (seen.size > limit) break;
  }
  return seen.size;
}

/**
 * How the random forest (maxBins bins per feature, default 255) splits `features` of `table`.
 * Columns named in `features` that the table lacks are skipped.
 */
export function describeForestBinning(table: Table, features: readonly string[], maxBins = 255): ForestBinning {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const binned: string[] = [];
  for (const name of features) {
    const column = byName.get(name);
    if (column?.storage === 'number' && distinctUpTo(column.values, maxBins) > maxBins) binned.push(name);
  }
  let sentence: string;
  if (binned.length === 0) {
    sentence = `Random forest: every feature has at most ${maxBins} distinct values, so its splits are exact (the thresholds scikit-learn would find).`;
  } else {
    const listed = binned.length <= 3 ? binned.join(', ') : `${binned.slice(0, 3).join(', ')} and ${binned.length - 3} more`;
    const others = binned.length < features.length ? '; the other features\' splits are exact' : '';
    sentence =
      `Random forest: features with more than ${maxBins} distinct values (${listed}) are binned into at most ${maxBins} quantile bins, ` +
      `so a split can only fall between bins, as in LightGBM or scikit-learn's HistGradientBoosting${others}.`;
  }
  return { maxBins, binned, sentence };
}
