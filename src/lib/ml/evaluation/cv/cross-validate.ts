/**
 * Cross-validation: `crossValidate(table, config)` prepares the folds, runs each fold
 * (`runFold`, also run in parallel by the worker pool) and combines them with `combineFolds`.
 */
import { prepareCv, type CvConfig, type DuplicateReport, type PreparedCv } from './prepare';
import { runFold, type FoldResult } from './fold';
import { classificationMetrics, confusionMatrix } from '../metrics/classification';
import { regressionMetrics } from '../metrics/regression';
import { prCurve, rocCurve } from '../metrics/curves';
import { thresholdCurve, type ThresholdCurve } from '../threshold';
import type { ModelKind, ProgressCallback, Task } from '../../core/model';
import type { Table } from '../../core/table';
import { throwIfAborted } from '../../core/abort';

export { prepareCv, defaultCvConfig, type CvConfig, type PreparedCv, type DuplicateReport } from './prepare';
export { runFold, type FoldResult } from './fold';

/** Mean and population std (ddof 0, like the reference) of a metric over folds. */
export interface MetricSummary {
  mean: number;
  std: number;
}

/** One coefficient across folds. */
export interface CoefficientSummary {
  feature: string;
  /** Per fold, on the model's (standardised) features; NaN where the feature did not exist in a fold. */
  perFold: number[];
  /** Per fold, per original unit of the feature. */
  perFoldOriginal: number[];
  mean: number;
  std: number;
}

/** The result of a cross-validation run. */
export interface CvResult {
  task: Task;
  model: ModelKind;
  target: string;
  folds: number;
  splitter: string;
  features: string[];
  excluded: { column: string; reason: string }[];
  metrics: Record<string, MetricSummary>;
  per_fold: Record<string, number>[];
  /** Metrics of all out-of-fold predictions at once (k-fold and group splits, where every row is tested once). */
  pooled?: Record<string, number>;
  /** Out-of-fold predictions, one entry per test row per fold, for plots. */
  oof: { rows: Int32Array; fold: Int32Array; yTrue: Float64Array; predictions: Float64Array; proba?: Float64Array };
  classes?: string[];
  positive?: string;
  /** Pooled out-of-fold confusion matrix (classes × classes, row = true). */
  confusion?: number[][];
  /** Binary classification: pooled out-of-fold ROC and PR curves (typed arrays: a curve of 200,000 rows crosses to the page without a copy). */
  curves?: { roc: { fpr: Float64Array; tpr: Float64Array }; pr: { precision: Float64Array; recall: Float64Array } };
  /**
   * Binary classification: the confusion counts at every distinct out-of-fold score of the positive
   * class (its probability, else the 0/1 prediction), so a threshold slider reads any threshold
   * without sorting; absent when a score is NaN.
   */
  threshold?: ThresholdCurve;
  duplicates: DuplicateReport;
  coefficients?: CoefficientSummary[];
  importances?: { feature: string; mean: number; std: number }[];
  seconds: number;
}

