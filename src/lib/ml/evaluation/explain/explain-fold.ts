/**
 * Explanations of a cross-validated model, one fold at a time (so the worker pool runs folds in
 * parallel): fit the model on the training fold as `runFold` does, then on the OUT-OF-FOLD rows
 * measure permutation importance (the one-hot columns of a categorical shuffled together), exact
 * TreeSHAP on a sample of rows (rf, gbm) and partial dependence of the fold's top features.
 * `combineExplanations` pools the folds. Explaining training rows would measure memorisation.
 */
import { fitFold } from '../cv/fold';
import type { PreparedCv } from '../cv/prepare';
import { partialDependenceOneHot, percentileGrid } from './partial-dependence';
import { permutationImportance, type PredictFn, type ScoreFn } from './permutation';
import { modelTrees } from './model-trees';
import { treeShap } from './treeshap';
import type { Matrix } from '../../core/matrix';
import { accuracy } from '../metrics/classification';
import { rocAuc } from '../metrics/curves';
import { r2Score } from '../metrics/regression';
import type { ModelKind, ProgressCallback, Task, TrainedModel } from '../../core/model';
import { featureScaling } from '../../preprocess/pipeline';
import { Random } from '../../core/random';
import { getColumn } from '../../core/table';

/** Options of {@link explainFold}. */
export interface ExplainOptions {
  /** Shuffles per feature and fold (default 10, as the scikit-learn reference). */
  nRepeats: number;
  /** Seed of the shuffles and of the SHAP row sample (default 0). */
  seed: number;
  /** Out-of-fold rows explained by TreeSHAP, over all folds (default 200). */
  shapRows: number;
  /** Partial dependence is computed for this many of the fold's most important features (default 5). */
  pdTop: number;
  /** Grid points of a numeric feature's partial dependence (default 20). */
  gridSize: number;
}

/** Defaults of {@link ExplainOptions}. */
export const defaultExplainOptions: ExplainOptions = { nRepeats: 10, seed: 0, shapRows: 200, pdTop: 5, gridSize: 20 };

/** Partial dependence of one input column in one fold. */
export interface FoldPartialDependence {
  column: string;
  /** Grid in the column's own units (numeric), or one entry per category (see labels). */
  grid: Float64Array;
  /** Category names of a one-hot column's grid points. */
  labels?: string[];
  /** Mean explained output at each grid point. */
  average: Float64Array;
}

/** What one fold's explanation returns: plain data (structured-cloneable). */
export interface FoldExplanation {
  index: number;
  /** Input columns (one-hot levels grouped), in pipeline order. */
  columns: string[];
  /** Score of permutation importance: 'r2', 'roc_auc' or 'accuracy'. */
  metric: string;
  /** The score on the unshuffled out-of-fold rows. */
  baseline: number;
  nRepeats: number;
  /** columns × nRepeats drops of the score. */
  drops: Float64Array;
  /** TreeSHAP of a sample of out-of-fold rows (rf and gbm only), per input column. */
  shap?: {
    /** Table rows explained. */
    rows: Int32Array;
    /** rows × columns SHAP values (one-hot levels summed). */
    values: Float64Array;
    /** rows × columns raw values (category codes for categoricals), to colour the beeswarm. */
    featureValues: Float64Array;
    /** The model's expected output; each row's values sum to its output minus this. */
    expected: number;
  };
  /** The output SHAP values explain, in words. */
  output: string;
  /** The output partial dependence averages (a probability for classifiers), in words. */
  pdOutput: string;
  pd: FoldPartialDependence[];
}

/** The class whose output is explained: the positive class (binary), else the last class. */
function explainedClass(prepared: PreparedCv): number {
  const K = prepared.classes?.length ?? 0;
  return prepared.positiveIndex ?? Math.max(0, K - 1);
}

