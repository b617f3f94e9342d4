/**
 * The customer worker's API as a plain object (testable in Node without a Worker): trains a
 * spend model and a risk model once on the whole table, keeps them here, then scores one
 * profile row at a time with exact TreeSHAP contributions, so a slider move sends one row.
 */
import { crossValidate, type CvConfig } from '../evaluation/cv/cross-validate';
import { treeShap, type ShapTree } from '../evaluation/explain/treeshap';
import { toShapTree } from '../evaluation/explain/model-trees';
import { getModelSpec } from '../models/registry';
import type { ProgressCallback, Task } from '../core/model';
import { exclusionReason, fitPipeline, transformTable, type FittedPipeline } from '../preprocess/pipeline';
import { encodeTarget } from '../preprocess/target';
import type { ForestModel } from '../models/tree/forest';
import { cellText, getColumn, type CategoryColumn, type Column, type NumberColumn, type Table } from '../core/table';
import { cellValue, profileInput, profileTable, type Profile, type ProfileInput } from './profile-row';

export type { Profile, ProfileInput, ProfileValue } from './profile-row';

/** What the two models are trained on; plain data. */
export interface CustomerModelsConfig {
  /** Numeric column the spend model predicts (default data: purchase_amount). */
  target: string;
  /** Numeric column of the risk rule "at risk when riskColumn < riskThreshold". */
  riskColumn: string;
  riskThreshold: number;
  /** Column to look customers up by; default the first id column. */
  idColumn?: string;
  /** Derived column → every column it is computed from (transitively), to keep leaky features out. */
  lineage?: Record<string, readonly string[]>;
  /** Seed of the forests and the folds. */
  seed?: number;
  /** Trees per forest. */
  nEstimators?: number;
  /** Folds of the cross-validation that gives the error band. */
  folds?: number;
  /** Depth limit of every tree: keeps TreeSHAP of one row (O(leaves · depth²) per tree) well inside a slider frame. */
  maxDepth?: number;
  /** Minimum rows per leaf; default about one per 500 rows (at least 1), so leaves, and SHAP time, grow slower than the data. */
  minSamplesLeaf?: number;
}

/** Defaults of the optional config fields (minSamplesLeaf 0 = about one per 500 rows). */
export const defaultCustomerModelsConfig = { seed: 0, nEstimators: 100, folds: 5, maxDepth: 10, minSamplesLeaf: 0 };

/** What one model learned and how well it cross-validates. */
export interface ModelSummary {
  /** Input columns the model reads. */
  features: string[];
  /** Columns left out, with the reason. */
  excluded: { column: string; reason: string }[];
  /** Cross-validated RMSE: of the spend prediction, or of the risk probability against the 0/1 label. */
  cvRmse: number;
  /** Other cross-validated metrics (means over folds): r2 for spend; roc_auc, accuracy for risk. */
  cvMetrics: Record<string, number>;
  /** The splitter used, in words (duplicate grouping shows here). */
  splitter: string;
  rows: number;
}

/** The result of `train`. */
export interface TrainSummary {
  config: CustomerModelsConfig & typeof defaultCustomerModelsConfig;
  idColumn: string | null;
  inputs: ProfileInput[];
  /** Median / most frequent profile, to start a what-if from. */
  initialProfile: Profile;
  spend: ModelSummary;
  risk: ModelSummary & { positiveRate: number };
  seconds: number;
}

/** One input column's share of a prediction. */
export interface Contribution {
  column: string;
  value: number;
}

/** A prediction and why: expected value + Σ contributions = value. */
export interface Explanation {
  value: number;
  expected: number;
  /** Per input column (one-hot levels summed), largest |value| first. */
  contributions: Contribution[];
}

/** The result of `predict`. */
export interface CustomerPrediction {
  spend: Explanation;
  /** The risk model's probability of "at risk" and why. */
  risk: Explanation & { atRisk: boolean };
  /** Milliseconds the worker spent scoring and explaining. */
  ms: number;
}

