/**
 * Cross-validation set-up: the one serialisable CvConfig, and `prepareCv`, which resolves
 * features, encodes the target, counts duplicates and draws the folds. Pure and deterministic:
 * every worker that prepares the same table and config gets the same folds.
 */
import { findDuplicates } from '../../data/duplicates';
import { gatherFloat64, gatherInt32 } from '../../core/gather';
import { sampleRows as drawRows } from '../../stats/sample-rows';
import type { ModelKind, Task } from '../../core/model';
import { isModelKind, modelInfo, modelKinds } from '../../models/registry';
import { exclusionReason, type PipelineOptions } from '../../preprocess/pipeline';
import { encodeTarget, positiveClassIndex } from '../../preprocess/target';
import { groupKFold } from '../split/group';
import { holdout, kFold, repeatedKFold } from '../split/kfold';
import type { Fold } from '../split/folds';
import { stratifiedKFold } from '../split/stratified';
import { stratifiedGroupKFold } from '../split/stratified-group';
import { getColumn, type Table } from '../../core/table';
import { chooseFeatures, notOfferedReason, type Exclusion } from '../../leakage/feature-choice';
import { splitHoldout } from './holdout';

/** How rows are split into folds; 'auto' = stratified for classification, k-fold for regression. */
export type SplitterKind = 'auto' | 'kfold' | 'stratified' | 'group' | 'repeated' | 'holdout';

/** Everything a cross-validation run depends on; plain data (URL, storage, worker messages). */
export interface CvConfig {
  target: string;
  task: Task;
  model: ModelKind;
  /** The model's own options (e.g. { alpha: 1 } for ridge). */
  modelOptions?: Record<string, unknown>;
  /** Feature columns; default every column except the target, the group column and id/text/ignored ones. */
  features?: string[];
  /** Number of folds (default 5). */
  folds?: number;
  /** Seed of the fold assignment and of seeded models (default 0). */
  seed?: number;
  /** Rows with equal values here share a fold; with exactly `folds` values each value is one fold. */
  groupColumn?: string;
  /** Positive class label for binary metrics (default: the last class in sorted order). */
  positive?: string;
  /** Splitter (default 'auto'); 'group' needs groupColumn or duplicate grouping. */
  splitter?: SplitterKind;
  /** Repeats of repeated k-fold (default 2). */
  repeats?: number;
  /** Test share of a holdout split (default 0.2). */
  testFraction?: number;
  /** 'auto' (default): keep identical rows in one fold when more than duplicateThreshold of rows are duplicates. */
  duplicateGrouping?: 'auto' | 'off';
  /** Share of duplicate rows above which 'auto' grouping applies (default 0.1). */
  duplicateThreshold?: number;
  /** Feature pipeline options; `scale` defaults to what the model needs. */
  preprocess?: Partial<PipelineOptions>;
  /** Classification: rebalance each training fold (never the test fold); default 'none'. */
  imbalance?: 'none' | 'balanced-weights' | 'smote';
  /** Columns the feature chooser left out for leaking, with the reason reported in `excluded`. */
  exclusions?: Exclusion[];
  /**
   * Share of the rows (0 to 0.5) held out as a test set before anything else: drawn by the seed,
   * kept out of every fold and every tuning trial, scored once (see holdout.ts). Default 0: none.
   */
  testShare?: number;
  /**
   * At most this many rows (of those with a target): a random sample drawn by the seed before
   * anything else, which the splitter's description names. For quick checks on large files (the
   * leakage checks' one-feature runs); default: every row.
   */
  sampleRows?: number;
}

/** Defaults of the optional CvConfig fields. */
export const defaultCvConfig = {
  folds: 5,
  seed: 0,
  splitter: 'auto' as SplitterKind,
  repeats: 2,
  testFraction: 0.2,
  duplicateGrouping: 'auto' as 'auto' | 'off',
  duplicateThreshold: 0.1,
  testShare: 0,
};

/** Duplicate rows and what the splitter did about them. */
export interface DuplicateReport {
  /** Rows that repeat an earlier row on every feature and the target. */
  count: number;
  /** Distinct rows. */
  distinct: number;
  /** Largest number of identical rows. */
  largest: number;
  /** Were identical rows kept in the same fold? */
  grouped: boolean;
  /** Why (or why not). */
  reason: string;
}

