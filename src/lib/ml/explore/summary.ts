/**
 * The Explore page's statistics of a whole table in one pass of work: findings in plain words,
 * the correlations of the compared numbers (booleans as 0/1) with VIFs, the associations of all
 * compared columns (η and Cramér's V where a categorical is involved), duplicate rows, and with
 * a target every feature against it. Quadratic parts read the compared columns only (at most 50,
 * selection.ts); the rest is linear. Heavy on a large file, so the page asks a worker for it
 * (job kind 'explore').
 */
import type { NumberColumn, Table } from '../core/table';
import { isIdLike } from '../data/ids';
import { correlationMatrix, type CorrelationMatrix, type CorrelationMethod } from '../stats/correlation';
import { duplicateRows, type DuplicateRows } from '../stats/duplicate-rows';
import { varianceInflation, type VifEntry } from '../stats/vif';
import { associationMatrix, strongestAssociations, type AssociationMatrix, type AssociationPair } from './association-matrix';
import { comparableColumnsOf, numericColumnsOf } from './columns';
import { findFindings, type Finding } from './findings';
import { chooseColumns, type ColumnChoice } from './selection';
import { targetView, type TargetView } from './target';

/** What the summary is computed for. */
export interface ExploreSummaryConfig {
  /** Between two numbers: Pearson or Spearman. */
  method: CorrelationMethod;
  /** The target to compare every feature with (absent or null = none). */
  target?: string | null;
  /** The user's compared columns ([] or absent = chosen automatically). */
  columns?: string[];
}

/** What the Explore page shows beside its charts. */
export interface ExploreSummary {
  findings: Finding[];
  /** Numbers and booleans (0/1) among the compared columns. */
  correlation: CorrelationMatrix;
  /** Every compared column, categoricals included. */
  associations: AssociationMatrix;
  /** The 10 strongest pairs of the associations. */
  pairs: AssociationPair[];
  /** VIFs of the compared numeric columns (booleans left out). */
  vifs: VifEntry[];
  duplicates: DuplicateRows;
  choice: ColumnChoice;
  /** Every column that can be compared or be the target, in table order (numbers that are not ids, booleans, categoricals of at most 50 levels). */
  comparable: string[];
  /** Numeric columns (not ids) there are. */
  numericCount: number;
  /** Every feature against the target; null without one. */
  target: TargetView | null;
  /** Why the target could not be compared (e.g. a text column); null when it was or there is none. */
  targetError: string | null;
}

/** Findings, correlations, associations, VIFs, duplicate rows (ignoring id-like columns) and the target view of `table`. */
export function exploreSummary(table: Table, config: ExploreSummaryConfig): ExploreSummary {
  const target = config.target || null;
  const choice = chooseColumns(table, { target, columns: config.columns ?? [] });
  const chosen = new Set(choice.names);
  const comparable = comparableColumnsOf(table);
  const compared = comparable.filter((c) => chosen.has(c.name));
  const numbers = compared.filter((c): c is NumberColumn => c.storage === 'number');
  const numeric = numbers.filter((c) => c.type === 'numeric');
  const associations = associationMatrix(compared, config.method);
  let view: TargetView | null = null;
  let targetError: string | null = null;
  if (target) {
    try {
      view = targetView(table, target);
    } catch (e) {
      targetError = (e as Error).message;
    }
  }
  return {
    findings: findFindings(table, { target, compared: choice.names }, { associations }),
    correlation: correlationMatrix(numbers, config.method),
    associations,
    pairs: strongestAssociations(associations, 10),
    vifs: numeric.length >= 2 ? varianceInflation(numeric) : [],
    duplicates: duplicateRows(table, { exclude: table.columns.filter(isIdLike).map((c) => c.name) }),
    choice,
    comparable: comparable.map((c) => c.name),
    numericCount: numericColumnsOf(table).length,
    target: view,
    targetError,
  };
}