/** A looked-up customer. */
export interface CustomerRecord {
  row: number;
  id: string;
  profile: Profile;
}

/** One trained model with what scoring a row needs. */
interface Trained {
  pipeline: FittedPipeline;
  model: ForestModel;
  shapTrees: ShapTree[];
  /** Output explained: 0 for regression, the positive class for risk. */
  output: number;
}

/** Name of the rule-built label column the risk model learns. */
export const riskLabelName = 'at_risk';

/** Makes a fresh API instance (the worker uses one; tests make their own). */
export function createCustomerApi() {
  let table: Table | null = null;
  let inputs: ProfileInput[] = [];
  let idColumn: string | null = null;
  let spend: Trained | null = null;
  let risk: Trained | null = null;

  const api = {
    /** Trains both models on all rows and cross-validates each for its error band. */
    async train(data: Table, input: CustomerModelsConfig, onProgress?: ProgressCallback): Promise<TrainSummary> {
      const started = performance.now();
      const config = { ...defaultCustomerModelsConfig, ...stripUndefined(input) };
      if (!(config.minSamplesLeaf >= 1)) config.minSamplesLeaf = Math.max(1, Math.round(data.rowCount / 500));
      table = null;
      spend = risk = null;
      const target = numericColumn(data, config.target, 'The spend target');
      const riskCol = numericColumn(data, config.riskColumn, 'The risk rule column');
      if (!Number.isFinite(config.riskThreshold)) throw new Error(`The risk threshold must be a number, got ${String(config.riskThreshold)}`);
      if (config.riskColumn === config.target) throw new Error(`The risk rule column cannot be the spend target "${config.target}"`);
      const lineage = config.lineage ?? {};
      const leaksFrom = (name: string, source: string): boolean => (lineage[name] ?? []).includes(source);

      const labelled = withRiskLabel(data, riskCol, config.riskThreshold);
      const spendCols = chooseFeatures(data, (c) =>
        c.name === target.name ? 'the target' : leaksFrom(c.name, target.name) ? `computed from the target "${target.name}"` : null,
      );
      const riskCols = chooseFeatures(data, (c) =>
        c.name === riskCol.name
          ? `the risk label is computed from it`
          : leaksFrom(c.name, riskCol.name)
            ? `computed from "${riskCol.name}", which defines the risk label`
            : null,
      );
      const label = getColumn(labelled, riskLabelName) as CategoryColumn;
      let positives = 0;
      let labelledRows = 0;
      for (let i = 0; i < label.codes.length; i++) {
        if (label.codes[i] < 0) continue;
        labelledRows++;
        if (label.codes[i] === 1) positives++;
      }
      if (positives === 0 || positives === labelledRows) {
        throw new Error(
          `Nobody is ${positives === 0 ? '' : 'not '}at risk with "${riskCol.name} < ${config.riskThreshold}" (${positives} of ${labelledRows} rows): pick another threshold`,
        );
      }

      const units = 2 * (1 + config.folds);
      const step = (base: number, span: number, note: string): ProgressCallback | undefined =>
        onProgress && ((done, total) => onProgress(base + (total ? (span * done) / total : 0), units, note));
      const forest = { nEstimators: config.nEstimators, seed: config.seed, maxDepth: config.maxDepth, minSamplesLeaf: config.minSamplesLeaf };

      spend = await fitOne(data, target.name, 'regression', spendCols.features, forest, step(0, 1, 'Training the spend model'));
      const spendCv = await crossValidate(data, cvConfig(target.name, 'regression', spendCols.features, config), {
        onProgress: step(1, config.folds, 'Cross-validating the spend model'),
      });
      risk = await fitOne(labelled, riskLabelName, 'classification', riskCols.features, forest, step(1 + config.folds, 1, 'Training the risk model'));
      const riskCv = await crossValidate(labelled, { ...cvConfig(riskLabelName, 'classification', riskCols.features, config), positive: 'yes' }, {
        onProgress: step(2 + config.folds, config.folds, 'Cross-validating the risk model'),
      });
      onProgress?.(units, units, 'Done');

      table = data;
      idColumn = config.idColumn ?? data.columns.find((c) => c.type === 'id' || c.role === 'id')?.name ?? null;
      if (idColumn !== null) getColumn(data, idColumn);
      const spendSet = new Set(spendCols.features);
      const riskSet = new Set(riskCols.features);
      inputs = data.columns
        .filter((c) => spendSet.has(c.name) || riskSet.has(c.name))
        .map((c) => profileInput(c, [...(spendSet.has(c.name) ? ['spend' as const] : []), ...(riskSet.has(c.name) ? ['risk' as const] : [])]));

      const probabilityRmse = (): number => {
        const { proba, yTrue } = riskCv.oof;
        if (!proba) return NaN;
        let ss = 0;
        for (let i = 0; i < yTrue.length; i++) ss += (proba[i * 2 + 1] - (yTrue[i] === 1 ? 1 : 0)) ** 2;
        return Math.sqrt(ss / yTrue.length);
      };
      return {
        config,
        idColumn,
        inputs,
        initialProfile: Object.fromEntries(inputs.map((i) => [i.name, i.initial])),
        spend: {
          features: spendCols.features,
          excluded: spendCols.excluded,
          cvRmse: spendCv.metrics.rmse.mean,
          cvMetrics: { r2: spendCv.metrics.r2.mean, mae: spendCv.metrics.mae.mean },
          splitter: spendCv.splitter,
          rows: spendCv.oof.rows.length,
        },
        risk: {
          features: riskCols.features,
          excluded: riskCols.excluded,
          cvRmse: probabilityRmse(),
          cvMetrics: { roc_auc: riskCv.metrics.roc_auc?.mean ?? NaN, accuracy: riskCv.metrics.accuracy.mean },
          splitter: riskCv.splitter,
          rows: riskCv.oof.rows.length,
          positiveRate: positives / labelledRows,
        },
        seconds: (performance.now() - started) / 1000,
      };
    },

    /** Scores one profile with both models and explains each prediction. */
    predict(profile: Profile): CustomerPrediction {
      if (!table || !spend || !risk) throw new Error('The models are not trained yet; call train first');
      const started = performance.now();
      const row = profileTable(table, inputs, profile);
      const spendWhy = explain(spend, row);
      const riskWhy = explain(risk, row);
      return { spend: spendWhy, risk: { ...riskWhy, atRisk: riskWhy.value >= 0.5 }, ms: performance.now() - started };
    },

    /** Finds a customer by the id column's text; throws naming the id when there is none. */
    lookup(id: string): CustomerRecord {
      if (!table) throw new Error('The models are not trained yet; call train first');
      const wanted = id.trim();
      if (wanted === '') throw new Error('Type a customer id to look up');
      let row = -1;
      if (idColumn === null) {
        const n = Number(wanted);
        if (Number.isInteger(n) && n >= 1 && n <= table.rowCount) row = n - 1;
        if (row < 0) throw new Error(`No customer at row "${wanted}": this dataset has no id column, so use a row number from 1 to ${table.rowCount}`);
      } else {
        const column = getColumn(table, idColumn);
        const asNumber = column.storage === 'number' ? Number(wanted) : NaN;
        for (let r = 0; r < table.rowCount && row < 0; r++) {
          if (column.storage === 'number' ? column.values[r] === asNumber : cellText(column, r) === wanted) row = r;
        }
        if (row < 0) throw new Error(`No customer with ${idColumn} "${wanted}"`);
      }
      const profile: Profile = {};
      for (const input of inputs) profile[input.name] = cellValue(getColumn(table, input.name), row);
      return { row, id: idColumn === null ? String(row + 1) : cellText(getColumn(table, idColumn), row), profile };
    },
  };
  return api;
}

