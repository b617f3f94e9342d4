/**
 * The report's sources made from the pages' latest runs: a cross-validation's out-of-fold rows become
 * one number per customer (each customer scored by the models of the folds that did not train on
 * them), with the run's settings as provenance; an explanation becomes the top drivers; a
 * segmentation the segment table's inputs.
 */
import { describeLabel } from '../experiments/build-record';
import type { CvResult } from '../ml/evaluation/cv/cross-validate';
import type { ModelExplanation } from '../ml/evaluation/explain/explain-fold';
import { modelInfo } from '../ml/models/registry';
import type { SegmentationResult } from '../ml/segments/segmentation';
import type { Collinearity } from '../ml/stats/collinearity';
import { runConfigToHash, type RunConfigOf } from '../runs/run-config';
import type { DriverSource, Provenance, RiskSource, SegmentSource, SpendSource } from './types';

/** Drivers listed. */
export const maxDrivers = 10;

/**
 * One value per table row from a run's out-of-fold rows: the positive class's probability
 * (classification; the 0/1 prediction when the model gives none) or the prediction (regression),
 * averaged over repeats; NaN for rows never tested (held-out test set, missing target).
 */
export function oofPerRow(result: CvResult, rowCount: number): { value: Float64Array; actual: Float64Array } {
  const { rows, yTrue, predictions, proba } = result.oof;
  const K = result.classes?.length ?? 0;
  const pos = K ? Math.max(0, result.positive !== undefined ? result.classes!.indexOf(result.positive) : 1) : 0;
  const sum = new Float64Array(rowCount);
  const count = new Float64Array(rowCount);
  const actual = new Float64Array(rowCount).fill(NaN);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row < 0 || row >= rowCount) continue;
    sum[row] += K ? (proba ? proba[i * K + pos] : predictions[i] === pos ? 1 : 0) : predictions[i];
    count[row]++;
    actual[row] = K ? (yTrue[i] === pos ? 1 : 0) : yTrue[i];
  }
  for (let row = 0; row < rowCount; row++) sum[row] = count[row] ? sum[row] / count[row] : NaN;
  return { value: sum, actual };
}

/** The provenance of a cross-validation run. */
export function cvProvenance(run: RunConfigOf<'cv'>, result: CvResult, page: 'risk' | 'predict', what: string): Provenance {
  const c = run.config;
  const label = modelInfo[result.model].label;
  return {
    summary: `${label}, ${result.folds}-fold cross-validation (seed ${run.seed}) on the ${page === 'risk' ? 'Risk' : 'Predict'} page: ${what} — each customer scored by the folds' models that were not trained on them`,
    details: [
      ['Model', label],
      ['Target', c.label ? describeLabel(c.label) : result.target],
      ...(result.positive !== undefined ? ([['Positive class', result.positive]] as [string, string][]) : []),
      ['Features', result.features.join(', ')],
      ['Splitter', result.splitter],
      ['Seed', String(run.seed)],
      ...(c.testShare ? ([['Held-out test set', `${Math.round(c.testShare * 100)} % of the rows (not scored here)`]] as [string, string][]) : []),
      ...(c.imbalance && c.imbalance !== 'none' ? ([['Class imbalance', c.imbalance]] as [string, string][]) : []),
      ...(c.modelOptions && Object.keys(c.modelOptions).length ? ([['Model options', JSON.stringify(c.modelOptions)]] as [string, string][]) : []),
      ['Data', run.data ? `${run.data.name}, ${run.data.rows} rows × ${run.data.cols} columns (hash ${run.data.hash.slice(0, 12)})` : 'not recorded'],
      ['Run history', 'recorded on the Experiments page'],
    ],
    link: `#/${page}?${runConfigToHash(run)}`,
  };
}

function means(result: CvResult): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const [k, v] of Object.entries(result.metrics)) out[k] = v.mean;
  return out;
}

/** The risk source of a binary classification run. */
export function riskSourceOf(run: RunConfigOf<'cv'>, result: CvResult, rowCount: number): RiskSource {
  const { value, actual } = oofPerRow(result, rowCount);
  return {
    model: modelInfo[result.model].label,
    target: result.target,
    positive: result.positive ?? result.classes?.[1] ?? '1',
    scores: value,
    actual,
    cvMetrics: means(result),
    excluded: result.excluded,
    duplicates: result.duplicates,
    provenance: cvProvenance(run, result, 'risk', 'out-of-fold probabilities'),
  };
}

