/**
 * Fits a model on some rows of a table, the one way every trained model is made: a cross-validation
 * fold fits on its training rows, a final model on every row with a target. The feature pipeline is
 * fitted on those rows only (fitting it on all rows leaks the test fold's medians, means and levels),
 * scaling follows what the model needs, and classes are rebalanced after the pipeline.
 */
import type { ModelKind, ProgressCallback, Task, TrainedModel, TrainingData } from '../core/model';
import type { Table } from '../core/table';
import { resampleTrainingFold } from '../imbalance/resample-fold';
import { fitPipeline, transformTable, type FittedPipeline, type PipelineOptions } from '../preprocess/pipeline';
import { dropsReferenceLevel } from './linear/reference-level';
import { getModelSpec } from './registry';

/** How to fit: the model, its options and seed, the pipeline options and the rebalancing. */
export interface FitRowsOptions {
  task: Task;
  model: ModelKind;
  /** Number of classes (classification). */
  nClasses?: number;
  /** Seed of seeded models and of SMOTE (default 0). */
  seed: number;
  /** The model's own options; a `seed` here wins over `seed`. */
  modelOptions?: Record<string, unknown>;
  /** Feature pipeline options; `scale` defaults to what the model needs, `dropReferenceLevel` to whether it is an unpenalised linear model. */
  preprocess?: Partial<PipelineOptions>;
  /** Classification: rebalance the rows after the pipeline (default 'none'). */
  imbalance?: 'none' | 'balanced-weights' | 'smote';
}

/** Defaults of the optional {@link FitRowsOptions}. */
export const defaultFitRowsOptions = { seed: 0, imbalance: 'none' as const };

/** A model fitted on some rows, with the pipeline that turns a table into its input. */
export interface FittedOnRows {
  model: TrainedModel;
  pipeline: FittedPipeline;
}

/** What a model is fitted on: the fitted pipeline, the transformed (and rebalanced) rows, and the options its fit gets. */
export interface TrainingOnRows {
  pipeline: FittedPipeline;
  data: TrainingData;
  /** The model's options as its fit takes them: the seed, then the user's options (their `seed` wins). */
  fitOptions: Record<string, unknown>;
}

/**
 * The pipeline fitted on `rows` of `table` and the rows it makes: what `fitOnRows` fits its model on
 * (a forest split across workers fits its parts of the trees on the same data).
 */
export async function trainingOnRows(
  table: Table,
  features: readonly string[],
  rows: Int32Array,
  y: Float64Array,
  options: Omit<FitRowsOptions, 'seed'> & Partial<Pick<FitRowsOptions, 'seed'>>,
): Promise<TrainingOnRows> {
  const o = { ...defaultFitRowsOptions, ...options };
  if (y.length !== rows.length) throw new Error(`fitOnRows: ${rows.length} rows but ${y.length} target values`);
  const spec = await getModelSpec(o.model);
  const pipeline = fitPipeline(table, features, rows, { scale: spec.needsScaling, dropReferenceLevel: dropsReferenceLevel(o.model, o.modelOptions), ...o.preprocess });
  const X = transformTable(pipeline, table, rows);
  let data: TrainingData = { X, y, task: o.task, nClasses: o.nClasses, featureNames: pipeline.featureNames };
  // Rebalance after the pipeline and on the fitting rows only: SMOTE rows built from test rows would leak them.
  if (o.task === 'classification' && o.imbalance && o.imbalance !== 'none') {
    data = resampleTrainingFold(data, Int32Array.from({ length: X.rows }, (_, i) => i), { method: o.imbalance, seed: o.seed });
  }
  return { pipeline, data, fitOptions: { seed: o.seed, ...o.modelOptions } };
}

/**
 * Fits the pipeline and the model on `rows` of `table`.
 * @param table the data
 * @param features input columns (id, text and ignored ones are left out by the pipeline)
 * @param rows table rows to fit on
 * @param y encoded target per entry of `rows` (class index for classification)
 * @param options model, task, seed (default 0), pipeline options and rebalancing (default 'none')
 * @param onProgress progress of the model fit
 */
export async function fitOnRows(
  table: Table,
  features: readonly string[],
  rows: Int32Array,
  y: Float64Array,
  options: Omit<FitRowsOptions, 'seed'> & Partial<Pick<FitRowsOptions, 'seed'>>,
  onProgress?: ProgressCallback,
): Promise<FittedOnRows> {
  const { pipeline, data, fitOptions } = await trainingOnRows(table, features, rows, y, options);
  const model = await (await getModelSpec(options.model)).fit(data, fitOptions, onProgress);
  return { model, pipeline };
}
