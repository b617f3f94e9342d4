/**
 * Suspicion checks before training: signs that a feature gives the answer away (it tracks the target
 * almost exactly, or predicts it almost perfectly alone), that a column is a row identifier, or that
 * rows repeat (duplicates fall on both sides of a CV split and inflate the score).
 */
import { findDuplicates } from '../data/duplicates';
import { getColumn, type Column, type Table } from '../core/table';
import { targetCorrelation } from './target-correlation';
import { idLikeReason } from '../data/ids';

/** Which check raised a finding. */
export type SuspicionCheck = 'target-correlation' | 'single-feature-score' | 'id-like' | 'duplicate-rows';

/** One suspicion, with a sentence for the user. */
export interface SuspicionFinding {
  /** The column concerned; '' for the duplicate-rows check, which is about whole rows. */
  column: string;
  check: SuspicionCheck;
  /** The measured value: |correlation|, the score, the share of unique values, or the duplicate rate. */
  value: number;
  sentence: string;
}

/** Options of {@link findSuspicions}. */
export interface SuspicionOptions {
  /**
   * Flag |Pearson| or |Spearman| with the target above this (default 0.999). Not 0.99: on the default
   * customer_purchasing_behaviors data the honest features reach Spearman 0.992–0.995 with
   * purchase_amount, while a copy or monotone transform of the target gives 1.
   */
  correlationThreshold: number;
  /** Flag a one-feature model scoring above this (default 0.99). */
  scoreThreshold: number;
  /** Name of the one-feature score in sentences (default 'CV score'), e.g. 'CV R²' or 'ROC-AUC'. */
  scoreName: string;
  /** Flag duplicate rows above this share of rows (default 0.01). */
  duplicateThreshold: number;
  /** Scores a quick model on one feature alone (e.g. a shallow tree in CV); omitted: check skipped. */
  scoreSingleFeature?: (column: string) => number | Promise<number>;
}

/** Defaults of {@link SuspicionOptions}. */
export const defaultSuspicionOptions: SuspicionOptions = {
  correlationThreshold: 0.999,
  scoreThreshold: 0.99,
  scoreName: 'CV score',
  duplicateThreshold: 0.01,
};

/** The checks that need no model: correlation with the target, id-like columns and duplicate rows. */
export interface QuickSuspicions {
  correlation: SuspicionFinding[];
  ids: SuspicionFinding[];
  /** The duplicate-rows finding, when the share is above the threshold. */
  duplicates: SuspicionFinding | null;
  duplicateRate: number;
}

/**
 * The checks of {@link findSuspicions} that need no model (fast; the one-feature models are the slow part).
 * @param options correlationThreshold (0.999) and duplicateThreshold (0.01)
 */
export function quickSuspicions(table: Table, target: string, features: readonly string[], options: Partial<SuspicionOptions> = {}): QuickSuspicions {
  const o = { ...defaultSuspicionOptions, ...options };
  const ids = idLikeFindings(table, features);
  const correlation = correlationFindings(table, target, features, o.correlationThreshold);
  // an id column makes every row unique: duplicates are counted without the id-like columns
  const idColumns = new Set(ids.map((f) => f.column));
  const rate = duplicateRate(table, [...features.filter((c) => !idColumns.has(c)), target]);
  let duplicates: SuspicionFinding | null = null;
  if (rate > o.duplicateThreshold) {
    const percent = (rate * 100).toFixed(1);
    duplicates = {
      column: '',
      check: 'duplicate-rows',
      value: rate,
      sentence: `${percent}% of rows repeat an earlier row exactly; copies can land in both training and test folds and inflate the score.`,
    };
  }
  return { correlation, ids, duplicates, duplicateRate: rate };
}

/**
 * Runs every check on the features of `table` for predicting `target`.
 * @param options thresholds (correlation 0.999, score 0.99, duplicates 0.01), scoreName, scoreSingleFeature callback
 */
