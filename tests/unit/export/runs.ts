/**
 * The runs the export tests reproduce, each as the app's page makes it on the example data:
 * Predict's random forest on purchase_amount, Risk's logistic regression on the default rule label,
 * and Segments' K-Means on the suggested features at the k the app suggests.
 */
import type { Table } from '../../../src/lib/ml/core/table';
import { applyLabel, type LabelSpec } from '../../../src/lib/ml/labels/label';
import { chooseFeatures } from '../../../src/lib/ml/leakage/feature-choice';
import { defaultSegmentFeatures } from '../../../src/lib/ml/segments/default-features';
import { defaultSegmentationConfig, type SegmentationConfig } from '../../../src/lib/ml/segments/segmentation';
import { runJob } from '../../../src/lib/runs/local';
import { makeRunConfig, type RunConfigOf } from '../../../src/lib/runs/run-config';

/** Predict's default: a random forest of purchase_amount on the chooser's features, 5 folds, seed 0. */
export function predictRun(table: Table, model: 'rf' | 'linear' = 'rf'): RunConfigOf<'cv'> {
  const selection = chooseFeatures(table, { target: 'purchase_amount', detectFileLeaks: true });
  return makeRunConfig('cv', { target: 'purchase_amount', task: 'regression', model, folds: 5, features: selection.features, exclusions: selection.exclusions }, { seed: 0 });
}

/** Risk's default: logistic regression of the rule label loyalty_score < 5, its input never a feature. */
export function riskRun(table: Table): RunConfigOf<'cv'> {
  const label: LabelSpec = { source: 'rules', rules: [{ column: 'loyalty_score', operator: '<', value: 5 }], combine: 'and' };
  const applied = applyLabel(table, label);
  const selection = chooseFeatures(applied.table, { target: applied.target, labelReads: applied.reads });
  return makeRunConfig('cv', { target: applied.target, task: 'classification', model: 'logistic', folds: 5, features: selection.features, label }, { seed: 0 });
}

/** The mean over folds of each metric of a cv run. */
export async function cvMeans(table: Table, run: RunConfigOf<'cv'>): Promise<Record<string, number>> {
  const result = await runJob(run, table);
  return Object.fromEntries(Object.entries(result.metrics).map(([name, m]) => [name, m.mean]));
}

/** Segments' default run on the suggested features (or `changes`), and the k it shows with its scores. */
export async function segmentRun(table: Table, changes: Partial<SegmentationConfig> = {}): Promise<{ config: SegmentationConfig; k: number; silhouette: number; inertia: number }> {
  const config: SegmentationConfig = { ...defaultSegmentationConfig, features: defaultSegmentFeatures(table).features, seed: 0, ...changes };
  const { seed, ...job } = config;
  const result = await runJob(makeRunConfig('segment', job, { seed }), table);
  const shown = result.sweep.find((s) => s.k === result.k);
  if (!shown) throw new Error('The segmentation shows no k of its sweep');
  return { config, k: result.k, silhouette: shown.silhouette, inertia: shown.inertia };
}