/** The one-number-per-row output that permutation (binary) and partial dependence use. */
function outputFn(model: TrainedModel, task: Task, K: number, k: number): PredictFn {
  if (task === 'regression' || !model.predictProba) return (X) => model.predict(X);
  const proba = model.predictProba.bind(model);
  return (X) => {
    const p = proba(X);
    return Float64Array.from({ length: X.rows }, (_, i) => p[i * K + k]);
  };
}

/** Explains fold `foldIndex`: fit on its training rows, measure on its test rows. */
export async function explainFold(
  prepared: PreparedCv,
  foldIndex: number,
  options: Partial<ExplainOptions> = {},
  onProgress?: ProgressCallback,
): Promise<FoldExplanation> {
  const o = { ...defaultExplainOptions, ...options };
  const { config, table } = prepared;
  const fitted = await fitFold(prepared, foldIndex, onProgress);
  const { model, pipeline, testRows, yTest, Xtest } = fitted;
  const K = prepared.classes?.length ?? 0;
  const k = explainedClass(prepared);

  const columns = [...new Set(pipeline.featureColumns)];
  const groups = columns.map((c) => pipeline.featureColumns.flatMap((fc, j) => (fc === c ? [j] : [])));
  const binaryScore = config.task === 'classification' && K === 2 && !!model.predictProba;
  const metric = config.task === 'regression' ? 'r2' : binaryScore ? 'roc_auc' : 'accuracy';
  const score: ScoreFn =
    metric === 'r2' ? r2Score : metric === 'roc_auc' ? (yt, p) => rocAuc(Float64Array.from(yt, (v) => (v === k ? 1 : 0)), p) : accuracy;
  const predict = metric === 'accuracy' ? (X: Matrix) => model.predict(X) : outputFn(model, config.task, K, k);
  const perm = permutationImportance(predict, Xtest, yTest, score, { groups, nRepeats: o.nRepeats, seed: o.seed + 1000 * foldIndex });
  const drops = new Float64Array(columns.length * o.nRepeats);
  perm.importances.forEach((imp, c) => drops.set(imp.drops, c * o.nRepeats));

  const mt = modelTrees(model);
  const pdOutput = config.task === 'regression' ? `predicted ${config.target}` : `probability of ${config.target} = ${prepared.classes?.[k] ?? 'the class'}`;
  const output = mt ? describeOutput(mt.output, prepared, k) : pdOutput;
  const sample = sampleRows(testRows.length, Math.ceil(o.shapRows / prepared.folds.length), o.seed + foldIndex);
  const Xs: Matrix = { rows: sample.length, cols: Xtest.cols, data: new Float64Array(sample.length * Xtest.cols) };
  sample.forEach((r, i) => Xs.data.set(Xtest.data.subarray(r * Xtest.cols, (r + 1) * Xtest.cols), i * Xtest.cols));

  const result: FoldExplanation = { index: foldIndex, columns, metric, baseline: perm.baseline, nRepeats: o.nRepeats, drops, output, pdOutput, pd: [] };
  if (mt) {
    const shap = treeShap(mt.trees, Xs, mt.options);
    // Binary boosting has one score, the log-odds of class 1: flip it when the positive class is 0.
    const out = shap.nOutputs === 1 ? 0 : k;
    const sign = model.kind === 'gbm' && K === 2 && k === 0 ? -1 : 1;
    const C = columns.length;
    const values = new Float64Array(sample.length * C);
    const index = new Map(columns.map((c, i) => [c, i]));
    const colOf = pipeline.featureColumns.map((c) => index.get(c) as number);
    for (let i = 0; i < sample.length; i++) {
      for (let j = 0; j < shap.cols; j++) values[i * C + colOf[j]] += sign * shap.values[(i * shap.cols + j) * shap.nOutputs + out];
    }
    const sampledRows = Int32Array.from(sample, (r) => testRows[r]);
    const featureValues = new Float64Array(sample.length * C);
    columns.forEach((name, c) => {
      const column = getColumn(table, name);
      for (let i = 0; i < sampledRows.length; i++) {
        const row = sampledRows[i];
        featureValues[i * C + c] = column.storage === 'number' ? column.values[row] : column.codes[row] < 0 ? NaN : column.codes[row];
      }
    });
    result.shap = { rows: sampledRows, values, featureValues, expected: sign * shap.expectedValue[out] };
  }

  // Partial dependence of the fold's top features on the sampled out-of-fold rows (the explained output).
  const pdPredict = outputFn(model, config.task, K, k);
  const order = perm.importances.map((imp, c) => ({ c, mean: imp.mean })).sort((a, b) => b.mean - a.mean);
  const { center, scale } = featureScaling(pipeline);
  for (const { c } of order.slice(0, o.pdTop)) {
    const name = columns[c];
    const step = pipeline.steps.find((s) => s.column === name);
    if (!step || step.kind === 'date' || Xs.rows === 0) continue;
    if (step.kind === 'onehot') {
      const pd = partialDependenceOneHot(pdPredict, Xs, groups[c]);
      result.pd.push({ column: name, grid: pd.grid, labels: groups[c].map((j) => pipeline.featureNames[j].slice(name.length + 1)), average: pd.average });
      continue;
    }
    const j = groups[c][0];
    const grid = columnGrid(prepared, name, o.gridSize);
    const work: Matrix = { rows: Xs.rows, cols: Xs.cols, data: Xs.data.slice() };
    const average = new Float64Array(grid.length);
    for (let g = 0; g < grid.length; g++) {
      const v = (grid[g] - center[j]) / scale[j];
      for (let i = 0; i < Xs.rows; i++) work.data[i * Xs.cols + j] = v;
      const p = pdPredict(work);
      let s = 0;
      for (let i = 0; i < Xs.rows; i++) s += p[i];
      average[g] = s / Xs.rows;
    }
    result.pd.push({ column: name, grid, average });
  }
  return result;
}

