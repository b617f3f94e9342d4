/**
 * Records made from finished (or cancelled) runs: a model's cross-validation, a tuning search, a
 * clustering sweep. Pure: the caller says when the run started and ended, the app's version and
 * the table's columns; results are reduced to metrics, per-fold values and bounded curves.
 */
import type { CvResult } from '../ml/evaluation/cv/cross-validate';
import type { Trial } from '../ml/evaluation/tuning/run-trials';
import type { ParamValue } from '../ml/evaluation/tuning/search-space';
import type { LabelSpec } from '../ml/labels/label';
import type { SuspicionFinding } from '../ml/leakage/suspicion';
import type { SegmentationResult } from '../ml/segments/segmentation';
import type { CvJobResult } from '../runs/jobs/model-jobs';
import type { RunConfigOf } from '../runs/run-config';
import { stableJson } from '../runs/stable-json';
import { maxCurvePoints, pickPoints, roundTo, thinCurve } from './compact-curve';
import { recordIdOf } from './record-id';
import {
  maxRecordedColumns,
  maxRecordedTrials,
  runRecordVersion,
  type FoldMetric,
  type MetricEntry,
  type ParamEntry,
  type RecordedData,
  type RunCurves,
  type RunPage,
  type RunRecord,
} from './run-record';

/** What a record needs besides the run and its result. */
export interface RecordContext {
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number;
  appVersion: string;
  /** The columns of the table the run read (name and type). */
  columns: readonly { name: string; type: string }[];
  /** Leakage suspicions shown with the run's settings. */
  findings?: readonly SuspicionFinding[];
  /** How far a cancelled run got. */
  progress?: { done: number; total: number };
}

/** A value as a record keeps it: numbers, strings, booleans and number lists as they are, anything else as JSON text. */
export function paramValueOf(value: unknown): ParamValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return [...(value as number[])];
  return stableJson(value);
}

/** Named entries of an options object, sorted by name (option names are the app's, never the user's). */
function entriesOf(options: Readonly<Record<string, unknown>> | undefined): ParamEntry[] {
  return Object.keys(options ?? {})
    .sort()
    .map((name) => ({ name, value: paramValueOf((options as Record<string, unknown>)[name]) }));
}

/** A label in words: "loyalty_score < 5 and region = North", or "Churn (positive: Yes)". */
export function describeLabel(label: LabelSpec): string {
  if (label.source === 'column') return label.positive === undefined ? label.column : `${label.column} (positive: ${label.positive})`;
  return label.rules.map((r) => `${r.column} ${r.operator} ${String(r.value)}`).join(` ${label.combine} `);
}

export function recordedData(run: { data: RunConfigOf<'cv'>['data'] }, columns: RecordContext['columns']): RecordedData | null {
  if (!run.data) return null;
  const { name, rows, cols, hash } = run.data;
  const listed = columns.slice(0, maxRecordedColumns).map((c) => ({ name: c.name, type: c.type }));
  return { name, rows, cols, hash, columns: listed, columnsOmitted: Math.max(0, columns.length - listed.length) };
}

/** Most left-out columns a record lists. */
export const maxRecordedExclusions = 100;

/**
 * The columns left out for a reason worth keeping (leaks, the target, ids…), at most
 * `maxRecordedExclusions`: a result also lists every column merely not chosen, which for a
 * 5,000-column file would make each record hundreds of kilobytes.
 */
function exclusionsOf(excluded: readonly { column: string; reason: string }[]): RunRecord['exclusions'] {
  return excluded
    .filter((e) => e.reason !== 'not selected')
    .slice(0, maxRecordedExclusions)
    .map((e) => ({ column: e.column, reason: e.reason }));
}

function findingsOf(context: RecordContext): RunRecord['findings'] {
  return (context.findings ?? []).slice(0, maxRecordedExclusions).map((f) => ({ column: f.column, check: f.check, sentence: f.sentence }));
}

/** The page a model run belongs to: regression on Predict, classification on Risk. */
function modelPage(task: string): RunPage {
  return task === 'classification' ? 'risk' : 'predict';
}

/** Where a model's arithmetic runs: JavaScript, or TensorFlow.js for the MLP (its backend option, 'auto' by default). */
function backendOf(model: string, options: Readonly<Record<string, unknown>> | undefined): string {
  return model === 'mlp' ? `tfjs-${String(options?.backend ?? 'auto')}` : 'cpu';
}

/**
 * A key equal for two CV runs that use the same folds: same data, seed, fold count, splitter,
 * target and label, and (when identical rows were grouped, which looks at the features too) the
 * same features. Paired differences over folds are only meaningful between such runs.
 */
