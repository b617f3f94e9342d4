/**
 * The retraining simulation: a model trained on the starting data meets a new batch of customers
 * each month, drawn from the user's own rows and shifted by user-set amounts (batches.ts). Its
 * metric and each feature's PSI are followed month by month, once for a model never retrained and
 * once for a pipeline that retrains when the metric drops too far below the baseline or a feature's
 * PSI crosses a threshold.
 *
 * The rows with a target are split once by the seed into three disjoint parts, so no model is ever
 * scored on a row it learned from: the starting model trains on half of them; the monthly
 * batches that are scored come from a quarter (the evaluation pool); the labelled batches a
 * retraining learns from (the last `window` months' ones) come from the other quarter.
 */
import { throwIfAborted } from '../core/abort';
import type { ModelKind, ProgressCallback, Task, TrainedModel } from '../core/model';
import { Random } from '../core/random';
import { getColumn, type Column, type Table } from '../core/table';
import { prepareCv } from '../evaluation/cv/prepare';
import { fitOnRows } from '../models/fit-rows';
import { transformTable, type FittedPipeline } from '../preprocess/pipeline';
import { defaultMetric, isLowerBetter, metricDrop, metricsOf } from './batch-metric';
import { drawBatch, noShift, referenceScale, type Batch, type BatchReference, type ShiftPlan } from './batches';
import { psiCategorical, psiNumeric } from './psi';

/** What to simulate. */
export interface SimulationOptions {
  target: string;
  task: Task;
  model: ModelKind;
  modelOptions?: Record<string, unknown>;
  /** Feature columns; default every usable column but the target (as cross-validation picks them). */
  features?: string[];
  /** Positive class of a binary target (default the last class in sorted order). */
  positive?: string;
  /** Months simulated (default 12). */
  months: number;
  /** Rows in each monthly batch, drawn with replacement (default 200). */
  batchSize: number;
  /** The shifts (default none). */
  shifts: ShiftPlan;
  /** The metric followed (default R² for regression, ROC AUC for two classes, accuracy for more). */
  metric?: string;
  /** Retrain when the metric is worse than the baseline by more than this, in the metric's units (default 0.1). */
  metricDrop: number;
  /** Retrain when a feature's PSI against the current model's training data is above this (default 0.25). */
  psiThreshold: number;
  /** A retraining learns from the labelled batches of the last `window` months, the current one included (default 3). */
  window: number;
  /** Seed of the split, the batches and the models (default 0). */
  seed: number;
}

/** Defaults of {@link SimulationOptions}. */
export const defaultSimulationOptions = { months: 12, batchSize: 200, shifts: noShift, metricDrop: 0.1, psiThreshold: 0.25, window: 3, seed: 0 };

/** One simulated month. */
export interface SimulationMonth {
  month: number;
  /** The followed metric of the model never retrained. */
  without: number;
  /** The followed metric of the retraining pipeline's current model. */
  with: number;
  /** Every metric of both. */
  metricsWithout: Record<string, number>;
  metricsWith: Record<string, number>;
  /** Did the pipeline retrain after scoring this month (its new model scores the next months)? */
  retrained: boolean;
  /** Why it retrained, in words. */
  reasons: string[];
  /** PSI of each feature (in `features` order) against the starting training data. */
  psi: number[];
  /** Largest of `psi`. */
  maxPsi: number;
  /** Largest PSI against the training data of the pipeline's current model (what the threshold reads). */
  maxPsiCurrent: number;
}

/** The result of a simulation. */
export interface SimulationResult {
  task: Task;
  model: ModelKind;
  target: string;
  metric: string;
  lowerIsBetter: boolean;
  /** The starting model's metric on an unshifted batch of the evaluation pool (month 0). */
  baseline: number;
  /**
   * The largest feature PSI of that unshifted batch against the starting training data: the PSI that
   * sampling alone gives with these row counts (on small data it can pass 0.25, and a PSI threshold
   * below it retrains every month).
   */
  psiFloor: number;
  features: string[];
  months: SimulationMonth[];
  retrainedMonths: number[];
  /** Rows of each part of the split, and of each batch. */
  rows: { start: number; evaluationPool: number; retrainingPool: number; batch: number };
  settings: { metricDrop: number; psiThreshold: number; window: number; months: number; seed: number };
}