/** The API the customer worker exposes. */
export const customerApi = createCustomerApi();

/** The customer API's type. */
export type CustomerApi = ReturnType<typeof createCustomerApi>;

function cvConfig(target: string, task: Task, features: string[], config: TrainSummary['config']): CvConfig {
  return {
    target,
    task,
    model: 'rf',
    features,
    folds: config.folds,
    seed: config.seed,
    duplicateGrouping: 'auto',
    modelOptions: { nEstimators: config.nEstimators, maxDepth: config.maxDepth, minSamplesLeaf: config.minSamplesLeaf },
  };
}

function numericColumn(table: Table, name: string, what: string): NumberColumn {
  const column = getColumn(table, name);
  if (column.storage !== 'number' || column.type === 'id' || column.type === 'date') {
    throw new Error(`${what} "${name}" is ${column.type}; pick a numeric column`);
  }
  return column;
}

/** A copy of `table` with the category column `at_risk` ("no"/"yes"; missing where the rule column is). */
function withRiskLabel(table: Table, column: NumberColumn, threshold: number): Table {
  if (table.columns.some((c) => c.name === riskLabelName)) throw new Error(`The dataset already has a column named "${riskLabelName}"; rename it first`);
  const codes = new Int32Array(table.rowCount);
  for (let i = 0; i < codes.length; i++) {
    const v = column.values[i];
    codes[i] = Number.isNaN(v) ? -1 : v < threshold ? 1 : 0;
  }
  const label: CategoryColumn = { name: riskLabelName, type: 'categorical', role: 'target', storage: 'category', codes, dictionary: ['no', 'yes'] };
  return { ...table, columns: [...table.columns, label] };
}