/** A resolved run: what runFold needs for any fold. */
export interface PreparedCv {
  table: Table;
  config: CvConfig & typeof defaultCvConfig;
  features: string[];
  excluded: Exclusion[];
  /** Table rows with a target value; folds index into this. */
  rows: Int32Array;
  /** Encoded target per entry of `rows`. */
  y: Float64Array;
  classes?: string[];
  /** Index of the positive class (binary classification). */
  positiveIndex?: number;
  /** The held-out test set (when `testShare` > 0): its table rows and encoded target; `rows` and `y` are then the other rows. */
  holdout?: { rows: Int32Array; y: Float64Array };
  folds: Fold[];
  /** The splitter actually used, in words. */
  splitter: string;
  duplicates: DuplicateReport;
}

/** Validates the config, resolves features and draws the folds. */
export function prepareCv(table: Table, input: CvConfig): PreparedCv {
  const config = { ...defaultCvConfig, ...stripUndefined(input) };
  if (!isModelKind(config.model)) throw new Error(`Unknown model "${String(config.model)}"; use one of: ${modelKinds.join(', ')}`);
  if (config.task !== 'regression' && config.task !== 'classification') {
    throw new Error(`Unknown task "${String(config.task)}"; use regression or classification`);
  }
  const info = modelInfo[config.model];
  if (!info.tasks.includes(config.task)) {
    throw new Error(`Model "${config.model}" does not do ${config.task}; it supports: ${info.tasks.join(', ')}`);
  }
  getColumn(table, config.target);
  if (config.groupColumn !== undefined) getColumn(table, config.groupColumn);
  const { features, excluded } = resolveFeatures(table, config);
  const target = encodeTarget(table, config.target, config.task);
  const positiveIndex = target.classes && target.classes.length === 2 ? positiveClassIndex(target.classes, config.positive) : undefined;
  if (config.positive !== undefined && target.classes && target.classes.length > 2) positiveClassIndex(target.classes, config.positive);
  let { rows, y } = target;
  let sampled = '';
  if (config.sampleRows !== undefined) {
    if (!(Number.isInteger(config.sampleRows) && config.sampleRows >= 2)) throw new Error(`sampleRows must be a whole number of at least 2, got ${config.sampleRows}`);
    if (rows.length > config.sampleRows) {
      const pick = drawRows(rows.length, config.sampleRows, config.seed);
      sampled = ` on a random sample of ${config.sampleRows.toLocaleString('en-US')} of the ${rows.length.toLocaleString('en-US')} rows`;
      rows = gatherInt32(rows, pick);
      y = gatherFloat64(y, pick);
    }
  }

  const dup = findDuplicates(table, [...features, config.target], sampled ? rows : undefined);
  let heldOut: PreparedCv['holdout'];
  if (config.testShare > 0) {
    // Rows that share a fold share a side: the group column's values, else identical rows when they would be grouped.
    let groups: Float64Array | null = null;
    if (config.groupColumn !== undefined) {
      const group = getColumn(table, config.groupColumn);
      groups = gatherFloat64(group.storage === 'number' ? group.values : group.codes, rows);
    } else if (config.duplicateGrouping === 'auto' && duplicateShare(rows, dup.groupOf) > config.duplicateThreshold) {
      groups = gatherFloat64(dup.groupOf, rows);
    }
    const split = splitHoldout(y, groups, config.testShare, config.seed, config.task === 'classification');
    heldOut = { rows: gatherInt32(rows, split.test), y: gatherFloat64(y, split.test) };
    rows = gatherInt32(rows, split.keep);
    y = gatherFloat64(y, split.keep);
  }
  const m = rows.length;
  const seen = new Set<number>();
  let largest = 0;
  const sizes = new Map<number, number>();
  for (let r = 0; r < m; r++) {
    const g = dup.groupOf[rows[r]];
    seen.add(g);
    const s = (sizes.get(g) ?? 0) + 1;
    sizes.set(g, s);
    largest = Math.max(largest, s);
  }
  const duplicates: DuplicateReport = { count: m - seen.size, distinct: seen.size, largest, grouped: false, reason: '' };
  const share = m ? duplicates.count / m : 0;
  const pct = `${(share * 100).toFixed(1)} %`;

  let folds: Fold[];
  let splitter: string;
  const k = config.folds;
  if (config.groupColumn !== undefined) {
    const group = getColumn(table, config.groupColumn);
    const values = gatherFloat64(group.storage === 'number' ? group.values : group.codes, rows);
    const stratify = config.task === 'classification';
    folds = stratify ? stratifiedGroupKFold(y, values, k, config.seed) : groupKFold(values, k, config.seed);
    splitter = `${stratify ? 'stratified ' : ''}group k-fold on "${config.groupColumn}"`;
    duplicates.reason = `group column "${config.groupColumn}" decides the folds`;
  } else if (config.duplicateGrouping === 'auto' && share > config.duplicateThreshold && config.splitter !== 'holdout') {
    const groups = gatherFloat64(dup.groupOf, rows);
    const stratify = config.task === 'classification';
    folds = stratify ? stratifiedGroupKFold(y, groups, k, config.seed) : groupKFold(groups, k, config.seed);
    splitter = `${stratify ? 'stratified ' : ''}group k-fold on identical rows`;
    duplicates.grouped = true;
    duplicates.reason = `${duplicates.count} of ${m} rows (${pct}) repeat another row, above ${(config.duplicateThreshold * 100).toFixed(0)} %: identical rows share a fold so no test row has a twin in training`;
  } else {
    const kind = config.splitter === 'auto' ? (config.task === 'classification' ? 'stratified' : 'kfold') : config.splitter;
    if (kind === 'group') throw new Error('The group splitter needs --group-column (or duplicate grouping)');
    if (kind === 'stratified' && config.task !== 'classification') throw new Error('Stratified k-fold needs a classification target');
    folds =
      kind === 'stratified'
        ? stratifiedKFold(y, k, config.seed)
        : kind === 'repeated'
          ? repeatedKFold(m, k, config.repeats, config.seed)
          : kind === 'holdout'
            ? holdout(m, config.testFraction, config.seed)
            : kFold(m, k, config.seed);
    splitter = { stratified: 'stratified k-fold', repeated: `repeated k-fold (${config.repeats}×)`, holdout: 'holdout', kfold: 'k-fold' }[kind];
    duplicates.reason =
      config.duplicateGrouping === 'off'
        ? `duplicate grouping turned off (${duplicates.count} duplicate rows, ${pct}); scores may be optimistic`
        : `${duplicates.count} duplicate rows (${pct}), not above ${(config.duplicateThreshold * 100).toFixed(0)} %`;
  }
  return { table, config, features, excluded, rows, y, classes: target.classes, positiveIndex, ...(heldOut && { holdout: heldOut }), folds, splitter: splitter + sampled, duplicates };
}

