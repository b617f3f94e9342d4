/**
 * The one loader of tests/fixtures for the unit tests: the default customer CSV and the
 * scikit-learn reference folds, as Tables or as plain typed arrays, plus the small fold
 * loop the parity tests share. The fixture files have no quotes and no missing cells, so
 * a plain split is enough and these tests do not depend on the CSV parser.
 */
import { readFileSync } from 'node:fs';
import type { Matrix } from '../../src/lib/ml/core/matrix';
import type { TrainedModel, TrainingData } from '../../src/lib/ml/core/model';
import { tableFromArrays, type ColumnType, type Table } from '../../src/lib/ml/core/table';

/** Rows of tests/fixtures/`name` split on commas, header row first (CRLF or LF). */
export function readFixture(name: string): string[][] {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));
}

/** A fixture CSV as a Table: numbers as numbers, other columns as categories; user_id typed as `idType`. */
function loadTable(file: string, idType: ColumnType): Table {
  const [header, ...cells] = readFixture(file);
  const data: Record<string, number[] | string[]> = {};
  header.forEach((name, j) => {
    const raw = cells.map((r) => r[j]);
    data[name] = raw.every((v) => v !== '' && Number.isFinite(Number(v))) ? raw.map(Number) : raw;
  });
  return tableFromArrays(file, data, { user_id: idType });
}

/** The 238-row customer_purchasing_behaviors.csv as a Table; user_id typed as `idType` (default 'id'). */
export function loadCustomers(idType: ColumnType = 'id'): Table {
  return loadTable('customer_purchasing_behaviors.csv', idType);
}

/** The default data joined with the reference fold columns; user_id is an id, region categorical. */
export function loadCustomersWithFolds(): Table {
  return loadTable('customers_with_folds.csv', 'id');
}

/** The default data as typed arrays: numeric columns, region codes and the reference folds. */
export interface CustomerArrays {
  n: number;
  num: Record<'age' | 'annual_income' | 'purchase_amount' | 'loyalty_score' | 'purchase_frequency', Float64Array>;
  /** Index into REGIONS. */
  region: Int32Array;
  folds: Record<'fold' | 'fold_stratified_at_risk' | 'fold_duplicate_groups', Int32Array>;
}

/** Region names in one-hot order (sorted, as scikit-learn's OneHotEncoder). */
export const REGIONS = ['East', 'North', 'South', 'West'];

/** Loads customer_purchasing_behaviors.csv and its fold file as typed arrays. */
export function loadCustomerArrays(): CustomerArrays {
  const [head, ...rows] = readFixture('customer_purchasing_behaviors.csv');
  const [fhead, ...frows] = readFixture('customer_purchasing_behaviors_folds.csv');
  const col = (name: string): Float64Array => Float64Array.from(rows, (r) => Number(r[head.indexOf(name)]));
  const fold = (name: string): Int32Array => Int32Array.from(frows, (r) => Number(r[fhead.indexOf(name)]));
  return {
    n: rows.length,
    num: { age: col('age'), annual_income: col('annual_income'), purchase_amount: col('purchase_amount'), loyalty_score: col('loyalty_score'), purchase_frequency: col('purchase_frequency') },
    region: Int32Array.from(rows, (r) => REGIONS.indexOf(r[head.indexOf('region')])),
    folds: { fold: fold('fold'), fold_stratified_at_risk: fold('fold_stratified_at_risk'), fold_duplicate_groups: fold('fold_duplicate_groups') },
  };
}

/** Numeric columns then, if asked, region one-hot (East, North, South, West). */
export function design(c: CustomerArrays, numeric: (keyof CustomerArrays['num'])[], oneHotRegion: boolean): Matrix {
  const cols = numeric.length + (oneHotRegion ? 4 : 0);
  const data = new Float64Array(c.n * cols);
  for (let i = 0; i < c.n; i++) {
    numeric.forEach((name, j) => (data[i * cols + j] = c.num[name][i]));
    if (oneHotRegion) data[i * cols + numeric.length + c.region[i]] = 1;
  }
  return { rows: c.n, cols, data };
}

/** Rows `idx` of X and y. */
export function take(X: Matrix, y: Float64Array, idx: number[]): { X: Matrix; y: Float64Array } {
  const data = new Float64Array(idx.length * X.cols);
  idx.forEach((r, i) => data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols));
  return { X: { rows: idx.length, cols: X.cols, data }, y: Float64Array.from(idx, (r) => y[r]) };
}

/** Mean over the 5 folds of score(test y, prediction). */
export function crossValidate(X: Matrix, y: Float64Array, folds: Int32Array, fit: (d: TrainingData) => TrainedModel, score: (y: Float64Array, p: Float64Array) => number, task: TrainingData['task']): number {
  const scores: number[] = [];
  for (let f = 0; f < 5; f++) {
    const train: number[] = [];
    const test: number[] = [];
    folds.forEach((k, i) => (k === f ? test : train).push(i));
    const tr = take(X, y, train);
    const te = take(X, y, test);
    const model = fit({ X: tr.X, y: tr.y, task });
    scores.push(score(te.y, model.predict(te.X)));
  }
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

/** Coefficient of determination, written out here so the tests do not check the metrics module against itself. */
export function r2(y: Float64Array, p: Float64Array): number {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let ss = 0;
  let st = 0;
  for (let i = 0; i < y.length; i++) {
    ss += (y[i] - p[i]) ** 2;
    st += (y[i] - mean) ** 2;
  }
  return 1 - ss / st;
}
