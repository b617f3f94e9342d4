/**
 * The Explore page's statistics of a whole table in one pass of work: findings in plain words,
 * the correlation matrix of the numeric columns with its strongest pairs, VIFs and duplicate rows.
 * Heavy on a large file, so the page asks a worker for it (job kind 'explore').
 */
import type { Table } from '../core/table';
import { isIdLike } from '../data/ids';
import { correlationMatrix, strongestPairs, type CorrelationMatrix, type CorrelationMethod, type CorrelationPair } from '../stats/correlation';
import { duplicateRows, type DuplicateRows } from '../stats/duplicate-rows';
import { varianceInflation, type VifEntry } from '../stats/vif';
import { numericColumnsOf } from './columns';
import { findFindings, type Finding } from './findings';

/** What the Explore page shows beside its charts. */
export interface ExploreSummary {
  findings: Finding[];
  correlation: CorrelationMatrix;
  /** The 10 strongest pairs of the matrix. */
  pairs: CorrelationPair[];
  vifs: VifEntry[];
  duplicates: DuplicateRows;
}

/** Findings, correlations (Pearson or Spearman), VIFs and duplicate rows (ignoring id-like columns) of `table`. */
export function exploreSummary(table: Table, method: CorrelationMethod): ExploreSummary {
  const numeric = numericColumnsOf(table);
  const correlation = correlationMatrix(numeric, method);
  return {
    findings: findFindings(table),
    correlation,
    pairs: strongestPairs(correlation, 10),
    vifs: numeric.length >= 2 ? varianceInflation(numeric) : [],
    duplicates: duplicateRows(table, { exclude: table.columns.filter(isIdLike).map((c) => c.name) }),
  };
}