/** The grid of a numeric column in its own units over every row of the run, so all folds share it. */
function columnGrid(prepared: PreparedCv, name: string, gridSize: number): Float64Array {
  const column = getColumn(prepared.table, name);
  if (column.storage !== 'number') throw new Error(`Column "${name}" is not numeric`);
  const values = Float64Array.from(prepared.rows, (r) => column.values[r]);
  return percentileGrid({ rows: values.length, cols: 1, data: values }, 0, [0.05, 0.95], gridSize);
}

/** `count` distinct indices of 0..n-1 (all when count >= n), sorted, seeded. */
function sampleRows(n: number, count: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (count >= n) return all;
  return new Random(seed).shuffle(all).slice(0, count).sort();
}

function describeOutput(output: string, prepared: PreparedCv, k: number): string {
  const cls = prepared.classes?.[k];
  if (output === 'prediction') return `predicted ${prepared.config.target}`;
  if (output === 'probability') return `probability of ${prepared.config.target} = ${cls}`;
  return `${output} of ${prepared.config.target} = ${cls}`;
}

/** One feature's importance over folds and repeats. */
export interface ImportanceSummary {
  feature: string;
  mean: number;
  std: number;
}

/** Explanations of a model over all folds. */
export interface ModelExplanation {
  model: ModelKind;
  task: Task;
  target: string;
  folds: number;
  /** Score whose drop permutation importance measures ('r2', 'roc_auc', 'accuracy'). */
  metric: string;
  /** Mean and population std of the drop over folds × repeats, largest first. */
  permutation: ImportanceSummary[];
  /** What SHAP values are in (e.g. "log-odds of at_risk = yes"). */
  output: string;
  /** What partial dependence averages (e.g. "probability of at_risk = yes"). */
  pdOutput: string;
  /** TreeSHAP on out-of-fold rows, all folds' samples together (rf and gbm). */
  shap?: {
    features: string[];
    /** Mean |SHAP| per feature (same order as features). */
    meanAbs: number[];
    /** Mean expected value over folds. */
    expected: number;
    rows: number;
    /** rows × features. */
    values: Float64Array;
    /** rows × features feature values scaled to 0..1 per feature (NaN where missing). */
    colour: Float64Array;
  };
  /** Partial dependence of the top 3 features: one curve per fold that computed it, and their mean. */
  pd: { feature: string; grid: number[]; labels?: string[]; perFold: number[][]; mean: number[] }[];
  seconds: number;
}

