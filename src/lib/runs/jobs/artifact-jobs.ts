/** Job kinds that make and use model artifacts: train a model on every row, score a table or a whole CSV file with one. */
import type { ProgressCallback } from '../../ml/core/model';
import type { Table } from '../../ml/core/table';
import { treeShap } from '../../ml/evaluation/explain/treeshap';
import { modelTrees, type ModelTrees } from '../../ml/evaluation/explain/model-trees';
import { transformTable } from '../../ml/preprocess/pipeline';
import { checkArtifact, loadArtifact, score, scoringTable, trainModel, type ArtifactSource, type LoadedArtifact, type ModelArtifact, type ScoreResult, type TrainSpec } from '../artifact';
import { scoreFile, type ScoredFile } from '../artifact-file';
import { decodeModelFile, isSegmentArtifact, segmentArtifact, type AnyArtifact, type SegmentsSpec } from '../artifact-segments';
import type { SegmentationConfig } from '../../ml/segments/segmentation';
import { modelFileOf, type ModelFile } from '../artifact-summary';
import { defineJob } from '../job-spec';
import type { CvJobConfig } from './model-jobs';

/** What to train: a cross-validation config's model, features and label, fitted once on every row. */
export type TrainJobConfig = Pick<CvJobConfig, 'target' | 'task' | 'model' | 'features' | 'modelOptions' | 'positive' | 'label' | 'imbalance' | 'preprocess'> & {
  features: string[];
  /** Binary decision threshold (default 0.5). */
  threshold?: number;
  derived?: TrainSpec['derived'];
  metrics?: Record<string, unknown>;
  data?: TrainSpec['data'];
  name?: string;
  source?: ArtifactSource;
  /** ISO time to record (default now). */
  createdAt?: string;
};

/** Fits the model of `config` on every row of `table` with a target. */
async function trainOnAll(table: Table, config: TrainJobConfig, seed: number, onProgress: ProgressCallback | undefined): Promise<ModelArtifact> {
  const { label, ...rest } = config;
  const spec: TrainSpec = { ...rest, seed };
  if (label?.source === 'rules') Object.assign(spec, { target: label.name ?? config.target, label: { rules: label.rules, combine: label.combine }, positive: 'yes' });
  else if (label?.source === 'column') Object.assign(spec, { target: label.column, positive: config.positive ?? label.positive });
  return (await trainModel(table, spec, onProgress)).artifact;
}

/** 'train': fits the model on every row with a target and returns it as a ModelArtifact. */
export const trainJob = defineJob({
  title: 'train a model',
  input: 'table',
  runsOn: 'worker',
  run: (table: Table, config: TrainJobConfig, ctx): Promise<ModelArtifact> => trainOnAll(table, config, ctx.seed, ctx.onProgress),
});

/**
 * 'model-file': 'train', returning the model file's text and list entry instead of the artifact, so
 * a big model (a forest of deep trees) is encoded in the worker and the page only ever holds text.
 */
export const modelFileJob = defineJob({
  title: 'train a model and write its file',
  input: 'table',
  runsOn: 'worker',
  run: async (table: Table, config: TrainJobConfig, ctx): Promise<ModelFile> => modelFileOf(await trainOnAll(table, config, ctx.seed, ctx.onProgress)),
});

/**
 * 'check-model': reads an uploaded model file and checks it all the way (a model file of this
 * version whose model loads, so it predicts here exactly as where it was made, or a segmentation
 * whose parts fit together); returns it re-encoded (the same file gives the same text and id) with its list entry.
 */
export const checkModelJob = defineJob({
  title: 'check a model file',
  input: 'file',
  runsOn: 'worker',
  async run(file: Blob, _config: { name: string }): Promise<ModelFile> {
    const artifact = decodeModelFile(await file.text());
    if (!isSegmentArtifact(artifact)) await checkArtifact(artifact);
    return modelFileOf(artifact);
  },
});

/** A segmentation to save: the 'segment' run's settings (its seed is this run's), the k shown, its persona names; each row's segment is the resource `assignment`. */
export interface SegmentsFileConfig {
  segment: Omit<SegmentationConfig, 'seed'>;
  k: number;
  /** Resource id of the segment of each table row (an Int32Array, −1 for rows left out). */
  assignment: string;
  personas: string[];
  name?: string;
  /** ISO time to record (default now). */
  createdAt?: string;
  data?: SegmentsSpec['data'];
}

