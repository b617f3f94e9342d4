/** One finding about the data, and the thresholds the findings use (each stated with its finding). */

/** How much a finding should worry the user. */
export type FindingSeverity = 'critical' | 'warning' | 'info';

/** One finding. */
export interface Finding {
  /** Stable id, e.g. 'duplicates' or 'missing:income' (kind, a colon, the column). */
  id: string;
  severity: FindingSeverity;
  /** What was found, with its number. */
  sentence: string;
  /** What it means for modelling. */
  meaning: string;
  /** The rule that raised it, with its threshold, in words (e.g. "|skewness| ≥ 1"). */
  threshold: string;
  /** Columns it is about. */
  columns: string[];
}

/** Thresholds of the findings. */
export interface FindingsOptions {
  /** |r| from which two numeric columns count as strongly correlated. */
  strongCorrelation: number;
  /** VIF from which a column counts as collinear. */
  highVif: number;
  /** η or Cramér's V from which a pair with a categorical counts as strongly associated. */
  strongAssociation: number;
  /** A category is rare below this share of rows… */
  rareShare: number;
  /** …and below this many rows. */
  rareCount: number;
  /** |skewness| from which a column counts as strongly skewed. */
  strongSkew: number;
  /** Categorical columns with more levels than this are not checked for rare levels, and have high cardinality. */
  maxLevels: number;
  /** One value in at least this share of the rows with a value: near-constant. */
  nearConstantShare: number;
  /** The smaller class of a two-valued column (or the smallest of the target) under this share: imbalanced. */
  minorityShare: number;
  /** Zeros in at least this share of the rows with a value. */
  zeroShare: number;
  /** Missing values above this share of rows are a warning (any missing value is reported). */
  missingWarningShare: number;
  /** Duplicate rows above this share make cross-validation keep identical rows together (as cv/prepare.ts). */
  duplicateGroupingShare: number;
  /** Whole-number columns this long or longer, all different, are reported as all-unique. */
  minRowsAllUnique: number;
  /** Findings of one kind shown one by one; the rest are summed up in one finding. */
  maxPerKind: number;
  /** The target column (checked for class imbalance whatever its levels); null = the column whose role is target, if any. */
  target: string | null;
  /** The columns the pairwise checks read (a bounded set on wide files); null = chosen as the Explore page does (at most 50). */
  compared: readonly string[] | null;
}

/** Default thresholds. */
export const defaultFindingsOptions: FindingsOptions = {
  strongCorrelation: 0.9,
  highVif: 10,
  strongAssociation: 0.9,
  rareShare: 0.05,
  rareCount: 30,
  strongSkew: 1,
  maxLevels: 50,
  nearConstantShare: 0.95,
  minorityShare: 0.1,
  zeroShare: 0.5,
  missingWarningShare: 0.05,
  duplicateGroupingShare: 0.1,
  minRowsAllUnique: 10,
  maxPerKind: 10,
  target: null,
  compared: null,
};

/** A share as the findings state it: 0.95 → "95 %". */
export const percentText = (share: number): string => `${+(share * 100).toFixed(1)} %`;
