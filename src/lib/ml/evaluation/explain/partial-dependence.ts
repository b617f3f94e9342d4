/**
 * One-dimensional partial dependence (Friedman 2001): the model's mean prediction over all rows when
 * one feature is set to each value of a grid, as scikit-learn's `partial_dependence(kind='average')`.
 */
import type { Matrix } from '../../core/matrix';
import type { PredictFn } from './permutation';

/** Options of {@link partialDependence}. */
export interface PartialDependenceOptions {
  /** Lower and upper percentiles of the grid, as fractions (default 0.05 and 0.95). */
  percentiles: [number, number];
  /** Grid points (default 20); fewer when the feature has fewer distinct values. */
  gridSize: number;
}

/** Defaults of {@link PartialDependenceOptions}. */
export const defaultPartialDependenceOptions: PartialDependenceOptions = { percentiles: [0.05, 0.95], gridSize: 20 };

/** A partial-dependence curve. */
export interface PartialDependence {
  /** Numeric feature: the grid values. One-hot group: the column index of each category. */
  grid: Float64Array;
  /** Mean prediction at each grid point. */
  average: Float64Array;
}

/**
 * Partial dependence of `predict` on one numeric column over a percentile grid (the distinct values
 * when there are no more than `gridSize`). X is not modified.
 * @param predict one value per row (pick a class's probability for classifiers)
 * @param X the rows to average over (training or test rows)
 * @param column the feature's column in X
 * @param options percentiles (default [0.05, 0.95]) and gridSize (default 20)
 */
export function partialDependence(predict: PredictFn, X: Matrix, column: number, options: Partial<PartialDependenceOptions> = {}): PartialDependence {
  const { percentiles, gridSize } = { ...defaultPartialDependenceOptions, ...options };
  checkColumn(X, column);
  const grid = percentileGrid(X, column, percentiles, gridSize);
  const work: Matrix = { rows: X.rows, cols: X.cols, data: X.data.slice() };
  const average = new Float64Array(grid.length);
  for (let g = 0; g < grid.length; g++) {
    for (let i = 0; i < X.rows; i++) work.data[i * X.cols + column] = grid[g];
    average[g] = meanOf(predict(work), X.rows);
  }
  return { grid, average };
}

/**
 * Partial dependence on a one-hot encoded categorical: for each column of `group`, every row is set to
 * that category (1 in that column, 0 in the others of the group).
 * @param group the one-hot columns of the categorical, one per category
 */
export function partialDependenceOneHot(predict: PredictFn, X: Matrix, group: readonly number[]): PartialDependence {
  if (group.length === 0) throw new Error('partialDependenceOneHot: the group has no columns');
  for (const j of group) checkColumn(X, j);
  const work: Matrix = { rows: X.rows, cols: X.cols, data: X.data.slice() };
  const average = new Float64Array(group.length);
  for (let g = 0; g < group.length; g++) {
    for (let i = 0; i < X.rows; i++) for (const j of group) work.data[i * X.cols + j] = j === group[g] ? 1 : 0;
    average[g] = meanOf(predict(work), X.rows);
  }
  return { grid: Float64Array.from(group), average };
}

/**
 * The grid of a column: its distinct non-missing values when there are at most `gridSize`, otherwise
 * `gridSize` evenly spaced points between two percentiles (linear interpolation, numpy's default).
 */
export function percentileGrid(X: Matrix, column: number, percentiles: [number, number], gridSize: number): Float64Array {
  const [lo, hi] = percentiles;
  if (!(lo >= 0 && lo < hi && hi <= 1)) throw new Error(`percentiles must satisfy 0 <= low < high <= 1, got [${lo}, ${hi}]`);
  if (!(gridSize >= 2)) throw new Error(`gridSize must be at least 2, got ${gridSize}`);
  const values: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    const v = X.data[i * X.cols + column];
    if (!Number.isNaN(v)) values.push(v);
  }
  if (values.length === 0) throw new Error(`column ${column} has no non-missing values`);
  const sorted = Float64Array.from(values).sort();
  const distinct = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
  if (distinct.length <= gridSize) return distinct;
  const a = quantile(sorted, lo);
  const b = quantile(sorted, hi);
  if (a === b) throw new Error(`column ${column}: the ${lo * 100} and ${hi * 100} percentiles are equal; widen the percentiles`);
  const grid = new Float64Array(gridSize);
  for (let g = 0; g < gridSize; g++) grid[g] = a + ((b - a) * g) / (gridSize - 1);
  return grid;
}

/** The q-quantile of sorted values, linear interpolation between closest ranks. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const below = Math.floor(pos);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (pos - below) * (sorted[above] - sorted[below]);
}

function meanOf(predictions: Float64Array, rows: number): number {
  if (predictions.length !== rows) throw new Error(`partial dependence needs one prediction per row, got ${predictions.length} for ${rows} rows`);
  let s = 0;
  for (let i = 0; i < rows; i++) s += predictions[i];
  return s / rows;
}

function checkColumn(X: Matrix, column: number): void {
  if (!(Number.isInteger(column) && column >= 0 && column < X.cols)) throw new Error(`column ${column} is outside X's ${X.cols} columns`);
}
