/**
 * The paired difference of two runs evaluated on the same folds: for each fold the first run's
 * metric minus the second's, then the mean of those differences and its standard error (sample
 * standard deviation over √folds). Pairing removes what the folds share (an easy fold is easy for
 * both models), so a difference several standard errors from zero is larger than fold noise.
 */
import { isHigherBetter, metricLabel, type RunRecord } from './run-record';

/** Mean and standard error of per-fold differences. */
export interface PairedStats {
  /** Folds where both values are finite. */
  n: number;
  /** Mean of a − b. */
  mean: number;
  /** Sample standard deviation of a − b over √n (NaN with fewer than 2 folds). */
  se: number;
}

/** Mean and standard error of a[i] − b[i] over the folds where both are finite. */
export function pairedStats(a: readonly number[], b: readonly number[]): PairedStats {
  const diffs: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (Number.isFinite(a[i]) && Number.isFinite(b[i])) diffs.push(a[i] - b[i]);
  const n = diffs.length;
  if (n === 0) return { n, mean: NaN, se: NaN };
  const mean = diffs.reduce((s, d) => s + d, 0) / n;
  if (n < 2) return { n, mean, se: NaN };
  const variance = diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (n - 1);
  return { n, mean, se: Math.sqrt(variance / n) };
}

/** Two runs' paired difference in one metric, or why there is none. */
export type PairedComparison = ({ ok: true; metric: string } & PairedStats) | { ok: false; reason: string };

/** The paired difference of `a` − `b` in `metric`, when both ran on the same folds and hold its per-fold values. */
export function comparePaired(a: RunRecord, b: RunRecord, metric: string): PairedComparison {
  if (a.kind !== 'cv' || b.kind !== 'cv') return { ok: false, reason: 'only cross-validation runs have folds to pair' };
  if (!a.foldKey || a.foldKey !== b.foldKey) return { ok: false, reason: 'they were not evaluated on the same folds (same data, seed, folds and target)' };
  const va = a.perFold.find((f) => f.key === metric)?.values;
  const vb = b.perFold.find((f) => f.key === metric)?.values;
  if (!va || !vb) return { ok: false, reason: `one of them has no ${metricLabel(metric)} per fold` };
  if (va.length !== vb.length) return { ok: false, reason: 'they have different numbers of folds' };
  const stats = pairedStats(va, vb);
  if (stats.n < 2) return { ok: false, reason: `fewer than two folds have a ${metricLabel(metric)} in both` };
  return { ok: true, metric, ...stats };
}

/** A metric difference to about two significant digits ("0.012", "3.41", "120"). */
export function formatAmount(value: number): string {
  const v = Math.abs(value);
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toPrecision(3);
  return v.toPrecision(2);
}

/** A count of standard errors in words ("about 2 standard errors", "about 0.6 standard errors"). */
function standardErrors(ratio: number): string {
  const shown = ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1).replace(/\.0$/, '');
  return `about ${shown} standard error${shown === '1' ? '' : 's'}`;
}

/**
 * The comparison in words: "Random forest beats Ridge regression by 0.012 R², about 2 standard
 * errors (paired over 5 folds)". Lower-is-better metrics (RMSE, MAE) count a smaller value as the win.
 */
export function describePaired(comparison: Extract<PairedComparison, { ok: true }>, labelA: string, labelB: string): string {
  const { metric, mean, se, n } = comparison;
  const name = metricLabel(metric);
  const over = `paired over ${n} folds`;
  if (mean === 0) return `${labelA} and ${labelB} score the same ${name} (${over}).`;
  const aWins = isHigherBetter(metric) ? mean > 0 : mean < 0;
  const [winner, loser] = aWins ? [labelA, labelB] : [labelB, labelA];
  const lead = `${winner} beats ${loser} by ${formatAmount(mean)} ${name}`;
  if (se === 0) return `${lead} in every one of the ${n} folds by the same amount (${over}).`;
  const ratio = Math.abs(mean) / se;
  const verdict = ratio < 2 ? ': within fold noise' : '';
  return `${lead}, ${standardErrors(ratio)} (${over})${verdict}.`;
}
