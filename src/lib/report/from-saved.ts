/**
 * The report's sources made from a saved model's scores of the current table. A saved model was
 * fitted on every row of its training file, so customers it was trained on are scored in-sample
 * (optimistic); the provenance says so, and the model's own cross-validation metrics stand beside it.
 */
import type { SavedModelInfo } from '../runs/artifact-summary';
import type { ScoreResult } from '../runs/artifact';
import type { Provenance, RiskSource, SpendSource } from './types';

function provenanceOf(info: SavedModelInfo, what: string): Provenance {
  const cv = info.cv.filter((m) => Number.isFinite(m.mean)).map((m) => `${m.metric} ${m.mean.toFixed(3)} ± ${m.std.toFixed(3)}`);
  return {
    summary: `Saved model “${info.name}” (${info.model}), fitted on all ${info.rows} rows of its training file: ${what}. Customers it was trained on are scored in-sample, so their numbers are optimistic.`,
    details: [
      ['Model', `${info.name} (${info.model})`],
      ['Target', info.positive !== undefined ? `${info.target} = ${info.positive}` : info.target],
      ['Trained', `${info.createdAt} on ${info.rows} rows`],
      ['Inputs', info.inputs.join(', ')],
      ...(cv.length ? ([['Cross-validation when saved', cv.join('; ')]] as [string, string][]) : []),
      ['Where', 'the saved models on the Experiments page'],
    ],
    link: '#/experiments',
  };
}

function cvMeans(info: SavedModelInfo): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const m of info.cv) out[m.metric] = m.mean;
  return out;
}

/** The risk source of a saved binary classifier's scores (actual labels unknown: precision and recall are its cross-validation's). */
export function riskSourceOfSaved(info: SavedModelInfo, result: ScoreResult): RiskSource {
  const scores = result.positiveProbability;
  if (!scores || info.positive === undefined) throw new Error(`The saved model “${info.name}” does not give a yes/no probability`);
  return {
    model: `${info.name} (saved)`,
    target: info.target,
    positive: info.positive,
    scores,
    actual: new Float64Array(scores.length).fill(NaN),
    cvMetrics: cvMeans(info),
    excluded: [],
    provenance: provenanceOf(info, 'the probability of each customer of the current file'),
  };
}

/** The spend source of a saved regression model's predictions. */
export function spendSourceOfSaved(info: SavedModelInfo, result: ScoreResult): SpendSource {
  return {
    model: `${info.name} (saved)`,
    target: info.target,
    predictions: result.predictions,
    cvMetrics: cvMeans(info),
    excluded: [],
    provenance: provenanceOf(info, 'the prediction of each customer of the current file'),
  };
}