export async function findSuspicions(
  table: Table,
  target: string,
  features: readonly string[],
  options: Partial<SuspicionOptions> = {},
): Promise<{ findings: SuspicionFinding[]; duplicateRate: number }> {
  const o = { ...defaultSuspicionOptions, ...options };
  const quick = quickSuspicions(table, target, features, o);
  const single = o.scoreSingleFeature ? await singleFeatureFindings(features, o.scoreSingleFeature, o.scoreThreshold, o.scoreName) : [];
  return { findings: [...quick.correlation, ...quick.ids, ...single, ...(quick.duplicates ? [quick.duplicates] : [])], duplicateRate: quick.duplicateRate };
}

/**
 * Features whose |Pearson| or |Spearman| correlation with the target exceeds the threshold. Numeric
 * columns only; a categorical target counts when it has two categories (as 0/1).
 */
export function correlationFindings(table: Table, target: string, features: readonly string[], threshold = 0.999): SuspicionFinding[] {
  const y = numericValues(getColumn(table, target));
  if (!y) return [];
  const out: SuspicionFinding[] = [];
  for (const name of features) {
    if (name === target) continue;
    const x = numericValues(getColumn(table, name));
    if (!x) continue;
    const { pearson, spearman } = targetCorrelation(x, y);
    const usePearson = Math.abs(pearson) >= Math.abs(spearman) || Number.isNaN(spearman);
    const value = usePearson ? Math.abs(pearson) : Math.abs(spearman);
    if (!(value > threshold)) continue;
    out.push({
      column: name,
      check: 'target-correlation',
      value,
      sentence: `"${name}" correlates with the target "${target}" at ${value.toFixed(3)} (${usePearson ? 'Pearson' : 'Spearman'}): it probably restates the target; keep it only if it is known before the outcome.`,
    });
  }
  return out;
}

/** Features whose one-feature model scores above the threshold (scores awaited one at a time). */
export async function singleFeatureFindings(
  features: readonly string[],
  scoreSingleFeature: (column: string) => number | Promise<number>,
  threshold = 0.99,
  scoreName = 'CV score',
): Promise<SuspicionFinding[]> {
  const out: SuspicionFinding[] = [];
  for (const name of features) {
    const score = await scoreSingleFeature(name);
    if (!(score > threshold)) continue;
    out.push({
      column: name,
      check: 'single-feature-score',
      value: score,
      sentence: `"${name}" alone reaches ${scoreName} ${score.toFixed(3)}: a single column that predicts the target this well usually leaks it.`,
    });
  }
  return out;
}

/** Features that look like row identifiers (see `idLikeReason`): a model can only memorise them. */
export function idLikeFindings(table: Table, features: readonly string[]): SuspicionFinding[] {
  const out: SuspicionFinding[] = [];
  for (const name of features) {
    const column = getColumn(table, name);
    const why = idLikeReason(column);
    if (!why) continue;
    out.push({
      column: name,
      check: 'id-like',
      value: distinctShare(column),
      sentence: `"${name}" looks like a row identifier (${why}): a model can only memorise it; exclude it from the features.`,
    });
  }
  return out;
}

/** Share of rows that repeat an earlier row exactly on `columns` (missing equals missing). */
export function duplicateRate(table: Table, columns: readonly string[]): number {
  const n = table.rowCount;
  return n === 0 ? 0 : findDuplicates(table, columns).count / n;
}

/** The column as numbers for correlation: numeric values, or a two-category column as 0/1. */
function numericValues(column: Column): Float64Array | null {
  if (column.storage === 'number') return column.values;
  if (column.dictionary.length !== 2) return null;
  return Float64Array.from(column.codes, (c) => (c < 0 ? NaN : c));
}

/** Distinct values over present values (1 when every row has its own value). */
function distinctShare(column: Column): number {
  const seen = new Set<number>();
  let present = 0;
  const n = column.storage === 'number' ? column.values.length : column.codes.length;
  for (let i = 0; i < n; i++) {
    const v = column.storage === 'number' ? column.values[i] : column.codes[i];
    if (column.storage === 'number' ? Number.isNaN(v) : v < 0) continue;
    present++;
    seen.add(v);
  }
  return present ? seen.size / present : 0;
}
