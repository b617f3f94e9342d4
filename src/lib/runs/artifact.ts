/**
 * The model artifact: a trained model as plain JSON with everything needed to score a new file
 * (input columns, the fitted pipeline, derived-column formulas, the target and its classes, the
 * decision threshold) and to check that file for drift later (the training column profile).
 * `trainModel` makes one, `loadArtifact` rebuilds its model, `score` applies it to a table;
 * artifact-codec.ts turns it into compact text and back.
 */
import type { ModelKind, ProgressCallback, Task, TrainedModel } from '../ml/core/model';
import { getColumn, type Column, type ColumnType, type Table } from '../ml/core/table';
export type { DerivedFormula } from '../ml/features/derived-columns';
import { trainingProfile, type TrainingProfile } from '../ml/data/training-profile';
import { derivedNeeded, formulaReads, withDerivedColumns, type DerivedFormula } from '../ml/features/derived-columns';
import { buildLabel, withLabelColumn, type LabelRules } from '../ml/labels/label-rules';
import type { TableFingerprint } from '../ml/data/fingerprint';
import { fitOnRows } from '../ml/models/fit-rows';
import { isModelKind, loadModel, modelInfo, modelKinds } from '../ml/models/registry';
import { transformTable, type ColumnStep, type FittedPipeline, type PipelineOptions } from '../ml/preprocess/pipeline';
import { encodeTarget, positiveClassIndex } from '../ml/preprocess/target';
import type { RunConfigOf } from './run-config';

/** The `format` tag of every model artifact. */
export const artifactFormat = 'customer-intelligence/model';

/** The artifact version this code writes and reads. */
export const artifactVersion = 1;

/** What the model predicts. */
export interface ArtifactTarget {
  /** Column name (for a rule-built label, the name the label column was given). */
  name: string;
  task: Task;
  /** Class labels in class-index order (classification). */
  classes?: string[];
  /** The positive class (binary classification). */
  positive?: string;
  /** The rules the target was built from, when it was built from rules. */
  label?: LabelRules;
}

/** An input column as it was in training. */
export interface ArtifactInput {
  name: string;
  type: ColumnType;
  storage: Column['storage'];
}

/** Identifies the training data (see ml/data/fingerprint.ts). */
export type DataFingerprint = TableFingerprint;

/** Where a saved model came from: the page (or the CLI) and the cross-validation run it was chosen from. */
export interface ArtifactSource {
  page: 'predict' | 'risk' | 'cli';
  /** The cross-validation run whose model was fitted on every row (its settings, seed and data fingerprint). */
  run?: RunConfigOf<'cv'>;
}

/** A trained model with everything needed to score a new file and to check it for drift. */
export interface ModelArtifact {
  format: typeof artifactFormat;
  version: typeof artifactVersion;
  /** ISO 8601 time of training. */
  createdAt: string;
  /** The model's own `toJSON()`. */
  model: ReturnType<TrainedModel['toJSON']>;
  target: ArtifactTarget;
  /** Binary classification: the positive class is predicted when its probability is >= this. */
  threshold?: number;
  /** The columns the pipeline reads, in pipeline order. */
  inputs: ArtifactInput[];
  pipeline: FittedPipeline;
  /** Formulas of the derived columns the inputs need (directly or through other derived columns). */
  derived: DerivedFormula[];
  /** Inputs profiled over the training rows. */
  profile: TrainingProfile;
  /** How it was fitted. */
  training: { rows: number; seed: number; modelOptions: Record<string, unknown>; imbalance: 'none' | 'balanced-weights' | 'smote' };
  data?: DataFingerprint;
  /** Free summaries, e.g. cross-validation metrics. */
  metrics?: Record<string, unknown>;
  /** A name for people (the models list shows it). */
  name?: string;
  source?: ArtifactSource;
}