/** Progress and cancellation hooks of a run. */
export interface CvHooks {
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

/** Cross-validates `config.model` on `table`, one fold after another (the pool runs them in parallel). */
export async function crossValidate(table: Table, config: CvConfig, hooks: CvHooks = {}): Promise<CvResult> {
  const started = performance.now();
  const prepared = prepareCv(table, config);
  const total = prepared.folds.length;
  const results: FoldResult[] = [];
  for (let f = 0; f < total; f++) {
    throwIfAborted(hooks.signal, 'Cross-validation was cancelled');
    hooks.onProgress?.(f, total, `fold ${f + 1} of ${total}`);
    results.push(await runFold(prepared, f, (done, all) => hooks.onProgress?.(f + (all ? done / all : 0), total, `fold ${f + 1} of ${total}`)));
  }
  throwIfAborted(hooks.signal, 'Cross-validation was cancelled');
  hooks.onProgress?.(total, total);
  return combineFolds(planOf(prepared), results, (performance.now() - started) / 1000);
}

/** Mean and population std of the finite values (NaN when there are none). */
export function summarise(values: readonly number[]): MetricSummary {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return { mean: NaN, std: NaN };
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  const variance = finite.reduce((s, v) => s + (v - mean) ** 2, 0) / finite.length;
  return { mean, std: Math.sqrt(variance) };
}

/** What combining folds needs of a prepared run: plain data, small enough to come back with a fold from a worker. */
export type CvPlan = Pick<PreparedCv, 'config' | 'features' | 'excluded' | 'classes' | 'positiveIndex' | 'splitter' | 'duplicates'> & {
  /** Rows with a target value. */
  rowCount: number;
  /** Folds the splitter drew. */
  foldCount: number;
};

/** The plan of a prepared run (without its table, rows and folds). */
export function planOf(prepared: PreparedCv): CvPlan {
  const { config, features, excluded, classes, positiveIndex, splitter, duplicates } = prepared;
  return { config, features, excluded, classes, positiveIndex, splitter, duplicates, rowCount: prepared.rows.length, foldCount: prepared.folds.length };
}

/** Combines fold results (in any order) into the run's result. */
export function combineFolds(prepared: CvPlan, results: readonly FoldResult[], seconds: number): CvResult {
  const { config, classes } = prepared;
  const sorted = [...results].sort((a, b) => a.index - b.index);
  const names = [...new Set(sorted.flatMap((r) => Object.keys(r.metrics)))];
  const metrics: Record<string, MetricSummary> = {};
  for (const name of names) metrics[name] = summarise(sorted.map((r) => r.metrics[name] ?? NaN));

  const total = sorted.reduce((s, r) => s + r.testRows.length, 0);
  const K = classes?.length ?? 0;
  const oof = {
    rows: new Int32Array(total),
    fold: new Int32Array(total),
    yTrue: new Float64Array(total),
    predictions: new Float64Array(total),
    proba: sorted.every((r) => r.proba) && K ? new Float64Array(total * K) : undefined,
  };
  let at = 0;
  for (const r of sorted) {
    oof.rows.set(r.testRows, at);
    oof.fold.fill(r.index, at, at + r.testRows.length);
    oof.yTrue.set(r.yTrue, at);
    oof.predictions.set(r.predictions, at);
    if (oof.proba && r.proba) oof.proba.set(r.proba, at * K);
    at += r.testRows.length;
  }

  const result: CvResult = {
    task: config.task,
    model: config.model,
    target: config.target,
    folds: sorted.length,
    splitter: prepared.splitter,
    features: prepared.features,
    excluded: prepared.excluded,
    metrics,
    per_fold: sorted.map((r) => r.metrics),
    oof,
    classes,
    duplicates: prepared.duplicates,
    seconds,
  };
  const everyRowOnce = total === prepared.rowCount && new Set(oof.rows).size === total;
  if (everyRowOnce && sorted.length > 1) result.pooled = pooledMetrics(prepared, oof);
  if (classes) {
    const cm = confusionMatrix(oof.yTrue, oof.predictions, K);
    result.confusion = Array.from({ length: K }, (_, i) => Array.from(cm.subarray(i * K, (i + 1) * K)));
    if (K === 2 && prepared.positiveIndex !== undefined) {
      const pos = prepared.positiveIndex;
      result.positive = classes[pos];
      const isPositive = oof.yTrue.map((v) => (v === pos ? 1 : 0));
      const proba = oof.proba;
      const score = proba ? Float64Array.from({ length: total }, (_, i) => proba[i * 2 + pos]) : oof.predictions.map((v) => (v === pos ? 1 : 0));
      if (proba) {
        const roc = rocCurve(isPositive, score);
        const pr = prCurve(isPositive, score);
        result.curves = { roc: { fpr: roc.fpr, tpr: roc.tpr }, pr: { precision: pr.precision, recall: pr.recall } };
      }
      if (total > 0 && !score.some(Number.isNaN)) result.threshold = thresholdCurve(score, isPositive);
    }
  }
  result.coefficients = summariseByFeature(sorted, (r) => r.coefficients, (r) => r.coefficientsOriginal, classes);
  const importances = summariseByFeature(sorted, (r) => r.importance, () => undefined);
  if (importances) result.importances = importances.map(({ feature, mean, std }) => ({ feature, mean, std }));
  if (!result.coefficients) delete result.coefficients;
  return result;
}

function pooledMetrics(prepared: CvPlan, oof: CvResult['oof']): Record<string, number> {
  const K = prepared.classes?.length ?? 0;
  return prepared.config.task === 'regression'
    ? regressionMetrics(oof.yTrue, oof.predictions)
    : classificationMetrics(oof.yTrue, oof.predictions, oof.proba, K, prepared.positiveIndex ?? 1);
}

/**
 * Per-feature values across folds, matched by feature name (one-hot levels can differ between folds).
 * Multi-row weights (multinomial logistic) are named "feature (class)".
 */
function summariseByFeature(
  results: readonly FoldResult[],
  get: (r: FoldResult) => Float64Array | undefined,
  getOriginal: (r: FoldResult) => Float64Array | undefined,
  classes?: string[],
): CoefficientSummary[] | undefined {
  if (!results.length || !results.every((r) => get(r))) return undefined;
  const order: string[] = [];
  const byName = new Map<string, { perFold: number[]; perFoldOriginal: number[] }>();
  results.forEach((r, f) => {
    const values = get(r) as Float64Array;
    const original = getOriginal(r);
    const p = r.featureNames.length;
    const rowsOfWeights = p ? values.length / p : 0;
    for (let i = 0; i < values.length; i++) {
      const base = r.featureNames[i % p];
      const row = Math.floor(i / p);
      const name = rowsOfWeights > 1 && classes ? `${base} (${classes[row]})` : base;
      let entry = byName.get(name);
      if (!entry) {
        entry = { perFold: new Array(results.length).fill(NaN), perFoldOriginal: new Array(results.length).fill(NaN) };
        byName.set(name, entry);
        order.push(name);
      }
      entry.perFold[f] = values[i];
      entry.perFoldOriginal[f] = original ? original[i] : NaN;
    }
  });
  return order.map((feature) => {
    const e = byName.get(feature) as { perFold: number[]; perFoldOriginal: number[] };
    return { feature, ...e, ...summarise(e.perFold) };
  });
}
