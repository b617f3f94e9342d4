/**
 * Noise robustness: a model's cross-validated metric when Gaussian noise of a given share of each
 * numeric feature's standard deviation is added to its values. Two readings, stated with the result:
 * 'test' (default) trains each fold on clean rows and adds noise to the test fold's features only,
 * as when a model meets noisier data than it learned from; 'both' adds it to every row, so each fold
 * also trains on noisy rows. Booleans, dates and categories are left clean. Level 0 is the plain
 * cross-validation: the same folds, fits and metric, to the last bit.
 *
 * Each repeat draws one standard normal per row and feature (per test fold, or per row of the file
 * for 'both') and scales it by the level, so the levels of a repeat share their draws (common random
 * numbers: the curve is smooth, not jagged).
 */
import { throwIfAborted } from '../core/abort';
import type { ModelKind, ProgressCallback } from '../core/model';
import { Random } from '../core/random';
import { getColumn, type Column, type Table } from '../core/table';
import { summarise } from '../evaluation/cv/cross-validate';
import { fitFold } from '../evaluation/cv/fold';
import { prepareCv, type CvConfig, type PreparedCv } from '../evaluation/cv/prepare';
import { transformTable } from '../preprocess/pipeline';
import { defaultMetric, metricsOf } from './batch-metric';
import { referenceScale } from './batches';

/** How to measure robustness. */
export interface NoiseOptions {
  /** Noise levels as shares of each feature's standard deviation (default 0, 0.1, …, 0.5). */
  levels: number[];
  /** Seeded repeats per level (default 5). */
  repeats: number;
  /** Add noise to the test folds only (default) or to every row. */
  noiseOn: 'test' | 'both';
  /** The metric (default R² for regression, ROC AUC for two classes, accuracy for more). */
  metric?: string;
}

/** Defaults of {@link NoiseOptions}. */
export const defaultNoiseOptions: NoiseOptions = { levels: [0, 0.1, 0.2, 0.3, 0.4, 0.5], repeats: 5, noiseOn: 'test' };

/** The metric at one noise level: mean and population std over the repeats of the cross-validated metric (itself a mean over folds). */
export interface NoisePoint {
  level: number;
  mean: number;
  std: number;
  /** The cross-validated metric of each repeat. */
  values: number[];
}

/** One model's curve. */
export interface NoiseCurve {
  model: ModelKind;
  metric: string;
  noiseOn: 'test' | 'both';
  /** The numeric features that got noise. */
  noisy: string[];
  points: NoisePoint[];
}