/** Share of `rows` that repeat an earlier row (by duplicate group). */
function duplicateShare(rows: Int32Array, groupOf: ArrayLike<number>): number {
  const seen = new Set<number>();
  for (const row of rows) seen.add(groupOf[row]);
  return rows.length ? (rows.length - seen.size) / rows.length : 0;
}

/** The run's features (explicit, else the chooser's default) and every other column with why it is left out. */
function resolveFeatures(table: Table, config: CvConfig): { features: string[]; excluded: Exclusion[] } {
  const request = { target: config.target, groupColumn: config.groupColumn };
  const isExplicit = !!config.features?.length;
  const chosen = chooseFeatures(table, { ...request, features: isExplicit ? config.features : undefined, keepLeaky: true }).features;
  const leaks = new Map((config.exclusions ?? []).map((e) => [e.column, e.reason]));
  const chosenSet = new Set(chosen);
  const excluded: Exclusion[] = [];
  for (const c of table.columns) {
    if (c.name === config.target || chosenSet.has(c.name)) continue;
    excluded.push({ column: c.name, reason: leaks.get(c.name) ?? notOfferedReason(table, c.name, request) ?? 'not selected' });
  }
  const features = chosen.filter((name) => {
    const reason = exclusionReason(getColumn(table, name));
    if (reason) excluded.push({ column: name, reason });
    return !reason;
  });
  if (!features.length) {
    throw new Error(isExplicit ? 'None of the selected features can be used (id, text or ignored columns)' : `No usable feature columns besides the target "${config.target}"`);
  }
  return { features, excluded };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