/** The spend source of a regression run. */
export function spendSourceOf(run: RunConfigOf<'cv'>, result: CvResult, rowCount: number): SpendSource {
  return {
    model: modelInfo[result.model].label,
    target: result.target,
    predictions: oofPerRow(result, rowCount).value,
    cvMetrics: means(result),
    excluded: result.excluded,
    provenance: cvProvenance(run, result, 'predict', 'out-of-fold predictions'),
  };
}

/** The collinearity caveat among `features`, in words ('' when none applies). */
export function collinearityCaveat(collinearity: Collinearity, features: readonly string[]): string {
  const listed = new Set(features);
  const pairs = collinearity.pairs.filter((p) => listed.has(p.a) || listed.has(p.b));
  const vifs = collinearity.highVif.filter((v) => listed.has(v.name));
  if (!pairs.length && !vifs.length) return '';
  const parts = [
    ...pairs.map((p) => `${p.a} and ${p.b} (r = ${p.r.toFixed(2)})`),
    ...vifs.filter((v) => !pairs.some((p) => p.a === v.name || p.b === v.name)).map((v) => `${v.name} (VIF ${v.vif.toFixed(1)})`),
  ];
  return `Collinear features: ${parts.join(', ')}. Correlated features share their importance, so each of them may look less important than the information it carries; read them together.`;
}

/** The top drivers: mean |SHAP| when the explanation has it, else permutation importance; else the run's own importances or weights. */
export function driverSourceOf(run: RunConfigOf<'cv'>, result: CvResult, explanation: ModelExplanation | null, collinearity: Collinearity): DriverSource | undefined {
  let measure: string;
  let items: { feature: string; value: number }[];
  if (explanation?.shap) {
    const shap = explanation.shap;
    measure = `Mean |SHAP value| on out-of-fold rows (${explanation.output})`;
    items = shap.features.map((feature, i) => ({ feature, value: shap.meanAbs[i] }));
  } else if (explanation?.permutation.length) {
    measure = `Permutation importance: mean drop in ${explanation.metric} when the feature is shuffled (out-of-fold rows)`;
    items = explanation.permutation.map((p) => ({ feature: p.feature, value: p.mean }));
  } else if (result.coefficients?.length) {
    measure = 'Absolute standardised weight on the log-odds (mean over folds); run the explanation for permutation importance';
    items = result.coefficients.map((c) => ({ feature: c.feature, value: Math.abs(c.mean) }));
  } else if (result.importances?.length) {
    const trees = result.model === 'rf' || result.model === 'gbm';
    measure = `${trees ? 'Impurity decrease in the training folds' : 'The model’s own feature importance'} (mean over folds); run the explanation for SHAP values`;
    items = result.importances.map((p) => ({ feature: p.feature, value: p.mean }));
  } else return undefined;
  items = items.filter((i) => Number.isFinite(i.value)).sort((a, b) => b.value - a.value).slice(0, maxDrivers);
  const base = cvProvenance(run, result, 'risk', 'the model’s explanation');
  return {
    measure,
    items,
    caveat: collinearityCaveat(collinearity, items.map((i) => i.feature)),
    provenance: { ...base, summary: `${measure}; ${base.summary}` },
  };
}

/** The segment source of the Segments page's result, with the persona names as edited. */
export function segmentSourceOf(run: { seed: number; config: Omit<SegmentationResult['config'], 'seed'> } | null, result: SegmentationResult, names: readonly string[]): SegmentSource {
  const p = result.profile;
  const clustered = p.features.map((f, i) => ({ f, i })).filter(({ f }) => p.clustered.includes(f));
  const d = p.features.length;
  const picked = clustered.length ? clustered : p.features.map((f, i) => ({ f, i }));
  const means = new Float64Array(result.k * picked.length);
  for (let s = 0; s < result.k; s++) picked.forEach(({ i }, j) => (means[s * picked.length + j] = p.mean[s * d + i]));
  const config = result.config;
  return {
    k: result.k,
    segmentOfRow: result.segmentOfRow,
    names: result.personas.map((persona, s) => names[s] || persona.name),
    actions: result.personas.map((persona) => persona.action),
    features: picked.map(({ f }) => f),
    means,
    overallMeans: Float64Array.from(picked, ({ i }) => p.overallMean[i]),
    provenance: {
      summary: `K-Means with k = ${result.k} (the suggested k of ${config.kMin}–${config.kMax} by silhouette, or the one picked), seed ${run?.seed ?? config.seed}, on the Segments page`,
      details: [
        ['Features', config.features.join(', ')],
        ['Scaling', config.scale],
        ['Restarts', String(config.nInit)],
        ['Seed', String(run?.seed ?? config.seed)],
        ['Suggested k', String(result.bestK)],
        ['Rows left out (missing values)', String(result.dropped)],
      ],
    },
  };
}