function chooseFeatures(table: Table, leak: (c: Column) => string | null): { features: string[]; excluded: { column: string; reason: string }[] } {
  const features: string[] = [];
  const excluded: { column: string; reason: string }[] = [];
  for (const c of table.columns) {
    const reason = leak(c) ?? exclusionReason(c);
    if (reason) excluded.push({ column: c.name, reason });
    else features.push(c.name);
  }
  if (!features.length) throw new Error('No usable feature columns are left for the model');
  return { features, excluded };
}

async function fitOne(
  table: Table,
  target: string,
  task: Task,
  features: string[],
  options: Record<string, unknown>,
  onProgress?: ProgressCallback,
): Promise<Trained> {
  const spec = await getModelSpec('rf');
  const encoded = encodeTarget(table, target, task);
  // Trees split on raw units, so no scaling: the waterfall stays in the data's own numbers.
  const pipeline = fitPipeline(table, features, encoded.rows, { scale: false });
  const X = transformTable(pipeline, table, encoded.rows);
  const model = (await spec.fit(
    { X, y: encoded.y, task, nClasses: encoded.classes?.length, featureNames: pipeline.featureNames },
    options,
    onProgress,
  )) as ForestModel;
  const output = task === 'classification' ? (encoded.classes ?? []).indexOf('yes') : 0;
  return { pipeline, model, shapTrees: model.forest.trees.map(toShapTree), output };
}

function explain(trained: Trained, row: Table): Explanation {
  const X = transformTable(trained.pipeline, row);
  const shap = treeShap(trained.shapTrees, X, { scale: 1 / trained.shapTrees.length });
  const K = shap.nOutputs;
  const k = trained.output;
  const byColumn = new Map<string, number>();
  const columns = trained.pipeline.featureColumns;
  for (let j = 0; j < shap.cols; j++) byColumn.set(columns[j], (byColumn.get(columns[j]) ?? 0) + shap.values[j * K + k]);
  const predicted = trained.model.predictProba ? trained.model.predictProba(X)[k] : trained.model.predict(X)[0];
  const contributions = [...byColumn].map(([column, value]) => ({ column, value })).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  return { value: predicted, expected: shap.expectedValue[k], contributions };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
