/**
 * The ML worker's API as a plain object, so it can be tested in Node without a Worker.
 * A table arrives once per worker (`setData` with a dataset id); fold tasks then name the id.
 */
import * as Comlink from 'comlink';
import { combineFolds, prepareCv, runFold, type CvConfig, type CvResult, type FoldResult, type PreparedCv } from '../ml/evaluation/cv/cross-validate';
import { explainFold, type ExplainOptions, type FoldExplanation } from '../ml/evaluation/explain/explain-fold';
import { learningCurvePoint, type LearningCurvePoint } from '../ml/evaluation/learning-curve';
import type { ProgressCallback } from '../ml/core/model';
import type { Table } from '../ml/core/table';
import type { Params } from '../ml/evaluation/tuning/search-space';
import { scoreTrial } from '../ml/evaluation/tuning/trial-score';

const datasets = new Map<string, Table>();
const preparedRuns = new Map<string, PreparedCv>();

/** Minimum milliseconds between two progress messages sent out of the worker. */
export const progressIntervalMs = 100;

/** Wraps a (possibly remote) callback so it fires at most every `ms` ms, plus the final call; never awaited. */
export function throttleProgress(callback: ProgressCallback | undefined, ms = progressIntervalMs): ProgressCallback | undefined {
  if (!callback) return undefined;
  let last = -Infinity;
  return (done, total, note) => {
    const now = performance.now();
    if (done < total && now - last < ms) return;
    last = now;
    // A remote (Comlink) callback returns a promise: fire and forget, ignore a closed port.
    void Promise.resolve(callback(done, total, note)).catch(() => undefined);
  };
}

function datasetOf(id: string): Table {
  const table = datasets.get(id);
  if (!table) throw new Error(`Dataset "${id}" was not sent to this worker; call setData first`);
  return table;
}

/** The prepared run for a dataset and config, made once per worker (fold draws are deterministic). */
function preparedFor(id: string, config: CvConfig): PreparedCv {
  const key = `${id}\u0000${JSON.stringify(config)}`;
  let prepared = preparedRuns.get(key);
  if (!prepared) {
    prepared = prepareCv(datasetOf(id), config);
    // Keep a few runs only: each holds fold indices for the whole table.
    if (preparedRuns.size >= 8) preparedRuns.delete(preparedRuns.keys().next().value as string);
    preparedRuns.set(key, prepared);
  }
  return prepared;
}

function releaseCallback(callback: unknown): void {
  const release = (callback as Record<symbol, unknown> | undefined)?.[Comlink.releaseProxy];
  if (typeof release === 'function') release.call(callback);
}

function foldBuffers(result: FoldResult): ArrayBuffer[] {
  const arrays = [result.testRows, result.yTrue, result.predictions, result.proba, result.coefficients, result.coefficientsOriginal, result.importance];
  return arrays.filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer);
}

/** The worker API (exposed by ml.worker.ts). */
export const mlApi = {
  /** Stores a table under `id` (its buffers were transferred in). */
  setData(id: string, table: Table): void {
    datasets.set(id, table);
    for (const key of preparedRuns.keys()) if (key.startsWith(`${id}\u0000`)) preparedRuns.delete(key);
  },
  /** Forgets a dataset. */
  dropData(id: string): void {
    datasets.delete(id);
    for (const key of preparedRuns.keys()) if (key.startsWith(`${id}\u0000`)) preparedRuns.delete(key);
  },
  /** Does this worker hold the dataset? */
  hasData(id: string): boolean {
    return datasets.has(id);
  },
  /** Fits and scores one fold of a cross-validation run on dataset `id`. */
  async runFold(id: string, config: CvConfig, foldIndex: number, onProgress?: ProgressCallback): Promise<FoldResult> {
    try {
      const result = await runFold(preparedFor(id, config), foldIndex, throttleProgress(onProgress));
      return Comlink.transfer(result, foldBuffers(result));
    } finally {
      releaseCallback(onProgress);
    }
  },
  /** One learning-curve point: fold `foldIndex` trained on `fraction` of its training rows. */
  async learningCurvePoint(id: string, config: CvConfig, foldIndex: number, fraction: number, seed = 0): Promise<LearningCurvePoint> {
    return learningCurvePoint(preparedFor(id, config), foldIndex, fraction, seed);
  },
  /** One tuning trial: the mean CV `metric` of `config`'s model with `params`, at `budget` (share of rows or trees). */
  async scoreTrial(id: string, config: CvConfig, params: Params, budget: number, metric: string): Promise<number> {
    return scoreTrial(preparedFor(id, config), params, budget, metric);
  },
  /** Explains fold `foldIndex` (permutation importance, TreeSHAP, partial dependence on its test rows). */
  async explainFold(id: string, config: CvConfig, foldIndex: number, options: Partial<ExplainOptions> = {}): Promise<FoldExplanation> {
    const result = await explainFold(preparedFor(id, config), foldIndex, options);
    const arrays = [result.drops, result.shap?.rows, result.shap?.values, result.shap?.featureValues];
    return Comlink.transfer(result, arrays.filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer));
  },
  /** A whole cross-validation run in this worker (sequential folds). */
  async crossValidate(id: string, config: CvConfig, onProgress?: ProgressCallback): Promise<CvResult> {
    try {
      const started = performance.now();
      const prepared = preparedFor(id, config);
      const progress = throttleProgress(onProgress);
      const total = prepared.folds.length;
      const results: FoldResult[] = [];
      for (let f = 0; f < total; f++) {
        results.push(await runFold(prepared, f, (done, all) => progress?.(f + (all ? done / all : 0), total)));
      }
      progress?.(total, total);
      return combineFolds(prepared, results, (performance.now() - started) / 1000);
    } finally {
      releaseCallback(onProgress);
    }
  },
};

/** The ML worker's API type, for `Comlink.wrap<MlWorkerApi>`. */
export type MlWorkerApi = typeof mlApi;
