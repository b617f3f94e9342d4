/**
 * `RunRecord`: one remembered run of the app, as plain data. It holds the run's `RunConfig` (so it
 * can be opened or run again), what it ran on (a fingerprint with the columns' names and types,
 * never the data), its settings and results (mean ± std and per-fold metrics, tuning trials, the
 * sweep) and compact curves for overlaid charts. Names a user wrote (columns, targets) are only
 * ever values, never object keys: lists of entries hold them.
 */
import type { TableFingerprint } from '../ml/data/fingerprint';
import type { ParamValue } from '../ml/evaluation/tuning/search-space';
import type { RunConfig } from '../runs/run-config';

/** The record format this code writes and reads. */
export const runRecordVersion = 1;

/** The page a run was made on (and re-opens on). */
export type RunPage = 'predict' | 'risk' | 'segments' | 'monitor';

/** The pages that record runs, in navigation order. */
export const runPages: readonly RunPage[] = ['predict', 'risk', 'segments', 'monitor'];

/** Which kind of run: a model's cross-validation, a tuning search, a clustering sweep, a retraining simulation. */
export type RecordedKind = 'cv' | 'tune' | 'segment' | 'simulate';

/** The recorded kinds. */
export const recordedKinds: readonly RecordedKind[] = ['cv', 'tune', 'segment', 'simulate'];

/** Finished, or stopped by the user (or by a newer run) before it finished. */
export type RecordStatus = 'done' | 'cancelled';

/** A named value: a model option, a CV setting. */
export interface ParamEntry {
  name: string;
  value: ParamValue | null;
}

/** A metric's mean and population std over folds (std NaN when there is one value). */
export interface MetricEntry {
  key: string;
  mean: number;
  std: number;
}

/** A metric's value in each fold, in fold order. */
export interface FoldMetric {
  key: string;
  values: number[];
}

/** One finished trial of a tuning search. */
export interface TrialEntry {
  index: number;
  params: ParamEntry[];
  /** NaN when the trial failed. */
  score: number;
  budget: number;
  round: number;
}

/** A curve as two equally long lists. */
export interface CurvePoints {
  x: number[];
  y: number[];
}

/** Compact curve data for overlaid charts (each list bounded, see compact-curve.ts). */
export interface RunCurves {
  /** Binary classification: ROC (x = false positive rate, y = true positive rate). */
  roc?: CurvePoints;
  /** Binary classification: precision–recall (x = recall, y = precision). */
  pr?: CurvePoints;
  /** Regression: a sample of out-of-fold rows (x = actual, y = predicted). */
  predicted?: CurvePoints;
  /** Clustering sweep: inertia by k (elbow). */
  elbow?: CurvePoints;
  /** Clustering sweep: silhouette by k. */
  silhouette?: CurvePoints;
  /** Retraining simulation: the followed metric by month, of the model never retrained and of the retraining pipeline. */
  withoutRetraining?: CurvePoints;
  withRetraining?: CurvePoints;
}

/** A column of the data a run used: its name and type. */
export interface RecordedColumn {
  name: string;
  type: string;
}

/** What a run ran on: the fingerprint plus its columns (the first `maxRecordedColumns`), never its values. */
export interface RecordedData extends TableFingerprint {
  columns: RecordedColumn[];
  /** Columns not listed (wide files). */
  columnsOmitted: number;
}

/** One remembered run. */
export interface RunRecord {
  version: typeof runRecordVersion;
  /** Stable: made once from the run's content when it is recorded, kept through export and import. */
  id: string;
  page: RunPage;
  kind: RecordedKind;
  status: RecordStatus;
  /** The run as the app describes it (settings and seed), to open or run again. */
  run: RunConfig;
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number;
  /** Wall-clock seconds from start to end. */
  seconds: number;
  task: 'regression' | 'classification' | 'clustering';
  /** The target (the label's column on Risk); '' for a clustering sweep. */
  target: string;
  features: string[];
  /** A ModelKind, or 'kmeans'. */
  model: string;
  /** The model's options as set (an option not listed had its default); a search's settings. */
  params: ParamEntry[];
  /** Cross-validation settings: folds, seed, splitter, duplicate handling, imbalance method, grouping. */
  settings: ParamEntry[];
  metrics: MetricEntry[];
  perFold: FoldMetric[];
  /** Equal for runs evaluated on the same folds (same data, seed, splitter and target); null when not a CV. */
  foldKey: string | null;
  /** Columns left out for leaking, with the reason. */
  exclusions: { column: string; reason: string }[];
  /** Leakage suspicions shown with the run's settings. */
  findings: { column: string; check: string; sentence: string }[];
  /** Where the arithmetic ran: 'cpu' (JavaScript), 'wasm' (K-Means), 'tfjs-…' (the MLP). */
  backend: string;
  appVersion: string;
  data: RecordedData | null;
  /** A cancelled run: how far it got, in its own units (folds, trials, steps). */
  progress?: { done: number; total: number };
  /** A tuning search's finished trials and the default settings' score. */
  trials?: TrialEntry[];
  baseline?: number | null;
  curves?: RunCurves;
}

/** Most columns a record lists (a 5,000-column file must not make every record 100 kB). */
export const maxRecordedColumns = 300;

/** Most trials a record keeps. */
export const maxRecordedTrials = 500;

/** Metrics where lower is better; every other metric is higher-is-better. */
const lowerIsBetter = new Set(['rmse', 'mae', 'mape', 'log_loss', 'inertia', 'seconds']);

/** Is a larger value of `metric` better? */
export function isHigherBetter(metric: string): boolean {
  return !lowerIsBetter.has(metric);
}

/** How a metric reads for people. */
const metricLabels = new Map<string, string>([
  ['r2', 'R²'],
  ['rmse', 'RMSE'],
  ['mae', 'MAE'],
  ['mape', 'MAPE'],
  ['roc_auc', 'ROC AUC'],
  ['pr_auc', 'PR AUC'],
  ['f1', 'F1'],
  ['accuracy', 'accuracy'],
  ['balanced_accuracy', 'balanced accuracy'],
  ['precision', 'precision'],
  ['recall', 'recall'],
  ['log_loss', 'log loss'],
  ['silhouette', 'silhouette'],
  ['inertia', 'inertia'],
  ['best_k', 'suggested k'],
  ['final_with', 'last month, retraining'],
  ['final_without', 'last month, not retrained'],
]);

/** The name of `metric` as the pages write it ("R²", "ROC AUC"). */
export function metricLabel(metric: string): string {
  return metricLabels.get(metric) ?? metric;
}

/** The metric a record is listed by: R² (regression), ROC AUC or F1 (classification), the search's metric, silhouette. */
export function headlineMetric(record: RunRecord): MetricEntry | null {
  const order = record.kind === 'segment' ? ['silhouette'] : record.kind === 'simulate' ? ['final_with'] : record.task === 'regression' ? ['r2', 'rmse'] : ['roc_auc', 'f1', 'accuracy'];
  for (const key of order) {
    const found = record.metrics.find((m) => m.key === key);
    if (found) return found;
  }
  return record.metrics[0] ?? null;
}

/** A metric's mean in `record`, or NaN when it has none. */
export function metricOf(record: RunRecord, key: string): number {
  return record.metrics.find((m) => m.key === key)?.mean ?? NaN;
}

/** The value of a named entry, or undefined. */
export function entryValue(entries: readonly ParamEntry[], name: string): ParamEntry['value'] | undefined {
  return entries.find((e) => e.name === name)?.value;
}