/** Pools the fold explanations (in any order) of a prepared run. */
export function combineExplanations(prepared: Pick<PreparedCv, 'config' | 'classes'>, folds: readonly FoldExplanation[], seconds: number, top = 3): ModelExplanation {
  const sorted = [...folds].sort((a, b) => a.index - b.index);
  if (!sorted.length) throw new Error('combineExplanations needs at least one fold');
  const drops = new Map<string, number[]>();
  for (const f of sorted) {
    f.columns.forEach((c, i) => {
      const list = drops.get(c) ?? [];
      list.push(...f.drops.subarray(i * f.nRepeats, (i + 1) * f.nRepeats));
      drops.set(c, list);
    });
  }
  const permutation = [...drops].map(([feature, d]) => {
    const mean = d.reduce((s, v) => s + v, 0) / d.length;
    return { feature, mean, std: Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / d.length) };
  });
  permutation.sort((a, b) => b.mean - a.mean);
  const { config } = prepared;
  const result: ModelExplanation = {
    model: config.model,
    task: config.task,
    target: config.target,
    folds: sorted.length,
    metric: sorted[0].metric,
    permutation,
    output: sorted[0].output,
    pdOutput: sorted[0].pdOutput,
    pd: [],
    seconds,
  };
  const withShap = sorted.filter((f) => f.shap);
  if (withShap.length) {
    const features = permutation.map((p) => p.feature);
    const C = features.length;
    const n = withShap.reduce((s, f) => s + (f.shap?.rows.length ?? 0), 0);
    const values = new Float64Array(n * C).fill(NaN);
    const raw = new Float64Array(n * C).fill(NaN);
    let at = 0;
    for (const f of withShap) {
      const s = f.shap!;
      const FC = f.columns.length;
      const to = f.columns.map((c) => features.indexOf(c));
      for (let i = 0; i < s.rows.length; i++, at++) {
        for (let c = 0; c < FC; c++) {
          values[at * C + to[c]] = s.values[i * FC + c];
          raw[at * C + to[c]] = s.featureValues[i * FC + c];
        }
      }
    }
    const meanAbs = features.map((_, c) => {
      let sum = 0;
      let m = 0;
      for (let i = 0; i < n; i++) if (!Number.isNaN(values[i * C + c])) (sum += Math.abs(values[i * C + c])), m++;
      return m ? sum / m : 0;
    });
    const colour = new Float64Array(n * C);
    for (let c = 0; c < C; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = raw[i * C + c];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      for (let i = 0; i < n; i++) colour[i * C + c] = hi > lo ? (raw[i * C + c] - lo) / (hi - lo) : 0.5;
    }
    const expected = withShap.reduce((s, f) => s + (f.shap?.expected ?? 0), 0) / withShap.length;
    result.shap = { features, meanAbs, expected, rows: n, values, colour };
  }
  for (const { feature } of permutation) {
    if (result.pd.length >= top) break;
    const curves = sorted.flatMap((f) => f.pd.filter((p) => p.column === feature));
    if (!curves.length) continue;
    const first = curves[0];
    const keys = first.labels ?? Array.from(first.grid, String);
    const perFold = curves.map((p) => {
      const own = p.labels ?? Array.from(p.grid, String);
      return keys.map((key) => {
        const i = own.indexOf(key);
        return i < 0 ? NaN : p.average[i];
      });
    });
    const mean = keys.map((_, g) => {
      const vals = perFold.map((p) => p[g]).filter((v) => !Number.isNaN(v));
      return vals.length ? vals.reduce((s, v) => s + v, 0) / vals.length : NaN;
    });
    result.pd.push({ feature, grid: Array.from(first.grid), labels: first.labels, perFold, mean });
  }
  return result;
}