/** What to train: the CvConfig fields that matter for one final fit, plus what the artifact records. */
export interface TrainSpec {
  /** Target column; with `label`, the name to give the rule-built label column. */
  target: string;
  task: Task;
  model: ModelKind;
  features: string[];
  /** The model's own options. */
  modelOptions?: Record<string, unknown>;
  /** Seed of seeded models and SMOTE (default 0). */
  seed?: number;
  /** Positive class of a binary target (default: the last class in sorted order). */
  positive?: string;
  /** Binary decision threshold on the positive class probability (default 0.5). */
  threshold?: number;
  /** Build the target from these rules first (a 'no'/'yes' column named `target`). */
  label?: LabelRules;
  /** Classification: rebalance the training rows (default 'none'). */
  imbalance?: 'none' | 'balanced-weights' | 'smote';
  /** Feature pipeline options; `scale` defaults to what the model needs. */
  preprocess?: Partial<PipelineOptions>;
  /** Formula columns among the features (or feeding them); computed here when the table lacks them. */
  derived?: DerivedFormula[];
  data?: DataFingerprint;
  metrics?: Record<string, unknown>;
  /** ISO time to record (default now). */
  createdAt?: string;
  name?: string;
  source?: ArtifactSource;
}

/** Defaults of the optional {@link TrainSpec} fields. */
export const defaultTrainSpec = { seed: 0, threshold: 0.5, imbalance: 'none' as const, modelOptions: {}, derived: [] as DerivedFormula[] };

/** An artifact with its model rebuilt, ready to score. */
export interface LoadedArtifact {
  artifact: ModelArtifact;
  model: TrainedModel;
}

/** Predictions for every row of a scored table. */
export interface ScoreResult {
  /** Regression: the value; classification: the model's most probable class index. */
  predictions: Float64Array;
  /** Classification: row-major rows × classes probabilities. */
  proba?: Float64Array;
  classes?: string[];
  /** Binary classification: probability of the positive class per row. */
  positiveProbability?: Float64Array;
  /** Classification: predicted class name per row; binary by the artifact's threshold on the positive class. */
  labels?: string[];
  rows: number;
}

/**
 * Fits `spec.model` on every row of `table` with a target value and packages it as an artifact.
 * @param table the data (derived columns listed in `spec.derived` are computed when absent)
 * @param spec target, task, model, features; seed default 0, threshold default 0.5, imbalance default 'none'
 * @param onProgress progress of the model fit
 */