export function foldKeyOf(run: RunConfigOf<'cv'>, grouped: boolean | undefined): string {
  const c = run.config;
  return stableJson({
    data: run.data?.hash ?? null,
    seed: run.seed,
    task: c.task,
    target: c.target,
    label: c.label ?? null,
    folds: c.folds ?? 5,
    splitter: c.splitter ?? 'auto',
    repeats: c.repeats ?? null,
    testFraction: c.testFraction ?? null,
    groupColumn: c.groupColumn ?? null,
    duplicateGrouping: c.duplicateGrouping ?? 'auto',
    duplicateThreshold: c.duplicateThreshold ?? null,
    features: grouped ? [...(c.features ?? [])].sort() : null,
    // Only when a test set is held out, so the keys of runs without one stay as they were.
    ...(c.testShare ? { testShare: c.testShare } : {}),
  });
}

/** The CV settings of a model run, as entries. */
function cvSettings(run: RunConfigOf<'cv'>, result: CvResult | null): ParamEntry[] {
  const c = run.config;
  const settings: ParamEntry[] = [
    { name: 'folds', value: c.folds ?? 5 },
    { name: 'seed', value: run.seed },
    { name: 'splitter', value: result?.splitter ?? c.splitter ?? 'auto' },
    { name: 'duplicate grouping', value: c.duplicateGrouping ?? 'auto' },
  ];
  if (result) settings.push({ name: 'duplicates kept in one fold', value: result.duplicates.grouped });
  if (c.groupColumn !== undefined) settings.push({ name: 'group column', value: c.groupColumn });
  if (c.testShare) settings.push({ name: 'held-out test share', value: c.testShare });
  if (c.task === 'classification') settings.push({ name: 'imbalance', value: c.imbalance ?? 'none' });
  if (c.label) settings.push({ name: 'label', value: describeLabel(c.label) });
  const positive = result?.positive ?? c.positive;
  if (positive !== undefined) settings.push({ name: 'positive class', value: positive });
  if (c.preprocess && Object.keys(c.preprocess).length) settings.push({ name: 'preprocess', value: stableJson(c.preprocess) });
  return settings;
}

/**
 * Metrics (mean ± std over folds) and per-fold values of a CV result, in the result's order; then
 * the held-out test set's metrics, when the run kept one, as `test_<metric>` (one value: std 0, no folds).
 */
function cvMetrics(result: CvJobResult): { metrics: MetricEntry[]; perFold: FoldMetric[] } {
  const keys = Object.keys(result.metrics);
  const test = Object.entries(result.test?.metrics ?? {}).map(([key, value]) => ({ key: `test_${key}`, mean: value, std: 0 }));
  return {
    metrics: [...keys.map((key) => ({ key, mean: result.metrics[key].mean, std: result.metrics[key].std })), ...test],
    perFold: keys.map((key) => ({ key, values: result.per_fold.map((fold) => fold[key] ?? NaN) })),
  };
}

/** `k` row indices spread evenly over 0..n−1 (all rows when n ≤ k): out-of-fold rows come fold by fold, so every fold is drawn from. */
export function evenlySpaced(n: number, k: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: k }, (_, j) => Math.floor((j * n) / k));
}

/** Bounded curves of a CV result: ROC and PR (binary labels) or evenly spaced out-of-fold rows of predicted against actual (regression). */
export function cvCurves(result: CvResult): RunCurves {
  const curves: RunCurves = {};
  if (result.curves) {
    curves.roc = thinCurve(result.curves.roc.fpr, result.curves.roc.tpr);
    curves.pr = thinCurve(result.curves.pr.recall, result.curves.pr.precision);
  }
  if (result.task === 'regression') {
    curves.predicted = pickPoints(result.oof.yTrue, result.oof.predictions, evenlySpaced(result.oof.yTrue.length, maxCurvePoints));
  }
  return curves;
}

/** When the run started and finished, and its duration in seconds. */
export function timingOf(context: RecordContext): Pick<RunRecord, 'startedAt' | 'finishedAt' | 'seconds'> {
  return { startedAt: context.startedAt, finishedAt: context.finishedAt, seconds: roundTo(Math.max(0, context.finishedAt - context.startedAt) / 1000, 4) };
}

/** Puts the id on a record made of everything else. */
export function withId(record: Omit<RunRecord, 'id'>): RunRecord {
  return { id: recordIdOf(record), ...record };
}

/**
 * The record of one model's cross-validation.
 * @param result the result, or null when the run was cancelled before it finished
 */
