/**
 * What a saved model adds to drift: how much it leans on each input (so drift can be weighted), and
 * its performance on a period — counted where the period has the target, and for a binary
 * classifier estimated without labels from its probabilities (ml/monitor/estimated-performance.ts).
 *
 * Importance is measured here, label-free, because a ModelArtifact keeps no importance: each input
 * column of the reference rows is shuffled (seeded) and the model's output moves by the mean
 * absolute change (positive-class probability; half the summed probability change for several
 * classes; prediction over its standard deviation for regression). The shares of that change are
 * the importance. It says what the model reads, not what helps it predict.
 */
import type { ProgressCallback } from '../ml/core/model';
import { Random } from '../ml/core/random';
import { cellText, getColumn, type Column, type Table } from '../ml/core/table';
import { estimatePerformance, realPerformance, type BinaryPerformance } from '../ml/monitor/estimated-performance';
import { tableOfRows } from '../ml/monitor/periods';
import { positiveClassIndex } from '../ml/preprocess/target';
import { score, type LoadedArtifact, type ScoreResult } from './artifact';

/** Rows of the reference the importance is measured on (a seeded sample above this). */
export const importanceRows = 2000;

/** A regression model's counted metrics on a period. */
export interface RegressionPerformance {
  rmse: number;
  r2: number;
  rows: number;
}

/** A model's performance on one period. */
export interface PeriodPerformance {
  /** Counted on the period's labels; null when it has no target column or no labelled row. */
  real: BinaryPerformance | RegressionPerformance | null;
  /** Binary classifiers: estimated from the probabilities, without labels. */
  estimated: BinaryPerformance | null;
}

/** The model's output per row: positive probability, all probabilities (row-major), or the prediction. */
function outputOf(result: ScoreResult): Float64Array {
  return result.positiveProbability ?? (result.classes ? result.proba : undefined) ?? result.predictions;
}

function shuffled(column: Column, random: Random): Column {
  const n = column.storage === 'number' ? column.values.length : column.codes.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return column.storage === 'number' ? { ...column, values: Float64Array.from(order, (r) => column.values[r]) } : { ...column, codes: Int32Array.from(order, (r) => column.codes[r]) };
}

/**
 * Each model input's share of the model's sensitivity on `reference` (see the file's comment).
 * @param seed of the row sample and the shuffles
 * @returns shares by input column (inputs missing from the table, e.g. formula columns, are left out)
 */
export async function modelImportance(loaded: LoadedArtifact, reference: Table, seed: number, onProgress?: ProgressCallback): Promise<Map<string, number>> {
  const random = new Random(seed);
  let table = reference;
  if (reference.rowCount > importanceRows) {
    const rows = Int32Array.from({ length: reference.rowCount }, (_, i) => i);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    table = tableOfRows(reference, rows.slice(0, importanceRows).sort(), reference.name);
  }
  const present = new Set(table.columns.map((c) => c.name));
  const inputs = loaded.artifact.inputs.map((i) => i.name).filter((n) => present.has(n));
  const base = outputOf(await score(loaded, table));
  const width = base.length / Math.max(1, table.rowCount);
  let scale = 1;
  if (loaded.artifact.target.task === 'regression') {
    const mean = base.reduce((s, v) => s + v, 0) / base.length;
    scale = Math.sqrt(base.reduce((s, v) => s + (v - mean) ** 2, 0) / base.length) || 1;
  }
  const changes = new Map<string, number>();
  for (const [k, name] of inputs.entries()) {
    onProgress?.(k, inputs.length, 'importance');
    const column = getColumn(table, name);
    const permuted = { ...table, columns: table.columns.map((c) => (c === column ? shuffled(c, random) : c)) };
    const out = outputOf(await score(loaded, permuted));
    let change = 0;
    for (let i = 0; i < out.length; i++) change += Math.abs(out[i] - base[i]);
    // Several classes: half the summed change of the probabilities is the probability mass moved.
    changes.set(name, change / table.rowCount / (width > 1 ? 2 : 1) / scale);
  }
  const total = [...changes.values()].reduce((s, v) => s + v, 0);
  return new Map([...changes].map(([name, v]) => [name, total > 0 ? v / total : 0]));
}

/** The model's counted and estimated performance on `table` (one period). */
export async function periodPerformance(loaded: LoadedArtifact, table: Table): Promise<PeriodPerformance> {
  const { artifact } = loaded;
  const result = await score(loaded, table);
  const target = table.columns.find((c) => c.name === artifact.target.name);
  const classes = artifact.target.classes;
  if (artifact.target.task === 'classification' && classes?.length === 2 && result.positiveProbability) {
    const threshold = artifact.threshold ?? 0.5;
    const positive = classes[positiveClassIndex(classes, artifact.target.positive)];
    let real: BinaryPerformance | null = null;
    if (target) {
      const isPositive = Float64Array.from({ length: table.rowCount }, (_, r) => {
        const text = cellText(target, r);
        return text === '' ? NaN : text === positive ? 1 : 0;
      });
      real = realPerformance(result.positiveProbability, isPositive, threshold);
      if (real.rows === 0) real = null;
    }
    return { real, estimated: estimatePerformance(result.positiveProbability, threshold) };
  }
  if (artifact.target.task === 'regression' && target?.storage === 'number') {
    let n = 0;
    let sse = 0;
    let sum = 0;
    let sumSq = 0;
    for (let r = 0; r < table.rowCount; r++) {
      const y = target.values[r];
      if (Number.isNaN(y)) continue;
      n++;
      sse += (y - result.predictions[r]) ** 2;
      sum += y;
      sumSq += y * y;
    }
    const sst = sumSq - (sum * sum) / Math.max(1, n);
    return { real: n ? { rmse: Math.sqrt(sse / n), r2: sst > 0 ? 1 - sse / sst : NaN, rows: n } : null, estimated: null };
  }
  return { real: null, estimated: null };
}
