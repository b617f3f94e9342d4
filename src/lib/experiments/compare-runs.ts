/**
 * What the comparison of several runs shows besides their settings: a name for each run, the
 * metrics any of them has, the best run by a chosen metric, and each run's paired difference
 * against the best cross-validation where they share folds.
 */
import { isModelKind, modelInfo } from '../ml/models/registry';
import { comparePaired, describePaired } from './paired-difference';
import { isHigherBetter, metricLabel, type RunRecord } from './run-record';

/** The name of a run's model ("Random forest", "K-Means"). */
export function modelLabel(model: string): string {
  if (model === 'kmeans') return 'K-Means';
  return isModelKind(model) ? modelInfo[model].label : model;
}

/** Letters naming compared runs: A, B, …, Z, AA, AB, … */
export function runLetter(index: number): string {
  let text = '';
  let i = index;
  do {
    text = String.fromCharCode(65 + (i % 26)) + text;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return text;
}

/**
 * A name for each compared run: its model ("Random forest"; a search is "Random forest search"),
 * with the run's letter added where two runs would share a name ("Random forest (B)").
 */
export function runLabels(records: readonly RunRecord[]): string[] {
  const base = records.map((r) => `${modelLabel(r.model)}${r.kind === 'tune' ? ' search' : ''}`);
  const counts = new Map<string, number>();
  for (const b of base) counts.set(b, (counts.get(b) ?? 0) + 1);
  return base.map((b, i) => ((counts.get(b) ?? 0) > 1 ? `${b} (${runLetter(i)})` : b));
}

/** Every metric any of the runs has, in first-seen order. */
export function metricKeys(records: readonly RunRecord[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of records) for (const m of r.metrics) if (!seen.has(m.key)) (seen.add(m.key), keys.push(m.key));
  return keys;
}

/** The index of the best run by `metric` (highest, or lowest for errors); ties go to the first; -1 when none has it. */
export function bestRunIndex(records: readonly RunRecord[], metric: string): number {
  const higher = isHigherBetter(metric);
  let best = -1;
  let bestValue = NaN;
  records.forEach((r, i) => {
    const v = r.metrics.find((m) => m.key === metric)?.mean;
    if (v === undefined || !Number.isFinite(v)) return;
    if (best < 0 || (higher ? v > bestValue : v < bestValue)) ((best = i), (bestValue = v));
  });
  return best;
}

/** A paired comparison of one run with the best, in words, or why there is none. */
export interface PairedLine {
  /** The run compared with the best (its index among the compared runs). */
  index: number;
  best: number;
  text: string;
  /** Difference (best − this run) and its standard error, when the runs share folds. */
  mean?: number;
  se?: number;
}

/**
 * Each run against the best run by `metric` among those with per-fold values of it (a
 * cross-validation): its paired difference over shared folds in words, or why it has none.
 */
export function pairedAgainstBest(records: readonly RunRecord[], metric: string): PairedLine[] {
  const hasFolds = (r: RunRecord) => r.perFold.some((f) => f.key === metric && f.values.length > 0);
  const withFolds = records.map((r, i) => ({ r, i })).filter(({ r }) => hasFolds(r));
  const inner = bestRunIndex(withFolds.map(({ r }) => r), metric);
  if (inner < 0) return [];
  const best = withFolds[inner].i;
  const labels = runLabels(records);
  return records.flatMap((r, i) => {
    if (i === best) return [];
    if (!hasFolds(r)) return [{ index: i, best, text: `${labels[i]}: no ${metricLabel(metric)} per fold to pair (${r.kind === 'cv' ? 'the run was stopped before it finished' : r.kind === 'tune' ? 'a search keeps its trials, not folds' : r.kind === 'simulate' ? 'a simulation has months, not folds' : 'a sweep has no folds'}).` }];
    const c = comparePaired(records[best], r, metric);
    if (!c.ok) return [{ index: i, best, text: `${labels[best]} and ${labels[i]}: no paired difference, because ${c.reason}.` }];
    return [{ index: i, best, text: describePaired(c, labels[best], labels[i]), mean: c.mean, se: c.se }];
  });
}