export function cvRecord(run: RunConfigOf<'cv'>, result: CvResult | null, context: RecordContext): RunRecord {
  const c = run.config;
  const { metrics, perFold } = result ? cvMetrics(result) : { metrics: [], perFold: [] };
  return withId({
    version: runRecordVersion,
    page: modelPage(c.task),
    kind: 'cv',
    status: result ? 'done' : 'cancelled',
    run,
    ...timingOf(context),
    task: c.task,
    target: result?.target ?? c.target,
    features: [...(result?.features ?? c.features ?? [])],
    model: c.model,
    params: entriesOf(c.modelOptions),
    settings: cvSettings(run, result),
    metrics,
    perFold,
    foldKey: foldKeyOf(run, result?.duplicates.grouped),
    exclusions: exclusionsOf(result?.excluded ?? c.exclusions ?? []),
    findings: findingsOf(context),
    backend: backendOf(c.model, c.modelOptions),
    appVersion: context.appVersion,
    data: recordedData(run, context.columns),
    ...(result ? { curves: cvCurves(result) } : {}),
    ...(!result && context.progress ? { progress: context.progress } : {}),
  });
}

/** What a tuning search left: its finished trials, the best and the default settings' score. */
export interface TuneOutcome {
  trials: readonly Trial[];
  best: Trial | null;
  baseline: number | null;
  /** Did it stop before it finished? */
  cancelled: boolean;
}

/** The record of a hyperparameter search. */
export function tuneRecord(run: RunConfigOf<'tune'>, outcome: TuneOutcome, context: RecordContext): RunRecord {
  const { cv, space, method, nTrials, metric, searchSeed } = run.config;
  const cvRun = { ...run, kind: 'cv' as const, config: cv };
  const trials = [...outcome.trials]
    .sort((a, b) => a.index - b.index)
    .slice(0, maxRecordedTrials)
    .map((t) => ({ index: t.index, params: entriesOf(t.params), score: t.score, budget: t.budget, round: t.round }));
  const metrics: MetricEntry[] = [];
  if (outcome.best) metrics.push({ key: metric, mean: outcome.best.score, std: NaN });
  return withId({
    version: runRecordVersion,
    page: modelPage(cv.task),
    kind: 'tune',
    status: outcome.cancelled ? 'cancelled' : 'done',
    run,
    ...timingOf(context),
    task: cv.task,
    target: cv.target,
    features: [...(cv.features ?? [])],
    model: cv.model,
    params: [
      { name: 'method', value: method },
      { name: 'trials', value: nTrials },
      { name: 'search seed', value: searchSeed },
      { name: 'metric', value: metric },
      ...Object.keys(space)
        .sort()
        .map((name) => ({ name: `space: ${name}`, value: stableJson(space[name]) })),
      ...(outcome.best ? entriesOf(outcome.best.params).map((e) => ({ name: `best: ${e.name}`, value: e.value })) : []),
    ],
    settings: cvSettings(cvRun, null),
    metrics,
    perFold: [],
    foldKey: null,
    exclusions: exclusionsOf(cv.exclusions ?? []),
    findings: findingsOf(context),
    backend: backendOf(cv.model, cv.modelOptions),
    appVersion: context.appVersion,
    data: recordedData(run, context.columns),
    trials,
    baseline: outcome.baseline,
    ...(outcome.cancelled && context.progress ? { progress: context.progress } : {}),
  });
}

/**
 * The record of a clustering sweep.
 * @param result the result, or null when the sweep was cancelled
 */
export function segmentRecord(run: RunConfigOf<'segment'>, result: SegmentationResult | null, context: RecordContext): RunRecord {
  const c = run.config;
  const metrics: MetricEntry[] = [];
  const curves: RunCurves = {};
  if (result) {
    const best = result.sweep.find((s) => s.k === result.bestK);
    metrics.push({ key: 'best_k', mean: result.bestK, std: NaN });
    if (best) {
      metrics.push({ key: 'silhouette', mean: best.silhouette, std: NaN });
      metrics.push({ key: 'inertia', mean: best.inertia, std: NaN });
      if (best.stability !== undefined) metrics.push({ key: 'stability', mean: best.stability, std: NaN });
    }
    const ks = result.sweep.map((s) => s.k);
    curves.elbow = thinCurve(ks, result.sweep.map((s) => s.inertia));
    curves.silhouette = thinCurve(ks, result.sweep.map((s) => s.silhouette));
  }
  return withId({
    version: runRecordVersion,
    page: 'segments',
    kind: 'segment',
    status: result ? 'done' : 'cancelled',
    run,
    ...timingOf(context),
    task: 'clustering',
    target: '',
    features: [...c.features],
    model: 'kmeans',
    params: entriesOf(Object.fromEntries(Object.entries(c).filter(([name]) => name !== 'features'))),
    settings: [{ name: 'seed', value: run.seed }],
    metrics,
    perFold: [],
    foldKey: null,
    exclusions: [],
    findings: [],
    backend: 'wasm',
    appVersion: context.appVersion,
    data: recordedData(run, context.columns),
    ...(result ? { curves } : {}),
    ...(!result && context.progress ? { progress: context.progress } : {}),
  });
}