/** 'segments-file': a segmentation as a model file (centres, scaling, category encodings, persona names) that assigns new customers. */
export const segmentsFileJob = defineJob({
  title: 'write a segmentation file',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: SegmentsFileConfig, ctx): Promise<ModelFile> {
    const { segment, assignment, ...spec } = config;
    return modelFileOf(segmentArtifact(table, { ...spec, config: { ...segment, seed: ctx.seed }, segmentOfRow: ctx.resource<Int32Array>(assignment) }));
  },
  resources: (config) => [config.assignment],
});

/** One input column's share of one row's prediction. */
export interface Contribution {
  column: string;
  value: number;
}

/** A prediction and why: expected value + Σ contributions = value (the explained output). */
export interface Explanation {
  value: number;
  expected: number;
  /** Per input column (one-hot levels summed), largest |value| first. */
  contributions: Contribution[];
}

/** Scores of a table, with the explanation of each row when asked for. */
export type ScoreJobResult = ScoreResult & { explanations?: Explanation[] };

/** Rows explained at most per 'score' job (TreeSHAP costs O(leaves · depth²) per tree and row). */
export const maxExplainedRows = 1000;

const loaded = new WeakMap<ModelArtifact, Promise<LoadedArtifact & { trees: ModelTrees | null }>>();

/** The artifact's model, rebuilt once per artifact object (a worker keeps its resources). */
function loadedOf(artifact: ModelArtifact): Promise<LoadedArtifact & { trees: ModelTrees | null }> {
  let entry = loaded.get(artifact);
  if (!entry) {
    entry = loadArtifact(artifact).then((l) => ({ ...l, trees: modelTrees(l.model) }));
    loaded.set(artifact, entry);
  }
  return entry;
}

/** Exact TreeSHAP of every row of `table` (tree models): the explained output is the positive class's probability, or the prediction. */
function explainRows(model: LoadedArtifact & { trees: ModelTrees | null }, table: Table, result: ScoreResult): Explanation[] {
  const { artifact, trees } = model;
  if (!trees) throw new Error(`Explanations need a random forest or gradient boosting model, not "${artifact.model.kind}"`);
  if (table.rowCount > maxExplainedRows) throw new Error(`Explaining ${table.rowCount} rows at once is too slow; explain at most ${maxExplainedRows}`);
  const X = transformTable(artifact.pipeline, scoringTable(artifact, table));
  const shap = treeShap(trees.trees, X, trees.options);
  const classes = artifact.target.classes;
  const k = classes && classes.length === 2 ? classes.indexOf(artifact.target.positive ?? classes[1]) : 0;
  const K = shap.nOutputs;
  const columns = artifact.pipeline.featureColumns;
  return Array.from({ length: table.rowCount }, (_, r) => {
    const byColumn = new Map<string, number>();
    for (let j = 0; j < shap.cols; j++) byColumn.set(columns[j], (byColumn.get(columns[j]) ?? 0) + shap.values[(r * shap.cols + j) * K + k]);
    const value = result.proba ? result.proba[r * (classes?.length ?? 1) + k] : result.predictions[r];
    const contributions = [...byColumn].map(([column, v]) => ({ column, value: v })).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
    return { value, expected: shap.expectedValue[k], contributions };
  });
}

/** 'score': predictions for every row of a table with a saved model (a resource), optionally explained. */
export const scoreJob = defineJob({
  title: 'score a table',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: { model: string; explain?: boolean }, ctx): Promise<ScoreJobResult> {
    const model = await loadedOf(ctx.resource<ModelArtifact>(config.model));
    const result = await score(model, table);
    return config.explain ? { ...result, explanations: explainRows(model, table, result) } : result;
  },
  resources: (config) => [config.model],
});

/**
 * 'score-file': reads a CSV file, scores every row with a saved model (a resource: the artifact, or
 * the model file's text, decoded here rather than on the page) and writes it back out with the model's columns.
 */
export const scoreFileJob = defineJob({
  title: 'score a file',
  input: 'file',
  runsOn: 'worker',
  async run(file: Blob, config: { model: string; name: string }, ctx): Promise<ScoredFile> {
    const resource = ctx.resource<AnyArtifact | string>(config.model);
    const artifact = typeof resource === 'string' ? decodeModelFile(resource) : resource;
    const model = isSegmentArtifact(artifact) ? artifact : typeof resource === 'string' ? await loadArtifact(artifact) : await loadedOf(artifact);
    return scoreFile(model, new Uint8Array(await file.arrayBuffer()), config.name, { onProgress: ctx.onProgress });
  },
  resources: (config) => [config.model],
});