/** Progress and cancellation. */
export interface SimulationHooks {
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

interface Fitted {
  model: TrainedModel;
  pipeline: FittedPipeline;
  /** Feature values it was trained on, per feature (PSI reference). */
  reference: Column[];
}

/**
 * Runs the simulation.
 * @param table the starting data
 * @param input target, task, model; months (default 12), batchSize (200), shifts (none), metricDrop (0.1), psiThreshold (0.25), window (3), seed (0)
 */
export async function simulateRetraining(table: Table, input: Partial<SimulationOptions> & Pick<SimulationOptions, 'target' | 'task' | 'model'>, hooks: SimulationHooks = {}): Promise<SimulationResult> {
  const o: SimulationOptions = { ...defaultSimulationOptions, ...stripUndefined(input) };
  checkCounts(o);
  const prepared = prepareCv(table, { target: o.target, task: o.task, model: o.model, features: o.features, positive: o.positive, folds: 2, duplicateGrouping: 'off', seed: o.seed });
  const { features, rows, y, classes, positiveIndex } = prepared;
  const featureColumns = features.map((f) => getColumn(table, f));
  checkShifts(o, featureColumns, classes);
  if (rows.length < 8) throw new Error(`The simulation needs at least 8 rows with a target; "${o.target}" has ${rows.length}`);
  const metric = o.metric ?? defaultMetric(o.task, classes);

  // The three-way split (see the file comment).
  const order = new Random(o.seed).shuffle(Int32Array.from(rows.keys()));
  const half = Math.floor(order.length / 2);
  const quarter = Math.floor((order.length - half) / 2);
  const part = (from: number, to: number) => order.slice(from, to).sort();
  const [startIdx, evalIdx, retrainIdx] = [part(0, half), part(half, half + quarter), part(half + quarter, order.length)];
  const tableRows = (idx: Int32Array) => Int32Array.from(idx, (i) => rows[i]);
  const targets = (idx: Int32Array) => Float64Array.from(idx, (i) => y[i]);
  const startRows = tableRows(startIdx);

  const scales = new Map(featureColumns.filter((c) => c.storage === 'number').map((c) => [c.name, referenceScale(c.values, startRows)]));
  const reference: BatchReference = { scales, targetStd: o.task === 'regression' ? referenceScale(targets(startIdx), startIdx.map((_, i) => i)).std : 1, positiveIndex, task: o.task };
  const draw = (idx: Int32Array, month: number, stream: number): Batch =>
    drawBatch(table, featureColumns, tableRows(idx), targets(idx), o.batchSize, month, month === 0 ? noShift : o.shifts, reference, new Random(mixSeed(o.seed, month, stream)));

  const total = o.months + 1;
  hooks.onProgress?.(0, total, 'training the starting model');
  const fit = async (data: Table, fitRows: Int32Array, fitY: Float64Array): Promise<Fitted> => {
    const { model, pipeline } = await fitOnRows(data, features, fitRows, fitY, { task: o.task, model: o.model, nClasses: classes?.length, seed: o.seed, modelOptions: o.modelOptions });
    return { model, pipeline, reference: features.map((f) => subset(getColumn(data, f), fitRows)) };
  };
  const scoreOn = (fitted: Fitted, batch: Batch) => metricsOf(fitted.model, transformTable(fitted.pipeline, batch.table), batch.y, o.task, classes?.length, positiveIndex);

  const start = await fit(table, startRows, targets(startIdx));
  const unshifted = draw(evalIdx, 0, 0);
  const baseline = scoreOn(start, unshifted)[metric];
  const psiFloor = maxFinite(featureColumns.map((_, j) => psiOf(start.reference[j], unshifted.table.columns[j])));
  let current = start;
  const trainingBatches: Batch[] = [];
  const months: SimulationMonth[] = [];
  for (let month = 1; month <= o.months; month++) {
    throwIfAborted(hooks.signal, 'The simulation was cancelled');
    hooks.onProgress?.(month, total, `month ${month} of ${o.months}`);
    const batch = draw(evalIdx, month, 0);
    trainingBatches.push(draw(retrainIdx, month, 1));
    const metricsWithout = scoreOn(start, batch);
    const metricsWith = current === start ? metricsWithout : scoreOn(current, batch);
    const psi = featureColumns.map((_, j) => psiOf(start.reference[j], batch.table.columns[j]));
    const psiCurrent = featureColumns.map((_, j) => psiOf(current.reference[j], batch.table.columns[j]));
    const reasons: string[] = [];
    const drop = metricDrop(metric, baseline, metricsWith[metric]);
    if (drop > o.metricDrop) reasons.push(`${metric} ${format(metricsWith[metric])} is ${format(drop)} worse than the baseline ${format(baseline)} (threshold ${format(o.metricDrop)})`);
    const worst = argMax(psiCurrent);
    if (worst >= 0 && psiCurrent[worst] > o.psiThreshold) reasons.push(`PSI of "${features[worst]}" is ${format(psiCurrent[worst])}, above ${format(o.psiThreshold)}`);
    if (reasons.length) {
      const learned = concatBatches(trainingBatches.slice(-o.window));
      current = await fit(learned.table, Int32Array.from(learned.y.keys()), learned.y);
    }
    months.push({
      month,
      without: metricsWithout[metric],
      with: metricsWith[metric],
      metricsWithout,
      metricsWith,
      retrained: reasons.length > 0,
      reasons,
      psi,
      maxPsi: maxFinite(psi),
      maxPsiCurrent: maxFinite(psiCurrent),
    });
  }
  hooks.onProgress?.(total, total);
  return {
    task: o.task,
    model: o.model,
    target: o.target,
    metric,
    lowerIsBetter: isLowerBetter(metric),
    baseline,
    psiFloor,
    features,
    months,
    retrainedMonths: months.filter((m) => m.retrained).map((m) => m.month),
    rows: { start: startIdx.length, evaluationPool: evalIdx.length, retrainingPool: retrainIdx.length, batch: o.batchSize },
    settings: { metricDrop: o.metricDrop, psiThreshold: o.psiThreshold, window: o.window, months: o.months, seed: o.seed },
  };
}

function checkCounts(o: SimulationOptions): void {
  if (!Number.isInteger(o.months) || o.months < 1 || o.months > 120) throw new Error(`Months must be a whole number from 1 to 120, got ${o.months}`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 10 || o.batchSize > 100_000) throw new Error(`The batch size must be a whole number from 10 to 100,000, got ${o.batchSize}`);
  if (!Number.isInteger(o.window) || o.window < 1) throw new Error(`The retraining window must be at least 1 month, got ${o.window}`);
  if (!Number.isSafeInteger(o.seed)) throw new Error(`The seed must be a whole number, got ${o.seed}`);
  if (!(o.metricDrop >= 0)) throw new Error(`The metric drop threshold must be 0 or more, got ${o.metricDrop}`);
  if (!(o.psiThreshold >= 0)) throw new Error(`The PSI threshold must be 0 or more, got ${o.psiThreshold}`);
}

/** Shifts must name features of the right kind; a concept change of a classifier needs two classes. */
function checkShifts(o: SimulationOptions, columns: Column[], classes?: string[]): void {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const numeric = (name: string, what: string) => {
    const c = byName.get(name);
    if (!c) throw new Error(`The ${what} column "${name}" is not a feature of this model`);
    if (c.storage !== 'number' || c.type !== 'numeric') throw new Error(`The ${what} column "${name}" is ${c.type}, not numeric`);
  };
  for (const s of o.shifts.numeric) {
    numeric(s.column, s.kind === 'mean' ? 'mean shift' : 'scale change');
    if (!Number.isFinite(s.amount)) throw new Error(`The shift of "${s.column}" must be a number`);
  }
  if (o.shifts.mix) {
    const c = byName.get(o.shifts.mix.column);
    if (!c) throw new Error(`The category mix column "${o.shifts.mix.column}" is not a feature of this model`);
    if (c.storage !== 'category') throw new Error(`The category mix column "${o.shifts.mix.column}" is ${c.type}, not categorical`);
  }
  if (o.shifts.concept) {
    numeric(o.shifts.concept.feature, 'concept change');
    if (o.task === 'classification' && classes?.length !== 2) throw new Error(`A concept change of a classifier needs two classes; "${o.target}" has ${classes?.length}`);
  }
}

/** PSI of one feature: decile bins for numbers, levels for categories (codes share one dictionary that batches only extend). */
function psiOf(reference: Column, current: Column): number {
  if (reference.storage === 'number' && current.storage === 'number') return psiNumeric(reference.values, current.values);
  if (reference.storage === 'category' && current.storage === 'category') return psiCategorical(reference.codes, current.codes, Math.max(reference.dictionary.length, current.dictionary.length));
  return NaN;
}

/** The batches' rows as one batch (categorical dictionaries are prefixes of the longest one). */
export function concatBatches(batches: readonly Batch[]): Batch {
  const first = batches[0].table;
  const columns = first.columns.map((c, j): Column => {
    const parts = batches.map((b) => b.table.columns[j]);
    if (c.storage === 'number') return { ...c, values: joinArrays(parts.map((p) => (p as typeof c).values), Float64Array) };
    const dictionary = parts.map((p) => (p as typeof c).dictionary).reduce((a, b) => (b.length > a.length ? b : a));
    return { ...c, dictionary, codes: joinArrays(parts.map((p) => (p as typeof c).codes), Int32Array) };
  });
  const y = joinArrays(batches.map((b) => b.y), Float64Array);
  return { table: { name: first.name, rowCount: y.length, columns }, y };
}

function joinArrays<T extends Float64Array | Int32Array>(parts: T[], Kind: { new (n: number): T }): T {
  const out = new Kind(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

function subset(column: Column, rows: Int32Array): Column {
  if (column.storage === 'number') return { ...column, values: Float64Array.from(rows, (r) => column.values[r]) };
  return { ...column, codes: Int32Array.from(rows, (r) => column.codes[r]) };
}

/** A seed per month and stream, so a month's batch does not depend on how many draws came before. */
function mixSeed(seed: number, month: number, stream: number): number {
  return (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(month + 1, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35)) | 0;
}

function argMax(values: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]) && (best < 0 || values[i] > values[best])) best = i;
  return best;
}

function maxFinite(values: readonly number[]): number {
  const i = argMax(values);
  return i < 0 ? NaN : values[i];
}

function format(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : String(v);
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
