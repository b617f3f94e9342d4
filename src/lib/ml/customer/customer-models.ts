/**
 * The Customer page's two models as plain data: what they are trained on (a spend target and a
 * risk rule "at risk when riskColumn < riskThreshold"), what the training reports, and the pure
 * pieces around them: the risk label, the profile fields, and looking a customer up by id.
 * Training and scoring are jobs ('customer', 'score'); nothing here keeps state.
 */
import { cellText, getColumn, type NumberColumn, type Table } from '../core/table';
import type { LabelSpec } from '../labels/label';
import type { DerivedColumn } from '../leakage/lineage';
import { cellValue, type Profile, type ProfileInput } from './profile-row';

export type { Profile, ProfileInput, ProfileValue } from './profile-row';

/** What the two models are trained on; plain data. */
export interface CustomerModelsConfig {
  /** Numeric column the spend model predicts (default data: purchase_amount). */
  target: string;
  /** Numeric column of the risk rule "at risk when riskColumn < riskThreshold". */
  riskColumn: string;
  riskThreshold: number;
  /** Column to look customers up by; default the id column the detector finds. */
  idColumn?: string;
  /** Derived columns with the columns they are computed from, to keep leaky features out. */
  lineage?: DerivedColumn[];
  /** Trees per forest. */
  nEstimators?: number;
  /** Folds of the cross-validation that gives the error band. */
  folds?: number;
  /** Depth limit of every tree: keeps TreeSHAP of one row (O(leaves · depth²) per tree) well inside a slider frame. */
  maxDepth?: number;
  /** Minimum rows per leaf; default about one per 500 rows (at least 1), so leaves, and SHAP time, grow slower than the data. */
  minSamplesLeaf?: number;
}

/** Defaults of the optional config fields (minSamplesLeaf 0 = about one per 500 rows). */
export const defaultCustomerModelsConfig = { nEstimators: 100, folds: 5, maxDepth: 10, minSamplesLeaf: 0 };

/** What one model learned and how well it cross-validates. */
export interface ModelSummary {
  /** Input columns the model reads. */
  features: string[];
  /** Columns left out, with the reason. */
  excluded: { column: string; reason: string }[];
  /** Cross-validated RMSE: of the spend prediction, or of the risk probability against the 0/1 label. */
  cvRmse: number;
  /** Other cross-validated metrics (means over folds): r2 and mae for spend; roc_auc and accuracy for risk. */
  cvMetrics: Record<string, number>;
  /** The splitter used, in words (duplicate grouping shows here). */
  splitter: string;
  rows: number;
}

/** What training the two models reports. */
export interface TrainSummary {
  config: CustomerModelsConfig & typeof defaultCustomerModelsConfig & { seed: number };
  idColumn: string | null;
  inputs: ProfileInput[];
  /** Median / most frequent profile, to start a what-if from. */
  initialProfile: Profile;
  spend: ModelSummary;
  risk: ModelSummary & { positiveRate: number };
  seconds: number;
}

/** A looked-up customer. */
export interface CustomerRecord {
  row: number;
  id: string;
  profile: Profile;
}

/** The risk label of a config: `riskColumn < riskThreshold` as a rule label. */
export function riskLabelOf(config: Pick<CustomerModelsConfig, 'riskColumn' | 'riskThreshold'>): LabelSpec {
  return { source: 'rules', rules: [{ column: config.riskColumn, operator: '<', value: config.riskThreshold }], combine: 'and' };
}

/** The config's numeric column `name`, or an error naming what it is instead. */
export function numericColumn(table: Table, name: string, what: string): NumberColumn {
  const column = getColumn(table, name);
  if (column.storage !== 'number' || column.type === 'id' || column.type === 'date') {
    throw new Error(`${what} "${name}" is ${column.type}; pick a numeric column`);
  }
  return column;
}

/**
 * Finds a customer by the id column's text (or, without an id column, by row number from 1) and
 * returns their profile over `inputs`; throws naming the id when there is none.
 */
export function lookupCustomer(table: Table, idColumn: string | null, id: string, inputs: readonly ProfileInput[]): CustomerRecord {
  const wanted = id.trim();
  if (wanted === '') throw new Error('Type a customer id to look up');
  let row = -1;
  if (idColumn === null) {
    const n = Number(wanted);
    if (Number.isInteger(n) && n >= 1 && n <= table.rowCount) row = n - 1;
    if (row < 0) throw new Error(`No customer at row "${wanted}": this dataset has no id column, so use a row number from 1 to ${table.rowCount}`);
  } else {
    const column = getColumn(table, idColumn);
    const asNumber = column.storage === 'number' ? Number(wanted) : NaN;
    for (let r = 0; r < table.rowCount && row < 0; r++) {
      if (column.storage === 'number' ? column.values[r] === asNumber : cellText(column, r) === wanted) row = r;
    }
    if (row < 0) throw new Error(`No customer with ${idColumn} "${wanted}"`);
  }
  const profile: Profile = new Map(inputs.map((input) => [input.name, cellValue(getColumn(table, input.name), row)]));
  return { row, id: idColumn === null ? String(row + 1) : cellText(getColumn(table, idColumn), row), profile };
}