export async function trainModel(table: Table, spec: TrainSpec, onProgress?: ProgressCallback): Promise<LoadedArtifact> {
  const o = { ...defaultTrainSpec, ...stripUndefined(spec) };
  if (!isModelKind(o.model)) throw new Error(`Unknown model "${String(o.model)}"; use one of: ${modelKinds.join(', ')}`);
  if (o.task !== 'regression' && o.task !== 'classification') throw new Error(`Unknown task "${String(o.task)}"; use regression or classification`);
  if (!modelInfo[o.model].tasks.includes(o.task)) {
    throw new Error(`Model "${o.model}" does not do ${o.task}; it supports: ${modelInfo[o.model].tasks.join(', ')}`);
  }
  if (!(o.threshold >= 0 && o.threshold <= 1)) throw new Error(`The threshold must be between 0 and 1, got ${o.threshold}`);
  if (!o.features.length) throw new Error('Training needs at least one feature');
  let data = withDerivedColumns(table, o.derived, o.features, new Map());
  let target = o.target;
  if (o.label) {
    const built = buildLabel(data, o.label);
    for (const feature of o.features) {
      const read = [feature, ...formulaReads(o.derived, feature)].find((c) => built.columns.includes(c));
      if (read === undefined) continue;
      const via = read === feature ? `"${feature}"` : `"${read}", which "${feature}" is computed from`;
      throw new Error(`The label rules read ${via}, so "${feature}" cannot be a feature: it would predict the label by construction`);
    }
    ({ table: data, name: target } = withLabelColumn(data, built.label, o.target));
  }
  for (const name of o.features) {
    getColumn(data, name);
    if (name === target) throw new Error(`The target "${name}" cannot also be a feature`);
  }
  const encoded = encodeTarget(data, target, o.task);
  const classes = encoded.classes;
  const positiveIndex = classes ? positiveClassIndex(classes, o.positive) : undefined;
  const { model, pipeline } = await fitOnRows(
    data,
    o.features,
    encoded.rows,
    encoded.y,
    { task: o.task, model: o.model, nClasses: classes?.length, seed: o.seed, modelOptions: o.modelOptions, preprocess: o.preprocess, imbalance: o.imbalance },
    onProgress,
  );
  const inputs = pipeline.steps.map((step): ArtifactInput => {
    const column = getColumn(data, step.column);
    return { name: column.name, type: column.type, storage: column.storage };
  });
  const binary = classes?.length === 2;
  const artifact: ModelArtifact = {
    format: artifactFormat,
    version: artifactVersion,
    createdAt: o.createdAt ?? new Date().toISOString(),
    model: model.toJSON(),
    target: {
      name: target,
      task: o.task,
      ...(classes && { classes }),
      ...(binary && { positive: classes[positiveIndex!] }),
      ...(o.label && { label: o.label }),
    },
    ...(binary && { threshold: o.threshold }),
    inputs,
    pipeline,
    derived: derivedNeeded(o.derived, inputs.map((i) => i.name)),
    profile: trainingProfile(data, inputs.map((i) => i.name), encoded.rows),
    training: { rows: encoded.rows.length, seed: o.seed, modelOptions: o.modelOptions, imbalance: o.imbalance },
    ...(o.data && { data: o.data }),
    ...(o.metrics && { metrics: o.metrics }),
    ...(o.name !== undefined && { name: o.name }),
    ...(o.source && { source: o.source }),
  };
  return { artifact, model };
}

/** Rebuilds the artifact's model (loading the model's code on first use); predictions are identical. */
export async function loadArtifact(artifact: ModelArtifact): Promise<LoadedArtifact> {
  return { artifact, model: await loadModel(artifact.model) };
}

/**
 * Rebuilds the artifact's model and scores one row of missing values through the whole pipeline,
 * so a model file whose parts do not fit together (a damaged or hand-edited file) is refused when
 * it is opened rather than when a file is scored. Throws a message saying what is wrong.
 */
export async function checkArtifact(artifact: ModelArtifact): Promise<LoadedArtifact> {
  const loaded = await loadArtifact(artifact);
  const columns = artifact.inputs.map((input): Column =>
    input.storage === 'category'
      ? { name: input.name, type: input.type, role: 'feature', storage: 'category', codes: new Int32Array([-1]), dictionary: [] }
      : { name: input.name, type: input.type, role: 'feature', storage: 'number', values: new Float64Array([NaN]) },
  );
  let result: ScoreResult;
  try {
    result = await score(loaded, { name: 'a row of missing values', rowCount: 1, columns });
  } catch (error) {
    throw new Error(`This model file is damaged: its model does not fit its inputs (${(error as Error).message})`);
  }
  const values = [...result.predictions, ...(result.proba ?? [])];
  if (!values.every(Number.isFinite)) throw new Error('This model file is damaged: its model gives no number for a row');
  return loaded;
}

/** Options of {@link score}. */
export interface ScoreOptions {
  /** Progress in rows scored. */
  onProgress?: ProgressCallback;
  /** Rows transformed and predicted at a time (default 10,000): bounds the memory of the feature matrix. */
  chunkRows: number;
}

/** Defaults of {@link ScoreOptions}. */
export const defaultScoreOptions: ScoreOptions = { chunkRows: 10_000 };