/** Progress and cancellation. */
export interface NoiseHooks {
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

/**
 * The noise curve of `cv.model` on `table` (the CV settings as the Model page's; seed default 0).
 * @param options levels (default 0 to 0.5 by 0.1), repeats (default 5), noiseOn (default 'test')
 */
export async function noiseCurve(table: Table, cv: CvConfig, options: Partial<NoiseOptions> = {}, hooks: NoiseHooks = {}): Promise<NoiseCurve> {
  const o: NoiseOptions = { ...defaultNoiseOptions, ...stripUndefined(options) };
  if (!o.levels.length || o.levels.some((l) => !(l >= 0 && l <= 1))) throw new Error('Noise levels must be shares from 0 to 1 of the standard deviation');
  if (!Number.isInteger(o.repeats) || o.repeats < 1 || o.repeats > 100) throw new Error(`Repeats must be a whole number from 1 to 100, got ${o.repeats}`);
  if (o.noiseOn !== 'test' && o.noiseOn !== 'both') throw new Error(`Noise goes on 'test' or 'both', not "${String(o.noiseOn)}"`);
  const prepared = prepareCv(table, cv);
  const metric = o.metric ?? defaultMetric(prepared.config.task, prepared.classes);
  const noisy = prepared.features.filter((f) => {
    const c = getColumn(table, f);
    return c.storage === 'number' && c.type === 'numeric';
  });
  if (!noisy.length) throw new Error('Noise needs at least one numeric feature');
  const stds = noisy.map((f) => referenceScale((getColumn(table, f) as Extract<Column, { storage: 'number' }>).values, prepared.rows).std);
  const folds = prepared.folds.length;
  const noiseLevels = o.levels.filter((l) => l > 0).length;
  const total = o.noiseOn === 'test' ? folds : folds * (1 + noiseLevels * o.repeats);
  let done = 0;
  const step = () => hooks.onProgress?.(++done, total, `${done} of ${total} fits`);
  hooks.onProgress?.(0, total);

  // values[level][repeat][fold]
  const values = o.levels.map(() => Array.from({ length: o.repeats }, () => new Array<number>(folds)));
  const cleanFold = new Array<number>(folds);
  for (let f = 0; f < folds; f++) {
    throwIfAborted(hooks.signal, 'The noise run was cancelled');
    const fitted = await fitFold(prepared, f);
    cleanFold[f] = metricsOf(fitted.model, fitted.Xtest, fitted.yTest, prepared.config.task, prepared.classes?.length, prepared.positiveIndex)[metric];
    step();
    if (o.noiseOn !== 'test') continue;
    // Only the test rows get noise: a table of them alone, so each level copies a fold, not the file.
    const testTable = rowsOf(table, fitted.testRows);
    for (let r = 0; r < o.repeats; r++) {
      const draws = normalDraws(testTable.rowCount, noisy.length, repeatSeed(prepared.config.seed, r, f));
      o.levels.forEach((level, l) => {
        if (level === 0) return;
        const X = transformTable(fitted.pipeline, withNoise(testTable, noisy, stds, draws, level));
        values[l][r][f] = metricsOf(fitted.model, X, fitted.yTest, prepared.config.task, prepared.classes?.length, prepared.positiveIndex)[metric];
      });
    }
  }
  if (o.noiseOn === 'both') await fitNoisyFolds(prepared, o, metric, { noisy, stds, values, step, signal: hooks.signal });
  // Level 0 is the clean run, once: a mean of repeats of one number could differ from it in the last bit.
  const clean = summarise(cleanFold).mean;
  const points = o.levels.map((level, l): NoisePoint => {
    if (level === 0) return { level, mean: clean, std: 0, values: new Array<number>(o.repeats).fill(clean) };
    const perRepeat = values[l].map((perFold) => summarise(perFold).mean);
    const { mean, std } = summarise(perRepeat);
    return { level, mean, std, values: perRepeat };
  });
  hooks.onProgress?.(total, total);
  return { model: prepared.config.model, metric, noiseOn: o.noiseOn, noisy, points };
}

/** 'both': each fold refitted on the noisy table, per level and repeat. */
async function fitNoisyFolds(
  prepared: PreparedCv,
  o: NoiseOptions,
  metric: string,
  run: { noisy: string[]; stds: number[]; values: number[][][]; step: () => void; signal?: AbortSignal },
): Promise<void> {
  const { table } = prepared;
  for (let r = 0; r < o.repeats; r++) {
    const draws = normalDraws(table.rowCount, run.noisy.length, repeatSeed(prepared.config.seed, r, -1));
    for (const [l, level] of o.levels.entries()) {
      if (level === 0) continue;
      const noisyRun = { ...prepared, table: withNoise(table, run.noisy, run.stds, draws, level) };
      for (let f = 0; f < prepared.folds.length; f++) {
        throwIfAborted(run.signal, 'The noise run was cancelled');
        const fitted = await fitFold(noisyRun, f);
        run.values[l][r][f] = metricsOf(fitted.model, fitted.Xtest, fitted.yTest, prepared.config.task, prepared.classes?.length, prepared.positiveIndex)[metric];
        run.step();
      }
    }
  }
}

/** Standard normal draws, row-major rows × features. */
function normalDraws(rows: number, features: number, seed: number): Float64Array {
  const random = new Random(seed);
  const out = new Float64Array(rows * features);
  for (let i = 0; i < out.length; i++) out[i] = random.normal();
  return out;
}

/** `table` with level·std·draw added to each noisy feature (missing values stay missing). */
function withNoise(table: Table, noisy: string[], stds: number[], draws: Float64Array, level: number): Table {
  const k = noisy.length;
  const columns = table.columns.map((c): Column => {
    const j = noisy.indexOf(c.name);
    if (j < 0 || c.storage !== 'number') return c;
    const values = Float64Array.from(c.values, (v, i) => v + level * stds[j] * draws[i * k + j]);
    return { ...c, values };
  });
  return { ...table, columns };
}

/** The seed of a repeat's draws on one fold's test rows (fold −1: every row, for 'both'). */
function repeatSeed(seed: number, repeat: number, fold: number): number {
  return (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(repeat + 1, 0x85ebca6b) ^ Math.imul(fold + 2, 0xc2b2ae35)) | 0;
}

/** The feature columns of `table` at `rows` only (the test fold). */
function rowsOf(table: Table, rows: Int32Array): Table {
  const columns = table.columns.map((c): Column => (c.storage === 'number' ? { ...c, values: Float64Array.from(rows, (r) => c.values[r]) } : { ...c, codes: Int32Array.from(rows, (r) => c.codes[r]) }));
  return { ...table, rowCount: rows.length, columns };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