/**
 * Scores every row of `table`: missing derived columns are recomputed from their formulas, missing
 * values imputed and unseen categories mapped as in training (to "Other", or all zeros).
 * Rows go through the model `chunkRows` at a time; every model scores rows independently, so the
 * predictions are the same bits as in one piece.
 * Throws naming the column when an input is missing or has an incompatible type.
 * @param options onProgress (rows scored), chunkRows (default 10,000)
 */
export async function score(source: ModelArtifact | LoadedArtifact, table: Table, options: Partial<ScoreOptions> = {}): Promise<ScoreResult> {
  const { artifact, model } = 'format' in source ? await loadArtifact(source) : source;
  const { onProgress, chunkRows } = { ...defaultScoreOptions, ...options };
  const scored = scoringTable(artifact, table);
  const n = table.rowCount;
  const classes = artifact.target.classes;
  const isClassifier = artifact.target.task === 'classification' && classes !== undefined;
  const predictions = new Float64Array(n);
  let proba: Float64Array | undefined;
  const step = Math.max(1, Math.floor(chunkRows));
  onProgress?.(0, n, 'scoring');
  for (let start = 0; ; start += step) {
    const end = Math.min(n, start + step);
    const rows = n <= step ? undefined : Int32Array.from({ length: end - start }, (_, i) => start + i);
    const X = transformTable(artifact.pipeline, scored, rows);
    predictions.set(model.predict(X), start);
    const p = isClassifier ? model.predictProba?.(X) : undefined;
    if (p) {
      const width = classes?.length ?? 0;
      proba ??= new Float64Array(n * width);
      proba.set(p, start * width);
    }
    onProgress?.(end, n, 'scoring');
    if (end >= n) break;
  }
  const result: ScoreResult = { predictions, rows: n };
  if (!isClassifier) return result;
  result.proba = proba;
  result.classes = classes;
  if (classes.length === 2 && proba) {
    const pos = positiveClassIndex(classes, artifact.target.positive);
    const threshold = artifact.threshold ?? defaultTrainSpec.threshold;
    const p = new Float64Array(n);
    for (let i = 0; i < p.length; i++) p[i] = proba[i * 2 + pos];
    result.positiveProbability = p;
    result.labels = Array.from(p, (v) => (v >= threshold ? classes[pos] : classes[1 - pos]));
  } else {
    result.labels = Array.from(predictions, (c) => classes[c]);
  }
  return result;
}

/**
 * `table` with the model's missing derived columns computed, after checking every input is there
 * with a usable type; throws a message naming the column and the file.
 */
export function scoringTable(artifact: ModelArtifact, table: Table): Table {
  const names = artifact.inputs.map((i) => i.name);
  const types = new Map(artifact.inputs.map((i) => [i.name, i.type]));
  const present = new Set(table.columns.map((c) => c.name));
  const derivedNames = new Set(artifact.derived.map((d) => d.name));
  const missing = names.filter((n) => !present.has(n) && !derivedNames.has(n));
  if (missing.length) {
    const what = missing.length > 1 ? `Columns ${missing.map((n) => `"${n}"`).join(', ')} are` : `Column "${missing[0]}" is`;
    throw new Error(`${what} missing from ${table.name}; the model needs: ${names.join(', ')}`);
  }
  const scored = withDerivedColumns(table, artifact.derived, names, types);
  for (const step of artifact.pipeline.steps) checkColumnFits(step, getColumn(scored, step.column), table.name);
  return scored;
}

/** Throws when `column` cannot feed a pipeline step fitted on a column of another kind. */
function checkColumnFits(step: ColumnStep, column: Column, file: string): void {
  if (step.kind === 'onehot') return;
  const wanted = step.kind === 'date' ? 'a date' : step.kind === 'boolean' ? 'true/false' : 'numeric';
  const isDate = column.type === 'date';
  if (column.storage === 'number' && (step.kind === 'date') === isDate) return;
  const found = column.storage === 'category' ? `${column.type} (text values)` : column.type;
  throw new Error(`Column "${column.name}" is ${found} in ${file}, but the model was trained on it as ${wanted}`);
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
